"""Tasklist actions beside claim and complete (issue 18): assign a task to a named colleague
of the same role with a note, comment on it, set its follow-up date. The assignee works an
assigned task; colleagues see it but get 409 `task_assigned` naming the assignee."""

from __future__ import annotations

from tests.factories import APPROVE, COUNCIL_PASSED


def _at_so_gddt(api) -> tuple[dict, dict]:
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return dossier, api.open_task(dossier["id"])


def _assign(api, task: dict, assignee: str | None, user="hcm-sgd", note="Nhờ anh xem giúp"):
    body = {"assignee": assignee, "note": note}
    return api.post(f"/tasks/{task['id']}/assign", user, json=body)


def _history(api, dossier: dict) -> list[dict]:
    return api.get(f"/dossiers/{dossier['id']}/history", "hcm-admin").json["events"]


def test_an_assigned_task_is_worked_by_its_assignee_only(api):
    """Once hcm-sgd assigns the task to hcm-sgd2, does hcm-sgd2 complete it while anyone else
    of the role (even the one who assigned it) gets 409 `task_assigned` naming hcm-sgd2?"""
    dossier, task = _at_so_gddt(api)
    answer = _assign(api, task, "hcm-sgd2")
    assert answer.status_code == 200
    assert answer.json["assignee"] == "hcm-sgd2"
    assert answer.json["assigned_by"] == "hcm-sgd"
    assert answer.json["assignment_note"] == "Nhờ anh xem giúp"
    shown = api.get(f"/tasks/{task['id']}", "hcm-sgd2").json  # the task itself says so too
    assert (shown["claimed_by"], shown["assigned_by"]) == ("hcm-sgd2", "hcm-sgd")
    assert shown["assignment_note"] == "Nhờ anh xem giúp"
    for path in ("claim", "complete"):
        refused = api.post(f"/tasks/{task['id']}/{path}", "hcm-sgd", json={"data": APPROVE})
        assert refused.status_code == 409
        assert refused.json["error"]["code"] == "task_assigned"
        assert refused.json["error"]["details"]["assignee"] == "hcm-sgd2"
        assert "Chuyên viên Sở GDĐT (2)" in refused.json["error"]["message"]
    done = api.post(f"/tasks/{task['id']}/complete", "hcm-sgd2", json={"data": APPROVE})
    assert done.status_code == 200
    assigned = [e for e in _history(api, dossier) if e["type"] == "task_assigned"]
    assert assigned[-1]["data"]["assignee"] == "hcm-sgd2"
    assert assigned[-1]["data"]["note"] == "Nhờ anh xem giúp"


def test_the_one_who_assigned_may_take_it_back(api):
    """May whoever assigned the task give it back to the group (assignee null), after which
    anyone of the role claims it again?"""
    _, task = _at_so_gddt(api)
    assert _assign(api, task, "hcm-sgd2").status_code == 200
    back = _assign(api, task, None)
    assert back.status_code == 200
    assert back.json["assignee"] is None and back.json["claimed_by"] is None
    assert api.post(f"/tasks/{task['id']}/claim", "hcm-sgd").status_code == 200


def _third_colleague(api) -> dict:
    """A third Sở GDĐT reviewer of HCMC, created by the administrator; its bearer header."""
    body = {
        "username": "hcm-sgd3",
        "display_name": "Chuyên viên Sở GDĐT (3)",
        "password": "mat-khau-moi-2025",
        "grants": [{"role": "so_gddt", "jurisdiction": "hcm"}],
    }
    assert api.post("/users", "hcm-admin", json=body).status_code == 201
    login = {"username": "hcm-sgd3", "password": "mat-khau-moi-2025"}
    token = api.client.post("/api/v1/tokens", json=login).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_third_colleague_cannot_reassign(api):
    """Is a colleague who neither holds nor assigned the task refused a reassignment with
    409 `task_assigned`, while the assignee may hand it on?"""
    _, task = _at_so_gddt(api)
    third = _third_colleague(api)
    assert _assign(api, task, "hcm-sgd2").status_code == 200
    path = f"/api/v1/tasks/{task['id']}/assign"
    refused = api.client.post(path, headers=third, json={"assignee": "hcm-sgd3"})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "task_assigned"
    # The assignee may hand it on: now the new assignee works it.
    assert _assign(api, task, "hcm-sgd3", user="hcm-sgd2").status_code == 200
    done = api.client.post(
        f"/api/v1/tasks/{task['id']}/complete", headers=third, json={"data": APPROVE}
    )
    assert done.status_code == 200


