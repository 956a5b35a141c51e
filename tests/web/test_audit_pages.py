"""The auditor's pages with Flask's test client: who may open them, and what they show."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED

RETURN = {"decision": "return", "reason": "Bổ sung biên bản họp"}


@pytest.fixture
def returned_dossier(api) -> int:
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    for data in (COUNCIL_PASSED, RETURN, COUNCIL_PASSED, APPROVE, APPROVE):
        assert api.complete_open(dossier["id"], data).status_code == 200
    return dossier["id"]


def audit_paths(dossier_id: int) -> list[str]:
    base = f"/audit/dossiers/{dossier_id}"
    return [
        "/audit",
        "/audit/reports",
        "/audit/decisions.csv",
        base,
        f"{base}/steps",
        f"{base}/print",
        f"{base}/export.json",
    ]


@pytest.mark.parametrize("username", ["hcm-unit", "hcm-sgd", "hcm-ubnd"])
def test_units_and_reviewers_are_refused(pages, returned_dossier, username):
    """Is a unit user or a reviewer refused every auditor page (403)?"""
    pages.login(username)
    for path in audit_paths(returned_dossier):
        assert pages.get(path).status_code == 403, path


def test_an_admin_of_another_jurisdiction_does_not_see_the_dossier(pages, returned_dossier):
    """Does an admin of Đồng Nai get 404 for a HCMC dossier, and no HCMC dossier in search?"""
    pages.login("dong-nai-admin")
    for path in audit_paths(returned_dossier)[3:]:
        assert pages.get(path).status_code == 404, path
    assert f"HS-{returned_dossier}<" not in pages.get("/audit").get_data(as_text=True)


def test_the_auditor_reads_the_timeline_and_the_verdict(pages, returned_dossier):
    """Does the auditor see the nav link, the dossier in search, each event with who and why,
    and the verification verdict?"""
    pages.login("hcm-auditor")
    home = pages.get("/", follow_redirects=True)  # issue 18: an auditor lands on Kiểm tra
    assert home.request.path.startswith("/audit")
    assert 'id="nav-audit"' in home.get_data(as_text=True)
    search = pages.get("/audit?reviewer=hcm-sgd&status=approved").get_data(as_text=True)
    assert f"HS-{returned_dossier}<" in search
    html = pages.get(f"/audit/dossiers/{returned_dossier}").get_data(as_text=True)
    assert 'data-verified="true"' in html
    # who acted, by name (issue 18: people, not usernames), and why
    assert RETURN["reason"] in html and "Chuyên viên Sở GDĐT (1)" in html and "sha256" in html


def test_the_step_page_counts_visits_and_the_diff_compares_fields(pages, returned_dossier):
    """Does the step page list two visits of the returned step, and the diff mark the
    changed decision?"""
    pages.login("hcm-admin")
    html = pages.get(f"/audit/dossiers/{returned_dossier}/steps").get_data(as_text=True)
    assert '"so_gddt_appraisal": 2' in html.replace("&#34;", '"')
    first, last = _appraisal_seqs(pages, returned_dossier)
    diff = pages.get(f"/audit/dossiers/{returned_dossier}/diff?a={first}&b={last}")
    text = diff.get_data(as_text=True)
    assert diff.status_code == 200 and 'class="changed" data-field="decision"' in text


def _appraisal_seqs(pages, dossier_id: int) -> tuple[int, int]:
    export = pages.get(f"/audit/dossiers/{dossier_id}/export.json").get_json()
    seqs = [
        e["seq"]
        for e in export["events"]
        if e["type"] == "task_completed" and e["task"] == "so_gddt_appraisal"
    ]
    return seqs[0], seqs[-1]


def test_the_printable_history_is_in_vietnamese(pages, returned_dossier):
    """Is the printable page Vietnamese, with every hash in full?"""
    pages.login("hcm-auditor")
    html = pages.get(f"/audit/dossiers/{returned_dossier}/print").get_data(as_text=True)
    assert "LỊCH SỬ XỬ LÝ HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG" in html and 'lang="vi"' in html
    assert "Nguyên vẹn, chạy lại khớp" in html


def test_the_reports_page_lists_levels_and_reviewers(pages, returned_dossier):
    """Does the report list time per level with its limit, per reviewer and per round?"""
    pages.login("hcm-auditor")
    html = pages.get("/audit/reports").get_data(as_text=True)
    assert 'data-group="reviewer"' in html and 'data-key="hcm-sgd"' in html
    assert 'id="step-times"' in html and f"HS-{returned_dossier}<" in html
