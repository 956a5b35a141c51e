#!/usr/bin/env python3
"""Verify an audit export of a dossier's history without the application (X4).

Usage: python3 verify_export.py export.json   (exit 0: the chain holds; 1: it does not)

Only the Python standard library is used, so an inspector can read every line of it.
The procedure is the one written in docs/audit-export.md.
"""

import hashlib
import json
import sys

HASHED_FIELDS = ("dossier_id", "seq", "at", "actor", "type", "task", "data", "model_version")


def canonical_json(value) -> str:
    """Keys sorted, no spaces, UTF-8 characters kept as they are."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(prev_hash: str, event: dict) -> str:
    content = {name: event[name] for name in HASHED_FIELDS}
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


def verify(export: dict) -> list[str]:
    """Every problem found; an empty list means the whole chain holds."""
    chain, problems = export["chain"], []
    prev_hash = chain["genesis"]
    for expected_seq, event in enumerate(export["events"], start=1):
        where = f"event {expected_seq}"
        if event["seq"] != expected_seq:
            problems.append(f"{where}: sequence gap or reordering (seq {event['seq']})")
        if event["prev_hash"] != prev_hash:
            problems.append(f"{where}: previous-hash link broken")
        if event_hash(prev_hash, event) != event["hash"]:
            problems.append(f"{where}: content does not match its hash")
        prev_hash = event["hash"]
    if len(export["events"]) != chain["length"] or prev_hash != chain["head"]:
        problems.append("the chain's length or head differs: events missing at the end")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        export = json.load(handle)
    problems = verify(export)
    for problem in problems:
        print(problem)
    events = len(export["events"])
    print(
        ("OK: " if not problems else "FAILED: ")
        + f"{events} events, head {export['chain']['head']}"
    )
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
