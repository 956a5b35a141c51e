"""The holiday calendar a jurisdiction's working-day limits are counted on (national public
holidays and the jurisdiction's own days off).

Issue 15: every new task with a limit counted its due date on a fresh holiday query. The days
off change a few times a year, so each process keeps them per database and jurisdiction: a
holiday written through any session of the process drops the copy at once, and a copy is
read again after `CALENDAR_SECONDS` to see what another process wrote."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from ..domain.working_days import add_working_days
from ..persistence.models import Holiday

CALENDAR_SECONDS = 60.0
_CHANGED = "holidays_changed"  # session.info flag: this transaction wrote a holiday
_calendars: WeakKeyDictionary = WeakKeyDictionary()  # database -> {jurisdiction: (at, days)}


def calendar_of(
    session: Session, jurisdiction_id: str, since: date | None = None, until: date | None = None
) -> set[date]:
    """The days off a working-day limit of this jurisdiction skips: national and its own
    (optionally only those between `since` and `until`)."""
    days = _days_off(session, jurisdiction_id)
    return {
        day for day in days if (since is None or day >= since) and (until is None or day <= until)
    }


def due_after(session: Session, jurisdiction_id: str, start: datetime, days: int) -> datetime:
    """When a limit of `days` working days that starts at `start` runs out in this
    jurisdiction (its own days off skipped as well as the national holidays)."""
    # Wide enough for weekends and the longest run of days off (Tết): read only those days.
    until = start.date() + timedelta(days=2 * days + 30)
    return add_working_days(start, days, calendar_of(session, jurisdiction_id, start.date(), until))


def _days_off(session: Session, jurisdiction_id: str) -> frozenset[date]:
    if session.info.get(_CHANGED):  # this transaction's own edit: read what it sees
        return _read(session, jurisdiction_id)
    cached = _calendars.setdefault(_database(session), {})
    hit = cached.get(jurisdiction_id)
    if hit is not None and time.monotonic() - hit[0] < CALENDAR_SECONDS:
        return hit[1]
    days = _read(session, jurisdiction_id)
    cached[jurisdiction_id] = (time.monotonic(), days)
    return days


def _read(session: Session, jurisdiction_id: str) -> frozenset[date]:
    stmt = select(Holiday.day).where(
        or_(Holiday.jurisdiction_id.is_(None), Holiday.jurisdiction_id == jurisdiction_id)
    )
    with session.no_autoflush:  # mid-step: the step's changes are flushed once, at commit
        return frozenset(session.scalars(stmt))


def _database(session: Session):
    """What the copy is kept for: the session's engine, or the connection it is bound to
    (whose own transaction may still roll back what the session committed: tests)."""
    return session.get_bind()


@event.listens_for(Session, "after_flush")
def _note_holiday_writes(session: Session, _flush_context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, Holiday) for row in changed):
        session.info[_CHANGED] = True
        _calendars.pop(_database(session), None)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_after_holiday_writes(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        _calendars.pop(_database(session), None)
