"""Submission preconditions (domain/submission.py), shared by a submission and a dry run."""

from __future__ import annotations

from datetime import datetime

import pytest

from workflow_app.domain.errors import Conflict, MissingDocuments, RoundClosed
from workflow_app.domain.submission import check_submittable

ALL = ("to-trinh", "bien-ban", "bao-cao-thanh-tich")
DEADLINE = datetime(2025, 6, 1)
BEFORE, AFTER = datetime(2025, 5, 31, 23, 59), datetime(2025, 6, 1)


def test_a_complete_draft_before_the_deadline_may_leave_its_unit():
    """Is a draft with its three documents, before the deadline, submittable?"""
    check_submittable("draft", ALL, False, "annual-2025", DEADLINE, BEFORE)
    check_submittable("draft", ALL, False, "annual-2025", None, AFTER)  # no deadline set


def test_a_submitted_dossier_is_not_submitted_again():
    """Is a dossier already in progress refused as `already_submitted`, naming its status?"""
    with pytest.raises(Conflict) as refused:
        check_submittable("in_progress", ALL, False, "annual-2025", DEADLINE, BEFORE)
    assert (refused.value.code, refused.value.params) == (
        "already_submitted",
        {"status": "in_progress"},
    )


@pytest.mark.rule("D4")
def test_a_claimed_initiative_needs_its_confirmation():
    """D4: is a dossier claiming an initiative refused without its confirmation document?"""
    with pytest.raises(MissingDocuments) as refused:
        check_submittable("draft", ALL, True, "annual-2025", DEADLINE, BEFORE)
    assert list(refused.value.details["missing_documents"]) == ["xac-nhan-sang-kien"]


@pytest.mark.rule("T1")
def test_the_deadline_day_itself_is_too_late():
    """T1: is a submission at 00:00 on the deadline refused as `round_closed`?"""
    with pytest.raises(RoundClosed) as refused:
        check_submittable("draft", ALL, False, "annual-2025", DEADLINE, AFTER)
    assert refused.value.params == {"round": "annual-2025", "deadline": DEADLINE}


def test_missing_documents_are_named_before_the_deadline_is_checked():
    """With documents missing and the round closed, are the documents named first?"""
    with pytest.raises(MissingDocuments):
        check_submittable("draft", ALL[:1], False, "annual-2025", DEADLINE, AFTER)
