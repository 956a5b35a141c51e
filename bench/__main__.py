"""Run the benchmarks (all, or those named) and write docs/benchmarks.md.

Each section is stored between `<!-- bench:NAME -->` markers, so running a few benchmarks
keeps the other sections from their last run.
"""

from __future__ import annotations

import platform
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import (
    audit_verify,
    capped_approvals,
    decisions,
    inbox,
    reports_summary,
    script_budget,
    selection,
    storage,
    task_completion,
)

BENCHMARKS = {
    "reports_summary": reports_summary,
    "task_completion": task_completion,
    "capped_approvals": capped_approvals,
    "inbox": inbox,
    "audit_verify": audit_verify,
    "script_budget": script_budget,
    "selection": selection,
    "storage": storage,  # issue 15: bytes per finished dossier, SQLite and PostgreSQL
    "decisions": decisions,  # K1-K2: a Quyết định and its list for 500
}
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
_MARKER = re.compile(r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->\n?", re.DOTALL)


def _previous_sections() -> dict[str, str]:
    if not OUTPUT.exists():
        return {}
    return dict(_MARKER.findall(OUTPUT.read_text(encoding="utf-8")))


def _wrapped(name: str, section: str) -> str:
    return f"<!-- bench:{name} -->\n{section.rstrip()}\n<!-- /bench:{name} -->\n"


def main(names: list[str]) -> None:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"Unknown benchmark(s): {', '.join(unknown)}; known: {list(BENCHMARKS)}")
    chosen = names or list(BENCHMARKS)
    sections = _previous_sections()
    for name in chosen:
        sections[name] = BENCHMARKS[name].run()
    header = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench [name ...]`; a run of some names keeps the "
        f"other sections). Last run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on "
        f"{platform.node() or 'this machine'}: Python {platform.python_version()}, "
        f"{platform.machine()}, 2 cores.",
        "",
    ]
    # Sections written by other commands (`python -m bench.against REV`) are kept after ours.
    order = [*BENCHMARKS, *(name for name in sections if name not in BENCHMARKS)]
    body = [_wrapped(name, sections[name]) for name in order if name in sections]
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text("\n".join(header + body), encoding="utf-8")
    print(OUTPUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
