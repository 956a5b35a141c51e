"""C2 in a real Chromium: Sở GDĐT ticks the agencies to consult, records each agency's
written answer from its own task, and the appraisal and later levels see the opinions."""

from __future__ import annotations

import pytest

from tests.factories import COUNCIL_PASSED, Api

from .browser import DEMO_PASSWORD, go


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _task_page(page, task_id: int):
    page.goto(f"/tasks/{task_id}")
    page.wait_for_selector("#task-form")


@pytest.mark.rule("C2")
def test_consulting_two_agencies_in_the_browser(people, api):
    """Can Sở GDĐT tick two agencies, record each one's answer on its own task, and then read
    both opinions on the appraisal's page and on the dossier's page?"""
    dossier = api.gen_submitted("bang-khen-ubnd")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    page = people().login("hcm-sgd")
    _task_page(page, api.open_task(dossier["id"])["id"])
    page.check("#decision-consult")
    page.check("#consulted_agencies-cong_an")
    page.check("#consulted_agencies-thue")
    go(page, "#complete")
    page.wait_for_selector(".flash-success")
    tasks = api.dossier(dossier["id"])["open_tasks"]
    assert [t["title"].split(": ")[1] for t in tasks] == ["Công an Thành phố", "Thuế Thành phố"]
    answers = [("agree", "101/CAT", ""), ("disagree", "202/CT", "Còn nợ thuế năm 2024")]
    for task, (opinion, letter, content) in zip(tasks, answers, strict=True):
        _task_page(page, task["id"])
        assert page.locator("h1").inner_text().endswith(task["title"].split(": ")[1])
        page.check(f"#agency_opinion-{opinion}")
        page.fill("#letter_number", letter)
        if content:
            page.fill("#content", content)
        go(page, "#complete")
        page.wait_for_selector(".flash-success")
    appraisal = api.open_task(dossier["id"])
    assert appraisal["name"] == "so_gddt_appraisal"
    _task_page(page, appraisal["id"])
    rows = page.locator("#consultation tbody tr")
    assert rows.count() == 2
    assert "Không đồng ý" in page.locator('#consultation tr[data-agency="thue"]').inner_text()
    assert "Còn nợ thuế năm 2024" in page.locator("#consultation").inner_text()
    later = people().login("hcm-snv")
    later.goto(f"/dossiers/{dossier['id']}")
    assert later.locator("#consultation tbody tr").count() == 2


@pytest.mark.rule("C2")
def test_consulting_without_an_agency_keeps_the_choice_and_names_the_field(people, api):
    """Is a consultation with no agency ticked refused beside the list, the choice kept?"""
    dossier = api.gen_submitted("bang-khen-ubnd")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    page = people().login("hcm-sgd")
    _task_page(page, api.open_task(dossier["id"])["id"])
    page.check("#decision-consult")
    go(page, "#complete")
    page.wait_for_selector(".error-summary")
    assert page.is_checked("#decision-consult")
    assert api.open_task(dossier["id"])["name"] == "so_gddt_appraisal"
