"""Walks of the HCMC chain through the JSON API, on the real engine and a real database."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED, SECTOR_APPROVES


def walk(api, dossier_id: int, steps: list[tuple[str, dict]]) -> list[str]:
    """Complete the open task at each step as its lane's user; return the task names seen."""
    seen = []
    for expected_name, data in steps:
        task = api.open_task(dossier_id)
        assert task["name"] == expected_name
        seen.append(task["lane"])
        response = api.complete_open(dossier_id, data)
        assert response.status_code == 200, response.json
        api.select_waiting(dossier_id)  # S1: a capped step waits for its sitting
        api.post_if_waiting(dossier_id)  # P1: a state-level candidate is posted first
    return seen


FULL_CHAIN = [
    ("unit_council", COUNCIL_PASSED),
    ("so_gddt_appraisal", APPROVE),
    ("sector_council", SECTOR_APPROVES),
    ("so_noi_vu_appraisal", APPROVE),
    ("ubnd_decision", APPROVE),
    ("central_appraisal", APPROVE),  # C6 (issue 17)
    ("central_decision", APPROVE),
]


@pytest.mark.rule("C1", "C2", "C3", "C4", "C5", "C6")
def test_prime_minister_award_goes_through_all_five_levels(api):
    """Is a Bằng khen Thủ tướng dossier approved only after unit, Sở GDĐT, Sở Nội vụ, UBND and
    the central level have each approved it?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    assert dossier["status"] == "in_progress"
    assert dossier["process_model"] == {"key": "hcm-award-chain", "version": 1}
    lanes = walk(api, dossier["id"], FULL_CHAIN)
    # C6 (issue 17): the Central Committee appraises, then the Prime Minister decides.
    assert lanes == ["unit", "so_gddt", "so_gddt", "so_noi_vu", "ubnd", "central", "central"]
    final = api.dossier(dossier["id"])
    assert final["status"] == "approved"
    assert final["open_tasks"] == []
    assert final["closed_at"] is not None


@pytest.mark.rule("C7")
def test_certificate_stops_at_so_gddt(api):
    """Does a Giấy khen of Sở GDĐT end when the sector council approves it (C7)?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk(api, dossier["id"], FULL_CHAIN[:3])
    final = api.dossier(dossier["id"])
    assert final["status"] == "approved"
    assert final["open_tasks"] == []


@pytest.mark.rule("C5")
def test_ubnd_award_ends_at_ubnd(api):
    """Does a Bằng khen UBND end with the Chairman's decision, never reaching the centre?"""
    dossier = api.gen_submitted("bang-khen-ubnd")
    walk(api, dossier["id"], FULL_CHAIN[:5])
    assert api.dossier(dossier["id"])["status"] == "approved"


@pytest.mark.rule("C4")
def test_return_goes_back_a_step_and_forwards_again(api):
    """When Sở Nội vụ returns a dossier with a reason, does it go back to the sector council,
    show as returned, and then move forward again when the council re-approves?"""
    dossier = api.gen_submitted("bang-khen-ubnd")
    walk(api, dossier["id"], FULL_CHAIN[:3])
    returned = api.complete_open(dossier["id"], {"decision": "return", "reason": "Bổ sung số liệu"})
    assert returned.status_code == 200
    state = api.dossier(dossier["id"])
    assert state["status"] == "returned"
    assert state["open_tasks"][0]["name"] == "sector_council"
    walk(
        api,
        dossier["id"],
        [
            ("sector_council", SECTOR_APPROVES),
            ("so_noi_vu_appraisal", APPROVE),
            ("ubnd_decision", APPROVE),
        ],
    )
    assert api.dossier(dossier["id"])["status"] == "approved"
    types = [
        e["type"]
        for e in api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    ]
    assert "dossier_returned" in types and types[-1] == "dossier_approved"


@pytest.mark.rule("C2")
def test_unit_supplements_a_returned_dossier(api):
    """Can a unit add a document to a dossier Sở GDĐT returned to it, and resubmit by voting?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk(api, dossier["id"], FULL_CHAIN[:1])
    api.complete_open(dossier["id"], {"decision": "return", "reason": "Thiếu minh chứng"})
    assert api.dossier(dossier["id"])["status"] == "returned"
    assert api.attach(dossier["id"], "bao-cao-thanh-tich").status_code == 201
    walk(api, dossier["id"], FULL_CHAIN[:3])
    assert api.dossier(dossier["id"])["status"] == "approved"


@pytest.mark.rule("C5", "X4")
def test_reject_ends_the_dossier_with_its_reason(api):
    """Does a UBND rejection end the dossier as rejected, with the reason in its history?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    walk(api, dossier["id"], FULL_CHAIN[:4])
    response = api.complete_open(dossier["id"], {"decision": "reject", "reason": "Chưa tiêu biểu"})
    assert response.status_code == 200
    assert api.dossier(dossier["id"])["status"] == "rejected"
    events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    assert events[-1]["type"] == "dossier_rejected"
    assert events[-1]["data"]["reason"] == "Chưa tiêu biểu"


