"""Working days on a holiday calendar: how appraisal limits are counted (national law: a
province appraises within 20 working days; holidays are a calendar an administrator keeps).

Pure: the caller passes the calendar's days, so the rule is testable without a database.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

# Limits per level (lane) in working days, the same numbers as the BPMN `due_days`
# properties of the bundled HCMC chain; a pinned model's own `due_days` wins over these.
LEVEL_LIMITS: dict[str, int] = {
    "unit": 15,
    "so_gddt": 20,
    "so_noi_vu": 20,
    "ubnd": 20,
    "central": 30,
    "president": 30,
}


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in holidays


def working_days_between(start: datetime, end: datetime, holidays: Collection[date]) -> int:
    """Working days elapsed from `start` to `end`: the working days after the start's day up
    to and including the end's day (a task created and done the same day took 0 days; one
    created on Friday and done on Monday took 1)."""
    if end <= start:
        return 0
    count, day = 0, start.date() + timedelta(days=1)
    while day <= end.date():
        count += is_working_day(day, holidays)
        day += timedelta(days=1)
    return count


def limit_for(lane: str | None, due_days: int | None = None) -> int | None:
    """The limit of one step: the model's `due_days` when it sets one, else the level's."""
    if due_days:
        return due_days
    return LEVEL_LIMITS.get(lane or "")


def add_working_days(start: datetime, days: int, holidays: Collection[date]) -> datetime:
    """The moment a limit of `days` working days from `start` runs out: the same time of day
    on the `days`-th working day after the start's day (so working_days_between(start,
    result) == days)."""
    day, left = start.date(), days
    while left > 0:
        day += timedelta(days=1)
        left -= is_working_day(day, holidays)
    return datetime.combine(day, start.time(), start.tzinfo)
