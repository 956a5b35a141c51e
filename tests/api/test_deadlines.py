"""Round deadlines (T1-T3): a dossier still at its unit, or on hold, drops out of the round."""

from __future__ import annotations

from datetime import datetime

from tests.factories import walk_to


def run_timers(runner):
    result = runner.invoke(args=["timers", "run", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def test_deadline_excludes_what_has_not_reached_so_gddt(api, runner, clock):
    """T1: after 1 June, is an annual dossier still at its unit (or a draft, or one on hold)
    excluded with the reason recorded, while one already at Sở GDĐT goes on?"""
    at_unit = api.gen_submitted("giay-khen-so", round_="annual-2025")
    draft = api.gen_dossier("giay-khen-so", round_="annual-2025")
    at_so = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, at_so["id"], ("unit_council",))
    held = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, held["id"], ("unit_council",))
    api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": held["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"},
    )
    clock.now = datetime(2025, 5, 31, 23, 0)
    assert "excluded 0" in run_timers(runner)
    clock.now = datetime(2025, 6, 1, 0, 30)
    assert "excluded 3" in run_timers(runner)
    for dossier in (at_unit, draft, held):
        state = api.dossier(dossier["id"])
        assert state["status"] == "excluded"
        assert state["open_tasks"] == []
        events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
        assert events[-1]["type"] == "dossier_excluded"
        assert events[-1]["data"]["reason"] == "deadline_passed"
    assert api.dossier(at_so["id"])["status"] == "in_progress"
    assert "excluded 0" in run_timers(runner)  # a second run fires nothing twice


def test_submission_after_the_deadline_is_refused(api, clock):
    """Is a dossier submitted after its round's deadline refused with 409?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 6, 2)
    response = api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    assert response.status_code == 409
    assert "01/06/2025" in response.json["error"]["message"]
