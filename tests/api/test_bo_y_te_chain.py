"""Bộ Y tế's chain through the JSON API, each of its award forms (seed 001, Kế hoạch ngày
02/5/2024 of Bộ Y tế): lanes named for the ministry's offices (issue 17), the units' own
Giấy khen (IV.1, VII.1), the ministry path (VII.2: units -> Vụ Tổ chức cán bộ -> Hội đồng
TĐKT Bộ -> Bộ trưởng, or the Prime Minister) and what the plan does not allow (E1)."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED

RETURN = {"decision": "return", "reason": "Bổ sung minh chứng"}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}
VOTES = {"meeting_date": "2025-04-25", "members_total": 10, "members_present": 9}
UNIT = "bo-y-te-benh-vien-bach-mai"
ADMIN = "bo-y-te-admin"
USERS = {
    "unit": "bo-y-te-unit",
    "vu_tccb": "bo-y-te-vu-tccb",
    "hoi_dong_bo": "bo-y-te-hoi-dong",
    "bo_truong": "bo-y-te-bo-truong",
    "central": "central",
}
TO_MINISTER = [
    ("unit_council", COUNCIL_PASSED),
    ("vu_tccb_appraisal", APPROVE),
    ("ministry_council", {**APPROVE, **VOTES, "votes_for": 8}),
]


def submit(api, award_form: str, round_: str, kind: str = "individual") -> int:
    nominee = api.gen_nominee(user=USERS["unit"], unit=UNIT, kind=kind)
    dossier = api.gen_submitted(award_form, round_=round_, user=USERS["unit"], nominee=nominee)
    assert dossier["process_model"]["key"] == "bo-y-te-award-chain"
    return dossier["id"]


def walk(api, dossier_id: int, steps: list[tuple[str, dict]]) -> list[str]:
    """Complete each step, which must be the one open task, as its lane's demo user."""
    lanes = []
    for name, data in steps:
        tasks = api.dossier(dossier_id, ADMIN)["open_tasks"]
        assert [t["name"] for t in tasks] == [name]
        lane = tasks[0]["lane"]
        done = api.post(f"/tasks/{tasks[0]['id']}/complete", USERS[lane], json={"data": data})
        assert done.status_code == 200, done.json
        lanes.append(lane)
    return lanes


def status(api, dossier_id: int) -> str:
    return api.dossier(dossier_id, ADMIN)["status"]


def test_a_unit_awards_its_own_certificate(api):
    """Plan IV.1 and VII.1: does a unit's Giấy khen go from the unit's council to the unit's
    head and end there awarded, never reaching Vụ Tổ chức cán bộ's inbox?"""
    dossier_id = submit(api, "giay-khen-so", "annual-2025")
    lanes = walk(
        api, dossier_id, [("unit_council", COUNCIL_PASSED), ("unit_head_decision", APPROVE)]
    )
    assert lanes == ["unit", "unit"]
    assert status(api, dossier_id) == "approved"
    history = api.get(f"/dossiers/{dossier_id}/history", ADMIN).json["events"]
    assert "vu_tccb_appraisal" not in {e["task"] for e in history}


def test_the_unit_head_returns_to_the_council_or_refuses(api):
    """Plan IV.1: can the unit's head send the Giấy khen back to the unit's council, and then
    refuse it with a reason (X4)?"""
    dossier_id = submit(api, "giay-khen-so", "annual-2025", kind="collective")
    walk(api, dossier_id, [("unit_council", COUNCIL_PASSED), ("unit_head_decision", RETURN)])
    assert status(api, dossier_id) == "returned"
    walk(api, dossier_id, [("unit_council", COUNCIL_PASSED), ("unit_head_decision", REJECT)])
    assert status(api, dossier_id) == "rejected"


