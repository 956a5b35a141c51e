"""A jurisdiction's settings through the API: round deadlines (T1-T3), hold kinds (X2),
holidays, and the history of every change (who, before, after)."""

from __future__ import annotations

import pytest

KIND = {"jurisdiction": "hcm", "key": "hcm-thu-ly", "label": "Đang thụ lý", "rule": "KH 1"}
DAY = {"jurisdiction": "hcm", "day": "2025-08-29", "name": "Nghỉ bù Quốc khánh"}
DEADLINE = {"jurisdiction": "hcm", "round": "annual-2025", "deadline": "2025-05-30T17:00:00+07:00"}


def changes(api, subject=None, user="hcm-admin"):
    query = "?jurisdiction=hcm" + (f"&subject={subject}" if subject else "")
    response = api.get(f"/settings-history{query}", user)
    assert response.status_code == 200, response.json
    return response.json["items"]


def test_admin_moves_a_deadline_and_the_history_keeps_both(api):
    """When the admin moves annual-2025 to 17:00 on 30 May Vietnam time, is it stored as
    10:00 UTC and the change listed with who, before and after?"""
    response = api.call("PUT", "/round-deadlines", "hcm-admin", json=DEADLINE)
    assert response.status_code == 200, response.json
    assert response.json["deadline"] == "2025-05-30T10:00:00+00:00"  # an instant, in UTC
    listed = api.get("/round-deadlines?jurisdiction=hcm", "hcm-sgd").json["items"]
    assert {"round": "annual-2025", "deadline": "2025-05-30T10:00:00+00:00"}.items() <= next(
        d for d in listed if d["round"] == "annual-2025"
    ).items()
    [change] = changes(api, "round_deadline")
    assert change["subject_key"] == "annual-2025" and change["changed_by"] == "hcm-admin"
    assert change["before"] == {"deadline": "2025-05-31T17:00:00"}  # 1 June, 00:00 in Vietnam
    assert change["after"] == {"deadline": "2025-05-30T10:00:00"}


def test_admin_adds_a_round(api):
    """Can the admin add the deadline of a round not loaded yet (annual-2031)?"""
    body = {"round": "annual-2031", "deadline": "2031-06-01T00:00:00"}
    assert api.call("PUT", "/round-deadlines", "hcm-admin", json=body).status_code == 200
    [change] = changes(api, "round_deadline")
    assert change["before"] is None and change["after"] == {"deadline": "2031-06-01T00:00:00"}


@pytest.mark.parametrize(
    "body",
    [
        {"round": "annual-2025", "deadline": "30/05/2025"},
        {"round": "annual-2025", "deadline": "2025-02-30T00:00:00"},
        {"round": "dot-bat-ky", "deadline": "2025-05-30T00:00:00"},
    ],
)
def test_bad_deadline_is_refused_and_nothing_changes(api, body):
    """Is a deadline that is not a date, or of an unknown round, refused (422) and no
    history written?"""
    assert api.call("PUT", "/round-deadlines", "hcm-admin", json=body).status_code == 422
    assert changes(api) == []


def test_admin_adds_renames_and_stops_a_hold_kind(api):
    """Can the admin add a kind of their own (listed after the national ones), rename it and
    stop it, each step in the history?"""
    created = api.post("/hold-kinds", "hcm-admin", json=KIND)
    assert created.status_code == 201, created.json
    assert created.json == {**KIND, "active": True, "national": False}
    renamed = api.call("PATCH", "/hold-kinds/hcm-thu-ly", "hcm-admin", json={"label": "Đổi tên"})
    assert renamed.json["label"] == "Đổi tên"
    stopped = api.call("PATCH", "/hold-kinds/hcm-thu-ly", "hcm-admin", json={"active": False})
    assert stopped.json["active"] is False
    kinds = api.get("/hold-kinds?jurisdiction=hcm", "hcm-snv").json["items"]
    assert kinds[-1]["key"] == "hcm-thu-ly" and kinds[0]["national"] is True
    assert "hcm-thu-ly" not in [
        k["key"] for k in api.get("/hold-kinds", "dong-nai-admin").json["items"]
    ]
    history = changes(api, "hold_kind")
    assert [c["after"] for c in history] == [
        {"label": "Đổi tên", "rule": "KH 1", "active": False},
        {"label": "Đổi tên", "rule": "KH 1", "active": True},
        {"label": "Đang thụ lý", "rule": "KH 1", "active": True},
    ]


@pytest.mark.parametrize(
    "body",
    [
        {**KIND, "key": "complaint"},  # a national kind's key
        {**KIND, "key": "Có Dấu"},
        {**KIND, "label": ""},
    ],
)
def test_bad_or_duplicate_hold_kind_is_refused(api, body):
    """Is a kind whose key is taken or malformed, or with no label, refused (422) with nothing
    kept?"""
    response = api.post("/hold-kinds", "hcm-admin", json=body)
    assert response.status_code == 422, response.json
    assert changes(api) == []


def test_a_second_kind_with_the_same_key_is_refused(api):
    """Is adding the same key twice refused (422), naming the key?"""
    assert api.post("/hold-kinds", "hcm-admin", json=KIND).status_code == 201
    again = api.post("/hold-kinds", "hcm-admin", json=KIND)
    assert again.status_code == 422 and again.json["error"]["code"] == "hold_kind_key_taken"
    assert again.json["error"]["details"]["key"] == "Chọn mã khác."
    assert "hcm-thu-ly" in again.json["error"]["message"]


