"""Merged jurisdictions and retired units (M1): what moves, what carries over, what stays
readable, and what can no longer be written. HCMC is merged into Đồng Nai here (each test's
transaction is rolled back), so its caps, chain and sittings are the ones in play."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.factories import APPROVE, Api, walk_to
from workflow_app.domain.errors import Conflict
from workflow_app.persistence.models import Nominee, QuotaCap
from workflow_app.services.accounts import ensure_user

from ..services.test_user_admin import acting_as

pytestmark = pytest.mark.rule("M1")
BOTH_ADMIN = "m1-admin-hai-tinh"
MERGE = {"into": "dong-nai", "effective_on": "2025-05-01"}
ROUND, FORM, LEVEL = "tong-ket-2030", "bang-khen-ubnd", "so_gddt"  # Q3: HCMC caps it at 2


def add_user(app, db, clock, username: str, grants) -> None:
    with acting_as(app, db, clock, None) as ctx:
        ensure_user(ctx.session, username, "Người dùng thử", DEMO_PASSWORD, grants, ctx.now)


@pytest.fixture
def both(app, db, clock, client) -> Api:
    """An administrator of both HCMC and Đồng Nai (no demo user is)."""
    add_user(app, db, clock, BOTH_ADMIN, [("admin", "hcm", None), ("admin", "dong-nai", None)])
    return Api(client, DEMO_PASSWORD)


def merge(both: Api, body=MERGE, jurisdiction="hcm"):
    return both.post(f"/jurisdictions/{jurisdiction}/merge", BOTH_ADMIN, json=body)


def set_dong_nai_cap(app, db, clock, cap: int) -> None:
    with acting_as(app, db, clock, None) as ctx:
        ctx.session.add(
            QuotaCap(
                jurisdiction_id="dong-nai",
                round=ROUND,
                award_form=FORM,
                level=LEVEL,
                cap=cap,
                used=0,
                updated_by="test",
                updated_at=ctx.now,
            )
        )


def proposed(api) -> int:
    """An HCMC dossier approved at the capped sector council, waiting for its sitting (S1)."""
    dossier = api.gen_submitted(FORM, round_=ROUND)
    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal"))
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    assert api.dossier(dossier["id"])["waiting_for"] == "selection"
    return dossier["id"]


def history_types(api, dossier_id: int, user: str) -> list[str]:
    response = api.get(f"/dossiers/{dossier_id}/history", user)
    assert response.status_code == 200, response.json
    return [event["type"] for event in response.json["events"]]


def test_merge_moves_units_open_dossiers_caps_and_deadlines(api, both, app, db, clock):
    """Do HCMC's units and open dossiers go to Đồng Nai, its caps add to Đồng Nai's (listed
    for review), and does the dossier go on under Đồng Nai's reviewers on its pinned model?"""
    set_dong_nai_cap(app, db, clock, 1)
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    pinned = dossier["process_model"]
    response = merge(both)
    assert response.status_code == 200, response.json
    summary = response.json
    assert "hcm-thpt-le-quy-don" in summary["units"]
    assert dossier["id"] in summary["dossiers"]
    [cap] = [c for c in summary["caps"] if (c["round"], c["award_form"]) == (ROUND, FORM)]
    assert (cap["before"], cap["carried"], cap["cap"], cap["review"]) == (1, 2, 3, True)
    assert {line["round"] for line in summary["deadlines"]} >= {"so-ket-2025", "annual-2025"}
    moved = api.dossier(dossier["id"], "dong-nai-admin")
    assert (moved["jurisdiction"], moved["process_model"]) == ("dong-nai", pinned)
    council = moved_task(api, dossier["id"])
    data = {"data": APPROVE_COUNCIL}
    assert api.post(f"/tasks/{council['id']}/complete", "hcm-unit", json=data).status_code == 200
    task = moved_task(api, dossier["id"])
    assert task["name"] == "so_gddt_appraisal"
    old_reviewer = api.post(f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": APPROVE})
    assert old_reviewer.status_code in (403, 404)
    done = api.post(f"/tasks/{task['id']}/complete", "dong-nai-sgd", json={"data": APPROVE})
    assert done.status_code == 200, done.json
    assert history_types(api, dossier["id"], "dong-nai-admin").count("dossier_moved") == 1
    listed = {j["key"]: j for j in api.get("/jurisdictions", "hcm-unit").json["items"]}
    assert (listed["hcm"]["status"], listed["hcm"]["successor"]) == ("merged", "dong-nai")
    assert listed["dong-nai"]["status"] == "active"


APPROVE_COUNCIL = {
    "meeting_date": "2025-04-20",
    "members_total": 9,
    "members_present": 8,
    "votes_for": 8,
    "standards_met": True,
}


def moved_task(api, dossier_id: int) -> dict:
    [task] = api.dossier(dossier_id, "dong-nai-admin")["open_tasks"]
    return task


def test_a_held_dossier_moves_and_stays_on_hold(api, both):
    """Does a dossier on hold keep its hold across the merge, and resume once it is cleared?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    hold = api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": dossier["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"},
    )
    assert hold.status_code == 201, hold.json
    assert merge(both).status_code == 200
    moved = api.dossier(dossier["id"], "dong-nai-admin")
    assert (moved["jurisdiction"], moved["status"]) == ("dong-nai", "on_hold")
    assert [h["open"] for h in moved["holds"]] == [True]
    cleared = both.post(
        f"/holds/{hold.json['id']}/clear", BOTH_ADMIN, json={"reference": "Kết luận 2"}
    )
    assert cleared.status_code == 200, cleared.json
    assert api.dossier(dossier["id"], "dong-nai-admin")["status"] == "in_progress"


def test_a_dossier_waiting_for_a_sitting_is_selected_by_the_successor(api, both):
    """Is a dossier waiting for HCMC's sitting a candidate of Đồng Nai's sitting after the
    merge, under the carried cap, and selected there?"""
    dossier_id = proposed(api)
    assert merge(both).status_code == 200
    waiting = api.candidates(ROUND, FORM, LEVEL, "dong-nai-sgd")
    assert waiting["cap"] == 2 and [i["dossier_id"] for i in waiting["items"]] == [dossier_id]
    assert api.candidates(ROUND, FORM, LEVEL, "hcm-sgd")["items"] == []
    sitting = api.hold_sitting({dossier_id: 12}, LEVEL, ROUND, FORM, "dong-nai-sgd")
    assert sitting.status_code == 201, sitting.json
    assert [r["selected"] for r in sitting.json["ranking"]] == [True]


def test_only_an_administrator_of_both_may_merge(api, both):
    """Is an administrator of only one of the two refused, and nothing merged?"""
    for user in ("hcm-admin", "dong-nai-admin", "hcm-sgd"):
        response = api.post("/jurisdictions/hcm/merge", user, json=MERGE)
        assert response.status_code == 403, response.json
    assert response.json["error"]["code"] == "merge_needs_both_admins"
    statuses = {j["key"]: j["status"] for j in api.get("/jurisdictions", "hcm-sgd").json["items"]}
    assert statuses["hcm"] == "active"
    assert merge(both, {**MERGE, "into": "hcm"}).json["error"]["code"] == "merge_into_itself"


def test_merged_jurisdiction_is_read_only_but_its_history_stays_readable(api, both, app, db, clock):
    """After the merge, is a change in HCMC refused with a clear code, a second merge
    refused, and is a closed HCMC dossier still readable by auditors of either side?"""
    closed = api.gen_submitted("bang-khen-thu-tuong")
    assert api.post(f"/dossiers/{closed['id']}/withdraw", "hcm-unit").status_code == 200
    moved = api.gen_submitted("bang-khen-thu-tuong")
    add_user(app, db, clock, "m1-auditor-dong-nai", [("auditor", "dong-nai", None)])
    assert merge(both).status_code == 200
    body = {"jurisdiction": "hcm", "round": ROUND, "award_form": FORM, "level": LEVEL, "cap": 5}
    refused = api.call("PUT", "/quotas", "hcm-admin", json=body)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "jurisdiction_read_only"
    assert "dong-nai" in refused.json["error"]["message"]
    again = merge(both, {**MERGE, "into": "hcm"}, jurisdiction="dong-nai")
    assert again.json["error"]["code"] == "jurisdiction_merged"
    auditor = Api(api.client, DEMO_PASSWORD)
    assert "dossier_withdrawn" in history_types(auditor, closed["id"], "m1-auditor-dong-nai")
    assert "dossier_moved" in history_types(api, moved["id"], "hcm-auditor")
    assert api.get(f"/dossiers/{closed['id']}", "hcm-auditor").json["jurisdiction"] == "hcm"


def test_retired_unit_hands_over_nominees_dossiers_and_members(api, app, db, clock):
    """Does retiring a school move its open dossiers, nominees and members to the unit taking
    over, and refuse any new nominee for the retired one?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    body = {"successor": "hcm-thpt-chuyen-hung-vuong", "effective_on": "2025-05-01"}
    elsewhere = api.post("/units/hcm-thpt-le-quy-don/retire", "dong-nai-admin", json=body)
    assert elsewhere.status_code == 403
    response = api.post("/units/hcm-thpt-le-quy-don/retire", "hcm-admin", json=body)
    assert response.status_code == 200, response.json
    assert response.json["dossiers"] == [dossier["id"]] and "hcm-unit" in response.json["members"]
    assert api.dossier(dossier["id"])["unit"]["id"] == "hcm-thpt-chuyen-hung-vuong"
    assert api.complete_open(dossier["id"], APPROVE_COUNCIL, "hcm-unit").status_code == 200
    units = {u["key"]: u for u in api.get("/units?jurisdiction=hcm", "hcm-admin").json["items"]}
    assert units["hcm-thpt-le-quy-don"]["status"] == "retired"
    again = api.post("/units/hcm-thpt-le-quy-don/retire", "hcm-admin", json=body)
    assert again.json["error"]["code"] == "unit_retired"
    with pytest.raises(Conflict) as refused, acting_as(app, db, clock, None) as ctx:
        ctx.session.add(
            Nominee(
                kind="individual",
                name="Đơn vị đã giải thể",
                unit_id="hcm-thpt-le-quy-don",
                jurisdiction_id="hcm",
                created_at=ctx.now,
            )
        )
        ctx.session.flush()
    assert refused.value.code == "unit_retired"


def test_demo_is_reorganised_as_of_today(api):
    """Is Sóc Trăng merged into Cần Thơ with its pre-merger dossier readable by auditors of
    both, waiting at its department council on Sóc Trăng's pinned chain for Cần Thơ's
    council, its history replaying across the merger, and does hcm-unit2 work for the ward
    that took over Quận 1's office?"""
    listed = {j["key"]: j for j in api.get("/jurisdictions", "hcm-unit2").json["items"]}
    assert (listed["soc-trang"]["status"], listed["soc-trang"]["successor"]) == (
        "merged",
        "can-tho",
    )
    found = api.get("/dossiers", "can-tho-auditor").json["items"]
    [dossier] = [d for d in found if d["unit"]["id"] == "soc-trang-phong-xdcq"]
    assert dossier["jurisdiction"] == "can-tho"
    for auditor in ("can-tho-auditor", "soc-trang-auditor"):
        types = history_types(api, dossier["id"], auditor)
        assert "dossier_moved" in types
        assert types.index("task_completed") < types.index("dossier_moved")
    detail = api.dossier(dossier["id"], "can-tho-auditor")
    assert detail["status"] == "in_progress"
    assert detail["process_model"]["key"] == "soc-trang-award-chain"
    [task] = detail["open_tasks"]
    assert (task["name"], task["lane"]) == ("department_council", "hoi_dong_tdkt_so")
    inbox = api.get("/tasks", "can-tho-hoi-dong").json["items"]
    assert task["id"] in [t["id"] for t in inbox]
    replay = api.post(f"/dossiers/{dossier['id']}/replay", "can-tho-auditor").json
    assert replay["verified"] is True, replay
    units = {u["key"]: u for u in api.get("/units?jurisdiction=hcm", "hcm-admin").json["items"]}
    assert units["hcm-phong-gddt-quan-1"]["successor"] == "hcm-phuong-sai-gon"
    assert {"hcm-thpt-chuyen-hung-vuong", "hcm-thpt-chuyen-le-quy-don-vung-tau"} <= set(units)
    nominee = api.gen_nominee(user="hcm-unit2", unit="hcm-phuong-sai-gon")
    assert "hcm-phuong-sai-gon" in str(nominee["unit"])
