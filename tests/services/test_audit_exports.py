"""Exports for an inspector (X4): the JSON history verified by the standalone script, and
the CSV of every decision in a period."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import datetime

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED
from workflow_app.config import PROJECT_ROOT

VERIFIER = PROJECT_ROOT / "docs" / "verify_export.py"


def verify_with_script(export: dict, tmp_path) -> subprocess.CompletedProcess:
    """Run docs/verify_export.py as an inspector would: plain Python, no site-packages."""
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-I", "-S", str(VERIFIER), str(path)], capture_output=True, text=True
    )


def approved_giay_khen(api) -> int:
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    for data in (COUNCIL_PASSED, APPROVE, APPROVE):
        assert api.complete_open(dossier["id"], data).status_code == 200
    return dossier["id"]


@pytest.mark.rule("X4")
def test_an_export_verifies_with_the_standalone_script(api, tmp_path):
    """Does a real export of an approved dossier verify outside the application, and does
    the script catch an edited reason and a removed last event?"""
    dossier_id = approved_giay_khen(api)
    response = api.get(f"/dossiers/{dossier_id}/export", "hcm-auditor")
    assert response.status_code == 200
    export = response.json
    assert export["verification"] == {
        "chain_holds": True,
        "replay_verified": True,
        "mismatch_at": None,
        "reason": None,
    }
    assert export["chain"]["length"] == len(export["events"])
    result = verify_with_script(export, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK")

    edited = json.loads(json.dumps(export))
    decision = next(e for e in edited["events"] if e["type"] == "task_completed")
    decision["data"]["form"]["reason"] = "Đã sửa sau"
    result = verify_with_script(edited, tmp_path)
    assert result.returncode == 1 and f"event {decision['seq']}" in result.stdout

    truncated = {**export, "events": export["events"][:-1]}
    assert verify_with_script(truncated, tmp_path).returncode == 1


def test_decisions_of_a_period_as_csv(api, clock):
    """Does the CSV of a period list each decision made in it, and none made outside it?"""
    clock.now = datetime(2025, 5, 5, 9, 0)
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    clock.now = datetime(2025, 5, 20, 9, 0)
    api.complete_open(dossier["id"], {"decision": "reject", "reason": "=Chưa tiêu biểu"})
    response = api.get("/audit/decisions?from=2025-05-10&to=2025-05-31", "hcm-auditor")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = [r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]
    mine = [r for r in rows if r["dossier_id"] == str(dossier["id"])]
    assert [(r["task"], r["actor"], r["decision"]) for r in mine] == [
        ("so_gddt_appraisal", "hcm-sgd", "reject")
    ]
    assert mine[0]["reason"] == "'=Chưa tiêu biểu"  # a formula stays text in a spreadsheet
    assert mine[0]["at"].startswith("2025-05-20") and len(mine[0]["hash"]) == 64


def test_exports_are_refused_to_others(api):
    """Are a unit user and a reviewer refused the exports, and an admin of another
    jurisdiction not shown the dossier at all?"""
    dossier_id = approved_giay_khen(api)
    for user in ("hcm-unit", "hcm-sgd"):
        assert api.get(f"/dossiers/{dossier_id}/export", user).status_code == 403
        assert api.get("/audit/decisions", user).status_code == 403
    assert api.get(f"/dossiers/{dossier_id}/export", "dong-nai-admin").status_code == 404
    assert api.get(f"/dossiers/{dossier_id}/export", "hcm-admin").status_code == 200
