"""The history's hash chain (domain/history.py): any edit, removal or move is found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from workflow_app.domain.history import (
    GENESIS_HASH,
    canonical_json,
    event_hash,
    find_chain_break,
    format_time,
)

pytestmark = pytest.mark.rule("X4")

START = datetime(2025, 5, 5, 8, 0, 0, 123456)


def chain(count: int = 3) -> list[dict]:
    """`count` events of one dossier, each linked to the one before."""
    events, prev = [], GENESIS_HASH
    for seq in range(1, count + 1):
        event = {
            "dossier_id": 7,
            "seq": seq,
            "at": START + timedelta(minutes=seq),
            "actor": "hcm-sgd",
            "type": "task_completed",
            "task": f"step_{seq}",
            "data": {"decision": "approve", "reason": "Đủ điều kiện"},
            "model_version": 1,
        }
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(prev, event)
        events.append(event)
    return events


def verify(events: list[dict], length: int = 3, head: str | None = None):
    return find_chain_break(events, length, head or chain()[-1]["hash"])


def test_an_untouched_history_verifies():
    """Does a history nobody touched verify from the first event to the stored head?"""
    assert verify(chain()) is None


def test_an_empty_history_verifies_against_the_genesis():
    """Does a dossier without events verify when nothing is expected?"""
    assert find_chain_break([], 0, GENESIS_HASH) is None


def test_an_edited_reason_is_found_at_its_event():
    """If someone edits the reason of event 2, is event 2 named?"""
    events = chain()
    events[1]["data"] = {"decision": "approve", "reason": "Sửa lại"}
    found = verify(events)
    assert (found.seq, found.reason) == (2, "content does not match its hash")


def test_an_edit_with_recomputed_hash_breaks_the_next_link():
    """If the forger also recomputes event 2's hash, does event 3's link give it away?"""
    events = chain()
    events[1]["actor"] = "forger"
    events[1]["hash"] = event_hash(events[0]["hash"], events[1])
    found = verify(events)
    assert (found.seq, found.reason) == (3, "previous-hash link broken")


def test_a_removed_event_is_a_gap_in_the_sequence():
    """Is a deleted middle event found where it was?"""
    events = chain()
    del events[1]
    assert verify(events).seq == 2


def test_swapped_events_are_found_at_the_first():
    """Are two events swapped found at the first of them?"""
    events = chain()
    events[0], events[1] = events[1], events[0]
    assert verify(events).seq == 1


def test_a_removed_last_event_is_missing_at_the_end():
    """Is a deleted last event found, though what remains links up?"""
    found = verify(chain()[:2])
    assert (found.seq, found.reason) == (3, "events missing at the end of the chain")


def test_the_same_content_always_hashes_the_same():
    """Does the hash ignore key order and keep Vietnamese letters as they are?"""
    assert canonical_json({"b": 1, "a": "Sở"}) == '{"a":"Sở","b":1}'
    event = chain(1)[0]
    reordered = dict(reversed(list(event.items())))
    assert event_hash(GENESIS_HASH, reordered) == event["hash"]


def test_times_hash_as_naive_utc_with_microseconds():
    """Does a time read back from either database hash as it was written?"""
    assert format_time(datetime(2025, 5, 5, 8, 0)) == "2025-05-05T08:00:00.000000"
    assert format_time(datetime(2025, 5, 5, 8, 0, tzinfo=UTC)) == "2025-05-05T08:00:00.000000"
    vietnam = timezone(timedelta(hours=7))
    assert format_time(datetime(2025, 5, 5, 8, 0, 0, 5, tzinfo=vietnam)).endswith(".000005")
