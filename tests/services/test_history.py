"""The hash-chained history (X4): every step recorded, and any tampering detected."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.factories import APPROVE, COUNCIL_PASSED


@pytest.fixture
def finished_dossier(api):
    """A Giấy khen dossier walked to approval: a dozen events in its chain."""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    for data in (COUNCIL_PASSED, APPROVE, APPROVE):
        assert api.complete_open(dossier["id"], data).status_code == 200
    return dossier["id"]


def history(api, dossier_id):
    return api.get(f"/dossiers/{dossier_id}/history", "hcm-auditor").json


@pytest.mark.rule("X4")
def test_every_step_is_recorded_with_who_when_and_what(api, finished_dossier):
    """Does the history show each decision with its actor, data and the model version?"""
    body = history(api, finished_dossier)
    assert body["verified"] is True
    events = body["events"]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    completed = [e for e in events if e["type"] == "task_completed"]
    assert [(e["actor"], e["task"]) for e in completed] == [
        ("hcm-unit", "unit_council"),
        ("hcm-sgd", "so_gddt_appraisal"),
        ("hcm-sgd", "sector_council"),
    ]
    assert completed[0]["data"]["form"]["votes_for"] == COUNCIL_PASSED["votes_for"]
    assert all(e["model_version"] == "hcm-award-chain@1" for e in completed)
    assert all(e["prev_hash"] == p["hash"] for p, e in zip(events, events[1:], strict=False))


@pytest.mark.rule("X4")
def test_audit_verify_passes_on_an_untouched_history(runner, finished_dossier):
    """Does `audit verify` exit 0 when nothing was altered?"""
    result = runner.invoke(args=["audit", "verify", "--dossier", str(finished_dossier)])
    assert result.exit_code == 0, result.output


TAMPERING = {
    "edited": 'UPDATE history_events SET data = \'{"form": {"votes_for": 1}}\' '
    "WHERE dossier_id = :d AND seq = 5",
    "deleted": "DELETE FROM history_events WHERE dossier_id = :d AND seq = 5",
    "deleted-last": "DELETE FROM history_events WHERE dossier_id = :d AND seq = "
    "(SELECT MAX(seq) FROM history_events WHERE dossier_id = :d)",
    "reordered": "UPDATE history_events SET seq = CASE seq WHEN 4 THEN 5 ELSE 4 END "
    "WHERE dossier_id = :d AND seq IN (4, 5)",
    "actor-changed": "UPDATE history_events SET actor = 'someone-else' "
    "WHERE dossier_id = :d AND seq = 3",
    # A forged event appended after the last one, chained to it.
    "inserted": "INSERT INTO history_events "
    "(dossier_id, seq, at, actor, type, task, data, model_version, prev_hash, hash) "
    "SELECT dossier_id, seq + 1, at, 'hcm-ubnd', 'dossier_approved', task, data, "
    "model_version, hash, hash FROM history_events WHERE dossier_id = :d AND seq = "
    "(SELECT MAX(seq) FROM history_events WHERE dossier_id = :d)",
}


@pytest.mark.tampers
@pytest.mark.parametrize("kind", sorted(TAMPERING))
@pytest.mark.rule("X4")
def test_tampered_history_is_detected(kind, api, connection, runner, finished_dossier):
    """Is an edited, deleted, inserted or reordered event caught by `audit verify` (exit 1,
    naming the dossier) and by the history's verified flag?"""
    if kind == "reordered":  # swap through a free seq value to respect the unique constraint
        connection.execute(
            text("UPDATE history_events SET seq = 999 WHERE dossier_id = :d AND seq = 4"),
            {"d": finished_dossier},
        )
        connection.execute(
            text("UPDATE history_events SET seq = 4 WHERE dossier_id = :d AND seq = 5"),
            {"d": finished_dossier},
        )
        connection.execute(
            text("UPDATE history_events SET seq = 5 WHERE dossier_id = :d AND seq = 999"),
            {"d": finished_dossier},
        )
    else:
        connection.execute(text(TAMPERING[kind]), {"d": finished_dossier})
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"dossier {finished_dossier}: broken at event" in result.output
    assert history(api, finished_dossier)["verified"] is False
