"""The tamper-evident chain of a dossier's history (X4): hashing and verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


def canonical_json(value) -> str:
    """One byte-exact JSON form of a value, so the same content always hashes the same."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def format_time(at: datetime) -> str:
    """Times are hashed as naive UTC with microseconds, the way both databases store them."""
    return at.replace(tzinfo=None).isoformat(timespec="microseconds")


def event_content(event: Mapping) -> dict:
    """The fields of an event that its hash covers."""
    return {
        "dossier_id": event["dossier_id"],
        "seq": event["seq"],
        "at": format_time(event["at"]),
        "actor": event["actor"],
        "type": event["type"],
        "task": event["task"],
        "data": event["data"],
        "model_version": event["model_version"],
    }


def event_hash(prev_hash: str, event: Mapping) -> str:
    """SHA-256 over the previous hash and this event's canonical content."""
    payload = prev_hash + canonical_json(event_content(event))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain stops holding, and why."""

    seq: int
    reason: str


def find_chain_break(
    events: Iterable[Mapping], expected_length: int, expected_head: str
) -> ChainBreak | None:
    """Return the first event that was edited, removed, inserted or moved, else None."""
    prev_hash, count = GENESIS_HASH, 0
    for expected_seq, event in enumerate(events, start=1):
        count = expected_seq
        if event["seq"] != expected_seq:
            return ChainBreak(expected_seq, "sequence gap or reordering")
        if event["prev_hash"] != prev_hash:
            return ChainBreak(expected_seq, "previous-hash link broken")
        if event_hash(prev_hash, event) != event["hash"]:
            return ChainBreak(expected_seq, "content does not match its hash")
        prev_hash = event["hash"]
    if count != expected_length or prev_hash != expected_head:
        return ChainBreak(count + 1, "events missing at the end of the chain")
    return None