@pytest.mark.rule("C1")
def test_council_vote_below_threshold_rejects(api):
    """Is a dossier that fewer than half of all council members voted for turned down?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    vote = {**COUNCIL_PASSED, "members_total": 10, "members_present": 6, "votes_for": 4}
    assert api.complete_open(dossier["id"], vote).status_code == 200
    assert api.dossier(dossier["id"])["status"] == "rejected"


@pytest.mark.rule("X3")
def test_inbox_offers_tasks_to_the_lane_role_in_the_jurisdiction(api):
    """Does a submitted dossier's council task show in its unit's inbox and nobody else's?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.open_task(dossier["id"])
    mine = api.get("/tasks?scope=group&limit=200", "hcm-unit").json["items"]
    assert task["id"] in [t["id"] for t in mine]
    for other in ("hcm-unit2", "hcm-sgd", "central", "dong-nai-admin"):
        items = api.get("/tasks?scope=group&limit=200", other).json["items"]
        assert task["id"] not in [t["id"] for t in items], other


def test_inbox_pages_with_a_cursor(api):
    """Does the inbox page through tasks with next_cursor, without repeats or gaps?"""
    ids = {
        api.open_task(api.gen_submitted("giay-khen-so", round_="annual-2025")["id"])["id"]
        for _ in range(3)
    }
    seen, cursor = [], None
    while True:
        query = "/tasks?scope=group&limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(query, "hcm-unit").json
        seen += [t["id"] for t in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert ids <= set(seen)
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen)


def test_claim_and_unclaim(api):
    """Once a reviewer claims a task, can a colleague neither claim nor complete it until it is
    given back?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk(api, dossier["id"], FULL_CHAIN[:1])
    task = api.open_task(dossier["id"])
    claimed = api.post(f"/tasks/{task['id']}/claim", "hcm-sgd")
    assert claimed.status_code == 200 and claimed.json["claimed_by"] == "hcm-sgd"
    assert api.post(f"/tasks/{task['id']}/claim", "hcm-sgd2").status_code == 409
    blocked = api.post(f"/tasks/{task['id']}/complete", "hcm-sgd2", json={"data": APPROVE})
    assert blocked.status_code == 409
    mine = api.get("/tasks?scope=mine", "hcm-sgd").json["items"]
    assert [t["id"] for t in mine] == [task["id"]]
    assert api.post(f"/tasks/{task['id']}/unclaim", "hcm-sgd").status_code == 200
    done = api.post(f"/tasks/{task['id']}/complete", "hcm-sgd2", json={"data": APPROVE})
    assert done.status_code == 200


def test_task_carries_its_form_schema(api):
    """Does GET /tasks/{id} give the step's JSON Schema and UI schema in Vietnamese?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.get(f"/tasks/{api.open_task(dossier['id'])['id']}", "hcm-unit").json
    assert task["dossier_id"] == dossier["id"]
    assert task["lane"] == "unit"
    assert "votes_for" in task["form"]["schema"]["properties"]
    assert task["form"]["schema"]["required"]
    assert task["due_at"] is not None


def test_dossier_list_shows_each_dossier_as_its_own_page_does(api):
    """Does each item of GET /dossiers carry the same tasks, holds, slots and documents as
    GET /dossiers/{id}, for a page mixing a draft, one in flight, one held and one approved?"""
    draft = api.gen_dossier("giay-khen-so", round_="annual-2025", documents=("to-trinh",))
    in_flight = api.gen_submitted("bang-khen-thu-tuong")
    walk(api, in_flight["id"], FULL_CHAIN[:5])  # holds a UBND quota slot now
    held = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": held["nominee"]["id"], "kind": "complaint", "reference": "Đơn 7"},
    )
    approved = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk(api, approved["id"], FULL_CHAIN[:3])
    ids = [d["id"] for d in (draft, in_flight, held, approved)]
    listed = {d["id"]: d for d in api.get("/dossiers?limit=200", "hcm-admin").json["items"]}
    for dossier_id in ids:
        assert listed[dossier_id] == api.dossier(dossier_id), dossier_id
    assert listed[in_flight["id"]]["quota_slots"][0]["level"] == "ubnd"
    assert listed[held["id"]]["holds"][0]["kind"] == "complaint"
    assert listed[draft["id"]]["missing_documents"] == ["bien-ban", "bao-cao-thanh-tich"]


def test_a_step_is_due_after_its_working_days(api, clock):
    """Is Sở GDĐT's appraisal (20 working days, DOMAIN T-rules) due 20 working days after it
    arrives, weekends and the 30/4-2/5 days off skipped, not 20 calendar days?"""
    clock.now = datetime(2025, 4, 25, 9, 0)  # a Friday
    dossier = api.gen_submitted("bang-khen-ubnd")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    task = api.get(f"/tasks/{api.open_task(dossier['id'])['id']}", "hcm-sgd").json
    assert task["name"] == "so_gddt_appraisal"
    # From Monday 28/4: 28-29/4, then 5/5 to 28/5 (30/4, 1/5 and 2/5 are off): Wed 28/5.
    assert task["due_at"].startswith("2025-05-28T")