def test_another_unit_cannot_decide_the_certificate(api):
    """X3: is a unit's Giấy khen offered only to that unit, not to Vụ Tổ chức cán bộ?"""
    dossier_id = submit(api, "giay-khen-so", "annual-2025")
    walk(api, dossier_id, [("unit_council", COUNCIL_PASSED)])
    task = api.dossier(dossier_id, ADMIN)["open_tasks"][0]
    refused = api.post(f"/tasks/{task['id']}/complete", USERS["vu_tccb"], json={"data": APPROVE})
    assert refused.status_code in (403, 404)
    assert status(api, dossier_id) == "in_progress"


@pytest.mark.parametrize(
    ("award_form", "round_", "kind"),
    [
        ("bang-khen-bo", "annual-2025", "individual"),  # IV.1: proposed to the ministry
        ("bang-khen-bo", "so-ket-2025", "collective"),  # IV.2.1
        ("co-thi-dua-bo", "so-ket-2025", "collective"),  # IV.2.1
    ],
)
def test_the_minister_decides_the_ministry_awards(api, award_form, round_, kind):
    """Plan VII.2: does a Bằng khen Bộ or Cờ thi đua Bộ go through Vụ Tổ chức cán bộ and the
    ministry's council to the Minister, each in the lane named for its office?"""
    dossier_id = submit(api, award_form, round_, kind)
    lanes = walk(api, dossier_id, [*TO_MINISTER, ("minister_decision", APPROVE)])
    assert lanes == ["unit", "vu_tccb", "hoi_dong_bo", "bo_truong"]
    assert status(api, dossier_id) == "approved"


def test_the_flag_needs_eighty_percent_of_the_ministry_council(api):
    """Law 2022 on a ministry's Cờ thi đua: is a flag with 7 of 10 council votes turned down?"""
    dossier_id = submit(api, "co-thi-dua-bo", "tong-ket-2030", "collective")
    steps = [*TO_MINISTER[:2], ("ministry_council", {**APPROVE, **VOTES, "votes_for": 7})]
    walk(api, dossier_id, steps)
    assert status(api, dossier_id) == "rejected"


def test_the_minister_proposes_the_prime_ministers_award(api):
    """Plan IV.2.1 and VII.2: does a Bằng khen Thủ tướng go on from the Minister to the
    central level and end approved there?"""
    dossier_id = submit(api, "bang-khen-thu-tuong", "tong-ket-2030")
    steps = [*TO_MINISTER, ("minister_decision", APPROVE), ("central_decision", APPROVE)]
    assert walk(api, dossier_id, steps)[-2:] == ["bo_truong", "central"]
    assert status(api, dossier_id) == "approved"


@pytest.mark.rule("E1")
@pytest.mark.parametrize(
    ("award_form", "round_", "kind"),
    [
        ("giay-khen-so", "so-ket-2025", "individual"),  # IV.2.1 names only three forms
        ("giay-khen-so", "annual-2025", "household"),  # III.1: units and their staff
        ("co-thi-dua-bo", "annual-2025", "collective"),  # IV.2.1: at the reviews only
        ("bang-khen-thu-tuong", "annual-2025", "individual"),
        ("bang-khen-ubnd", "annual-2025", "individual"),  # a province's award, not the plan's
        ("huan-chuong-lao-dong", "tong-ket-2030", "collective"),
    ],
)
def test_what_the_plan_does_not_allow_is_refused(api, award_form, round_, kind):
    """E1, plan III-IV: is a form the ministry's plan does not give refused at creation with
    422 not_eligible, and no draft written?"""
    nominee = api.gen_nominee(user=USERS["unit"], unit=UNIT, kind=kind)
    body = {
        "nominee_id": nominee["id"],
        "round": round_,
        "award_form": award_form,
        "achievement_summary": "Thành tích học tập suốt đời",
        "claims_initiative": False,
    }
    if award_form == "huan-chuong-lao-dong":
        body["labour_order_class"] = 3
    refused = api.post("/dossiers", USERS["unit"], json=body)
    assert refused.status_code == 422, refused.json
    assert refused.json["error"]["code"] == "not_eligible"
    drafts = api.get("/dossiers?status=draft", USERS["unit"]).json["items"]
    assert nominee["id"] not in {d["nominee"]["id"] for d in drafts}


