"""Public posting (P1-P3) through the API: the chain puts a Huân chương candidate forward
after Sở Nội vụ's appraisal, a posting publishes it for 10 working days, comments are logged
and resolved, and the UBND council's step waits for all of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.factories import APPROVE, walk_to

BEFORE_POSTING = ("unit_council", "so_gddt_appraisal", "sector_council")
URL = "https://sonoivu.hcm.example/cong-khai"


def labour_order(api) -> int:
    """A Huân chương Lao động dossier that Sở Nội vụ has just approved: put forward for
    posting, with the UBND council's step open."""
    school = api.gen_nominee(kind="collective", staff_total=80, women_total=60)
    dossier = api.gen_submitted(
        "huan-chuong-lao-dong", round_="tong-ket-2030", nominee=school, labour_order_class=1
    )
    walk_to(api, dossier["id"], BEFORE_POSTING)
    response = api.complete_open(dossier["id"], APPROVE)  # so_noi_vu_appraisal
    assert response.status_code == 200, response.json
    return dossier["id"]


def waiting_ids(api) -> list[int]:
    response = api.get("/postings/candidates", "hcm-snv")
    assert response.status_code == 200, response.json
    return [item["dossier_id"] for item in response.json["items"]]


def opened(api, dossier_ids: list[int], **extra) -> dict:
    response = api.open_posting(dossier_ids, **extra)
    assert response.status_code == 201, response.json
    return response.json


def comment(api, posting: dict, dossier_id: int | None = None, **extra):
    body = {"author": "Nguyễn Văn A", "channel": "email", "text": "Đơn vị còn nợ thuế."}
    if dossier_id is not None:
        body["dossier_id"] = dossier_id
    return api.post(f"/postings/{posting['id']}/comments", "hcm-snv", json={**body, **extra})


def resolve(api, posting: dict, comment_id: int, **body):
    path = f"/postings/{posting['id']}/comments/{comment_id}/resolve"
    return api.post(path, "hcm-snv", json=body)


@pytest.mark.rule("P1")
def test_a_labour_order_candidate_is_put_forward_and_the_council_waits(api):
    """After Sở Nội vụ approves a Huân chương, is it waiting for posting, and is the UBND
    council's step refused until it has been posted?"""
    dossier_id = labour_order(api)
    assert dossier_id in waiting_ids(api)
    task = api.open_task(dossier_id)
    assert (task["name"], task["lane"]) == ("ubnd_decision", "ubnd")
    refused = api.complete_open(dossier_id, APPROVE)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "posting_required"
    events = api.get(f"/dossiers/{dossier_id}/history", "hcm-auditor").json["events"]
    assert "posting_requested" in [event["type"] for event in events]


