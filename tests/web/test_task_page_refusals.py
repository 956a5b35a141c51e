"""The task page of a task that cannot be acted on: the services decide (lane, hold, who acted
first) and the page says so in the user's language."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED


def _at_so_gddt(api) -> tuple[dict, dict]:
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return dossier, api.open_task(dossier["id"])


def _in_english(pages, username: str) -> None:
    pages.login(username)
    pages.post("/language", {"locale": "en", "next": "/"})


@pytest.mark.rule("X2")
def test_a_held_task_page_says_it_waits_for_the_hold(api, pages):
    """X2: does Sở GDĐT's reviewer opening a held dossier's step get a 409 page saying the
    dossier is on hold, in Vietnamese, and in English for an English user?"""
    dossier, task = _at_so_gddt(api)
    hold = {"nominee_id": dossier["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"}
    assert api.post("/holds", "hcm-snv", json=hold).status_code == 201
    pages.login("hcm-sgd")
    page = pages.get(f"/tasks/{task['id']}")
    assert page.status_code == 409
    assert "Hồ sơ đang tạm dừng xét do đối tượng có vướng mắc" in page.get_data(as_text=True)
    _in_english(pages, "hcm-sgd")
    html = pages.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "The dossier is on hold because its nominee has an open hold" in html
    assert "tạm dừng xét" not in html


def test_a_completed_task_page_names_who_completed_it_in_english(api, pages):
    """Does an English user opening a step someone already completed read who did, in
    English?"""
    _, task = _at_so_gddt(api)
    path = f"/tasks/{task['id']}/complete"
    assert api.post(path, "hcm-sgd2", json={"data": APPROVE}).status_code == 200
    _in_english(pages, "hcm-sgd")
    page = pages.get(f"/tasks/{task['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 409
    assert "This task was already handled by Chuyên viên Sở GDĐT (2)." in html


def test_a_reviewer_of_another_lane_is_refused_the_page(api, pages):
    """Is a UBND reviewer refused Sở GDĐT's step page (403)?"""
    _, task = _at_so_gddt(api)
    pages.login("hcm-ubnd")
    assert pages.get(f"/tasks/{task['id']}").status_code == 403
