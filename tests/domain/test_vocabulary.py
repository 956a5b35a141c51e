"""The contract's words (domain/vocabulary.py): award forms, holds, roles, decisions."""

from __future__ import annotations

import pytest

from workflow_app.domain import vocabulary


def test_award_forms_run_from_certificate_to_labour_order():
    """Are the award forms listed lowest first: the Giấy khen up to the Labour Order?"""
    assert vocabulary.AWARD_FORMS[0] == "giay-khen-so"
    assert vocabulary.AWARD_FORMS[-1] == "huan-chuong-lao-dong"
    assert vocabulary.AWARD_FORMS.index("bang-khen-ubnd") < vocabulary.AWARD_FORMS.index(
        "bang-khen-thu-tuong"
    )


@pytest.mark.rule("X2")
def test_the_five_hold_cases_and_press_allegations_are_kinds_of_hold():
    """X2 (a)-(e) and the 2025 decree: are the five HCMC cases and a press allegation known?"""
    assert len(vocabulary.HOLD_KINDS) == 6
    assert "press-allegation" in vocabulary.HOLD_KINDS


def test_every_lane_is_a_role_and_every_role_reviews_or_administers():
    """Is each lane of a chain one of the roles a user can be granted?"""
    assert set(vocabulary.LANE_ROLES) <= set(vocabulary.ROLES)
    assert set(vocabulary.ROLES) - set(vocabulary.LANE_ROLES) == {"admin", "auditor"}


@pytest.mark.rule("C1")
def test_each_level_may_approve_return_or_reject():
    """Can every level approve, return for supplementation, or reject (C-rules)?"""
    assert set(vocabulary.DECISIONS) == {"approve", "return", "reject"}
