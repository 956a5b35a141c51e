"""Rule sets (R1) and served discipline (R2): pure rules over dates.

R1: the implementing decree changed on 1 July 2025 (Decree 98/2023/NĐ-CP, then Decree
152/2025/NĐ-CP). A dossier takes the rule set in force on the day the receiving level
received it and keeps it; the rule set fixes its hold kinds, council thresholds and posting
period. The spans of dates are data, edited by an administrator.
R2: after a discipline has been served, achievements count only from the day it ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from .errors import FieldProblem, problem

RULE_SET_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{1,39}$"
HOLD_OUTCOMES = ("dismissed", "disciplined")  # R2: how a cleared hold ended


class Dated(Protocol):
    key: str
    applies_from: date | None
    applies_until: date | None


T = TypeVar("T", bound=Dated)


def applies_on(rule_set: Dated, day: date) -> bool:
    """Is `day` inside the rule set's span (both ends included, an open end unbounded)?"""
    starts, ends = rule_set.applies_from, rule_set.applies_until
    return (starts is None or starts <= day) and (ends is None or day <= ends)


def rule_set_on(rule_sets: Iterable[T], day: date) -> T | None:
    """R1: the rule set in force on `day`; in a gap between spans, the latest one that had
    started by then (the law in force stays in force until replaced)."""
    ordered = sorted(rule_sets, key=lambda r: (r.applies_from or date.min, r.key))
    for rule_set in ordered:
        if applies_on(rule_set, day):
            return rule_set
    started = [r for r in ordered if (r.applies_from or date.min) <= day]
    if started:
        return started[-1]
    return ordered[0] if ordered else None


def span_problems(applies_from: date | None, applies_until: date | None) -> dict:
    """A span must not end before it starts."""
    if applies_from and applies_until and applies_until < applies_from:
        return {"applies_until": problem("period_ends_before_start")}
    return {}


def overlapping(others: Iterable[Dated], candidate: Dated) -> list[str]:
    """The keys of other rule sets whose span shares a day with the candidate's: two rule sets
    in force on one day would leave the choice (R1) to chance."""
    clashes = []
    for other in others:
        if other.key == candidate.key:
            continue
        starts = max(other.applies_from or date.min, candidate.applies_from or date.min)
        ends = min(other.applies_until or date.max, candidate.applies_until or date.max)
        if starts <= ends:
            clashes.append(other.key)
    return sorted(clashes)


def hold_applies(kind: str, kind_is_national: bool, rule_set_kinds: Sequence[str] | None) -> bool:
    """R1, X2: a national hold kind stops a dossier only if the dossier's rule set knows it (a
    press allegation is no ground under Decree 98/2023); a jurisdiction's own kinds always do.
    A dossier with no rule set yet (a draft) is stopped by every kind."""
    if not kind_is_national or rule_set_kinds is None:
        return True
    return kind in rule_set_kinds


def achievement_period_problems(starts: date | None, ends: date | None) -> dict:
    """R2: an achievement period runs forwards; both ends or neither."""
    if (starts is None) != (ends is None):
        missing = "achievement_to" if ends is None else "achievement_from"
        return {missing: problem("period_needs_both_ends")}
    if starts and ends and ends < starts:
        return {"achievement_to": problem("period_ends_before_start")}
    return {}


@dataclass(frozen=True)
class ServedDiscipline:
    """A hold on the nominee cleared as `disciplined`, and the day the discipline ended."""

    hold_id: int
    reference: str
    ended_on: date


def counting_discipline(
    achievement_from: date | None, served: Iterable[ServedDiscipline]
) -> ServedDiscipline | None:
    """R2: the served discipline (latest end first) that the achievement period starts
    before, so it would count achievements from before the discipline ended; None if none."""
    if achievement_from is None:
        return None
    for discipline in sorted(served, key=lambda d: d.ended_on, reverse=True):
        if achievement_from < discipline.ended_on:
            return discipline
    return None


def clear_outcome_problems(outcome: str, ended_on: date | None) -> dict[str, FieldProblem]:
    """R2: `disciplined` needs the day the discipline ended; `dismissed` takes none."""
    if outcome not in HOLD_OUTCOMES:
        return {"outcome": problem("one_of", choices=HOLD_OUTCOMES)}
    if outcome == "disciplined" and ended_on is None:
        return {"discipline_ended_on": problem("required")}
    if outcome == "dismissed" and ended_on is not None:
        return {"discipline_ended_on": problem("only_when_disciplined")}
    return {}
