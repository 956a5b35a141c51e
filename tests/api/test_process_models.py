"""Process models through the JSON API: versions, publish checks, pinning, clone, compare."""

from __future__ import annotations

import io

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED, walk_to
from workflow_app.config import PROJECT_ROOT

HCM = "hcm-award-chain"
BPMN_NAME = "award_chain.bpmn"
HCM_BPMN = (PROJECT_ROOT / "bpmn" / "hcm" / BPMN_NAME).read_text(encoding="utf-8")


def upload(api, files: dict[str, str | bytes], user="hcm-admin", key=HCM):
    parts = [
        (io.BytesIO(c.encode("utf-8") if isinstance(c, str) else c), name)
        for name, c in files.items()
    ]
    return api.post(
        f"/process-models/{key}/versions",
        user,
        data={"files": parts},
        content_type="multipart/form-data",
    )


def publish(api, number: int, user="hcm-admin", key=HCM):
    return api.post(f"/process-models/{key}/versions/{number}/publish", user)


def test_admin_lists_own_models_and_templates(api):
    """Does an administrator see the bundled templates, and a reviewer their own chain?"""
    for user in ("hcm-admin", "dong-nai-admin", "hcm-sgd"):
        items = api.get("/process-models", user).json["items"]
        hcm = next(m for m in items if m["key"] == HCM)
        assert hcm["jurisdiction"] == "hcm"
        assert hcm["versions"][0]["status"] == "published"


def test_version_shows_files_and_who_published(api):
    """Can an administrator read a version's files, status and problems?"""
    body = api.get(f"/process-models/{HCM}/versions/1", "hcm-admin").json
    assert body["status"] == "published" and body["problems"] == []
    names = [f["name"] for f in body["files"]]
    assert BPMN_NAME in names and "unit_council.schema.json" in names
    assert body["created_by"] is None  # the bundle import


def test_file_is_served_with_its_content_type(api):
    """Does a version's file come back as XML or JSON?"""
    xml = api.get(f"/process-models/{HCM}/versions/1/files/{BPMN_NAME}", "hcm-admin")
    assert xml.status_code == 200 and xml.content_type.startswith("application/xml")
    assert xml.get_data(as_text=True) == HCM_BPMN
    form = api.get(f"/process-models/{HCM}/versions/1/files/unit_council.schema.json", "hcm-sgd")
    assert form.content_type.startswith("application/json")
    missing = api.get(f"/process-models/{HCM}/versions/1/files/nothing.json", "hcm-admin")
    assert missing.status_code == 404


def test_only_the_jurisdictions_admin_may_write(api):
    """Is an administrator of another province, or a reviewer, refused on HCMC's model?"""
    for user in ("dong-nai-admin", "hcm-sgd"):
        assert upload(api, {BPMN_NAME: HCM_BPMN}, user).status_code == 403
        assert publish(api, 1, user).status_code == 403


def test_upload_must_be_model_files(api):
    """Is an upload with no files, or a file that is not BPMN, DMN or JSON, refused (422)?"""
    assert upload(api, {}).status_code == 422
    response = upload(api, {"notes.txt": "hello"})
    assert response.status_code == 422 and response.json["error"]["code"] == "unreadable_uploads"
    assert ".bpmn" in response.json["error"]["details"]["notes.txt"]
    assert upload(api, {"x.bpmn": b"\xff\xfe"}).status_code == 422


XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>'
)
NEW_FORM = "<spiffworkflow:formJsonSchemaFilename>unit_council.schema.json</spiffworkflow"
ORPHAN = (
    '<bpmn:scriptTask id="orphan_task" name="Bước mồ côi"><bpmn:outgoing>flow_orphan'
    "</bpmn:outgoing><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask><bpmn:sequenceFlow "
    'id="flow_orphan" sourceRef="orphan_task" targetRef="end_rejected" />'
)
# (what is wrong, how to break the HCMC diagram, the element or text a problem must name)
BROKEN = [
    ("malformed XML", lambda x: x[:-300], "not well-formed"),
    ("external entity", lambda x: XXE + x.split("?>", 1)[1], "DOCTYPE"),
    ("billion laughs", lambda x: LAUGHS + x.split("?>", 1)[1], "DOCTYPE"),
    (
        "script reaching __subclasses__",
        lambda x: x.replace('outcome = "approved"', "outcome = ().__class__.__subclasses__()"),
        "mark_approved",
    ),
    (
        "user task with no lane",
        lambda x: x.replace("<bpmn:flowNodeRef>unit_council</bpmn:flowNodeRef>", ""),
        "unit_council",
    ),
    (
        "missing form",
        lambda x: x.replace(NEW_FORM, NEW_FORM.replace("unit_council", "missing")),
        "missing.schema.json",
    ),
    (
        "capped level without reservation",
        lambda x: x.replace('reserve_quota_slot("ubnd")', "x = 1"),
        'reserve_quota_slot("ubnd")',
    ),
    ("no hold handling", lambda x: x.replace('name="hold_cleared"', 'name="gone"'), "hold_cleared"),
    (
        "unreachable task",
        lambda x: x.replace("</bpmn:process>", ORPHAN + "</bpmn:process>"),
        "orphan_task",
    ),
    (
        "step handing a dossier down the chain",
        lambda x: x.replace("<bpmn:flowNodeRef>sector_council</bpmn:flowNodeRef>", "").replace(
            "<bpmn:flowNodeRef>ubnd_decision</bpmn:flowNodeRef>",
            "<bpmn:flowNodeRef>ubnd_decision</bpmn:flowNodeRef>"
            "<bpmn:flowNodeRef>sector_council</bpmn:flowNodeRef>",
        ),
        "sector_council",
    ),
    (
        "gateway without default",
        lambda x: x.replace(' default="flow_council_passed_gw_to_mark_rejected"', ""),
        "council_passed_gw",
    ),
]


