"""Rounds (T1-T3): which rounds exist, their default deadlines, and when one is closed.

The one home of the round names: `annual-YYYY` each year, and the two reviews of the
2023-2030 movement. Pages, the demo data and dry runs list rounds through here.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .errors import RoundClosed
from .legal_time import start_of_day

# T2, T3: the interim (2023-2025) and final (2023-2030) reviews, with their default deadlines.
REVIEW_ROUNDS = {"so-ket-2025": date(2025, 7, 1), "tong-ket-2030": date(2030, 7, 1)}
_ANNUAL = re.compile(r"^annual-(20[2-9][0-9])$")


def annual_round(year: int) -> str:
    """T1: the round of one year's emulation movement."""
    return f"annual-{year}"


def annual_year(round_: str) -> int | None:
    """The year of an annual round; None for a review round or anything else."""
    match = _ANNUAL.match(round_ or "")
    return int(match.group(1)) if match else None


# E1: the eligibility tables tell rounds apart by their kind, not by their year.
ROUND_KINDS = ("annual", "so-ket", "tong-ket")


def round_kind(round_: str) -> str | None:
    """E1: `annual-2026` is `annual`, `so-ket-2025` is `so-ket`, `tong-ket-2030` `tong-ket`."""
    if annual_year(round_) is not None:
        return "annual"
    if round_ in REVIEW_ROUNDS:
        return round_.rsplit("-", 1)[0]
    return None


def round_year(round_: str) -> int | None:
    """The year a round closes in (`annual-2026` 2026, `tong-ket-2030` 2030): an eligibility
    table reads it where the map changed in between (no district level from July 2025)."""
    if not is_round(round_):
        return None
    return int(round_.rsplit("-", 1)[1])


def is_round(value: str) -> bool:
    """`annual-YYYY` (2020-2099), `so-ket-2025` or `tong-ket-2030`."""
    return annual_year(value) is not None or value in REVIEW_ROUNDS


def rounds_between(first: int, last: int) -> list[str]:
    """The annual rounds of the years `first` to `last`, then the two reviews."""
    return [annual_round(year) for year in range(first, last + 1)] + list(REVIEW_ROUNDS)


def rounds_around(year: int, before: int = 1, after: int = 1) -> list[str]:
    """The rounds a page offers around `year`: its neighbours' annual rounds and the reviews."""
    return rounds_between(year - before, year + after)


def default_deadline(round_: str) -> datetime | None:
    """T1: annual-YYYY before 1 June YYYY; T2/T3: the reviews before 1 July 2025 / 2030.

    The value is the first moment that is too late: midnight starting that day in Vietnam
    (so the last day counts whole, to 23:59 Vietnam time), stored as naive UTC.
    """
    year = annual_year(round_)
    if year is not None:
        return start_of_day(date(year, 6, 1))
    day = REVIEW_ROUNDS.get(round_)
    return start_of_day(day) if day else None


def is_past(deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and now >= deadline


def check_round_open(round_: str, deadline: datetime | None, at: datetime) -> None:
    """T1-T3: nothing is submitted into a round once its deadline has passed."""
    if is_past(deadline, at):
        raise RoundClosed(round=round_, deadline=deadline)


# T1-T3: the statuses a deadline can still take a dossier out of the round from.
DEADLINE_CANDIDATES = ("draft", "in_progress", "returned", "on_hold")


def misses_deadline(status: str, received_at: datetime | None, deadline: datetime) -> bool:
    """T1-T3 and T5: the deadline is for reaching the receiving level (the first level above
    the unit: Sở GDĐT in HCMC). A dossier received there in time never drops out for it, even
    when returned or held afterwards; a draft, one still at its unit, or one held before it
    was received, drops out. Decided dossiers never do."""
    if status not in DEADLINE_CANDIDATES:
        return False
    return received_at is None or received_at >= deadline
