"""C2 and C6 on the server-rendered pages: the opinions a later level reads, the Central
Committee's return limit and a return flagged late."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api.test_consultation import AGREES, CONSULT, at_central_appraisal, consulting

CENTRAL_RETURN = {
    "decision": "return",
    "reason": "Thiếu xác nhận sáng kiến",
    "return_letter_number": "15/BTĐKT-TH",
}


@pytest.mark.rule("C2")
def test_the_dossier_page_lists_each_agency_and_what_it_said(api, pages):
    """C2: does the dossier page list every consulted agency, answered or still awaited?"""
    dossier_id, tasks = consulting(api)
    answer = api.post(f"/tasks/{tasks[0]['id']}/complete", "hcm-sgd", json={"data": AGREES})
    assert answer.status_code == 200
    pages.login("hcm-sgd")
    html = pages.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert html.count("data-agency=") == len(CONSULT["consulted_agencies"])
    assert "101/CAT-PV01" in html
    assert html.count("Đang chờ trả lời") == 2


@pytest.mark.rule("C6")
def test_the_central_appraisal_shows_its_return_limit_and_flags_it_once_passed(api, pages, clock):
    """C6: does the central appraisal's page show the 5-working-day return limit, flag it
    once passed, and the dossier page then name a late return?"""
    dossier_id, task = at_central_appraisal(api, clock)
    pages.login("central")
    html = pages.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert 'id="return-deadline"' in html and "Quá hạn trả lại" not in html
    clock.now = datetime(2025, 9, 15, 2, 0)
    pages.login("central")  # two weeks later: a new session
    html = pages.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "Quá hạn trả lại" in html
    data = {**CENTRAL_RETURN, "return_letter_date": "2025-09-15"}
    assert api.complete_open(dossier_id, data).status_code == 200
    html = pages.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "data-late-return" in html
