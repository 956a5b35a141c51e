"""Forms of a process model when a task is completed (issue 16): a `$ref` never reaches past
the version's own form files, and a pattern cannot hold a completion for seconds, even in a
version stored before refs and patterns were checked at upload."""

from __future__ import annotations

import json
import time

import pytest

from tests.recording_server import recording_server
from workflow_app.config import PROJECT_ROOT
from workflow_app.domain.errors import Invalid
from workflow_app.domain.form_rules import too_deep, unsafe_pattern
from workflow_app.engine.specs import ParsedModel, parse_model
from workflow_app.services.forms import validate_task_data
from workflow_app.services.process_models import read_bundle

FORM = "unit_council.schema.json"
COUNCIL = {"meeting_date": "2025-04-20", "members_total": 9, "members_present": 9, "votes_for": 9}


def model_with_form(edit) -> ParsedModel:
    """HCMC's model with the unit council's form changed by `edit` (as a stored old version
    could hold it: parse_model does not run the publish checks)."""
    bundle = read_bundle(PROJECT_ROOT, "hcm")
    files = dict(bundle.files)
    schema = json.loads(files[FORM])
    edit(schema)
    files[FORM] = json.dumps(schema)
    return parse_model(files, bundle.process_id)


def refer_to(ref: str, field: str = "note"):
    def edit(schema):
        schema["properties"][field] = {"$ref": ref}

    return edit


def test_a_ref_to_a_url_is_never_fetched_when_a_task_is_completed():
    """Is a form whose field refers to http://127.0.0.1:<port>/... refused at completion,
    naming the ref, with not one request reaching that server?"""
    with recording_server() as (base, hits):
        model = model_with_form(refer_to(f"{base}/note.json"))
        with pytest.raises(Invalid) as refused:
            validate_task_data(model, FORM, {**COUNCIL, "note": "x"})
    assert hits == []
    assert refused.value.code == "form_ref_outside_version"
    assert refused.value.params == {"form": FORM, "ref": f"{base}/note.json"}


def test_a_ref_to_a_local_file_is_never_read():
    """Is `file:///etc/passwd` in a form refused at completion instead of being opened?"""
    model = model_with_form(refer_to("file:///etc/passwd"))
    with pytest.raises(Invalid) as refused:
        validate_task_data(model, FORM, {**COUNCIL, "note": "x"})
    assert refused.value.params["ref"] == "file:///etc/passwd"


def test_refs_inside_the_version_still_work():
    """Do a ref within the form and a ref to another form file of the version both resolve
    (the latter relative to the form's own `$id`, as the bundled forms declare one)?"""

    def edit(schema):
        schema["$defs"] = {"short": {"type": "string", "maxLength": 5}}
        schema["properties"]["note"] = {"$ref": "#/$defs/short"}
        schema["properties"]["decision"] = {
            "$ref": "so_gddt_appraisal.schema.json#/properties/decision"
        }

    model = model_with_form(edit)
    assert validate_task_data(model, FORM, {**COUNCIL, "note": "ok", "decision": "approve"})
    with pytest.raises(Invalid) as refused:
        validate_task_data(model, FORM, {**COUNCIL, "note": "too long", "decision": "maybe"})
    assert set(refused.value.details["fields"]) == {"note", "decision"}


# Each backtracks for about 3 s in Python's `re` on "a" * length + "!" (doubling per extra "a").
BACKTRACKING = [(r"^(a+)+$", 26), (r"^(\w+\s?)*$", 25), (r"^(a|aa)+$", 36)]


@pytest.mark.parametrize("pattern, length", BACKTRACKING)
def test_a_backtracking_pattern_cannot_hold_a_completion(pattern, length):
    """Does a stored form with a pattern that backtracks exponentially still answer within a
    second, the field refused as not matching?"""

    def edit(schema):
        schema["properties"]["note"] = {"type": "string", "pattern": pattern}

    model = model_with_form(edit)
    began = time.perf_counter()
    with pytest.raises(Invalid) as refused:
        validate_task_data(model, FORM, {**COUNCIL, "note": "a" * length + "!"})
    assert time.perf_counter() - began < 1
    assert refused.value.details["fields"]["note"].code == "pattern"


def test_patterns_still_match_as_before():
    """Does an ordinary pattern accept what it matches and refuse what it does not?"""

    def edit(schema):
        schema["properties"]["note"] = {"type": "string", "pattern": r"^\d{2}/\d{4}$"}

    model = model_with_form(edit)
    assert validate_task_data(model, FORM, {**COUNCIL, "note": "05/2025"})
    with pytest.raises(Invalid):
        validate_task_data(model, FORM, {**COUNCIL, "note": "May 2025"})


@pytest.mark.parametrize(
    "pattern, unsafe",
    [
        (r"^(a+)+$", True),
        (r"^(\w*,)*$", True),
        (r"^(?:a|b?)+$", True),
        (r"^([a-z]{1,3})*$", True),
        (r"\S", False),
        (r"^\d{2}/\d{4}$", False),
        (r"^(\d{3}-)+\d$", False),  # a fixed count inside cannot backtrack
        (r"^(a+)$", False),
        ("(" * 5000 + ")" * 5000, True),  # deeper than the parser goes
    ],
)
def test_nested_quantifiers_are_told_apart(pattern, unsafe):
    assert unsafe_pattern(pattern) is unsafe


def test_depth_is_measured_without_recursion():
    """Is a value nested 100,000 deep measured (and found too deep) without a RecursionError?"""
    value: list = []
    for _ in range(100_000):
        value = [value]
    assert too_deep(value)
    assert not too_deep(json.loads((PROJECT_ROOT / "forms" / "hcm" / FORM).read_text()))
