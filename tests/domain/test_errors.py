"""Refusals (domain/errors.py): a stable code and its parameters, never a sentence."""

from __future__ import annotations

import pytest

from workflow_app.domain.errors import (
    REQUIRED,
    Conflict,
    DomainError,
    DuplicateDossier,
    FieldProblem,
    Invalid,
    MissingDocuments,
    NotAllowed,
    NotFound,
    RoundClosed,
    TaskCompleted,
    TaskOnHold,
    problem,
)


def test_a_refusal_names_its_code_and_parameters():
    """Does a refusal carry the code a client switches on and the values its message shows?"""
    error = Conflict("cap_below_used", cap=1, used=2)
    assert (error.code, error.params, error.details) == (
        "cap_below_used",
        {"cap": 1, "used": 2},
        {},
    )
    assert str(error) == "cap_below_used {'cap': 1, 'used': 2}"


def test_a_refusal_without_a_code_uses_its_kinds_code():
    """Does a bare NotFound answer `not_found`, and a bare NotAllowed `forbidden`?"""
    assert NotFound().code == "not_found"
    assert str(NotFound()) == "not_found"
    assert NotAllowed().code == "forbidden"
    assert NotAllowed("not_unit_member").code == "not_unit_member"


def test_details_are_a_copy_of_what_was_given():
    """Does changing the dict a refusal was built from leave the refusal's details alone?"""
    given = {"name": REQUIRED}
    error = Invalid("invalid", details=given)
    given["other"] = REQUIRED
    assert error.details == {"name": REQUIRED}


@pytest.mark.parametrize(
    ("refusal", "kind", "code"),
    [
        (TaskOnHold(task="so_gddt_appraisal"), Conflict, "task_on_hold"),
        (TaskCompleted(), Conflict, "task_completed"),
        (RoundClosed(round="so-ket-2025"), Conflict, "round_closed"),
        (DuplicateDossier(), Conflict, "duplicate_dossier"),
        (MissingDocuments(), Invalid, "missing_documents"),
    ],
)
def test_named_refusals_are_caught_by_their_meaning(refusal, kind, code):
    """Can a caller catch a held task or a closed round as a conflict, and missing documents
    as invalid content, each keeping its own code?"""
    assert isinstance(refusal, kind) and isinstance(refusal, DomainError)
    assert refusal.code == code


def test_a_field_problem_is_a_code_with_parameters():
    """Is 'too long' a code with its limit, shown by its code when printed?"""
    too_long = problem("too_long", max=200)
    assert too_long == FieldProblem("too_long", {"max": 200})
    assert str(too_long) == "too_long"
    assert REQUIRED == problem("required")
