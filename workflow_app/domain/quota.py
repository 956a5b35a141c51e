"""Quota rules (Q1-Q4): which levels select, and when a held slot must be given back."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import Conflict, Invalid, problem

# The chain's levels from the bottom up; a slot is released when its dossier falls below.
LEVEL_ORDER = {"unit": 0, "so_gddt": 1, "so_noi_vu": 2, "ubnd": 3, "central": 4}
SELECTING_LEVELS = ("so_gddt", "ubnd")

# Reasons a slot is given back.
RELEASED_REJECTED = "rejected"
RELEASED_RETURNED = "returned_below"
RELEASED_WITHDRAWN = "withdrawn"
RELEASED_EXCLUDED = "excluded"


class QuotaFull(Conflict):
    """No slot left under a cap: the approval is refused, the task stays open."""

    code = "quota_full"


def levels_to_release(held_levels: Iterable[str], open_lanes: Iterable[str]) -> set[str]:
    """A slot of level L is released once every open task of the dossier is below L."""
    lanes = [LEVEL_ORDER[lane] for lane in open_lanes if lane in LEVEL_ORDER]
    if not lanes:
        return set()
    highest_open = max(lanes)
    return {level for level in held_levels if LEVEL_ORDER.get(level, -1) > highest_open}


def check_cap_value(cap: int | None, used: int) -> None:
    """A cap is a whole number no smaller than the slots already held (None: no cap, Q4)."""
    if cap is None:
        return
    if cap < 0:
        raise Invalid("invalid_cap", details={"cap": problem("not_a_whole_number")})
    if cap < used:
        raise Conflict("cap_below_used", cap=cap, used=used)


def check_level(level: str) -> None:
    if level not in SELECTING_LEVELS:
        raise Invalid(
            "invalid_level", details={"level": problem("one_of", choices=SELECTING_LEVELS)}
        )
