"""A task that cannot be acted on says why, with one stable code, in the caller's language:
held (X2), already handled by someone, outside the reviewer's lane, claimed by another, or,
at a capped level, a sitting over a candidate that left the queue (S1)."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED, walk_to


def _both(api, path: str, user: str, **kwargs):
    """The same POST asked in English, then with no language: (english, vietnamese)."""
    answers = []
    for language in ("en", None):
        headers = {"Authorization": f"Bearer {api.token(user)}"}
        if language:
            headers["Accept-Language"] = language
        answers.append(api.client.post(f"/api/v1{path}", headers=headers, **kwargs))
    return [answer.status_code for answer in answers], [a.json["error"] for a in answers]


def _at_so_gddt(api) -> tuple[dict, dict]:
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return dossier, api.open_task(dossier["id"])


@pytest.mark.rule("X2")
def test_a_held_task_is_refused_as_on_hold(api):
    """X2: is completing the step of a held dossier refused with `task_on_hold` (409), in
    English when asked and in Vietnamese otherwise, the task staying where it was?"""
    dossier, task = _at_so_gddt(api)
    hold = {"nominee_id": dossier["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"}
    assert api.post("/holds", "hcm-snv", json=hold).status_code == 201
    statuses, (english, vietnamese) = _both(
        api, f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": APPROVE}
    )
    assert statuses == [409, 409]
    assert english["code"] == vietnamese["code"] == "task_on_hold"
    assert english["details"]["status"] == "on_hold"
    assert english["message"].startswith("The dossier is on hold")
    assert vietnamese["message"].startswith("Hồ sơ đang tạm dừng xét")
    assert api.dossier(dossier["id"])["status"] == "on_hold"


def test_a_completed_task_names_who_completed_it(api):
    """Does the second completer get `task_completed` (409) naming who acted first and when,
    in the caller's language?"""
    _, task = _at_so_gddt(api)
    path = f"/tasks/{task['id']}/complete"
    assert api.post(path, "hcm-sgd2", json={"data": APPROVE}).status_code == 200
    statuses, (english, vietnamese) = _both(api, path, "hcm-sgd", json={"data": APPROVE})
    assert statuses == [409, 409]
    assert english["code"] == vietnamese["code"] == "task_completed"
    assert english["details"]["completed_by"] == "Chuyên viên Sở GDĐT (2)"
    assert english["details"]["completed_at"].startswith("2025-05-05")
    assert english["message"] == "This task was already handled by Chuyên viên Sở GDĐT (2)."
    assert vietnamese["message"] == "Công việc đã được xử lý bởi Chuyên viên Sở GDĐT (2)."


def test_a_cancelled_task_says_the_dossier_moved_on(api):
    """When the unit withdraws its dossier, is its open task refused as `task_cancelled`
    (409), with nobody named as having completed it?"""
    dossier, task = _at_so_gddt(api)
    assert api.post(f"/dossiers/{dossier['id']}/withdraw", "hcm-unit").status_code == 200
    statuses, (english, _) = _both(
        api, f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": APPROVE}
    )
    assert statuses == [409, 409]
    assert english["code"] == "task_cancelled"
    assert english["details"]["completed_by"] is None
    assert english["message"].startswith("This task is closed")


def test_a_reviewer_outside_the_lane_is_refused(api):
    """Is a UBND reviewer refused Sở GDĐT's step with `not_lane_role` (403), in English?"""
    _, task = _at_so_gddt(api)
    statuses, (english, vietnamese) = _both(
        api, f"/tasks/{task['id']}/complete", "hcm-ubnd", json={"data": APPROVE}
    )
    assert statuses == [403, 403]
    assert english["code"] == vietnamese["code"] == "not_lane_role"
    assert english["message"] == "You do not hold the role for this step."
    assert vietnamese["message"] == "Bạn không có vai trò xử lý bước này."


def test_a_task_claimed_by_another_is_refused(api):
    """Is a claim, and a completion, of a task someone else claimed refused (409) naming who
    holds it where that is known?"""
    _, task = _at_so_gddt(api)
    assert api.post(f"/tasks/{task['id']}/claim", "hcm-sgd2").status_code == 200
    statuses, (english, _) = _both(api, f"/tasks/{task['id']}/claim", "hcm-sgd")
    assert statuses == [409, 409]
    assert english["code"] == "task_claimed"
    assert english["message"] == "This task has been claimed by Chuyên viên Sở GDĐT (2)."
    statuses, (english, _) = _both(
        api, f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": APPROVE}
    )
    assert statuses == [409, 409]
    assert english["code"] == "task_claimed_by_other"
    assert english["message"] == "Someone else is handling this task."


@pytest.mark.rule("Q1", "S1")
def test_a_sitting_over_a_candidate_that_left_is_refused_in_english(api):
    """Q1, S1: approving at the capped UBND step is never refused any more (it proposes);
    a sitting naming a candidate withdrawn since is refused as `candidate_not_waiting` (409)
    in English, the other candidate still waiting."""
    dossiers = [api.gen_submitted(round_="so-ket-2025") for _ in range(2)]
    for dossier in dossiers:
        walk_to(api, dossier["id"])
        assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    gone, waiting = (d["id"] for d in dossiers)
    assert api.post(f"/dossiers/{gone}/withdraw", "hcm-unit").status_code == 200
    body = {
        "round": "so-ket-2025",
        "award_form": "bang-khen-thu-tuong",
        "level": "ubnd",
        "held_on": "2025-06-10",
        "members_total": 15,
        "members_present": 15,
        "votes": [{"dossier_id": gone, "votes_for": 12}, {"dossier_id": waiting, "votes_for": 11}],
    }
    statuses, (english, vietnamese) = _both(api, "/selections", "hcm-ubnd", json=body)
    assert statuses == [409, 409]
    assert english["code"] == vietnamese["code"] == "candidate_not_waiting"
    assert english["details"]["dossier_ids"] == [gone]
    assert english["message"].startswith(f"Dossier HS-{gone} no longer waits")
    assert vietnamese["message"].startswith(f"Hồ sơ HS-{gone} không còn chờ")
    assert api.dossier(waiting)["waiting_for"] == "selection"
