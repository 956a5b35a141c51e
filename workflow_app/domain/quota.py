"""Quota arithmetic (Q1-Q4): when a held slot must be given back, what a cap may be.

Which levels select under a cap is drawn in the published model (the levels whose tasks call
`reserve_quota_slot`), not written here."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from .errors import Conflict, Invalid, problem

# The chain's levels from the bottom up; a slot is released when its dossier falls below.
# HCMC's; a jurisdiction's own order comes from its roles' levels (issue 17), passed in.
LEVEL_ORDER = {"unit": 0, "so_gddt": 1, "so_noi_vu": 2, "ubnd": 3, "central": 4, "president": 5}

# Reasons a slot is given back.
RELEASED_REJECTED = "rejected"
RELEASED_RETURNED = "returned_below"
RELEASED_WITHDRAWN = "withdrawn"
RELEASED_EXCLUDED = "excluded"
RELEASED_NOT_SELECTED = "not_selected"  # S4: outside the quota of a later sitting


class QuotaFull(Conflict):
    """No slot left under a cap: the approval is refused, the task stays open."""

    code = "quota_full"


def levels_to_release(
    held_levels: Iterable[str],
    open_lanes: Iterable[str],
    order: Mapping[str, int] | None = None,
) -> set[str]:
    """A slot of level L is released once every open task of the dossier is below L
    (`order`: each lane's level in the dossier's jurisdiction)."""
    order = LEVEL_ORDER if order is None else order
    lanes = [order[lane] for lane in open_lanes if lane in order]
    if not lanes:
        return set()
    highest_open = max(lanes)
    return {level for level in held_levels if order.get(level, -1) > highest_open}


def check_cap_value(cap: int | None, used: int) -> None:
    """A cap is a whole number no smaller than the slots already held (None: no cap, Q4)."""
    if cap is None:
        return
    if cap < 0:
        raise Invalid("invalid_cap", details={"cap": problem("not_a_whole_number")})
    if cap < used:
        raise Conflict("cap_below_used", cap=cap, used=used)


def chain_order(levels: Iterable[str], order: Mapping[str, int] | None = None) -> list[str]:
    """Levels from the bottom of the chain up (unknown ones last)."""
    order = LEVEL_ORDER if order is None else order
    top = max(order.values(), default=0) + 1
    return sorted(levels, key=lambda level: order.get(level, top))


def check_level(level: str, selecting: Collection[str]) -> None:
    """Q1-Q3: a cap is set only at a level where the model reserves slots (`selecting`)."""
    if level not in selecting:
        choices = chain_order(selecting)
        raise Invalid("invalid_level", details={"level": problem("one_of", choices=choices)})
