"""Dossier rules (domain/dossier.py): lifecycle, required documents, the Labour Order."""

from __future__ import annotations

import pytest

from workflow_app.domain.dossier import (
    FINAL_STATUSES,
    HOLDABLE_STATUSES,
    LIVE_STATUSES,
    check_documents_complete,
    check_transition,
    labour_order_class_problem,
    missing_documents,
    status_after_step,
)
from workflow_app.domain.errors import Conflict, Invalid, MissingDocuments, problem

# --- lifecycle ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("draft", "in_progress"),
        ("in_progress", "returned"),
        ("returned", "in_progress"),
        ("in_progress", "approved"),
        ("on_hold", "in_progress"),
    ],
)
def test_the_usual_moves_of_a_dossier_are_allowed(current, new):
    """Can a dossier be submitted, returned, resubmitted, approved and resumed after a hold?"""
    check_transition(current, new)


@pytest.mark.parametrize("final", sorted(FINAL_STATUSES))
def test_a_finished_dossier_never_moves_again(final):
    """Once approved, rejected, excluded or withdrawn, is any further change refused?"""
    with pytest.raises(Conflict) as refused:
        check_transition(final, "in_progress")
    assert refused.value.code == "status_transition"
    assert refused.value.params == {"current": final, "new": "in_progress"}


@pytest.mark.rule("X2")
def test_a_held_dossier_cannot_be_approved_or_rejected():
    """X2: a hold defers, it does not decide: is approving or rejecting a held dossier refused,
    while it may still drop out of its round or be withdrawn?"""
    for decided in ("approved", "rejected"):
        with pytest.raises(Conflict):
            check_transition("on_hold", decided)
    check_transition("on_hold", "excluded")
    check_transition("on_hold", "withdrawn")


@pytest.mark.rule("X2")
def test_a_hold_stops_dossiers_in_flight_where_they_stand():
    """X2: does a hold stop a dossier in progress or returned (a draft waits for submission)?"""
    assert set(HOLDABLE_STATUSES) == {"in_progress", "returned"}
    for status in HOLDABLE_STATUSES:
        check_transition(status, "on_hold")


@pytest.mark.rule("X1")
def test_only_live_dossiers_block_another_for_the_same_round():
    """X1: does an approved or running dossier block a second one, while a rejected, excluded or
    withdrawn one leaves the nominee free to be nominated again?"""
    assert {"draft", "in_progress", "on_hold", "returned", "approved"} <= LIVE_STATUSES
    assert not {"rejected", "excluded", "withdrawn"} & LIVE_STATUSES


@pytest.mark.rule("C1", "C5")
@pytest.mark.parametrize(
    ("completed", "outcome", "decision", "status"),
    [
        (True, "approved", "approve", "approved"),
        (True, "rejected", "reject", "rejected"),
        (True, "rejected", "approve", "rejected"),  # a council vote below the threshold
        (True, None, "approve", "rejected"),
        (False, None, "approve", "in_progress"),
        (False, None, "return", "returned"),
    ],
)
def test_the_status_a_step_leaves_the_dossier_in(completed, outcome, decision, status):
    """Is a dossier approved only when its chain ends approved (a reviewer's 'approve' on a
    failed vote still ends it rejected), and shown returned when a step sent it back?"""
    assert status_after_step(completed, outcome, decision) == status


# --- documents ------------------------------------------------------------------------------


@pytest.mark.rule("D1", "D2", "D3")
def test_an_empty_dossier_misses_letter_minutes_and_report():
    """D1-D3: does a dossier with nothing attached miss the Tờ trình, the minutes and the
    achievement report, in that order?"""
    assert missing_documents([], claims_initiative=False) == [
        "to-trinh",
        "bien-ban",
        "bao-cao-thanh-tich",
    ]


@pytest.mark.rule("D1", "D2", "D3")
def test_a_dossier_with_its_three_documents_misses_nothing():
    """Is a dossier with its three documents (and any extra) complete?"""
    present = ["bao-cao-thanh-tich", "to-trinh", "bien-ban", "bien-ban", "other"]
    assert missing_documents(present, claims_initiative=False) == []
    check_documents_complete(present, claims_initiative=False)


@pytest.mark.rule("D4")
def test_an_initiative_claim_needs_its_confirmation():
    """D4: is the authority's confirmation required only when an initiative is claimed?"""
    three = ["to-trinh", "bien-ban", "bao-cao-thanh-tich"]
    assert missing_documents(three, claims_initiative=True) == ["xac-nhan-sang-kien"]
    assert missing_documents([*three, "xac-nhan-sang-kien"], claims_initiative=True) == []


@pytest.mark.rule("D1", "D2", "D3", "D4")
def test_an_incomplete_dossier_cannot_leave_the_unit_and_each_gap_is_named():
    """Is a dossier missing the minutes and the confirmation refused, naming each kind?"""
    with pytest.raises(MissingDocuments) as refused:
        check_documents_complete(["to-trinh", "bao-cao-thanh-tich"], claims_initiative=True)
    missing = refused.value.details["missing_documents"]
    assert list(missing) == ["bien-ban", "xac-nhan-sang-kien"]
    assert missing["bien-ban"].code == "missing_document"
    assert missing["bien-ban"].params == {"kind": "bien-ban"}
    assert isinstance(refused.value, Invalid)


# --- the Labour Order's class (E3; who may receive it is the eligibility table's, E1) -------


@pytest.mark.rule("E3")
@pytest.mark.parametrize("labour_order_class", [1, 2, 3])
def test_the_labour_order_proposes_one_of_its_three_classes(labour_order_class):
    """E3: is hạng Nhất, Nhì or Ba accepted for a Huân chương Lao động?"""
    assert labour_order_class_problem("huan-chuong-lao-dong", labour_order_class) is None


@pytest.mark.rule("E3")
def test_the_labour_order_without_a_class_or_with_another_is_a_field_problem():
    """E3: is a missing class required, and a fourth class one of 1, 2, 3?"""
    assert labour_order_class_problem("huan-chuong-lao-dong", None) == problem("required")
    wrong = labour_order_class_problem("huan-chuong-lao-dong", 4)
    assert (wrong.code, wrong.params) == ("one_of", {"choices": (1, 2, 3)})


@pytest.mark.rule("E3")
@pytest.mark.parametrize("award_form", ["giay-khen-so", "bang-khen-ubnd", "bang-khen-thu-tuong"])
def test_other_award_forms_have_no_class(award_form):
    """E3: is a class refused on any other award form, and none needed there?"""
    assert labour_order_class_problem(award_form, 1) == problem("only_labour_order")
    assert labour_order_class_problem(award_form, None) is None
