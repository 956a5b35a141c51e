"""C2: Sở GDĐT consults the relevant agencies before appraising (one task per agency, each
with its due date in working days); C6: the Central Committee's appraisal limits."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import APPROVE, walk_to

AGENCIES = ["cong_an", "thue", "thanh_tra"]
CONSULT = {"decision": "consult", "consulted_agencies": AGENCIES}
AGREES = {"agency_opinion": "agree", "letter_number": "101/CAT-PV01", "letter_date": "2025-05-08"}
DISAGREES = {
    "agency_opinion": "disagree",
    "letter_number": "202/CT-TTHT",
    "letter_date": "2025-05-09",
    "content": "Đơn vị còn nợ thuế năm 2024.",
}


def run_timers(runner) -> str:
    result = runner.invoke(args=["timers", "run", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def open_tasks(api, dossier_id: int) -> list[dict]:
    return api.dossier(dossier_id)["open_tasks"]


def consulting(api) -> tuple[int, list[dict]]:
    """A Bằng khen UBND dossier at Sở GDĐT, which consults three agencies: its open tasks."""
    dossier = api.gen_submitted("bang-khen-ubnd")
    walk_to(api, dossier["id"], ("unit_council",))
    response = api.complete_open(dossier["id"], CONSULT)
    assert response.status_code == 200, response.json
    return dossier["id"], open_tasks(api, dossier["id"])


def answer(api, task: dict, data: dict, user: str = "hcm-sgd"):
    return api.post(f"/tasks/{task['id']}/complete", user, json={"data": data})


def consultations(api, dossier_id: int, user: str = "hcm-admin") -> dict:
    response = api.get(f"/dossiers/{dossier_id}/consultations", user)
    assert response.status_code == 200, response.json
    return response.json


@pytest.mark.rule("C2")
def test_each_consulted_agency_gets_its_own_task_with_a_due_date(api, clock):
    """C2: does consulting three agencies open three Sở GDĐT tasks, each naming its agency
    and due 10 working days later, while the appraisal waits?"""
    clock.now = datetime(2025, 5, 5, 8, 0)  # a Monday
    dossier_id, tasks = consulting(api)
    assert [t["name"] for t in tasks] == ["so_gddt_consultation"] * 3
    assert [t["lane"] for t in tasks] == ["so_gddt"] * 3
    titles = [t["title"] for t in tasks]
    assert titles == [
        "Ý kiến của cơ quan được lấy ý kiến: Công an Thành phố",
        "Ý kiến của cơ quan được lấy ý kiến: Thuế Thành phố",
        "Ý kiến của cơ quan được lấy ý kiến: Thanh tra Thành phố",
    ]
    assert {t["due_at"] for t in tasks} == {"2025-05-19T08:00:00+00:00"}  # 2 weekends skipped
    inbox = api.get("/tasks", "hcm-sgd").json["items"]
    assert sum(t["dossier_id"] == dossier_id for t in inbox) == 3


@pytest.mark.rule("C2")
def test_consulting_needs_at_least_one_agency_from_the_list(api):
    """C2: is a consultation with no agency, or an agency not on the list, refused (422)?"""
    dossier = api.gen_submitted("bang-khen-ubnd")
    walk_to(api, dossier["id"], ("unit_council",))
    none = api.complete_open(dossier["id"], {"decision": "consult"})
    assert none.status_code == 422
    unknown = api.complete_open(dossier["id"], {**CONSULT, "consulted_agencies": ["bo_cong_an"]})
    assert unknown.status_code == 422
    assert api.open_task(dossier["id"])["name"] == "so_gddt_appraisal"


@pytest.mark.rule("C2", "X4")
def test_two_answer_the_third_times_out_then_the_appraisal_shows_the_opinions(api, runner, clock):
    """C2: two agencies answer, the third does not by its due date: does the timers runner
    close it as "no opinion", the appraisal open again showing both opinions to Sở GDĐT and
    the later levels, and the dossier's history replay?"""
    clock.now = datetime(2025, 5, 5, 8, 0)
    dossier_id, tasks = consulting(api)
    police, tax, inspection = tasks
    assert answer(api, police, AGREES).status_code == 200
    assert answer(api, tax, DISAGREES).status_code == 200
    assert [t["title"] for t in open_tasks(api, dossier_id)] == [inspection["title"]]

    clock.now = datetime(2025, 5, 19, 7, 59)  # a minute before the due date: nothing happens
    assert "closed 0 consultation(s)" in run_timers(runner)
    clock.now = datetime(2025, 5, 19, 8, 0)
    assert "closed 1 consultation(s)" in run_timers(runner)

    [appraisal] = open_tasks(api, dossier_id)
    assert appraisal["name"] == "so_gddt_appraisal"
    opinions = {o["agency"]: o for o in consultations(api, dossier_id, "hcm-sgd")["opinions"]}
    assert opinions["cong_an"]["opinion"] == "agree"
    assert opinions["thue"]["opinion"] == "disagree"
    assert opinions["thue"]["content"] == "Đơn vị còn nợ thuế năm 2024."
    assert (
        opinions["thanh_tra"] | {"opinion": None, "timed_out": True, "open": False}
        == (opinions["thanh_tra"])
    )
    assert api.complete_open(dossier_id, APPROVE).status_code == 200
    walk_to(api, dossier_id, ("sector_council",))
    # The next level (Sở Nội vụ) reads the same opinions.
    later = consultations(api, dossier_id, "hcm-snv")["opinions"]
    assert [o["opinion"] for o in later] == ["agree", "disagree", None]
    replay = api.post(f"/dossiers/{dossier_id}/replay", "hcm-admin")
    assert replay.status_code == 200, replay.json
    assert replay.json["verified"] is True, replay.json


