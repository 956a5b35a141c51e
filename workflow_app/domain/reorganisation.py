"""Reorganisation (M1): when a jurisdiction may merge into another, when a unit may retire,
and how the caps and deadlines of two jurisdictions combine."""

from __future__ import annotations

from datetime import datetime

from .errors import Conflict, Invalid

ACTIVE = "active"
MERGED = "merged"
JURISDICTION_STATUSES = (ACTIVE, MERGED)
# M1: the dossiers that go on under the successor; closed ones stay where they were decided.
MOVING_STATUSES = frozenset({"draft", "in_progress", "on_hold", "returned"})


def check_merge(jurisdiction: str, status: str, successor: str, successor_status: str) -> None:
    """A jurisdiction merges once, into another one that is still active."""
    if jurisdiction == successor:
        raise Invalid("merge_into_itself", jurisdiction=jurisdiction)
    if status != ACTIVE:
        raise Conflict("jurisdiction_merged", jurisdiction=jurisdiction)
    if successor_status != ACTIVE:
        raise Conflict("jurisdiction_merged", jurisdiction=successor)


def check_retirement(
    unit: str,
    retired_into: str | None,
    successor: str,
    successor_retired: bool,
    same_jurisdiction: bool,
) -> None:
    """A unit retires once (`retired_into`: who took it over already), handing over to an
    active unit of the same jurisdiction."""
    if unit == successor:
        raise Invalid("unit_successor_invalid", unit=unit, successor=successor)
    if retired_into is not None:
        raise Conflict("unit_retired", unit=unit, successor=retired_into)
    if successor_retired or not same_jurisdiction:
        raise Invalid("unit_successor_invalid", unit=unit, successor=successor)


def check_unit_active(unit: str, retired: bool, successor: str | None) -> None:
    """M1: a retired unit nominates and submits nothing; its successor does."""
    if retired:
        raise Conflict("unit_retired", unit=unit, successor=successor or "")


def combined_cap(successor_cap: int | None, had_row: bool, merged_cap: int | None) -> int | None:
    """Q1-Q4 across a merge: both limits are summed; where either side set no limit (None),
    the merged area has none either, and a cap only one side had is carried as it was."""
    if not had_row:
        return merged_cap
    if successor_cap is None or merged_cap is None:
        return None
    return successor_cap + merged_cap


def combined_deadline(successor: datetime | None, merged: datetime) -> datetime:
    """T5 across a merge: a moved dossier keeps at least the time it had; where both had a
    deadline for the round, the later one holds (listed for the administrator to review)."""
    return merged if successor is None else max(successor, merged)
