"""Round deadlines (T1-T3): a dossier still at its unit, or on hold, drops out of the round."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED, walk_to


def run_timers(runner):
    result = runner.invoke(args=["timers", "run", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.rule("T1", "X2", "T5")
def test_deadline_excludes_what_has_not_reached_so_gddt(api, runner, clock):
    """T1: after 31 May (Vietnam time), is an annual dossier still at its unit, a draft, or one
    held before it left its unit excluded with the reason recorded, while one already at Sở
    GDĐT, even if held there since, goes on (T5)?"""
    at_unit = api.gen_submitted("giay-khen-so", round_="annual-2025")
    draft = api.gen_dossier("giay-khen-so", round_="annual-2025")
    at_so = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, at_so["id"], ("unit_council",))
    held_at_unit = api.gen_submitted("giay-khen-so", round_="annual-2025")
    held_at_so = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, held_at_so["id"], ("unit_council",))
    for held in (held_at_unit, held_at_so):
        hold = {"nominee_id": held["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"}
        assert api.post("/holds", "hcm-snv", json=hold).status_code == 201
    clock.now = datetime(2025, 5, 31, 16, 30)  # 23:30 on 31 May in Vietnam
    assert "excluded 0" in run_timers(runner)
    clock.now = datetime(2025, 5, 31, 17, 30)  # 00:30 on 1 June in Vietnam
    run_timers(runner)
    for dossier in (at_unit, draft, held_at_unit):
        state = api.dossier(dossier["id"])
        assert state["status"] == "excluded"
        assert state["open_tasks"] == []
        events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
        assert events[-1]["type"] == "dossier_excluded"
        assert events[-1]["data"]["reason"] == "deadline_passed"
    assert api.dossier(at_so["id"])["status"] == "in_progress"
    assert api.dossier(held_at_so["id"])["status"] == "on_hold"
    assert "excluded 0" in run_timers(runner)  # a second run fires nothing twice


@pytest.mark.rule("T1")
def test_submission_after_the_deadline_is_refused(api, clock):
    """Is a dossier submitted after its round's deadline refused with 409?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 6, 2)
    response = api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "round_closed"
    assert "01/06/2025" in response.json["error"]["message"]


@pytest.mark.rule("T1")
def test_a_unit_step_after_the_deadline_is_refused_and_the_runner_excludes_it(api, runner, clock):
    """T1: once 1 June has passed, can the unit council still forward a dossier the timer
    runner has not reached yet? It must not: 409 `round_closed`, nothing moves, and the next
    timer run excludes it. A dossier already at Sở GDĐT goes on being reviewed."""
    at_unit = api.gen_submitted("giay-khen-so", round_="annual-2025")
    at_so = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, at_so["id"], ("unit_council",))
    clock.now = datetime(2025, 6, 1, 0, 30)  # past the deadline; no timer has run
    refused = api.complete_open(at_unit["id"], COUNCIL_PASSED)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "round_closed"
    assert api.open_task(at_unit["id"])["name"] == "unit_council"
    assert api.complete_open(at_so["id"], APPROVE).status_code == 200
    run_timers(runner)
    assert api.dossier(at_unit["id"])["status"] == "excluded"


@pytest.mark.rule("T1", "X2")
def test_a_hold_cleared_after_the_deadline_excludes_instead_of_resuming(api, clock):
    """X2: "if the round's deadline passes first it drops out of that round": when the last
    hold is cleared after the deadline, does the dossier drop out at once, not resume?"""
    held = api.gen_submitted("giay-khen-so", round_="annual-2025")
    nominee_id = held["nominee"]["id"]
    hold = api.post(
        "/holds", "hcm-snv", json={"nominee_id": nominee_id, "kind": "complaint", "reference": "1"}
    ).json
    clock.now = datetime(2025, 6, 3)  # the runner has not run
    cleared = api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json={"reference": "KL 2"})
    assert cleared.status_code == 200, cleared.json
    state = api.dossier(held["id"])
    assert state["status"] == "excluded" and state["open_tasks"] == []
    events = api.get(f"/dossiers/{held['id']}/history", "hcm-auditor").json["events"]
    assert [e["type"] for e in events[-2:]] == ["hold_cleared", "dossier_excluded"]