@pytest.mark.rule("C2")
def test_an_answered_consultation_is_not_timed_out(api, runner, clock):
    """C2: after every agency answered, does the timers runner leave the dossier alone?"""
    clock.now = datetime(2025, 5, 5, 8, 0)
    dossier_id, tasks = consulting(api)
    for task in tasks:
        assert answer(api, task, AGREES).status_code == 200
    clock.now = datetime(2025, 6, 30, 8, 0)
    assert "closed 0 consultation(s)" in run_timers(runner)
    assert api.open_task(dossier_id)["name"] == "so_gddt_appraisal"


@pytest.mark.rule("C2", "X2")
def test_a_held_dossiers_consultation_does_not_time_out(api, runner, clock):
    """X2: while the dossier is on hold, does its consultation wait instead of timing out?"""
    clock.now = datetime(2025, 5, 5, 8, 0)
    dossier_id, _ = consulting(api)
    nominee = api.dossier(dossier_id)["nominee"]["id"]
    hold = {"nominee_id": nominee, "kind": "complaint", "reference": "Đơn 7"}
    assert api.post("/holds", "hcm-snv", json=hold).status_code == 201
    clock.now = datetime(2025, 6, 30, 8, 0)
    assert "closed 0 consultation(s)" in run_timers(runner)


@pytest.mark.rule("C2")
def test_consulting_again_after_a_return_starts_a_new_round_of_opinions(api):
    """C2: when the sector council sends the dossier back, may Sở GDĐT consult again, and are
    both rounds' opinions kept for the later levels?"""
    dossier_id, tasks = consulting(api)
    for task in tasks:
        assert answer(api, task, AGREES).status_code == 200
    assert api.complete_open(dossier_id, APPROVE).status_code == 200
    back = {"decision": "return", "reason": "Lấy thêm ý kiến Liên đoàn Lao động"}
    assert api.complete_open(dossier_id, back).status_code == 200
    again = {"decision": "consult", "consulted_agencies": ["lien_doan_lao_dong"]}
    assert api.complete_open(dossier_id, again).status_code == 200
    [task] = open_tasks(api, dossier_id)
    assert task["title"].endswith("Liên đoàn Lao động Thành phố")
    assert answer(api, task, AGREES).status_code == 200
    assert api.open_task(dossier_id)["name"] == "so_gddt_appraisal"
    assert len(consultations(api, dossier_id)["opinions"]) == 4
    replay = api.post(f"/dossiers/{dossier_id}/replay", "hcm-admin")
    assert replay.json["verified"] is True, replay.json


# --- C6 -------------------------------------------------------------------------------------

CENTRAL_RETURN = {
    "decision": "return",
    "reason": "Thiếu xác nhận sáng kiến",
    "return_letter_number": "15/BTĐKT-TH",
}


def at_central_appraisal(api, clock) -> tuple[int, dict]:
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    walk_to(
        api,
        dossier["id"],
        ("unit_council", "so_gddt_appraisal", "sector_council", "so_noi_vu_appraisal"),
    )
    clock.now = datetime(2025, 9, 1, 2, 0)  # Monday 1 September 2025, 09:00 in Vietnam
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200  # UBND proposes
    api.select_waiting(dossier["id"])
    task = api.open_task(dossier["id"])
    assert task["name"] == "central_appraisal"
    return dossier["id"], task


@pytest.mark.rule("C6")
def test_central_appraisal_is_due_in_twenty_working_days(api, clock):
    """C6: is the central appraisal due 20 working days after it received the dossier (the
    2 September holiday skipped)?"""
    _, task = at_central_appraisal(api, clock)
    assert task["due_at"].startswith("2025-09-30")  # 20 working days, 1-2 Sept off


@pytest.mark.rule("C6")
def test_a_return_within_five_working_days_is_not_flagged(api, clock):
    """C6: is a written return dated and recorded within 5 working days accepted unflagged?"""
    dossier_id, _ = at_central_appraisal(api, clock)
    clock.now = datetime(2025, 9, 5, 2, 0)
    data = {**CENTRAL_RETURN, "return_letter_date": "2025-09-05"}
    assert api.complete_open(dossier_id, data).status_code == 200
    assert consultations(api, dossier_id)["late_returns"] == []
    assert api.open_task(dossier_id)["name"] == "ubnd_decision"


@pytest.mark.rule("C6")
def test_a_late_return_is_accepted_and_flagged(api, clock):
    """C6: a return after the 5 working days is still a return (the dossier goes back to
    UBND), flagged late in the history with the limit it missed."""
    dossier_id, _ = at_central_appraisal(api, clock)
    clock.now = datetime(2025, 9, 15, 2, 0)
    data = {**CENTRAL_RETURN, "return_letter_date": "2025-09-15"}
    assert api.complete_open(dossier_id, data).status_code == 200
    [late] = consultations(api, dossier_id)["late_returns"]
    assert late["return_by"].startswith("2025-09-09")  # 5 working days, 1-2 Sept off
    history = api.get(f"/dossiers/{dossier_id}/history", "hcm-admin").json
    assert "central_return_late" in [e["type"] for e in history["events"]]
    assert api.open_task(dossier_id)["name"] == "ubnd_decision"


@pytest.mark.rule("C6")
def test_a_return_letter_dated_before_receipt_is_refused(api, clock):
    """C6: is a return letter dated before the Committee received the dossier refused (422)
    with the receipt date named?"""
    dossier_id, _ = at_central_appraisal(api, clock)
    data = {**CENTRAL_RETURN, "return_letter_date": "2025-08-20"}
    refused = api.complete_open(dossier_id, data)
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "return_letter_date_invalid"
    assert "2025-09-01" in error["message"]
    assert api.open_task(dossier_id)["name"] == "central_appraisal"