UNPARSABLE = {"model_file_unreadable", "model_unbuildable"}
# what is wrong -> the codes the problem naming it may carry
PROBLEM_CODES = {
    "malformed XML": UNPARSABLE,
    "external entity": UNPARSABLE,
    "billion laughs": UNPARSABLE,
    "script reaching __subclasses__": {"script_refused"},
    "user task with no lane": {"task_without_lane"},
    "missing form": {"task_form_missing"},
    "capped level without reservation": {"level_without_reservation"},
    "no hold handling": {"model_missing_hold_handling"},
    "unreachable task": {"step_unreachable"},
    "step handing a dossier down the chain": {"chain_goes_down"},
    "gateway without default": {"gateway_without_default", "model_unbuildable"},
}


@pytest.mark.parametrize("broken", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_model_is_saved_as_draft_but_never_published(api, broken):
    """Is a model with this mistake kept as a draft listing the problem (a stable code and
    a sentence), and refused on publish with the problems in the error's details?"""
    what, breaks, named = broken
    created = upload(api, {BPMN_NAME: breaks(HCM_BPMN)})
    assert created.status_code == 201, created.json
    body = created.json
    assert body["status"] == "draft" and body["version"] == 2
    naming = [p for p in body["problems"] if named in f"{p['message']} {p['element']}"]
    assert {p["code"] for p in naming} & PROBLEM_CODES[what], body
    refused = publish(api, 2)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "version_has_problems"
    assert refused.json["error"]["details"]["problems"] == body["problems"]
    assert api.get(f"/process-models/{HCM}/versions/1", "hcm-admin").json["status"] == "published"


def test_invalid_form_schema_is_a_problem(api):
    """Is a form that is not a valid JSON Schema named as a problem?"""
    bad = '{"type": "object", "properties": {"x": {"type": "nonsense"}}}'
    body = upload(api, {"unit_council.schema.json": bad}).json
    invalid = [p for p in body["problems"] if p["code"] == "task_form_invalid"]
    assert invalid and invalid[0]["params"]["form"] == "unit_council.schema.json"
    assert "unit_council.schema.json" in invalid[0]["message"]


def renamed_bpmn() -> str:
    return HCM_BPMN.replace(
        'name="Sở Nội vụ thẩm định, trình UBND"', 'name="Sở Nội vụ thẩm định (đổi tên)"'
    )


def test_running_dossier_stays_on_its_version(api):
    """Does a dossier started on v1 finish on v1 after v2 is published, while a new dossier
    starts on v2?"""
    old = api.gen_submitted("bang-khen-ubnd")
    walk_to(api, old["id"], ("unit_council", "so_gddt_appraisal"))
    created = upload(api, {BPMN_NAME: renamed_bpmn()})
    assert created.json["problems"] == []
    published = publish(api, 2)
    assert published.status_code == 200, published.json
    assert published.json["published_by"] == "hcm-admin"
    assert api.get(f"/process-models/{HCM}/versions/1", "hcm-admin").json["status"] == "retired"
    walk_to(api, old["id"], ("sector_council", "so_noi_vu_appraisal"))
    assert api.complete_open(old["id"], APPROVE).status_code == 200
    final = api.dossier(old["id"])
    assert final["status"] == "approved"
    assert final["process_model"] == {"key": HCM, "version": 1}
    events = api.get(f"/dossiers/{old['id']}/history", "hcm-auditor").json["events"]
    assert {e["model_version"] for e in events if e["model_version"]} == {f"{HCM}@1"}
    new = api.gen_submitted("bang-khen-ubnd")
    assert new["process_model"] == {"key": HCM, "version": 2}
    assert api.complete_open(new["id"], COUNCIL_PASSED).status_code == 200


def test_compare_names_what_changed(api):
    """Does comparing v1 and v2 name the renamed task and the added form?"""
    upload(api, {BPMN_NAME: renamed_bpmn(), "extra.schema.json": '{"type": "object"}'})
    body = api.get(f"/process-models/{HCM}/compare?from=1&to=2", "hcm-admin").json
    assert body["tasks"]["changed"] == ["so_noi_vu_appraisal"]
    assert body["forms"]["added"] == ["extra.schema.json"]
    assert body["flows"] == {"added": [], "removed": [], "changed": []}
    assert body["dmn_tables"]["changed"] == []


def test_clone_a_template_into_own_jurisdiction(api):
    """Can Đồng Nai's administrator start a model of their own from HCMC's published chain,
    but not clone it into HCMC, and is the draft hidden from HCMC's administrator?"""
    body = {"new_key": "dong-nai-thu", "jurisdiction": "dong-nai"}
    refused = api.post(
        f"/process-models/{HCM}/clone", "dong-nai-admin", json={**body, "jurisdiction": "hcm"}
    )
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "clone_outside_jurisdiction"
    created = api.post(f"/process-models/{HCM}/clone", "dong-nai-admin", json=body)
    assert created.status_code == 201, created.json
    assert created.json["version"] == 1 and created.json["status"] == "draft"
    assert created.json["jurisdiction"] == "dong-nai"
    again = api.post(f"/process-models/{HCM}/clone", "dong-nai-admin", json=body)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "model_key_taken"
    assert again.json["error"]["details"] == {"new_key": "dong-nai-thu"}
    assert api.get("/process-models/dong-nai-thu/versions/1", "hcm-admin").status_code == 404
    assert upload(api, {BPMN_NAME: HCM_BPMN}, "hcm-admin", "dong-nai-thu").status_code == 403
    assert publish(api, 1, "dong-nai-admin", "dong-nai-thu").status_code == 200


def test_openapi_documents_process_models(client):
    """Does the OpenAPI document describe the process-model operations?"""
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert "post" in paths["/process-models/{key}/versions"]
    assert "get" in paths["/process-models/{key}/compare"]
    schemas = spec["components"]["schemas"]
    assert "version_has_problems" in schemas["ErrorBody"]["properties"]["code"]["enum"]
    assert "task_without_lane" in schemas["ModelProblemOut"]["properties"]["code"]["enum"]


LANG_SON_UNIT = {"user": "lang-son-unit"}
# What Lạng Sơn's administrator creates before adopting HCMC's chain (roles per jurisdiction).
HCM_LANE_ROLES = (("so_gddt", 2), ("so_noi_vu", 3), ("ubnd", 4))


def lang_son_dossier(api) -> dict:
    nominee = api.gen_nominee(user="lang-son-unit", unit="lang-son-phong-quan-ly-dat-dai")
    return api.gen_dossier("bang-khen-ubnd", nominee=nominee, **LANG_SON_UNIT)


def test_a_new_jurisdiction_starts_on_the_model_it_publishes(api):
    """Can Lạng Sơn, which has no award chain, not start dossiers until its administrator
    creates the lanes' roles, clones HCMC's chain and publishes it, and do its dossiers then
    run on that clone?"""
    waiting = lang_son_dossier(api)
    refused = api.post(f"/dossiers/{waiting['id']}/submit", "lang-son-unit")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "no_published_model"
    body = {"new_key": "lang-son-award-chain", "jurisdiction": "lang-son"}
    assert api.post(f"/process-models/{HCM}/clone", "lang-son-admin", json=body).status_code == 201
    still = api.post(f"/dossiers/{waiting['id']}/submit", "lang-son-unit")
    assert still.status_code == 409, "a draft clone must not be used yet"
    missing = publish(api, 1, "lang-son-admin", "lang-son-award-chain")
    assert missing.status_code == 409, "its lanes name roles Lạng Sơn does not have yet"
    for key, level in HCM_LANE_ROLES:
        role = {
            "jurisdiction": "lang-son",
            "key": key,
            "name_vi": key,
            "name_en": key,
            "level": level,
        }
        assert api.post("/roles", "lang-son-admin", json=role).status_code == 201
    published = publish(api, 1, "lang-son-admin", "lang-son-award-chain")  # re-checked
    assert published.status_code == 200, published.json
    started = api.post(f"/dossiers/{waiting['id']}/submit", "lang-son-unit")
    assert started.status_code == 200, started.json
    assert started.json["process_model"] == {"key": "lang-son-award-chain", "version": 1}
    tasks = api.dossier(waiting["id"], "lang-son-admin")["open_tasks"]
    assert tasks[0]["name"] == "unit_council"


def test_publishing_another_model_switches_new_dossiers_only(api):
    """When HCMC's administrator publishes a second model of HCMC, do new dossiers start on it
    while a running dossier stays on the old model?"""
    old = api.gen_submitted("bang-khen-ubnd")
    body = {"new_key": "hcm-award-chain-2026", "jurisdiction": "hcm"}
    assert api.post(f"/process-models/{HCM}/clone", "hcm-admin", json=body).status_code == 201
    assert api.gen_submitted("bang-khen-ubnd")["process_model"]["key"] == HCM
    assert publish(api, 1, "hcm-admin", "hcm-award-chain-2026").status_code == 200
    new = api.gen_submitted("bang-khen-ubnd")
    assert new["process_model"] == {"key": "hcm-award-chain-2026", "version": 1}
    assert api.dossier(old["id"])["process_model"] == {"key": HCM, "version": 1}
    assert api.complete_open(old["id"], COUNCIL_PASSED).status_code == 200
