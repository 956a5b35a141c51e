"""The holiday calendar a jurisdiction's working-day limits are counted on (national public
holidays and the jurisdiction's own days off)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.working_days import add_working_days
from ..persistence.models import Holiday


def calendar_of(
    session: Session, jurisdiction_id: str, since: date | None = None, until: date | None = None
) -> set[date]:
    """The days off a working-day limit of this jurisdiction skips: national and its own
    (optionally only those between `since` and `until`)."""
    stmt = select(Holiday.day).where(
        or_(Holiday.jurisdiction_id.is_(None), Holiday.jurisdiction_id == jurisdiction_id)
    )
    if since is not None:
        stmt = stmt.where(Holiday.day >= since)
    if until is not None:
        stmt = stmt.where(Holiday.day <= until)
    with session.no_autoflush:  # mid-step: the step's changes are flushed once, at commit
        return set(session.scalars(stmt))


def due_after(session: Session, jurisdiction_id: str, start: datetime, days: int) -> datetime:
    """When a limit of `days` working days that starts at `start` runs out in this
    jurisdiction (its own days off skipped as well as the national holidays)."""
    # Wide enough for weekends and the longest run of days off (Tết): read only those days.
    until = start.date() + timedelta(days=2 * days + 30)
    return add_working_days(start, days, calendar_of(session, jurisdiction_id, start.date(), until))
