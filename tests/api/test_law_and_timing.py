"""Today's law and today's map (issue 12): rule sets by date (R1), served discipline (R2),
deadlines kept for dossiers received in time (T5) and rounds offered only while open."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api.test_deadlines import run_timers
from tests.factories import walk_to

RETURN = {"decision": "return", "reason": "Bổ sung minh chứng"}


def hold_on(api, dossier, kind="complaint", user="hcm-snv"):
    body = {"nominee_id": dossier["nominee"]["id"], "kind": kind, "reference": "Đơn 5/2025"}
    response = api.post("/holds", user, json=body)
    assert response.status_code == 201, response.json
    return response.json


# --- T5: a deadline is for reaching the receiving level ---------------------------------------


@pytest.mark.rule("T5", "T1")
def test_received_in_time_then_returned_is_not_excluded(api, runner, clock):
    """T5: a dossier that reached Sở GDĐT in May and was returned to its unit on 3 June: is it
    still in the round after the next timer run, and may its unit send it up again?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    clock.now = datetime(2025, 6, 3, 2, 0)
    assert api.complete_open(dossier["id"], RETURN).status_code == 200
    assert api.dossier(dossier["id"])["status"] == "returned"
    run_timers(runner)
    state = api.dossier(dossier["id"])
    assert state["status"] == "returned"
    assert [t["lane"] for t in state["open_tasks"]] == ["unit"]
    walk_to(api, dossier["id"], ("unit_council",))  # no 409 round_closed: it was received
    assert api.open_task(dossier["id"])["lane"] == "so_gddt"


@pytest.mark.rule("T5", "X2")
def test_held_at_so_noi_vu_after_the_deadline_is_not_excluded(api, runner, clock):
    """T5: a dossier already at Sở Nội vụ put on hold on 10 June: does it stay on hold (not
    excluded) at the timer run, and resume at Sở Nội vụ when the hold clears?"""
    dossier = api.gen_submitted("bang-khen-ubnd", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal", "sector_council"))
    assert api.open_task(dossier["id"])["lane"] == "so_noi_vu"
    clock.now = datetime(2025, 6, 10, 3, 0)
    hold = hold_on(api, dossier)
    run_timers(runner)
    assert api.dossier(dossier["id"])["status"] == "on_hold"
    cleared = api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json={"reference": "KL 1"})
    assert cleared.status_code == 200, cleared.json
    state = api.dossier(dossier["id"])
    assert state["status"] == "in_progress"
    assert [t["lane"] for t in state["open_tasks"]] == ["so_noi_vu"]


@pytest.mark.rule("T3", "T5")
def test_the_final_review_excludes_only_what_never_reached_so_gddt(api, runner, clock):
    """T3: on 1 July 2030 (Vietnam time), is a tong-ket-2030 dossier still at its unit
    excluded, while one that reached Sở GDĐT stays?"""
    at_unit = api.gen_submitted("bang-khen-ubnd", round_="tong-ket-2030")
    at_so = api.gen_submitted("bang-khen-ubnd", round_="tong-ket-2030")
    walk_to(api, at_so["id"], ("unit_council",))
    clock.now = datetime(2030, 6, 30, 16, 30)  # 23:30 on 30 June in Vietnam: still in time
    run_timers(runner)
    assert api.dossier(at_unit["id"])["status"] == "in_progress"
    clock.now = datetime(2030, 6, 30, 17, 30)  # 00:30 on 1 July in Vietnam
    run_timers(runner)
    assert api.dossier(at_unit["id"])["status"] == "excluded"
    assert api.dossier(at_so["id"])["status"] == "in_progress"


