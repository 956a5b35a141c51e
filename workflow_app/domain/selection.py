"""Selection at a capped level (S1-S5): rank one sitting's candidates by the share of all the
council's members who voted for each, break equal shares as S3 says, and select the top ones
up to the free slots. Pure: the service brings the votes, the nominees' facts and the slots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, groupby

from .errors import Invalid, problem

# The message a sitting (or the service, where no cap applies) sends a proposed dossier's
# workflow; its payload is {"selected": bool, "reason": str, "sitting_id": int | None}.
SELECTION_DECIDED = "selection_decided"

# Why a candidate was or was not selected (the `reason` of each ranking row).
WITHIN_QUOTA = "within_quota"
OUTSIDE_QUOTA = "outside_quota"
BELOW_THRESHOLD = "below_threshold"
# Why a proposal went on without a sitting: no cap at the level (Q4), or the dossier already
# holds the level's slot (selected earlier, then returned to the level for supplementation).
NO_CAP = "no_cap"
SLOT_HELD = "slot_held"
REASONS = (WITHIN_QUOTA, OUTSIDE_QUOTA, BELOW_THRESHOLD, NO_CAP, SLOT_HELD)

# S3: a collective at least this share women is preferred on equal shares.
WOMEN_SHARE_PREFERRED = Fraction(7, 10)
# S3 preference, lower first: a woman, a collective >= 70% women, everyone else.
WOMAN, WOMEN_COLLECTIVE, OTHER = 0, 1, 2
SEX_PREFERENCES = {"female": {WOMAN}, "male": {OTHER}}


@dataclass(frozen=True)
class Candidate:
    """A dossier waiting for the sitting, with its votes and its nominee's S3 facts."""

    dossier_id: int
    votes_for: int
    kind: str
    sex: str | None = None
    staff_total: int | None = None
    women_total: int | None = None


@dataclass(frozen=True)
class Placement:
    """One row of the sitting's ranking."""

    dossier_id: int
    rank: int
    share: Fraction
    selected: bool
    reason: str


def check_council(members_total: int, members_present: int, votes: Mapping[int, int]) -> None:
    """S2, S5: the council's numbers must add up before anything is ranked."""
    details: dict = {}
    if members_total < 1:
        details["members_total"] = problem("minimum", min=1)
    elif not 0 <= members_present <= members_total:
        details["members_present"] = problem("present_over_total")
    over = {str(i): problem("votes_over_total") for i, v in votes.items() if v > members_total}
    negative = {str(i): problem("minimum", min=0) for i, v in votes.items() if v < 0}
    if over or negative:
        details["votes"] = {**over, **negative}
    if not votes:
        details["votes"] = problem("required")
    if details:
        raise Invalid("invalid_sitting", details=details)


def share_of(votes_for: int, members_total: int) -> Fraction:
    """S2: the share of ALL the council's members (absent ones vote in writing), not of those
    present."""
    return Fraction(votes_for, members_total)


def passes_threshold(votes_for: int, members_total: int, threshold_percent) -> bool:
    """S2: at least the threshold table's share (the same comparison as the unit council's)."""
    return votes_for * 100 >= Fraction(str(threshold_percent)) * members_total


def preferences(candidate: Candidate) -> frozenset[int]:
    """S3: the preferences the nominee's facts allow (two when a fact is missing)."""
    if candidate.kind == "individual":
        return frozenset(SEX_PREFERENCES.get(candidate.sex, {WOMAN, OTHER}))
    if candidate.kind == "collective":
        staff, women = candidate.staff_total, candidate.women_total
        if staff is None or women is None:
            return frozenset({WOMEN_COLLECTIVE, OTHER})
        mostly_women = staff > 0 and Fraction(women, staff) >= WOMEN_SHARE_PREFERRED
        return frozenset({WOMEN_COLLECTIVE if mostly_women else OTHER})
    return frozenset({OTHER})


def known(candidate: Candidate) -> bool:
    """Does the nominee carry the facts S3 reads for its kind?"""
    return len(preferences(candidate)) == 1


def council_positions(candidates: Sequence[Candidate], order: Sequence[int]) -> dict[int, int]:
    """S3: the council's own recorded order: `order` first, then the rest as the votes came."""
    ids = [c.dossier_id for c in candidates]
    unknown = [i for i in order if i not in ids]
    if unknown or len(set(order)) != len(order):
        raise Invalid("invalid_sitting", details={"order": problem("unknown")})
    listed = list(order) + [i for i in ids if i not in order]
    return {dossier_id: index for index, dossier_id in enumerate(listed)}