@pytest.mark.rule("P1")
def test_a_prime_minister_award_is_not_posted_while_hcmc_keeps_its_switch_off(api):
    """HCMC's public_posting table leaves Bằng khen Thủ tướng off: does it reach the UBND
    council with nothing to wait for?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    walk_to(api, dossier["id"], BEFORE_POSTING)
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    assert dossier["id"] not in waiting_ids(api)
    assert api.open_task(dossier["id"])["name"] == "ubnd_decision"


@pytest.mark.rule("P1")
def test_the_posting_ends_ten_working_days_later_on_the_calendar(api, clock):
    """Does a posting opened on Friday 2 January 2026 end 10 working days later, skipping
    weekends (the Tết days off are further away), with its channel and its dossier?"""
    clock.now = datetime(2026, 1, 2, 9, 0)
    dossier_id = labour_order(api)
    posting = opened(api, [dossier_id], channel_url=URL)
    assert posting["starts_on"] == "2026-01-02"
    assert posting["ends_on"] == "2026-01-16"
    assert (posting["channel_url"], posting["dossier_ids"]) == (URL, [dossier_id])
    assert (posting["status"], posting["comments"]) == ("open", [])
    assert dossier_id not in waiting_ids(api)
    listed = api.get("/postings?status=open", "hcm-auditor").json["items"]
    assert [p["id"] for p in listed] == [posting["id"]]
    assert api.get("/postings?status=closed", "hcm-auditor").json["items"] == []


@pytest.mark.rule("P1")
def test_a_posting_skips_the_jurisdictions_days_off(api, clock):
    """Does a day off the HCMC admin added push the end date one working day later?"""
    clock.now = datetime(2026, 1, 2, 9, 0)
    added = api.post("/holidays", "hcm-admin", json={"day": "2026-01-07", "name": "Nghỉ bù"})
    assert added.status_code == 201, added.json
    posting = opened(api, [labour_order(api)])
    assert posting["ends_on"] == "2026-01-19"


@pytest.mark.rule("P1")
def test_only_the_posting_lane_or_an_admin_opens_a_posting(api):
    """Can a UBND reviewer open the posting Sở Nội vụ runs (no), and a unit see the queue?"""
    dossier_id = labour_order(api)
    refused = api.open_posting([dossier_id], user="hcm-ubnd")
    assert refused.status_code == 403
    assert dossier_id in waiting_ids(api)
    assert api.get("/postings/candidates", "hcm-unit").json["items"] == []
    assert api.open_posting([dossier_id], user="hcm-admin").status_code == 201


@pytest.mark.rule("P1")
def test_a_dossier_is_posted_once_and_the_start_is_not_backdated(api):
    """Is a second posting of the same dossier a 409, and a start before the dossier was put
    forward a 422 naming the field?"""
    dossier_id = labour_order(api)
    early = api.open_posting([dossier_id], starts_on="2024-01-01")
    assert early.status_code == 422
    assert "starts_on" in early.json["error"]["details"]
    bad_url = api.open_posting([dossier_id], channel_url="ftp://x")
    assert bad_url.status_code == 422
    opened(api, [dossier_id])
    again = api.open_posting([dossier_id])
    assert again.status_code == 409
    assert again.json["error"]["code"] == "posting_candidate_not_waiting"


@pytest.mark.rule("P3")
def test_the_council_waits_for_the_period_to_end(api, clock):
    """While the posting runs, is the UBND step a 409 `posting_open` naming the end date, and
    once the timer closed it, does the step complete?"""
    dossier_id = labour_order(api)
    posting = opened(api, [dossier_id])
    refused = api.complete_open(dossier_id, APPROVE)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "posting_open"
    assert (
        date.fromisoformat(posting["ends_on"]).strftime("%d/%m/%Y")
        in (refused.json["error"]["message"])
    )
    api.close_posting(posting)
    assert api.get(f"/postings/{posting['id']}", "hcm-snv").json["status"] == "closed"
    done = api.complete_open(dossier_id, APPROVE)
    assert done.status_code == 200, done.json
    assert api.open_task(dossier_id)["name"] == "central_appraisal"  # C6


@pytest.mark.rule("P3")
def test_the_period_ending_is_enough_even_before_the_timer_runs(api, clock):
    """P3 counts the days: the day after the end date, does the step complete although no
    timer runner has closed the posting yet?"""
    dossier_id = labour_order(api)
    posting = opened(api, [dossier_id])
    clock.now = datetime.combine(date.fromisoformat(posting["ends_on"]), clock.now.time())
    assert api.complete_open(dossier_id, APPROVE).status_code == 409  # the last day
    clock.now += timedelta(days=1)
    assert api.complete_open(dossier_id, APPROVE).status_code == 200


@pytest.mark.rule("P2", "P3")
def test_a_comment_is_logged_and_blocks_until_dismissed(api):
    """Is a comment kept with who, how and what; does it block the council's step after the
    period until it is dismissed with a reason?"""
    dossier_id = labour_order(api)
    posting = opened(api, [dossier_id])
    logged = comment(api, posting)
    assert logged.status_code == 201, logged.json
    assert logged.json["author"] == "Nguyễn Văn A"
    assert (logged.json["channel"], logged.json["dossier_id"]) == ("email", dossier_id)
    assert logged.json["resolution"] is None
    api.close_posting(posting)
    refused = api.complete_open(dossier_id, APPROVE)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "posting_comments_unresolved"
    no_reason = resolve(api, posting, logged.json["id"], resolution="dismissed", reason="")
    assert no_reason.status_code == 422
    dismissed = resolve(
        api, posting, logged.json["id"], resolution="dismissed", reason="Đã xác minh: không nợ"
    )
    assert dismissed.status_code == 200, dismissed.json
    assert (dismissed.json["resolution"], dismissed.json["reason"]) == (
        "dismissed",
        "Đã xác minh: không nợ",
    )
    twice = resolve(api, posting, logged.json["id"], resolution="dismissed", reason="x")
    assert twice.status_code == 409
    shown = api.get(f"/postings/{posting['id']}", "hcm-auditor").json["comments"]
    assert [(c["author"], c["channel"], c["text"], c["resolution"]) for c in shown] == [
        ("Nguyễn Văn A", "email", "Đơn vị còn nợ thuế.", "dismissed")
    ]
    assert api.complete_open(dossier_id, APPROVE).status_code == 200


@pytest.mark.rule("P2", "X2")
def test_a_comment_kept_for_verification_opens_a_complaint_hold(api):
    """Does resolving a comment with `hold` open an X2(e) complaint hold on the nominee that
    stops the dossier, and does clearing it let the step complete after the period?"""
    dossier_id = labour_order(api)
    posting = opened(api, [dossier_id])
    logged = comment(api, posting, dossier_id, channel="letter").json
    held = resolve(api, posting, logged["id"], resolution="hold", reason="Chuyển xác minh")
    assert held.status_code == 200, held.json
    assert held.json["hold_id"] is not None
    dossier = api.dossier(dossier_id)
    assert dossier["status"] == "on_hold"
    [hold] = [h for h in dossier["holds"] if h["id"] == held.json["hold_id"]]
    assert hold["kind"] == "complaint"
    assert dossier["open_tasks"] == []  # X2: the council's step is suspended
    api.close_posting(posting)
    cleared = api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json={"reference": "KL-01/2026"})
    assert cleared.status_code == 200, cleared.json
    assert api.complete_open(dossier_id, APPROVE).status_code == 200


@pytest.mark.rule("P2")
def test_comments_are_refused_after_the_posting_closed_and_need_who_how_what(api):
    """Is a comment without author, with an unknown channel, or after closing refused?"""
    dossier_id = labour_order(api)
    posting = opened(api, [dossier_id])
    bad = comment(api, posting, author="", channel="pigeon")
    assert bad.status_code == 422
    api.close_posting(posting)
    late = comment(api, posting)
    assert late.status_code == 409
    assert late.json["error"]["code"] == "posting_closed"


@pytest.mark.rule("P3")
def test_a_posted_labour_order_goes_on_to_the_president(api):
    """Once posted, does the labour order go the rest of its way as before (C8, E3)?"""
    dossier_id = labour_order(api)
    api.post_if_waiting(dossier_id)
    walk_to(api, dossier_id, ("ubnd_decision", "central_appraisal", "central_decision"))
    assert api.open_task(dossier_id)["name"] == "president_decision"


def switch_on_prime_minister_award(api) -> None:
    """The HCMC admin turns posting on for the Bằng khen Thủ tướng: one row of the
    public_posting table, published as a new version of the chain."""
    from tests.api.test_process_models import publish, upload
    from workflow_app.config import PROJECT_ROOT

    table = (PROJECT_ROOT / "bpmn" / "hcm" / "public_posting.dmn").read_text(encoding="utf-8")
    row = '<outputEntry id="public_posting_bang_khen_thu_tuong_out">\n          <text>False</text>'
    assert row in table
    switched = table.replace(row, row.replace("False", "True"))
    created = upload(api, {"public_posting.dmn": switched})
    assert created.status_code == 201 and created.json["problems"] == [], created.json
    assert publish(api, created.json["version"]).status_code == 200


@pytest.mark.rule("P1")
def test_a_jurisdiction_switches_posting_on_for_the_prime_ministers_award(api):
    """When HCMC switches the Bằng khen Thủ tướng on in its table, is a new dossier put
    forward for posting, while one started on the old version goes on unposted?"""
    before = api.gen_submitted("bang-khen-thu-tuong")
    switch_on_prime_minister_award(api)
    after = api.gen_submitted("bang-khen-thu-tuong")
    for dossier in (before, after):
        walk_to(api, dossier["id"], BEFORE_POSTING)
        assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    assert after["id"] in waiting_ids(api)
    assert before["id"] not in waiting_ids(api)
    assert api.complete_open(after["id"], APPROVE).json["error"]["code"] == "posting_required"


@pytest.mark.rule("P1", "R1")
def test_the_posting_lasts_as_long_as_the_dossiers_rule_set_says(api, clock):
    """When the rule set the dossier keeps posts for 15 working days, does its posting end 15
    working days after it starts (Friday 2 Jan 2026 -> Friday 23 Jan)?"""
    clock.now = datetime(2026, 1, 2, 9, 0)
    dossier_id = labour_order(api)
    key = api.dossier(dossier_id)["rule_set"]
    body = {"posting_working_days": 15}
    changed = api.call("patch", f"/rule-sets/{key}", "national-admin", json=body)
    assert changed.status_code == 200, changed.json
    assert opened(api, [dossier_id])["ends_on"] == "2026-01-23"