@pytest.mark.rule("T1")
def test_the_last_day_counts_whole_in_vietnam_time(api, clock):
    """T1: 'before 1 June': may a unit still submit at 23:30 on 31 May Vietnam time (16:30
    UTC), and is it refused at 00:05 on 1 June (17:05 UTC on 31 May), not at 07:00?"""
    late = api.gen_dossier("giay-khen-so", round_="annual-2025")
    in_time = api.gen_dossier("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 5, 31, 16, 30)
    assert api.post(f"/dossiers/{in_time['id']}/submit", "hcm-unit").status_code == 200
    clock.now = datetime(2025, 5, 31, 17, 5)
    refused = api.post(f"/dossiers/{late['id']}/submit", "hcm-unit")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "round_closed"
    assert "01/06/2025" in refused.json["error"]["message"]


# --- R1: the rule set of the day the dossier was received --------------------------------------


@pytest.mark.rule("R1")
def test_a_dossier_keeps_the_decree_in_force_the_day_it_was_received(api, clock):
    """R1: is a dossier submitted on 30 June 2025 under Decree 98/2023 and one submitted on
    1 July (Vietnam time) under Decree 152/2025, each shown by its title, and kept after an
    administrator moves the dates?"""
    old = api.gen_dossier("bang-khen-ubnd", round_="tong-ket-2030")
    new = api.gen_dossier("bang-khen-ubnd", round_="tong-ket-2030")
    clock.now = datetime(2025, 6, 30, 16, 0)  # 23:00 on 30 June in Vietnam
    assert api.post(f"/dossiers/{old['id']}/submit", "hcm-unit").status_code == 200
    clock.now = datetime(2025, 6, 30, 17, 30)  # 00:30 on 1 July in Vietnam
    assert api.post(f"/dossiers/{new['id']}/submit", "hcm-unit").status_code == 200
    assert api.dossier(old["id"])["rule_set"] == "nd-98-2023"
    assert api.dossier(old["id"])["rule_set_title"] == "Nghị định 98/2023/NĐ-CP"
    assert api.dossier(new["id"])["rule_set"] == "nd-152-2025"
    assert api.dossier(new["id"])["rule_set_title"] == "Nghị định 152/2025/NĐ-CP"
    moved = api.call(
        "PATCH", "/rule-sets/nd-98-2023", "national-admin", json={"applies_until": "2025-06-20"}
    )
    assert moved.status_code == 200, moved.json
    assert api.dossier(old["id"])["rule_set"] == "nd-98-2023"  # kept, not recomputed
    events = api.get(f"/dossiers/{old['id']}/history", "hcm-auditor").json["events"]
    started = next(e for e in events if e["type"] == "workflow_started")
    assert started["data"]["start_data"]["rule_set"] == "nd-98-2023"  # what replay re-runs
    replay = api.post(f"/dossiers/{old['id']}/replay", "hcm-auditor").json
    assert replay["verified"] is True, replay


@pytest.mark.rule("R1", "X2")
def test_a_press_allegation_holds_only_decree_152_dossiers(api, clock):
    """R1: a press allegation (added by Decree 152/2025) is placed on a nominee with one
    dossier received under each decree: does only the Decree 152 one stop?"""
    nominee = api.gen_nominee()
    old = api.gen_dossier("bang-khen-ubnd", round_="tong-ket-2030", nominee=nominee)
    api.post(f"/dossiers/{old['id']}/submit", "hcm-unit")
    other = api.gen_nominee()
    clock.now = datetime(2025, 7, 2, 3, 0)
    new = api.gen_dossier("bang-khen-ubnd", round_="tong-ket-2030", nominee=other)
    api.post(f"/dossiers/{new['id']}/submit", "hcm-unit")
    hold_on(api, old, kind="press-allegation", user="hcm-admin")
    hold_on(api, new, kind="press-allegation", user="hcm-admin")
    assert api.dossier(old["id"])["status"] == "in_progress"
    assert api.dossier(new["id"])["status"] == "on_hold"


@pytest.mark.rule("R1")
def test_an_admin_edits_the_rule_sets_and_the_history_keeps_it(api):
    """R1: can the national administrator change a rule set's posting period, with the
    change in every jurisdiction's settings history, while a reviewer and a province's
    administrator cannot (the decrees are national), and two decrees in force on one day
    are refused naming the other?"""
    listed = api.get("/rule-sets", "hcm-sgd").json["items"]
    by_key = {r["key"]: r for r in listed}
    assert by_key["nd-152-2025"]["applies_from"] == "2025-07-01"
    assert by_key["nd-98-2023"]["applies_until"] == "2025-06-30"
    assert "press-allegation" in by_key["nd-152-2025"]["hold_kinds"]
    assert "press-allegation" not in by_key["nd-98-2023"]["hold_kinds"]
    assert by_key["nd-152-2025"]["posting_working_days"] == 10
    body = {"posting_working_days": 12}
    assert api.call("PATCH", "/rule-sets/nd-152-2025", "hcm-sgd", json=body).status_code == 403
    local = api.call("PATCH", "/rule-sets/nd-152-2025", "hcm-admin", json=body)
    assert local.status_code == 403, local.json
    assert local.json["error"]["code"] == "rule_sets_admins_only"
    assert "cấp Trung ương" in local.json["error"]["message"]
    changed = api.call("PATCH", "/rule-sets/nd-152-2025", "national-admin", json=body)
    assert changed.status_code == 200 and changed.json["posting_working_days"] == 12
    history = api.get("/settings-history?subject=rule_set", "hcm-admin").json["items"]
    assert history[0]["subject_key"] == "nd-152-2025"
    assert history[0]["before"]["posting_working_days"] == 10
    assert history[0]["after"]["posting_working_days"] == 12
    national = api.get("/settings-history?subject=rule_set", "national-admin").json["items"]
    assert national[0]["subject_key"] == "nd-152-2025"
    overlap = {"applies_from": "2025-06-01"}
    refused = api.call("PATCH", "/rule-sets/nd-152-2025", "national-admin", json=overlap)
    assert refused.status_code == 422
    assert "nd-98-2023" in str(refused.json["error"]["details"])


# --- R2: achievements count from the end of a served discipline --------------------------------


@pytest.mark.rule("R2")
def test_an_achievement_period_before_a_served_discipline_is_refused(api):
    """R2: a hold cleared as `disciplined`, the discipline ended 1 March 2025: is a dossier whose
    achievement period starts in January refused naming the hold, and one from 1 March taken?"""
    nominee = api.gen_nominee()
    body = {"nominee_id": nominee["id"], "kind": "disciplinary-review", "reference": "QĐ 7/KL"}
    hold = api.post("/holds", "hcm-snv", json=body).json
    no_day = {"reference": "KL 9", "outcome": "disciplined"}
    assert api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json=no_day).status_code == 422
    served = {**no_day, "discipline_ended_on": "2025-03-01"}
    cleared = api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json=served)
    assert cleared.status_code == 200, cleared.json
    assert cleared.json["outcome"] == "disciplined"
    assert cleared.json["discipline_ended_on"] == "2025-03-01"
    dossier = {
        "nominee_id": nominee["id"],
        "round": "so-ket-2025",
        "award_form": "bang-khen-ubnd",
        "achievement_from": "2025-01-01",
        "achievement_to": "2025-04-30",
    }
    refused = api.post("/dossiers", "hcm-unit", json=dossier)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "achievement_before_discipline_end"
    assert "QĐ 7/KL" in refused.json["error"]["message"]
    assert refused.json["error"]["details"]["hold_id"] == hold["id"]
    taken = api.post("/dossiers", "hcm-unit", json={**dossier, "achievement_from": "2025-03-01"})
    assert taken.status_code == 201, taken.json
    assert taken.json["achievement_from"] == "2025-03-01"