def test_only_a_colleague_of_the_same_role_may_be_assigned(api):
    """Is assigning the Sở GDĐT step to a UBND reviewer (or a Đồng Nai one) a 422 naming the
    field, with the task left unassigned?"""
    _, task = _at_so_gddt(api)
    for other in ("hcm-ubnd", "dong-nai-sgd", "nobody"):
        refused = _assign(api, task, other)
        assert refused.status_code == 422
        assert refused.json["error"]["code"] == "assignee_not_in_lane"
        assert "assignee" in refused.json["error"]["details"]
    names = api.get(f"/tasks/{task['id']}/colleagues", "hcm-sgd").json["items"]
    assert {"hcm-sgd", "hcm-sgd2"} <= {c["username"] for c in names}
    assert "hcm-ubnd" not in {c["username"] for c in names}


def test_another_jurisdiction_cannot_assign_comment_or_follow_up(api):
    """Does a Sở GDĐT reviewer of Đồng Nai get 404 on an HCMC task, and a UBND reviewer of
    HCMC (who can read the dossier but not work the step) 403, for each Tasklist action?"""
    _, task = _at_so_gddt(api)
    bodies = {
        "assign": {"assignee": "hcm-sgd2"},
        "comments": {"text": "Xin ý kiến"},
        "follow-up": {"follow_up_on": "2025-06-01"},
    }
    for path, body in bodies.items():
        outsider = api.post(f"/tasks/{task['id']}/{path}", "dong-nai-sgd", json=body)
        assert outsider.status_code == 404, path
        other_lane = api.post(f"/tasks/{task['id']}/{path}", "hcm-ubnd", json=body)
        assert other_lane.status_code == 403, path
    assert api.get(f"/tasks/{task['id']}/comments", "dong-nai-sgd").status_code == 404


def test_comments_are_kept_in_the_history(api):
    """Is a comment answered 201 with its author, listed on the task, and kept in the
    dossier's history (so an auditor reads it)?"""
    dossier, task = _at_so_gddt(api)
    made = api.post(f"/tasks/{task['id']}/comments", "hcm-sgd", json={"text": " Thiếu chữ ký "})
    assert made.status_code == 201
    assert made.json["author"] == "hcm-sgd" and made.json["text"] == "Thiếu chữ ký"
    listed = api.get(f"/tasks/{task['id']}/comments", "hcm-sgd2").json["items"]
    assert [c["text"] for c in listed] == ["Thiếu chữ ký"]
    events = [e for e in _history(api, dossier) if e["type"] == "task_commented"]
    assert events[-1]["actor"] == "hcm-sgd" and events[-1]["data"]["text"] == "Thiếu chữ ký"
    empty = api.post(f"/tasks/{task['id']}/comments", "hcm-sgd", json={"text": "   "})
    assert empty.status_code == 422


def test_a_completed_task_takes_no_more_comments_or_assignments(api):
    """After the step is done, are comment, assignment and follow-up 409 `task_completed`?"""
    _, task = _at_so_gddt(api)
    done = api.post(f"/tasks/{task['id']}/complete", "hcm-sgd", json={"data": APPROVE})
    assert done.status_code == 200
    for path, body in (
        ("comments", {"text": "Muộn"}),
        ("assign", {"assignee": "hcm-sgd2"}),
        ("follow-up", {"follow_up_on": None}),
    ):
        refused = api.post(f"/tasks/{task['id']}/{path}", "hcm-sgd", json=body)
        assert refused.status_code == 409, path
        assert refused.json["error"]["code"] == "task_completed"


def test_follow_up_date_is_set_and_cleared(api):
    """Is the follow-up date kept, cleared with null, refused to a colleague while the task is
    assigned to someone else (409 `task_assigned`), and recorded in the history?"""
    dossier, task = _at_so_gddt(api)
    path = f"/tasks/{task['id']}/follow-up"
    answer = api.post(path, "hcm-sgd", json={"follow_up_on": "2025-05-20"})
    assert answer.status_code == 200 and answer.json["follow_up_on"] == "2025-05-20"
    assert api.post(path, "hcm-sgd", json={"follow_up_on": "20/05"}).status_code == 422
    assert _assign(api, task, "hcm-sgd2").status_code == 200
    refused = api.post(path, "hcm-sgd", json={"follow_up_on": None})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "task_assigned"
    cleared = api.post(path, "hcm-sgd2", json={"follow_up_on": None})
    assert cleared.status_code == 200 and cleared.json["follow_up_on"] is None
    kinds = [
        e["data"]["follow_up_on"] for e in _history(api, dossier) if e["type"] == "follow_up_set"
    ]
    assert kinds == ["2025-05-20", None]


def test_the_openapi_document_names_the_tasklist_actions(api):
    """Does /api/v1/openapi.json describe assign, comments and follow-up with their 409s?"""
    paths = api.client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/tasks/{id}/assign", "/tasks/{id}/comments", "/tasks/{id}/follow-up"):
        assert "409" in paths[path]["post"]["responses"]
