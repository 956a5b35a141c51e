"""Legal dates are Vietnamese days: "before 1 June" ends at midnight in Asia/Ho_Chi_Minh.

The app stores and compares moments as naive UTC; these helpers cross between such a
moment and the Vietnamese calendar day it falls on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local_day(moment: datetime) -> date:
    """The Vietnamese calendar day a naive-UTC moment falls on."""
    return moment.replace(tzinfo=UTC).astimezone(VIETNAM).date()


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in Vietnam, as naive UTC: the first moment of that day,
    so the end of the day before."""
    return datetime.combine(day, time(0), VIETNAM).astimezone(UTC).replace(tzinfo=None)