def test_national_kinds_are_read_only(api):
    """Is a provincial admin refused (403) renaming or stopping a national kind?"""
    response = api.call("PATCH", "/hold-kinds/complaint", "hcm-admin", json={"active": False})
    assert response.status_code == 403


def test_admin_adds_and_removes_a_day_off(api):
    """Can the admin add a day off (listed with the year's national holidays) and remove it,
    both changes in the history?"""
    created = api.post("/holidays", "hcm-admin", json=DAY)
    assert created.status_code == 201, created.json
    listed = api.get("/holidays?jurisdiction=hcm&year=2025", "hcm-admin").json
    assert [h["day"] for h in listed["items"]] == ["2025-08-29"]
    assert "2025-09-02" in [h["day"] for h in listed["national"]]
    assert all(h["day"].startswith("2025-") for h in listed["national"])
    assert api.call("DELETE", f"/holidays/{created.json['id']}", "hcm-admin").status_code == 204
    assert api.get("/holidays?year=2025", "hcm-admin").json["items"] == []
    removed, added = changes(api, "holiday")
    assert removed["before"] == {"day": "2025-08-29", "name": "Nghỉ bù Quốc khánh"}
    assert removed["after"] is None and added["before"] is None


@pytest.mark.parametrize(
    "day",
    [
        {"day": "2025-09-02"},  # already a national holiday
        {"day": "2025-02-30"},
        {"name": ""},
    ],
)
def test_bad_or_duplicate_day_off_is_refused(api, day):
    """Is a day that is already off, a date that does not exist, or a day with no name
    refused (422), nothing kept?"""
    response = api.post("/holidays", "hcm-admin", json={**DAY, **day})
    assert response.status_code == 422, response.json
    assert changes(api) == []


def test_the_same_day_off_twice_is_refused(api):
    """Is adding the jurisdiction's same day off twice refused (422)?"""
    assert api.post("/holidays", "hcm-admin", json=DAY).status_code == 201
    assert api.post("/holidays", "hcm-admin", json=DAY).status_code == 422


def test_another_jurisdictions_admin_is_refused_every_setting(api):
    """Is Đồng Nai's admin refused (403) changing HCMC's caps, deadlines, hold kinds and
    holidays, including HCMC's own kinds and days, with nothing changed?"""
    kind = api.post("/hold-kinds", "hcm-admin", json=KIND)
    day = api.post("/holidays", "hcm-admin", json=DAY)
    before = changes(api)
    cap = {"jurisdiction": "hcm", "round": "annual-2025", "award_form": "bang-khen-ubnd"}
    refused = [
        api.call("PUT", "/quotas", "dong-nai-admin", json={**cap, "level": "ubnd", "cap": 1}),
        api.call("PUT", "/round-deadlines", "dong-nai-admin", json=DEADLINE),
        api.post("/hold-kinds", "dong-nai-admin", json={**KIND, "key": "dn-thu"}),
        api.call("PATCH", f"/hold-kinds/{kind.json['key']}", "dong-nai-admin", json={"label": "x"}),
        api.post("/holidays", "dong-nai-admin", json={**DAY, "day": "2025-08-28"}),
        api.call("DELETE", f"/holidays/{day.json['id']}", "dong-nai-admin"),
        api.get("/settings-history?jurisdiction=hcm", "dong-nai-admin"),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert changes(api) == before


@pytest.mark.parametrize("user", ["hcm-snv", "hcm-ubnd", "hcm-auditor"])
def test_reviewers_and_auditors_do_not_change_settings(api, user):
    """Are a reviewer and an auditor refused (403) changing a deadline, a kind or a day off?"""
    body = {k: v for k, v in DEADLINE.items()}
    assert api.call("PUT", "/round-deadlines", user, json=body).status_code == 403
    assert api.post("/hold-kinds", user, json=KIND).status_code == 403
    assert api.post("/holidays", user, json=DAY).status_code == 403


def test_the_auditor_reads_the_history_and_a_reviewer_does_not(api):
    """May the jurisdiction's auditor read the settings history, and is a reviewer refused?"""
    api.post("/holidays", "hcm-admin", json=DAY)
    assert [c["subject"] for c in changes(api, user="hcm-auditor")] == ["holiday"]
    assert api.get("/settings-history?jurisdiction=hcm", "hcm-sgd").status_code == 403
    unknown = api.get("/settings-history?jurisdiction=hcm&subject=secrets", "hcm-admin")
    assert unknown.status_code == 422


def test_the_openapi_document_lists_the_settings_calls(client):
    """Does the OpenAPI document list each settings call with its schemas?"""
    spec = client.get("/api/v1/openapi.json").json
    for path, method in [
        ("/round-deadlines", "put"),
        ("/hold-kinds", "post"),
        ("/hold-kinds/{key}", "patch"),
        ("/holidays", "get"),
        ("/holidays/{id}", "delete"),
        ("/settings-history", "get"),
    ]:
        assert method in spec["paths"][path], (path, method)
    assert {"HoldKindIn", "HolidayIn", "RoundDeadlineIn"} <= set(spec["components"]["schemas"])