def _always_first(a: frozenset[int], b: frozenset[int]) -> bool | None:
    """Whether a candidate with preferences `a` (earlier in the council's order) ranks before
    one with `b` whatever the missing facts are; None when it depends on them."""
    if max(a) <= min(b):
        return True
    if min(a) > max(b):
        return False
    return None


def _undecided(group: list[Candidate], position: Mapping[int, int]) -> list[int]:
    """The candidates of an equal-share group whose order depends on a missing fact."""
    found: set[int] = set()
    for a, b in combinations(sorted(group, key=lambda c: position[c.dossier_id]), 2):
        if _always_first(preferences(a), preferences(b)) is None:
            found.update(c.dossier_id for c in (a, b) if not known(c))
    return sorted(found)


def _tie_key(position: Mapping[int, int]):
    """S3 within equal shares: a woman, then a collective >= 70% women, then the council's
    order; a nominee whose fact is missing gets no preference (refused where it matters)."""
    return lambda c: (max(preferences(c)), position[c.dossier_id])


def rank_sitting(
    candidates: Sequence[Candidate],
    members_total: int,
    members_present: int,
    threshold_percent,
    free_slots: int | None,
    order: Sequence[int] = (),
) -> list[Placement]:
    """S1-S4: the sitting's ranking. `free_slots` None means no cap (Q4): every candidate at
    or above the threshold is selected. A tie that cuts across the last free slot and needs a
    nominee's missing sex or staff counts is refused (422 naming them), not guessed."""
    check_council(members_total, members_present, {c.dossier_id: c.votes_for for c in candidates})
    position = council_positions(candidates, order)
    passed = [
        c for c in candidates if passes_threshold(c.votes_for, members_total, threshold_percent)
    ]
    below = [c for c in candidates if c not in passed]
    placements: list[Placement] = []
    for share, group in _by_share(passed, members_total):
        left = None if free_slots is None else free_slots - len(placements)
        if left is not None and 0 < left < len(group):
            _refuse_undecided(group, position)
        for candidate in sorted(group, key=_tie_key(position)):
            rank = len(placements) + 1
            selected = free_slots is None or rank <= free_slots
            reason = WITHIN_QUOTA if selected else OUTSIDE_QUOTA
            placements.append(Placement(candidate.dossier_id, rank, share, selected, reason))
    for share, group in _by_share(below, members_total):
        for candidate in sorted(group, key=_tie_key(position)):
            rank = len(placements) + 1
            placements.append(Placement(candidate.dossier_id, rank, share, False, BELOW_THRESHOLD))
    return placements


def _by_share(candidates: list[Candidate], members_total: int):
    """Equal-share groups, highest share first."""
    keyed = sorted(candidates, key=lambda c: -c.votes_for)
    for votes, group in groupby(keyed, key=lambda c: c.votes_for):
        yield share_of(votes, members_total), list(group)


def _refuse_undecided(group: list[Candidate], position: Mapping[int, int]) -> None:
    undecided = _undecided(group, position)
    if undecided:
        names = ", ".join(f"HS-{i}" for i in undecided)
        raise Invalid("tie_needs_nominee_data", dossiers=names, details={"dossier_ids": undecided})


def lower_form_at(
    level: str, award_form: str, deciding_levels: Mapping[str, str | None]
) -> str | None:
    """S4: the level's own lower award form, the one form whose deciding level (the route
    table's `last_level`) is this level; None where the level decides no form of its own
    (or several, which the council must then choose between outside the app)."""
    own = [
        form for form, decider in deciding_levels.items() if decider == level and form != award_form
    ]
    return own[0] if len(own) == 1 else None


def check_lower_award(
    placements: Sequence[Placement], lower_ids: Sequence[int], lower_form: str | None
) -> None:
    """S4: only a candidate the sitting did not select may be given the level's lower form
    instead, and only where the level has one."""
    if not lower_ids:
        return
    if lower_form is None:
        raise Invalid("no_lower_award", details={"lower_award": problem("no_lower_form")})
    left_out = {p.dossier_id for p in placements if not p.selected}
    wrong = sorted(set(lower_ids) - left_out)
    if wrong:
        details = {str(i): problem("lower_award_selected") for i in wrong}
        raise Invalid("invalid_sitting", details={"lower_award": details})