@pytest.mark.rule("R2")
def test_an_achievement_period_must_run_forwards(api):
    """R2: is a period ending before it starts refused on its end field, and a dossier with no
    period (an older client) still accepted?"""
    nominee = api.gen_nominee()
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "bang-khen-ubnd"}
    backwards = {**body, "achievement_from": "2025-04-01", "achievement_to": "2025-01-01"}
    refused = api.post("/dossiers", "hcm-unit", json=backwards)
    assert refused.status_code == 422
    assert "achievement_to" in refused.json["error"]["details"]
    assert api.post("/dossiers", "hcm-unit", json=body).status_code == 201


# --- T1-T3: only open rounds are offered ----------------------------------------------------------


@pytest.mark.rule("T1")
def test_only_open_rounds_are_offered_and_a_closed_one_is_409(api):
    """T1: on 5 May 2025, is annual-2024 listed closed with its deadline and annual-2025 open,
    and is a new dossier for annual-2024 refused with 409 `round_closed`?"""
    rounds = {r["round"]: r for r in api.get("/rounds?jurisdiction=hcm", "hcm-unit").json["items"]}
    assert rounds["annual-2024"]["open"] is False
    assert rounds["annual-2024"]["deadline"] == "2024-05-31T17:00:00+00:00"
    assert rounds["annual-2025"]["open"] is True
    nominee = api.gen_nominee()
    body = {"nominee_id": nominee["id"], "round": "annual-2024", "award_form": "giay-khen-so"}
    refused = api.post("/dossiers", "hcm-unit", json=body)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "round_closed"


@pytest.mark.rule("R1", "S2")
def test_the_decree_in_force_sets_a_floor_under_the_council_threshold(api, clock):
    """R1, S2: when the rule set in force asks 90% for the Bằng khen UBND, does the Sở's
    sitting need at least 90%, whatever the jurisdiction's own table says?"""
    clock.now = datetime(2025, 7, 2, 3, 0)  # Decree 152/2025 in force
    before = api.candidates("tong-ket-2030", "bang-khen-ubnd", "so_gddt")["threshold_percent"]
    assert before < 90
    floor = {"council_thresholds": {"co-thi-dua-bo": 80, "bang-khen-ubnd": 90}}
    changed = api.call("PATCH", "/rule-sets/nd-152-2025", "national-admin", json=floor)
    assert changed.status_code == 200
    after = api.candidates("tong-ket-2030", "bang-khen-ubnd", "so_gddt")["threshold_percent"]
    assert after == 90
