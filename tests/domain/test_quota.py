"""Quota rules (domain/quota.py): which levels select, when a slot goes back, valid caps."""

from __future__ import annotations

import pytest

from workflow_app.domain.errors import Conflict, Invalid
from workflow_app.domain.quota import (
    QuotaFull,
    chain_order,
    check_cap_value,
    check_level,
    levels_to_release,
)


@pytest.mark.rule("Q1", "Q2")
def test_a_ubnd_slot_is_given_back_when_the_dossier_returns_below_ubnd():
    """When the dossier holding UBND's slot is back at Sở Nội vụ, is the slot released?"""
    assert levels_to_release({"ubnd"}, ["so_noi_vu"]) == {"ubnd"}


@pytest.mark.rule("Q1", "Q2")
def test_a_slot_is_kept_while_the_dossier_is_at_its_level_or_above():
    """Does UBND's slot stay taken while the dossier waits at UBND or at the central level?"""
    assert levels_to_release({"ubnd"}, ["ubnd"]) == set()
    assert levels_to_release({"ubnd"}, ["central"]) == set()


@pytest.mark.rule("Q3")
def test_only_the_slots_above_the_open_step_are_released():
    """Back at Sở Nội vụ, does a dossier keep Sở GDĐT's slot and give back UBND's; back at its
    unit, does it give back both?"""
    held = {"so_gddt", "ubnd"}
    assert levels_to_release(held, ["so_noi_vu"]) == {"ubnd"}
    assert levels_to_release(held, ["unit"]) == {"so_gddt", "ubnd"}


def test_a_finished_dossier_keeps_its_slots_here():
    """With no open task (approved, or ended otherwise), does this rule release nothing?
    (Rejection and withdrawal release slots by their own reasons.)"""
    assert levels_to_release({"ubnd"}, []) == set()
    assert levels_to_release({"ubnd"}, ["a-lane-of-another-chain"]) == set()


@pytest.mark.rule("Q4")
def test_no_cap_means_no_limit():
    """Q4: is an empty cap (the plan names no number) accepted whatever is used?"""
    check_cap_value(None, used=40)


@pytest.mark.rule("Q4")
def test_a_cap_may_equal_the_slots_already_held():
    """May the admin set a cap of 2 when 2 slots are taken, and of 0 when none are?"""
    check_cap_value(2, used=2)
    check_cap_value(0, used=0)


@pytest.mark.rule("Q4")
def test_a_cap_below_the_slots_already_held_is_refused():
    """Is a cap of 1 refused while 2 dossiers hold slots, naming both numbers?"""
    with pytest.raises(Conflict) as refused:
        check_cap_value(1, used=2)
    assert refused.value.code == "cap_below_used"
    assert refused.value.params == {"cap": 1, "used": 2}


@pytest.mark.rule("Q4")
def test_a_negative_cap_is_not_a_number_of_slots():
    """Is a cap of -1 refused beside the cap field?"""
    with pytest.raises(Invalid) as refused:
        check_cap_value(-1, used=0)
    assert refused.value.code == "invalid_cap"
    assert refused.value.details["cap"].code == "not_a_whole_number"


@pytest.mark.rule("Q1", "Q3")
@pytest.mark.parametrize("level", ["so_gddt", "ubnd"])
def test_a_cap_may_be_set_where_the_model_reserves_slots(level):
    """Q1-Q3: in a chain whose sector council and UBND reserve slots, may each have a cap?"""
    check_level(level, selecting={"ubnd", "so_gddt"})


def test_a_cap_where_the_model_reserves_nothing_is_refused():
    """Is a cap at the unit refused, naming the levels that may have one, bottom up?"""
    with pytest.raises(Invalid) as refused:
        check_level("unit", selecting={"ubnd", "so_gddt"})
    assert refused.value.code == "invalid_level"
    assert refused.value.details["level"].params["choices"] == ["so_gddt", "ubnd"]


def test_a_chain_without_selecting_levels_takes_no_cap():
    """In a chain that reserves no slot anywhere (Đồng Nai's), is every cap refused?"""
    with pytest.raises(Invalid):
        check_level("ubnd", selecting=set())


def test_levels_are_listed_from_the_bottom_of_the_chain_up():
    """Are levels listed unit first, central last, and a lane of another chain after them?"""
    assert chain_order(["central", "other", "unit", "ubnd"]) == ["unit", "ubnd", "central", "other"]


def test_a_full_cap_is_a_conflict_a_reviewer_can_act_on():
    """Is a full cap a conflict (the task stays open) with its own code?"""
    assert isinstance(QuotaFull(), Conflict)
    assert QuotaFull().code == "quota_full"
