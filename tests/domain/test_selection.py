"""S1-S4: how a sitting ranks its candidates and who gets the free slots (pure)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from workflow_app.domain.errors import Invalid
from workflow_app.domain.selection import (
    BELOW_THRESHOLD,
    OUTSIDE_QUOTA,
    WITHIN_QUOTA,
    Candidate,
    check_lower_award,
    lower_form_at,
    rank_sitting,
)


def person(dossier_id, votes, sex="male"):
    return Candidate(dossier_id, votes, "individual", sex=sex)


def collective(dossier_id, votes, staff=None, women=None):
    return Candidate(dossier_id, votes, "collective", staff_total=staff, women_total=women)


def outcome(placements):
    return [(p.dossier_id, p.rank, p.selected, p.reason) for p in placements]


@pytest.mark.rule("S1", "S2", "S4")
def test_the_highest_shares_take_the_free_slots():
    """Do the two highest shares of five take two slots, whatever order they came in?"""
    candidates = [person(1, 9), person(2, 14), person(3, 11), person(4, 13), person(5, 10)]
    ranking = rank_sitting(candidates, 15, 15, 50, free_slots=2)
    assert outcome(ranking) == [
        (2, 1, True, WITHIN_QUOTA),
        (4, 2, True, WITHIN_QUOTA),
        (3, 3, False, OUTSIDE_QUOTA),
        (5, 4, False, OUTSIDE_QUOTA),
        (1, 5, False, OUTSIDE_QUOTA),
    ]
    assert ranking[0].share == Fraction(14, 15)


@pytest.mark.rule("S2")
def test_a_share_under_the_threshold_is_never_selected():
    """Is 1 vote of 15 not selected even with slots to spare, and is the share of ALL members
    (not of those present) what counts?"""
    ranking = rank_sitting([person(1, 1), person(2, 7), person(3, 8)], 15, 8, 50, free_slots=3)
    assert outcome(ranking) == [
        (3, 1, True, WITHIN_QUOTA),
        (2, 2, False, BELOW_THRESHOLD),
        (1, 3, False, BELOW_THRESHOLD),
    ]


@pytest.mark.rule("S3")
def test_a_tie_between_a_man_and_a_woman_goes_to_the_woman():
    """Equal shares for one slot: does the woman rank first even if the man came first?"""
    ranking = rank_sitting([person(1, 10), person(2, 10, "female")], 15, 12, 50, free_slots=1)
    assert outcome(ranking)[:1] == [(2, 1, True, WITHIN_QUOTA)]


@pytest.mark.rule("S3")
def test_a_tie_between_collectives_goes_to_the_one_at_least_70_percent_women():
    """Does a collective with 70% women rank before one with 69%?"""
    candidates = [collective(1, 10, 100, 69), collective(2, 10, 10, 7)]
    ranking = rank_sitting(candidates, 15, 15, 50, free_slots=1)
    assert [p.dossier_id for p in ranking if p.selected] == [2]


@pytest.mark.rule("S3")
def test_a_woman_ranks_before_a_collective_of_women_then_the_councils_order():
    """S3's order: a woman, a collective >= 70% women, then the council's recorded order."""
    candidates = [person(1, 10), collective(2, 10, 10, 9), person(3, 10, "female"), person(4, 10)]
    ranking = rank_sitting(candidates, 15, 15, 50, free_slots=None, order=[4, 1])
    assert [p.dossier_id for p in ranking] == [3, 2, 4, 1]
    assert all(p.selected for p in ranking)


@pytest.mark.rule("S3")
def test_a_tie_needing_a_missing_sex_is_refused_naming_the_dossier():
    """When the last slot goes to one of two equal shares and one nominee's sex is missing,
    is the sitting refused naming that dossier?"""
    with pytest.raises(Invalid) as refused:
        rank_sitting([person(1, 10), person(2, 10, None)], 15, 15, 50, free_slots=1)
    assert refused.value.code == "tie_needs_nominee_data"
    assert refused.value.details["dossier_ids"] == [2]


@pytest.mark.rule("S3")
def test_missing_data_is_not_needed_when_the_tie_decides_nothing():
    """Are missing facts ignored where the tie does not cross the last slot, or where the
    other candidate ranks first whatever they are (a woman before an unknown collective)?"""
    both_in = rank_sitting([person(1, 10, None), person(2, 10, None)], 15, 15, 50, free_slots=2)
    assert all(p.selected for p in both_in)
    no_tie = rank_sitting([person(1, 12, None), person(2, 10, None)], 15, 15, 50, free_slots=1)
    assert [p.dossier_id for p in no_tie if p.selected] == [1]
    woman_first = rank_sitting([collective(1, 10), person(2, 10, "female")], 15, 15, 50, 1)
    assert [p.dossier_id for p in woman_first if p.selected] == [2]


@pytest.mark.rule("S2", "S5")
@pytest.mark.parametrize(
    ("total", "present", "votes", "field"),
    [
        (0, 0, 0, "members_total"),
        (15, 16, 10, "members_present"),
        (15, 15, 16, "votes"),
        (15, 15, -1, "votes"),
    ],
)
def test_council_numbers_that_do_not_add_up_are_refused(total, present, votes, field):
    """Are present > total, votes > total, negative votes and an empty council refused,
    naming the field?"""
    with pytest.raises(Invalid) as refused:
        rank_sitting([person(1, votes)], total, present, 50, free_slots=1)
    assert refused.value.code == "invalid_sitting"
    assert field in refused.value.details


def test_an_order_naming_another_dossier_is_refused():
    with pytest.raises(Invalid) as refused:
        rank_sitting([person(1, 10)], 15, 15, 50, free_slots=1, order=[7])
    assert "order" in refused.value.details


def test_no_free_slot_selects_nobody():
    """A cap already used up: everyone above the threshold is outside the quota."""
    ranking = rank_sitting([person(1, 15)], 15, 15, 50, free_slots=0)
    assert outcome(ranking) == [(1, 1, False, OUTSIDE_QUOTA)]


@pytest.mark.rule("S4")
def test_the_lower_form_is_the_one_the_level_itself_decides():
    """S4: the level's own lower form is the one form its route decides; none where it
    decides no form or only the form being selected."""
    deciding = {
        "giay-khen-so": "so_gddt",
        "bang-khen-ubnd": "ubnd",
        "bang-khen-thu-tuong": "central",
    }
    assert lower_form_at("ubnd", "bang-khen-thu-tuong", deciding) == "bang-khen-ubnd"
    assert lower_form_at("so_gddt", "bang-khen-ubnd", deciding) == "giay-khen-so"
    assert lower_form_at("so_noi_vu", "bang-khen-ubnd", deciding) is None
    assert lower_form_at("ubnd", "bang-khen-ubnd", deciding) is None


@pytest.mark.rule("S4")
def test_a_lower_form_needs_a_left_out_candidate_and_a_form():
    placements = rank_sitting(
        [Candidate(1, 12, "individual"), Candidate(2, 9, "individual")], 15, 15, 50, 1
    )
    check_lower_award(placements, [2], "giay-khen-so")  # left out: allowed
    with pytest.raises(Invalid) as selected:
        check_lower_award(placements, [1], "giay-khen-so")
    assert "lower_award" in selected.value.details
    with pytest.raises(Invalid) as none:
        check_lower_award(placements, [2], None)
    assert none.value.code == "no_lower_award"
