"""Does every refusal the code can raise have a status and a text in Vietnamese and English?"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from workflow_app import domain
from workflow_app.messages import CATALOGUE, FIELD_PROBLEMS

PACKAGE = Path(domain.__file__).resolve().parent.parent
EN_PO = PACKAGE / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
REFUSALS = {
    "DomainError",
    "NotFound",
    "NotAllowed",
    "NotSignedIn",
    "Conflict",
    "Invalid",
    "TooLarge",
}


def _english() -> dict[str, str]:
    with EN_PO.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    return {message.id: message.string for message in catalog if message.id and message.string}


def _refusal_classes() -> set[str]:
    """Every class deriving (directly or not) from a refusal, across the package."""
    names = set(REFUSALS)
    trees = [ast.parse(path.read_text()) for path in PACKAGE.rglob("*.py")]
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {getattr(b, "id", getattr(b, "attr", None)) for b in node.bases}
                    if bases & names:
                        names.add(node.name)
                        grew = True
    return names


def _raised_codes() -> dict[str, str]:
    """code -> where, for each refusal built with a literal code or declaring `code = ...`."""
    classes = _refusal_classes()
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        where = str(path.relative_to(PACKAGE))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in classes and node.args and isinstance(node.args[0], ast.Constant):
                    found.setdefault(str(node.args[0].value), f"{where}:{node.lineno}")
            if isinstance(node, ast.ClassDef) and node.name in classes:
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and getattr(statement.targets[0], "id", None) == "code"
                        and isinstance(statement.value, ast.Constant)
                    ):
                        found.setdefault(statement.value.value, f"{where}:{node.lineno}")
    return found


def test_every_raised_code_is_in_the_catalogue():
    """Can a client and a page always explain a refusal the code raises?"""
    missing = {code: where for code, where in _raised_codes().items() if code not in CATALOGUE}
    assert not missing, f"codes raised but not catalogued: {missing}"


def test_codes_are_stable_identifiers_not_sentences():
    """Is every code a snake_case identifier a client can switch on?"""
    for code in [*CATALOGUE, *FIELD_PROBLEMS, *_raised_codes()]:
        assert code.replace("_", "").isalnum() and code == code.lower(), code


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_a_status_and_both_languages(code):
    """Does each refusal answer with an HTTP error status, in Vietnamese and in English?"""
    entry = CATALOGUE[code]
    english = _english()
    assert 400 <= entry.status <= 599
    assert entry.text.strip()
    assert english.get(entry.text), f"{code}: no English text for {entry.text!r}"


@pytest.mark.parametrize("code", sorted(FIELD_PROBLEMS))
def test_every_field_problem_has_both_languages(code):
    """Is the note shown beside a field translated too?"""
    assert _english().get(FIELD_PROBLEMS[code]), code


def test_the_contract_codes_are_all_there():
    """Are the codes CONTRACT.md promises clients all catalogued, with their statuses?"""
    promised = {
        "unauthenticated": 401,
        "forbidden": 403,
        "not_found": 404,
        "invalid": 422,
        "missing_documents": 422,
        "not_eligible": 422,
        "duplicate_dossier": 409,
        "round_closed": 409,
        "conflict": 409,
        "task_completed": 409,
        "task_on_hold": 409,
        "quota_full": 409,
        "selection_required": 409,
        "posting_open": 409,
        "rate_limited": 429,
        "payload_too_large": 413,
    }
    assert {code: CATALOGUE[code].status for code in promised} == promised
