"""Rounds (domain/rounds.py): which rounds exist, their deadlines, who drops out at them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from workflow_app.domain.errors import Conflict, RoundClosed
from workflow_app.domain.rounds import (
    annual_round,
    annual_year,
    check_round_open,
    default_deadline,
    is_past,
    is_round,
    misses_deadline,
    round_kind,
    rounds_around,
    rounds_between,
)

# --- which rounds exist ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["annual-2024", "annual-2030", "so-ket-2025", "tong-ket-2030"])
def test_the_rounds_of_the_movement_are_accepted(value):
    """Are the annual rounds, the interim review and the final review accepted?"""
    assert is_round(value)


@pytest.mark.parametrize(
    "value",
    ["annual-1999", "annual-20x", "annual-2025 ", "so-ket-2030", "tong-ket-2025", "", None],
)
def test_anything_else_is_not_a_round(value):
    """Is a mistyped or invented round refused rather than stored?"""
    assert not is_round(value)


@pytest.mark.rule("T1")
def test_each_year_has_its_annual_round():
    """T1: is 2026's round `annual-2026`, and its year read back from the name?"""
    assert annual_round(2026) == "annual-2026"
    assert annual_year("annual-2026") == 2026
    assert annual_year("so-ket-2025") is None
    assert annual_year(None) is None


def test_a_page_offers_the_neighbouring_years_and_the_two_reviews():
    """Does a page in 2025 offer 2024 to 2026's rounds, then the interim and final reviews?"""
    expected = ["annual-2024", "annual-2025", "annual-2026", "so-ket-2025", "tong-ket-2030"]
    assert rounds_around(2025) == expected
    assert rounds_between(2024, 2026) == expected
    assert rounds_around(2025, before=0, after=0) == ["annual-2025", "so-ket-2025", "tong-ket-2030"]


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.rule("T1")
def test_an_annual_round_closes_on_the_first_of_june():
    """T1: must annual-2026 dossiers reach Sở GDĐT before 1 June 2026 in Vietnam (00:00 on
    1 June at UTC+7 is 17:00 UTC on 31 May)?"""
    assert default_deadline("annual-2026") == datetime(2026, 5, 31, 17, 0)


@pytest.mark.rule("T2")
def test_the_interim_review_closes_on_the_first_of_july_2025():
    """T2: must so-ket-2025 dossiers arrive before 1 July 2025?"""
    assert default_deadline("so-ket-2025") == datetime(2025, 6, 30, 17, 0)


@pytest.mark.rule("T3")
def test_the_final_review_closes_on_the_first_of_july_2030():
    """T3: must tong-ket-2030 dossiers arrive before 1 July 2030?"""
    assert default_deadline("tong-ket-2030") == datetime(2030, 6, 30, 17, 0)


@pytest.mark.parametrize("round_", ["annual-20x", "so-ket-2030", ""])
def test_an_unknown_round_has_no_default_deadline(round_):
    """Does a round the plans do not name get no deadline rather than a guessed one?"""
    assert default_deadline(round_) is None


@pytest.mark.rule("T1", "T2", "T3")
def test_the_deadline_day_itself_is_already_too_late():
    """Is midnight of 1 June too late, and the last microsecond of 31 May still in time?"""
    deadline = default_deadline("annual-2026")
    assert is_past(deadline, deadline)
    assert not is_past(deadline, deadline - timedelta(microseconds=1))
    assert not is_past(None, datetime(2099, 1, 1))


@pytest.mark.rule("T2")
def test_submitting_into_a_closed_round_is_refused_with_its_deadline():
    """T2: on 1 July 2025, is a so-ket-2025 submission refused, naming the round and deadline,
    while on 30 June it still goes?"""
    deadline = default_deadline("so-ket-2025")
    check_round_open("so-ket-2025", deadline, datetime(2025, 6, 30, 16, 59))  # 23:59 in Vietnam
    with pytest.raises(RoundClosed) as refused:
        check_round_open("so-ket-2025", deadline, deadline)
    assert refused.value.params == {"round": "so-ket-2025", "deadline": deadline}
    assert isinstance(refused.value, Conflict)


def test_a_round_without_a_deadline_stays_open():
    """Is a round with no deadline set open whenever a dossier is submitted?"""
    check_round_open("annual-2099", None, datetime(2099, 12, 31))


# --- who drops out at the deadline ------------------------------------------------------------

DEADLINE = datetime(2025, 5, 31, 17, 0)  # 1 June 2025, 00:00 in Vietnam
IN_TIME, LATE = datetime(2025, 5, 20, 3, 0), datetime(2025, 6, 3, 3, 0)


@pytest.mark.rule("T1")
@pytest.mark.parametrize("status", ["draft", "in_progress", "returned"])
def test_what_never_left_its_unit_drops_out_at_the_deadline(status):
    """T1: does a draft, or a dossier that never reached Sở GDĐT, drop out of the round?"""
    assert misses_deadline(status, None, DEADLINE)


@pytest.mark.rule("T1", "X2")
def test_a_dossier_held_before_it_was_received_drops_out():
    """X2: is a dossier on hold at the deadline, never received above its unit, dropped?"""
    assert misses_deadline("on_hold", None, DEADLINE)


@pytest.mark.rule("T5")
@pytest.mark.parametrize("status", ["in_progress", "returned", "on_hold", "approved", "rejected"])
def test_what_reached_so_gddt_in_time_stays_in_the_round(status):
    """T5: once received in time, is a dossier never dropped, even if returned or held since?"""
    assert not misses_deadline(status, IN_TIME, DEADLINE)


@pytest.mark.rule("T5")
def test_received_at_or_after_the_deadline_is_late():
    """T5: does reaching Sở GDĐT at the deadline itself, or later, count as too late?"""
    assert misses_deadline("in_progress", DEADLINE, DEADLINE)
    assert misses_deadline("returned", LATE, DEADLINE)
    assert not misses_deadline("approved", LATE, DEADLINE)  # decided: never


@pytest.mark.rule("E1")
@pytest.mark.parametrize(
    ("round_", "kind"),
    [("annual-2026", "annual"), ("so-ket-2025", "so-ket"), ("tong-ket-2030", "tong-ket")],
)
def test_the_eligibility_tables_read_the_kind_of_round(round_, kind):
    """E1: does each round have the kind the eligibility tables are written in?"""
    assert round_kind(round_) == kind
    assert round_kind("annual-20x") is None