def test_the_ministry_lists_its_offices_as_roles(api):
    """Issue 17: does Bộ Y tế answer its own roles, named for its offices, lowest first, with
    the built-in lanes beside them?"""
    items = api.get("/roles?jurisdiction=bo-y-te", USERS["vu_tccb"]).json["items"]
    own = [(r["key"], r["level"]) for r in items if not r["builtin"]]
    assert own == [("vu_tccb", 2), ("hoi_dong_bo", 3), ("bo_truong", 4)]
    names = {r["key"]: r["name_vi"] for r in items}
    assert names["vu_tccb"] == "Vụ Tổ chức cán bộ"
    assert {"unit", "central", "president"} <= {r["key"] for r in items if r["builtin"]}
    assert not {"so_gddt", "so_noi_vu", "ubnd"} & set(names)


def test_the_demo_users_hold_their_offices_roles(api):
    """Issue 17: are Bộ Y tế's demo reviewers granted its offices' roles (GET /users)?"""
    items = api.get("/users?jurisdiction=bo-y-te", ADMIN).json["items"]
    grants = {u["username"]: [g["role"] for g in u["grants"]] for u in items}
    assert grants["bo-y-te-vu-tccb"] == ["vu_tccb"]
    assert grants["bo-y-te-hoi-dong"] == ["hoi_dong_bo"]
    assert grants["bo-y-te-bo-truong"] == ["bo_truong"]


@pytest.mark.rule("X2")
def test_vu_tccb_places_and_clears_holds_at_the_ministry(api):
    """X2, plan VII.2: may Vụ Tổ chức cán bộ (the ministry's standing body for awards) place
    and clear a hold, while the Minister's office may not?"""
    nominee = api.gen_nominee(user=USERS["unit"], unit=UNIT)
    body = {"nominee_id": nominee["id"], "kind": "inspection", "reference": "TTr-01", "note": ""}
    assert api.post("/holds", USERS["bo_truong"], json=body).status_code == 403
    placed = api.post("/holds", USERS["vu_tccb"], json=body)
    assert placed.status_code == 201, placed.json
    cleared = api.post(
        f"/holds/{placed.json['id']}/clear", USERS["vu_tccb"], json={"reference": "KL-02"}
    )
    assert cleared.status_code == 200, cleared.json


def test_the_bundled_samples_dry_run_on_the_ministry_chain(api):
    """Do the bundled dry-run samples (bpmn/dry_run_samples.json) run on Bộ Y tế's chain: its
    own forms end approved in its offices' lanes, the others stop as not eligible (E1)?"""
    path = "/process-models/bo-y-te-award-chain/versions/1/dry-run"
    response = api.post(path, ADMIN, json={})
    assert response.status_code == 200, response.json
    runs = {run["sample"]: run for run in response.json["runs"]}
    lanes = {name: [s["lane"] for s in run["path"]] for name, run in runs.items()}
    assert lanes["giay-khen-so"] == ["unit", "unit"]
    assert lanes["bang-khen-bo"] == ["unit", "vu_tccb", "hoi_dong_bo", "bo_truong"]
    assert lanes["bang-khen-thu-tuong"][-1] == "central"
    for name in ("giay-khen-so", "bang-khen-bo", "co-thi-dua-bo", "bang-khen-thu-tuong"):
        assert runs[name]["status"] == "approved", runs[name]["stopped"]
    codes = {name: (run["stopped"] or {}).get("code") for name, run in runs.items()}
    refused = {name for name, code in codes.items() if code}
    assert {codes[name] for name in refused} == {"not_eligible"}
    assert {"huan-chuong-lao-dong", "bang-khen-ubnd-tra-lai"} <= refused
