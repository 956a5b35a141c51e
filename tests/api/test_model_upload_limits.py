"""What an administrator may upload in a process-model version (issue 16): forms whose refs
stay inside the version, nested within a limit, with patterns that cannot backtrack for
seconds; decision tables whose expressions pass the script sandbox; scripts that leave only
values a dossier's state can store. Each is a named problem of the draft (never a 500) and
publishing refuses it; a step that still leaves such a value is refused and rolled back."""

from __future__ import annotations

import json

from tests.api.test_process_models import BPMN_NAME, HCM, HCM_BPMN, publish, upload
from tests.factories import COUNCIL_PASSED
from tests.recording_server import recording_server
from workflow_app.config import PROJECT_ROOT

FORM = "unit_council.schema.json"
DMN = "award_route.dmn"
HCM_FORM = (PROJECT_ROOT / "forms" / "hcm" / FORM).read_text(encoding="utf-8")
HCM_DMN = (PROJECT_ROOT / "bpmn" / "hcm" / DMN).read_text(encoding="utf-8")
TALLY = "council_passed = votes_for * 100 &gt;= min_approval_percent * members_total"


def form_with(**fields) -> str:
    schema = json.loads(HCM_FORM)
    schema["properties"].update(fields)
    return json.dumps(schema, ensure_ascii=False)


def problems_of(response, code: str) -> list[dict]:
    assert response.status_code == 201, response.json
    return [p for p in response.json["problems"] if p["code"] == code]


def refused_on_publish(api, number: int = 2) -> bool:
    refused = publish(api, number)
    return refused.status_code == 409 and refused.json["error"]["code"] == "version_has_problems"


def test_a_form_ref_outside_the_version_is_a_problem_and_nothing_is_fetched(api):
    """Is a form referring to http://127.0.0.1:<port>/... or file:///etc/passwd kept as a
    draft naming each ref, refused on publish, and is the server never asked?"""
    with recording_server() as (base, hits):
        form = form_with(note={"$ref": f"{base}/note.json"}, place={"$ref": "file:///etc/passwd"})
        found = problems_of(upload(api, {FORM: form}), "form_ref_outside_version")
        assert refused_on_publish(api)
    assert hits == []
    assert {p["params"]["ref"] for p in found} == {f"{base}/note.json", "file:///etc/passwd"}
    assert {p["file"] for p in found} == {FORM}
    assert "file:///etc/passwd" in " ".join(p["message"] for p in found)


def test_refs_to_the_versions_own_forms_are_fine(api):
    """May a form refer within itself and to another form file of the version?"""
    form = form_with(
        note={"$ref": "#/properties/meeting_date"},
        decision={"$ref": "so_gddt_appraisal.schema.json#/properties/decision"},
    )
    assert problems_of(upload(api, {FORM: form}), "form_ref_outside_version") == []


def test_a_form_nested_500_deep_is_a_problem_not_a_crash(api):
    """Is a form nested 500 levels deep stored as a draft naming the limit, in Vietnamese and
    in English, instead of failing with a server error?"""
    deep = '{"type": "object", "properties": {"x": ' * 500 + '{"type": "string"}' + "}}" * 500
    [found] = problems_of(upload(api, {FORM: deep}), "form_too_deep")
    assert found["file"] == FORM and found["params"] == {"form": FORM, "limit": 32}
    assert refused_on_publish(api)
    english, vietnamese = api.in_both_languages(
        "GET", f"/process-models/{HCM}/versions/2", "hcm-admin"
    )
    [en] = [p["message"] for p in english.json["problems"] if p["code"] == "form_too_deep"]
    [vi] = [p["message"] for p in vietnamese.json["problems"] if p["code"] == "form_too_deep"]
    assert en == f"Form '{FORM}' is nested more than 32 levels deep."
    assert vi == f"Biểu mẫu '{FORM}' lồng nhau quá 32 cấp."


def test_a_pattern_with_nested_quantifiers_is_a_problem(api):
    """Is `^(a+)+$` (seconds of backtracking on one field) named as a problem at upload?"""
    form = form_with(note={"type": "string", "pattern": "^(a+)+$"})
    [found] = problems_of(upload(api, {FORM: form}), "form_pattern_unsafe")
    assert found["params"] == {"form": FORM, "pattern": "^(a+)+$"}
    assert refused_on_publish(api)


def test_hostile_decision_expressions_are_problems_naming_the_table_and_rule(api):
    """Does an input expression, an input entry or an output entry that the script sandbox
    refuses make a problem naming the DMN file, the table and the rule, before any dossier
    reaches it?"""
    hostile = (
        HCM_DMN.replace("<text>award_form</text>", "<text>award_form.__class__</text>")
        .replace('<text>"so_gddt"</text>', "<text>__import__('os').getcwd()</text>")
        .replace('<text>"bang-khen-ubnd"</text>', "<text>open('/etc/passwd').read()</text>")
    )
    response = upload(api, {DMN: hostile})
    [refused_input] = problems_of(response, "decision_input_refused")
    assert refused_input["file"] == DMN
    assert refused_input["element"] == "award_route_input_award_form"
    rules = problems_of(response, "decision_rule_refused")
    assert {(p["element"], p["params"]["row"]) for p in rules} == {
        ("award_route_giay_khen_so", 1),
        ("award_route_bang_khen_ubnd", 2),
    }
    assert all(p["file"] == DMN for p in rules)
    assert "Cấp quyết định theo hình thức khen thưởng" in rules[0]["message"]
    assert refused_on_publish(api)


def test_a_script_leaving_a_set_is_a_problem_at_upload(api):
    """Is a script whose variable is left holding a set named (variable and line) at upload,
    where the state of a dossier could not store it?"""
    bpmn = HCM_BPMN.replace(TALLY, TALLY + "\nseen = set()")
    [found] = problems_of(upload(api, {BPMN_NAME: bpmn}), "script_leaves_unstorable_value")
    assert found["element"] == "count_council_votes"
    assert found["params"] == {"variable": "seen", "line": 2, "kind": "set"}
    assert refused_on_publish(api)


def test_a_step_leaving_an_unstorable_value_is_refused_and_rolled_back(api):
    """When a published script still leaves a set (built in a way no upload check sees), is
    completing the step a 422 naming the element and the variable, in English too, with the
    task still open and nothing recorded?"""
    bpmn = HCM_BPMN.replace(TALLY, TALLY + "\nseen = {1} | {2}")
    assert upload(api, {BPMN_NAME: bpmn}).json["problems"] == []
    assert publish(api, 2).status_code == 200
    dossier = api.gen_submitted("bang-khen-ubnd")
    task = api.open_task(dossier["id"])
    path = f"/tasks/{task['id']}/complete"
    english, vietnamese = api.in_both_languages(
        "POST", path, "hcm-unit", json={"data": COUNCIL_PASSED}
    )
    for refused in (english, vietnamese):  # the second try meets the same open task
        assert refused.status_code == 422, refused.json
        error = refused.json["error"]
        assert error["code"] == "script_left_unstorable_value"
        assert error["details"] == {"element": "count_council_votes", "variable": "seen"}
    assert english.json["error"]["message"].startswith("The process step «count_council_votes»")
    assert vietnamese.json["error"]["message"].startswith("Bước «count_council_votes»")
    assert api.open_task(dossier["id"])["id"] == task["id"]
    events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    assert "task_completed" not in {e["type"] for e in events}
