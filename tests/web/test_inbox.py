"""The reviewer inbox: counts, filters, search, sort, keyset pages, claims, bulk approval."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.factories import COUNCIL_PASSED
from workflow_app.persistence.models import HumanTask


def _at_so_gddt(api, name: str, award_form="giay-khen-so", round_="annual-2025") -> dict:
    nominee = api.gen_nominee(name=name)
    dossier = api.gen_submitted(award_form, round_=round_, nominee=nominee)
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return api.open_task(dossier["id"])


def _listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-task-id="(\d+)"', html)]


def test_inbox_lists_offered_tasks_with_counts(api, pages):
    """Does Sở GDĐT see its new tasks with their nominee, and counts that include them?"""
    task = _at_so_gddt(api, "Lê Văn Inbox")
    pages.login("hcm-sgd")
    html = pages.get("/").get_data(as_text=True)
    assert task["id"] in _listed(html)
    assert "Lê Văn Inbox" in html
    group = int(re.search(r'data-count="group">([\d.]+)<', html).group(1).replace(".", ""))
    assert group >= 1
    pages.login("hcm-unit2")
    assert task["id"] not in _listed(pages.get("/").get_data(as_text=True))


def test_search_by_name_or_dossier_number(api, pages):
    """Can a reviewer find a task by part of the nominee's name or by HS-number?"""
    first = _at_so_gddt(api, "Phạm Thị Tìm Kiếm")
    second = _at_so_gddt(api, "Võ Văn Khác")
    pages.login("hcm-sgd")
    by_name = _listed(pages.get("/?q=Tìm Kiếm").get_data(as_text=True))
    assert first["id"] in by_name and second["id"] not in by_name
    by_number = _listed(pages.get(f"/?q=HS-{second['dossier_id']}").get_data(as_text=True))
    assert second["id"] in by_number and first["id"] not in by_number


def test_filters_by_award_form_round_and_level(api, pages):
    """Do the award-form, round and level filters keep only the matching tasks?"""
    certificate = _at_so_gddt(api, "Giấy Khen Lọc")
    ubnd = _at_so_gddt(api, "Bằng Khen Lọc", award_form="bang-khen-ubnd", round_="so-ket-2025")
    pages.login("hcm-sgd")
    only_ubnd = _listed(pages.get("/?award_form=bang-khen-ubnd").get_data(as_text=True))
    assert ubnd["id"] in only_ubnd and certificate["id"] not in only_ubnd
    only_annual = _listed(pages.get("/?round=annual-2025").get_data(as_text=True))
    assert certificate["id"] in only_annual and ubnd["id"] not in only_annual
    assert _listed(pages.get("/?lane=ubnd").get_data(as_text=True)) == []


def test_overdue_tasks_are_marked_and_filtered(api, pages, connection):
    """Is a task past its due date marked overdue and kept by the overdue filter?"""
    late = _at_so_gddt(api, "Quá Hạn Thử")
    fresh = _at_so_gddt(api, "Còn Hạn Thử")
    connection.execute(
        update(HumanTask).where(HumanTask.id == late["id"]).values(due_at=late_due())
    )
    pages.login("hcm-sgd")
    html = pages.get("/?overdue=1").get_data(as_text=True)
    assert late["id"] in _listed(html) and fresh["id"] not in _listed(html)
    row = re.search(rf'<tr class="task-row overdue" data-task-id="{late["id"]}"', html)
    assert row and "badge-overdue" in html


def late_due():
    from datetime import datetime

    return datetime(2025, 5, 1)


def test_keyset_pages_have_no_repeats_or_gaps(api, pages):
    """Paging through the inbox by due date and by age, is every task seen exactly once?"""
    made = {_at_so_gddt(api, f"Trang Thử {i}")["id"] for i in range(4)}
    pages.login("hcm-sgd")
    from workflow_app.web import inbox as inbox_view

    original, inbox_view.PAGE_SIZE = inbox_view.PAGE_SIZE, 2
    try:
        for sort in ("due", "oldest", "newest"):
            seen, url = [], f"/?sort={sort}"
            while url:
                html = pages.get(url).get_data(as_text=True)
                seen += _listed(html)
                match = re.search(r'href="([^"]+)" rel="next"', html)
                url = match.group(1).replace("&amp;", "&") if match else None
            assert len(seen) == len(set(seen)), sort
            assert made <= set(seen), sort
    finally:
        inbox_view.PAGE_SIZE = original


