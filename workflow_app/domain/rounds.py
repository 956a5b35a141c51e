"""Round deadlines (T1-T3): the default dates dossiers must reach Sở GDĐT by."""

from __future__ import annotations

import re
from datetime import datetime

from .dossier import OPEN_STATUSES

_ANNUAL = re.compile(r"^annual-(\d{4})$")


def default_deadline(round_: str) -> datetime | None:
    """T1: annual-YYYY before 1 June YYYY; T2/T3: the reviews before 1 July 2025 / 2030.

    The value is the first moment that is too late (00:00 on that day).
    """
    if match := _ANNUAL.match(round_):
        return datetime(int(match.group(1)), 6, 1)
    return {"so-ket-2025": datetime(2025, 7, 1), "tong-ket-2030": datetime(2030, 7, 1)}.get(round_)


def is_past(deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and now >= deadline


def misses_deadline(status: str, open_lanes: list[str]) -> bool:
    """T1-T3 and X2: at the deadline a draft, a dossier still at its unit, or one on hold
    drops out of the round."""
    if status in ("draft", "on_hold"):
        return True
    return status in OPEN_STATUSES and bool(open_lanes) and set(open_lanes) <= {"unit"}
