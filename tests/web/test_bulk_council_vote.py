"""Bulk approval of a council step asks for the council's vote (issue 17): before it, two
Giấy khen were given at the HCMC sector council with no counts stored."""

from __future__ import annotations

import pytest

from tests.factories import walk_to

TO_SECTOR_COUNCIL = ("unit_council", "so_gddt_appraisal")


def _at_sector_council(api, name: str) -> dict:
    nominee = api.gen_nominee(name=name)
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025", nominee=nominee)
    walk_to(api, dossier["id"], TO_SECTOR_COUNCIL)
    return api.open_task(dossier["id"])


def _completed_form(api, dossier_id: int) -> dict:
    events = api.get(f"/dossiers/{dossier_id}/history", "hcm-auditor").json["events"]
    [form] = [
        e["data"]["form"]
        for e in events
        if e["type"] == "task_completed" and e["task"] == "sector_council"
    ]
    return form


@pytest.mark.rule("C3", "X4")
def test_bulk_approval_of_the_sector_council_asks_for_each_vote(api, pages):
    """HCMC plan III (C3), X4: does bulk approval at the sector council first ask for the
    vote, approve nothing until it is given, then store each dossier's counts?"""
    first, second = (_at_sector_council(api, f"Hội Đồng Ngành {i}") for i in (1, 2))
    pages.login("hcm-sgd")
    ids = [first["id"], second["id"]]
    asked = pages.post("/inbox/approve", {"task_id": ids})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert f'name="sector_votes_for-{first["id"]}"' in html
    assert 'name="sector_members_total-all"' in html
    assert api.open_task(first["dossier_id"])["name"] == "sector_council"  # nothing yet

    votes = {
        "with_fields": "1",
        "sector_members_total-all": "11",
        "sector_members_present-all": "10",
        f"sector_votes_for-{first['id']}": "9",
        f"sector_votes_for-{second['id']}": "7",
    }
    done = pages.post("/inbox/approve", {"task_id": ids, **votes}, follow_redirects=True)
    assert "Đã duyệt 2 / 2 công việc." in done.get_data(as_text=True)
    for task, votes_for in ((first, 9), (second, 7)):
        assert api.dossier(task["dossier_id"])["status"] == "approved"
        form = _completed_form(api, task["dossier_id"])
        assert (form["sector_members_total"], form["sector_votes_for"]) == (11, votes_for)


@pytest.mark.rule("X4")
def test_a_task_left_without_its_vote_is_not_approved(api, pages):
    """X4: in a bulk approval, is a dossier whose vote was left empty refused (named in the
    report) while the others go on?"""
    first, second = (_at_sector_council(api, f"Thiếu Phiếu {i}") for i in (1, 2))
    pages.login("hcm-sgd")
    votes = {
        "with_fields": "1",
        "sector_members_total-all": "9",
        "sector_members_present-all": "9",
        f"sector_votes_for-{first['id']}": "8",
    }
    done = pages.post(
        "/inbox/approve", {"task_id": [first["id"], second["id"]], **votes}, follow_redirects=True
    )
    assert "Đã duyệt 1 / 2 công việc." in done.get_data(as_text=True)
    assert api.dossier(first["dossier_id"])["status"] == "approved"
    assert api.open_task(second["dossier_id"])["name"] == "sector_council"


def test_the_api_refuses_a_sector_council_decision_without_its_vote(api):
    """HCMC plan III (C3): is a sector council decision without its vote refused (422 naming
    the counts), and one whose votes exceed the members refused too?"""
    task = _at_sector_council(api, "Không Phiếu")

    def complete(data):
        return api.post(f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": data})

    response = complete({"decision": "approve"})
    assert response.status_code == 422
    fields = response.json["error"]["details"]["fields"]
    assert {"sector_members_total", "sector_members_present", "sector_votes_for"} <= set(fields)
    too_many = {
        "decision": "approve",
        "sector_members_total": 9,
        "sector_members_present": 9,
        "sector_votes_for": 10,
    }
    response = complete(too_many)
    assert response.status_code == 422
    assert set(response.json["error"]["details"]["fields"]) == {"sector_votes_for"}
