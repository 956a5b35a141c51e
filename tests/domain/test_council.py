"""Council vote records (domain/council.py): counts that cannot be true across fields."""

from __future__ import annotations

import pytest

from workflow_app.domain.council import vote_record_errors

pytestmark = pytest.mark.rule("C1")


def test_a_possible_vote_has_no_problem():
    """Is 8 present and 8 votes of 9 members accepted as it is?"""
    assert vote_record_errors({"members_total": 9, "members_present": 8, "votes_for": 8}) == {}


def test_more_present_than_members_is_named_on_its_field():
    """Is a meeting with 10 present out of 9 members refused beside the 'present' field?"""
    errors = vote_record_errors({"members_total": 9, "members_present": 10, "votes_for": 5})
    assert {field: p.code for field, p in errors.items()} == {
        "members_present": "present_over_total"
    }


def test_more_votes_than_members_is_named_on_its_field():
    """Is 10 votes out of 9 members refused beside the 'votes' field?"""
    errors = vote_record_errors({"members_total": 9, "members_present": 9, "votes_for": 10})
    assert {field: p.code for field, p in errors.items()} == {"votes_for": "votes_over_total"}


def test_absent_members_may_vote_in_writing():
    """May votes exceed those present, since absent members send written opinions?"""
    assert vote_record_errors({"members_total": 9, "members_present": 5, "votes_for": 8}) == {}


def test_both_impossible_counts_are_named_at_once():
    """Are both impossible counts named together, so the reviewer fixes them in one go?"""
    errors = vote_record_errors({"members_total": 3, "members_present": 4, "votes_for": 5})
    assert set(errors) == {"members_present", "votes_for"}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"members_total": None, "members_present": 10, "votes_for": 10},
        {"members_total": "9", "members_present": 10, "votes_for": 10},
    ],
)
def test_missing_or_malformed_counts_are_left_to_the_form_schema(data):
    """Does a missing or non-numeric count raise nothing here (the form schema names it)?"""
    assert vote_record_errors(data) == {}
