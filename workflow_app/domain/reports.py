"""Yearly results reports and targets (L1-L4, T4): the figures' checks, shares, which target
is in force in a year, whether a unit meets it, and when a report is overdue. Pure rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .errors import FieldProblem, problem

# L2: what each unit counts, and the count each one is part of (a sub-count never exceeds it).
FIGURES = ("staff_total", "learning_citizens", "with_digital_skills", "proficient")
PART_OF = {
    "learning_citizens": "staff_total",
    "with_digital_skills": "learning_citizens",
    "proficient": "with_digital_skills",
}
ACTIVITY_KINDS = ("lifelong-learning-week", "book-day", "other")
REPORT_STATUSES = ("draft", "submitted", "returned", "acknowledged")
EDITABLE_STATUSES = ("draft", "returned")
# A share that moves more than this many percentage points from last year is flagged for
# the checker (a typing slip or a real change: the checker decides).
JUMP_THRESHOLD_POINTS = 20.0
INDICATORS = {
    # L1: "x% of staff recognised Công dân học tập"; "of those, y% with the digital skills
    # required; z% proficient" (the plan's "trong đó" read as: of the recognised citizens).
    "learning_citizens_share": ("learning_citizens", "staff_total"),
    "digital_skills_share": ("with_digital_skills", "learning_citizens"),
    "proficient_share": ("proficient", "learning_citizens"),
}


def figure_problems(figures: Mapping[str, object]) -> dict[str, FieldProblem]:
    """L2: every count present, whole and not negative, and no sub-count above its total."""
    found: dict[str, FieldProblem] = {}
    for name in FIGURES:
        value = figures.get(name)
        if value is None:
            found[name] = problem("required")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            found[name] = problem("minimum", min=0)
    for part, whole in PART_OF.items():
        if part in found or whole in found:
            continue
        if figures[part] > figures[whole]:
            found[part] = problem("exceeds_total", total=whole, value=figures[whole])
    return found


def activity_problems(activities: Iterable[Mapping], year: int) -> dict[str, FieldProblem]:
    """L2: each activity has a kind, a date in the report's year and a participant count."""
    found: dict[str, FieldProblem] = {}
    for index, activity in enumerate(activities):
        held_on = activity.get("held_on")
        if activity.get("kind") not in ACTIVITY_KINDS:
            found[f"activities.{index}.kind"] = problem("one_of", choices=ACTIVITY_KINDS)
        if not isinstance(held_on, date) or held_on.year != year:
            found[f"activities.{index}.held_on"] = problem("not_in_report_year", year=year)
        participants = activity.get("participants")
        if not isinstance(participants, int) or participants < 0:
            found[f"activities.{index}.participants"] = problem("minimum", min=0)
    return found


def share(numerator: int, denominator: int) -> float | None:
    """A share in percent, rounded to one decimal; None when there is nothing to divide by."""
    if not denominator:
        return None
    return round(numerator * 100.0 / denominator, 1)


def indicator_share(indicator: str, figures: Mapping[str, int]) -> float | None:
    numerator, denominator = INDICATORS[indicator]
    return share(figures.get(numerator, 0), figures.get(denominator, 0))


@dataclass(frozen=True)
class Target:
    """L1: `share` percent of `indicator` to be reached by `by_year` (data, per jurisdiction)."""

    indicator: str
    share: float
    by_year: int


def target_problems(indicator: str, share_: float, by_year: int) -> dict[str, FieldProblem]:
    found: dict[str, FieldProblem] = {}
    if indicator not in INDICATORS:
        found["indicator"] = problem("one_of", choices=tuple(INDICATORS))
    if not 0 < share_ <= 100:
        found["share"] = problem("share_out_of_range")
    if not 2000 <= by_year <= 2100:
        found["by_year"] = problem("not_a_year")
    return found


def in_force(targets: Iterable[Target], indicator: str, year: int) -> Target | None:
    """The target a year is measured against: the latest one already due (a reached target
    must be kept), else the first one ahead."""
    mine = sorted((t for t in targets if t.indicator == indicator), key=lambda t: t.by_year)
    due = [t for t in mine if t.by_year <= year]
    if due:
        return due[-1]
    return mine[0] if mine else None


def met(value: float | None, target: Target) -> bool:
    return value is not None and value >= target.share


def jump(this_year: float | None, last_year: float | None) -> bool:
    """Flag a share that moved more than JUMP_THRESHOLD_POINTS since last year."""
    if this_year is None or last_year is None:
        return False
    return abs(this_year - last_year) > JUMP_THRESHOLD_POINTS


def due_date(year: int, due_month: int, due_day: int) -> date:
    """T4: the report of `year` is due on that day of the same year."""
    return date(year, due_month, due_day)


def is_overdue(status: str, due_on: date, now: datetime, submitted_at: datetime | None) -> bool:
    """T4: past its day and not sent in time (a draft, a returned one, or sent late and not
    yet acknowledged). "Before 5 December": the 5th itself counts as late."""
    if status == "acknowledged":
        return False
    if status == "submitted" and submitted_at is not None:
        return submitted_at.date() >= due_on
    return now.date() >= due_on


# T4: the report built from a round's award statistics (every seed's yearly report duty).
DECIDED_STATUSES = ("approved", "rejected", "not_selected", "excluded")


def processing_days(spans: Iterable[tuple[datetime, datetime]]) -> dict[str, float | None]:
    """How long decided dossiers took from submission to their end, in days: the median,
    the mean and the longest (None when none was decided)."""
    days = sorted((closed - submitted).total_seconds() / 86400 for submitted, closed in spans)
    if not days:
        return {"count": 0, "median": None, "mean": None, "longest": None}
    middle = len(days) // 2
    median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
    return {
        "count": len(days),
        "median": round(median, 1),
        "mean": round(sum(days) / len(days), 1),
        "longest": round(days[-1], 1),
    }
