"""Disciplinary holds (X2): a hold defers a dossier where it stands, clearing resumes it."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED, walk_to


def place(api, nominee_id, kind="complaint", user="hcm-snv"):
    return api.post(
        "/holds",
        user,
        json={
            "nominee_id": nominee_id,
            "kind": kind,
            "reference": "Đơn tố cáo số 12/2025",
            "note": "xác minh",
        },
    )


def clear(api, hold_id, user="hcm-snv"):
    return api.post(f"/holds/{hold_id}/clear", user, json={"reference": "Kết luận 34/KL"})


def inbox_ids(api, user):
    return [t["id"] for t in api.get("/tasks?limit=200", user).json["items"]]


@pytest.mark.rule("X2")
def test_hold_mid_flight_stops_then_resumes_the_dossier(api):
    """When Sở Nội vụ places a hold on a nominee whose dossier waits at Sở GDĐT, does the
    task leave the inbox and refuse completion, and after clearing does it come back at the
    same step with its data and go on to approval?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    task = api.open_task(dossier["id"])
    assert task["name"] == "so_gddt_appraisal"
    hold = place(api, dossier["nominee"]["id"])
    assert hold.status_code == 201
    held = api.dossier(dossier["id"])
    assert held["status"] == "on_hold"
    assert held["holds"][0]["kind"] == "complaint" and held["holds"][0]["open"]
    assert task["id"] not in inbox_ids(api, "hcm-sgd")
    refused = api.post(f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": APPROVE})
    assert refused.status_code == 409
    assert clear(api, hold.json["id"]).status_code == 200
    resumed = api.dossier(dossier["id"])
    assert resumed["status"] == "in_progress"
    assert resumed["open_tasks"][0]["id"] == task["id"]
    assert task["id"] in inbox_ids(api, "hcm-sgd")
    walk_to(api, dossier["id"], ("so_gddt_appraisal", "sector_council"))
    assert api.dossier(dossier["id"])["status"] == "approved"
    history = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json
    types = [e["type"] for e in history["events"]]
    assert types.index("dossier_held") < types.index("dossier_resumed")
    assert history["verified"]


@pytest.mark.rule("X2")
def test_hold_before_submission_sends_dossier_straight_to_hold(api):
    """Is a dossier submitted while its nominee has an open hold put on hold at once, and
    does it start at the unit's council when the hold clears?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    hold = place(api, dossier["nominee"]["id"], kind="disciplinary-review")
    assert hold.status_code == 201
    assert api.dossier(dossier["id"])["status"] == "draft"
    submitted = api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    assert submitted.status_code == 200
    assert submitted.json["status"] == "on_hold"
    assert submitted.json["open_tasks"] == []
    clear(api, hold.json["id"])
    assert api.open_task(dossier["id"])["name"] == "unit_council"


@pytest.mark.rule("X2")
def test_every_hold_must_clear_before_the_dossier_moves(api):
    """With two open holds, does clearing one leave the dossier on hold?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    first = place(api, dossier["nominee"]["id"], kind="inspection").json
    nominee_id = dossier["nominee"]["id"]
    second = place(api, nominee_id, kind="criminal-proceedings", user="hcm-admin").json
    clear(api, first["id"])
    assert api.dossier(dossier["id"])["status"] == "on_hold"
    clear(api, second["id"], user="hcm-admin")
    assert api.dossier(dossier["id"])["status"] == "in_progress"


@pytest.mark.rule("X2")
def test_returned_dossier_resumes_as_returned(api):
    """Does a returned dossier come back as returned (not merely in progress) after a hold?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    api.complete_open(dossier["id"], {"decision": "return", "reason": "Bổ sung"})
    hold = place(api, dossier["nominee"]["id"]).json
    clear(api, hold["id"])
    assert api.dossier(dossier["id"])["status"] == "returned"
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200


def test_only_so_noi_vu_and_admin_place_holds(api):
    """Are a unit and a Sở GDĐT reviewer refused (403), and another province's admin unable
    to see the nominee at all (404)?"""
    nominee = api.gen_nominee()
    assert place(api, nominee["id"], user="hcm-unit").status_code == 403
    assert place(api, nominee["id"], user="hcm-sgd").status_code == 403
    assert place(api, nominee["id"], user="dong-nai-admin").status_code == 404
    assert place(api, nominee["id"], user="hcm-admin").status_code == 201


@pytest.mark.rule("X2")
def test_unknown_hold_kind_and_missing_reference_are_invalid(api):
    """Is a hold of an unknown kind, or without the reference of its document, a 422?"""
    nominee = api.gen_nominee()
    bad_kind = api.post(
        "/holds", "hcm-snv", json={"nominee_id": nominee["id"], "kind": "gossip", "reference": "x"}
    )
    assert bad_kind.status_code == 422
    no_ref = api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": nominee["id"], "kind": "complaint", "reference": " "},
    )
    assert no_ref.status_code == 422


@pytest.mark.rule("X2")
def test_hold_on_a_collective_leaves_its_members_alone(api):
    """Does a hold on a school stop the school's dossier but not a teacher's?"""
    school = api.gen_nominee(kind="collective", name="Trường THPT Lê Quý Đôn")
    school_dossier = api.gen_submitted("giay-khen-so", round_="annual-2025", nominee=school)
    teacher_dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    place(api, school["id"])
    assert api.dossier(school_dossier["id"])["status"] == "on_hold"
    assert api.dossier(teacher_dossier["id"])["status"] == "in_progress"


def test_holds_are_listed_for_whoever_sees_the_nominee(api):
    """Can the unit see the holds on its nominee, open and cleared?"""
    nominee = api.gen_nominee()
    hold = place(api, nominee["id"]).json
    clear(api, hold["id"])
    listed = api.get(f"/holds?nominee_id={nominee['id']}", "hcm-unit").json["items"]
    assert [(h["id"], h["open"], h["clear_reference"]) for h in listed] == [
        (hold["id"], False, "Kết luận 34/KL")
    ]
    assert clear(api, hold["id"]).status_code == 409


@pytest.mark.rule("X2")
def test_a_jurisdictions_own_kind_holds_only_its_nominees(api):
    """X2: may Sở Nội vụ place a hold of HCMC's own kind on a HCMC nominee, while Đồng Nai's
    admin is refused that kind on a Đồng Nai nominee (422 naming it), and a stopped kind is
    refused too?"""
    kind = {"jurisdiction": "hcm", "key": "hcm-thu-ly", "label": "Đang thụ lý", "rule": "KH 1"}
    assert api.post("/hold-kinds", "hcm-admin", json=kind).status_code == 201
    hcm_nominee = api.gen_nominee()
    assert place(api, hcm_nominee["id"], kind="hcm-thu-ly").status_code == 201
    other = api.gen_nominee(user="dong-nai-unit", unit="dong-nai-thpt-ngo-quyen")
    refused = place(api, other["id"], kind="hcm-thu-ly", user="dong-nai-admin")
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "hold_kind_unusable"
    assert "hcm-thu-ly" in refused.json["error"]["message"]
    assert place(api, other["id"], kind="complaint", user="dong-nai-admin").status_code == 201
    stop = api.call("PATCH", "/hold-kinds/hcm-thu-ly", "hcm-admin", json={"active": False})
    assert stop.status_code == 200
    assert place(api, api.gen_nominee()["id"], kind="hcm-thu-ly").status_code == 422