@pytest.mark.rule("X2")
def test_suspended_tasks_leave_the_inbox(api, pages, connection):
    """Does a task of a dossier on hold (suspended) disappear from the inbox (X2)?"""
    task = _at_so_gddt(api, "Tạm Dừng Thử")
    connection.execute(
        update(HumanTask).where(HumanTask.id == task["id"]).values(state="suspended")
    )
    pages.login("hcm-sgd")
    assert task["id"] not in _listed(pages.get("/").get_data(as_text=True))
    assert pages.get(f"/tasks/{task['id']}").status_code == 409


def test_claim_unclaim_and_claim_and_open(api, pages, new_pages):
    """Can a reviewer claim, give back, and claim-and-open; does a colleague see who holds it?"""
    task = _at_so_gddt(api, "Nhận Việc Thử")
    pages.login("hcm-sgd")
    assert pages.post(f"/tasks/{task['id']}/claim", {"next": "/"}).status_code == 302
    colleague = new_pages()
    colleague.login("hcm-sgd2")
    html = colleague.get("/").get_data(as_text=True)
    assert "Chuyên viên Sở GDĐT (1)" in html
    assert colleague.post(f"/tasks/{task['id']}/claim").status_code == 409
    assert task["id"] in _listed(pages.get("/?scope=mine").get_data(as_text=True))
    assert pages.post(f"/tasks/{task['id']}/unclaim", {"next": "/"}).status_code == 302
    opened = colleague.post(f"/tasks/{task['id']}/claim", {"open": "1"})
    assert opened.headers["Location"].endswith(f"/tasks/{task['id']}")


def test_bulk_approve_reports_each_outcome(api, pages, clock):
    """Does bulk approval complete each selected task and report each one's outcome?"""
    tasks = [_at_so_gddt(api, f"Hàng Loạt {i}") for i in range(3)]
    pages.login("hcm-sgd2")
    api.post(f"/tasks/{tasks[2]['id']}/claim", "hcm-sgd")  # someone else holds this one
    response = pages.post("/inbox/approve", {"task_id": [t["id"] for t in tasks]})
    assert response.status_code == 302  # the report is a GET page: a reload re-sends nothing
    response = pages.get(response.headers["Location"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã duyệt 2 / 3 công việc." in html
    assert "người khác" in html
    for task in tasks[:2]:
        assert api.open_task(task["dossier_id"])["name"] == "sector_council"


def test_bulk_approve_refuses_mixed_forms(api, pages):
    """Is a bulk approval of tasks from different steps refused before anything changes?"""
    first = _at_so_gddt(api, "Khác Bước 1")
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    council = api.open_task(dossier["id"])
    pages.login("hcm-sgd")
    pages.login("hcm-unit")
    response = pages.post("/inbox/approve", {"task_id": [first["id"], council["id"]]})
    assert response.status_code in (302, 403, 404)
    assert api.open_task(first["dossier_id"])["name"] == "so_gddt_appraisal"


def test_overdue_count_moves_with_the_clock(api, pages, clock):
    """When time passes a task's due date, does the overdue count include it?"""
    _at_so_gddt(api, "Đồng Hồ Thử")
    pages.login("hcm-sgd")
    count = re.compile(r'data-count="overdue">([\d.]+)<')
    before = int(count.search(pages.get("/").get_data(as_text=True)).group(1).replace(".", ""))
    clock.now += timedelta(days=400)
    pages.login("hcm-sgd")
    after = int(count.search(pages.get("/").get_data(as_text=True)).group(1).replace(".", ""))
    assert after > before
