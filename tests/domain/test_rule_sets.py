"""Rule sets by date (R1), served discipline (R2) and Vietnamese legal days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from workflow_app.domain.legal_time import local_day, start_of_day
from workflow_app.domain.rule_sets import (
    ServedDiscipline,
    achievement_period_problems,
    clear_outcome_problems,
    counting_discipline,
    hold_applies,
    overlapping,
    rule_set_on,
)


@dataclass
class Span:
    key: str
    applies_from: date | None
    applies_until: date | None


DECREE_98 = Span("nd-98-2023", None, date(2025, 6, 30))
DECREE_152 = Span("nd-152-2025", date(2025, 7, 1), None)
HCMC_FIVE = [
    "disciplinary-review",
    "administrative-violation",
    "criminal-proceedings",
    "inspection",
    "complaint",
]


@pytest.mark.rule("R1")
@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2024, 3, 1), "nd-98-2023"),
        (date(2025, 6, 30), "nd-98-2023"),
        (date(2025, 7, 1), "nd-152-2025"),
        (date(2026, 11, 25), "nd-152-2025"),
    ],
)
def test_the_decree_in_force_on_the_day_received_applies(day, key):
    """R1: is a dossier received on 30 June 2025 under Decree 98, and on 1 July under 152?"""
    assert rule_set_on([DECREE_152, DECREE_98], day).key == key


@pytest.mark.rule("R1")
def test_a_gap_between_spans_keeps_the_last_decree_in_force():
    """R1: if an administrator leaves a gap, does the older decree stay in force over it?"""
    ended = Span("nd-98-2023", None, date(2025, 6, 15))
    assert rule_set_on([ended, DECREE_152], date(2025, 6, 20)).key == "nd-98-2023"


@pytest.mark.rule("R1")
def test_overlapping_spans_are_named():
    """R1: would two decrees both in force on one day be caught, naming the other one?"""
    longer = Span("nd-98-2023", None, date(2025, 7, 5))
    assert overlapping([longer, DECREE_152], DECREE_152) == ["nd-98-2023"]
    assert overlapping([DECREE_98, DECREE_152], DECREE_152) == []


@pytest.mark.rule("R1", "X2")
def test_a_press_allegation_is_a_ground_only_under_decree_152():
    """R1: does a press allegation hold a Decree 152 dossier but not a Decree 98 one, while a
    jurisdiction's own kinds and the HCMC five hold both?"""
    decree_152_kinds = [*HCMC_FIVE, "press-allegation"]
    assert hold_applies("press-allegation", True, decree_152_kinds)
    assert not hold_applies("press-allegation", True, HCMC_FIVE)
    assert hold_applies("complaint", True, HCMC_FIVE)
    assert hold_applies("hcm-own-kind", False, HCMC_FIVE)
    assert hold_applies("press-allegation", True, None)  # a draft: no rule set yet


@pytest.mark.rule("R2")
def test_achievements_count_only_from_the_day_a_discipline_ended():
    """R2: is a period starting before the discipline ended caught, and one from that day not?"""
    served = [ServedDiscipline(7, "QĐ 12/KL", date(2024, 3, 1))]
    assert counting_discipline(date(2024, 2, 29), served).hold_id == 7
    assert counting_discipline(date(2024, 3, 1), served) is None
    assert counting_discipline(None, served) is None  # no period given (older clients)


@pytest.mark.rule("R2")
def test_an_achievement_period_runs_forwards_with_both_ends():
    """R2: is a period whose end precedes its start, or with one end only, refused?"""
    assert achievement_period_problems(date(2024, 1, 1), date(2024, 12, 31)) == {}
    assert achievement_period_problems(None, None) == {}
    assert "achievement_to" in achievement_period_problems(date(2024, 5, 1), date(2024, 4, 1))
    assert "achievement_to" in achievement_period_problems(date(2024, 5, 1), None)


@pytest.mark.rule("R2")
def test_a_disciplined_outcome_needs_the_day_it_ended():
    """R2: must `disciplined` carry its end day, and `dismissed` carry none?"""
    assert clear_outcome_problems("dismissed", None) == {}
    assert clear_outcome_problems("disciplined", date(2024, 3, 1)) == {}
    assert "discipline_ended_on" in clear_outcome_problems("disciplined", None)
    assert "discipline_ended_on" in clear_outcome_problems("dismissed", date(2024, 3, 1))
    assert "outcome" in clear_outcome_problems("forgiven", None)


@pytest.mark.rule("T1")
def test_a_legal_day_is_a_day_in_vietnam():
    """T1: does 'before 1 June' end at midnight in Vietnam, 17:00 UTC on 31 May?"""
    assert start_of_day(date(2025, 6, 1)) == datetime(2025, 5, 31, 17, 0)
    assert local_day(datetime(2025, 5, 31, 16, 59)) == date(2025, 5, 31)
    assert local_day(datetime(2025, 5, 31, 17, 0)) == date(2025, 6, 1)
