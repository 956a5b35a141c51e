"""Issue 15, the inbox at a million: accent-insensitive name search, capped counts."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import select, update

from tests.factories import COUNCIL_PASSED
from workflow_app.persistence.models import HumanTask

LATE = datetime(2025, 5, 1)


def _at_so_gddt(api, name: str) -> dict:
    dossier = api.gen_submitted("giay-khen-so", nominee=api.gen_nominee(name=name))
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return api.open_task(dossier["id"])


def _listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-task-id="(\d+)"', html)]


def _count(html: str, name: str) -> str:
    return re.search(rf'data-count="{name}">([^<]*)<', html).group(1)


def _copies(connection, task_id: int, how_many: int, **changes) -> list[int]:
    """More open tasks like `task_id` (same dossier and lane), written straight to the table."""
    table = HumanTask.__table__
    row = connection.execute(select(table).where(table.c.id == task_id)).mappings().one()
    like = {key: value for key, value in row.items() if key != "id"}
    rows = [{**like, **changes, "spiff_task_id": str(uuid.uuid4())} for _ in range(how_many)]
    connection.execute(table.insert(), rows)
    of_dossier = (table.c.dossier_id == row["dossier_id"]) & (table.c.state == "open")
    return list(connection.scalars(select(table.c.id).where(of_dossier)))


def test_name_search_ignores_accents_and_case(api, pages):
    """Does "tran van minh" (or "TRẦN văn") find Trần Văn Minh, and only the right people?"""
    minh = _at_so_gddt(api, "Trần Văn Minh Tìm")
    dat = _at_so_gddt(api, "Đặng Đức Đạt Tìm")
    pages.login("hcm-sgd")
    for typed in ("tran van minh", "Trần Văn Minh", "TRẦN  văn", "van minh tim"):
        found = _listed(pages.get(f"/?q={typed}").get_data(as_text=True))
        assert minh["id"] in found and dat["id"] not in found, typed
    found = _listed(pages.get("/?q=dang duc dat").get_data(as_text=True))
    assert found == [dat["id"]]
    assert _listed(pages.get("/?q=Không Có Ai Tên Này").get_data(as_text=True)) == []


def test_name_search_does_not_treat_like_wildcards_as_wildcards(api, pages):
    """Is a "%" or "_" typed in the search box a plain character, not "anything"?"""
    _at_so_gddt(api, "Lê Thị Phần Trăm")
    pages.login("hcm-sgd")
    assert _listed(pages.get("/?q=%25").get_data(as_text=True)) == []
    assert _listed(pages.get("/?q=le_thi").get_data(as_text=True)) == []


def test_search_results_page_through_dated_then_undated_tasks(api, pages, connection):
    """Do a search's 31 matches come on two pages, due soonest first and undated last,
    each once?"""
    task = _at_so_gddt(api, "Phạm Thị Phân Trang")
    ids = _copies(connection, task["id"], 30)
    undated = ids[-5:]
    connection.execute(update(HumanTask).where(HumanTask.id.in_(undated)).values(due_at=None))
    pages.login("hcm-sgd")
    first = pages.get("/?q=pham thi phan trang").get_data(as_text=True)
    next_link = re.search(r'href="([^"]*cursor=[^"]*)" rel="next"', first).group(1)
    second = pages.get(next_link.replace("&amp;", "&")).get_data(as_text=True)
    seen = _listed(first) + _listed(second)
    assert len(_listed(first)) == 25 and sorted(seen) == sorted(ids)
    assert set(seen[-5:]) == set(undated)


def test_counts_follow_new_claimed_and_late_tasks(api, pages, connection):
    """Do the group, mine and overdue counts each grow by the task that joins them?"""
    pages.login("hcm-sgd")
    before = pages.get("/").get_data(as_text=True)
    task = _at_so_gddt(api, "Võ Thị Đếm")
    connection.execute(update(HumanTask).where(HumanTask.id == task["id"]).values(due_at=LATE))
    assert api.post(f"/tasks/{task['id']}/claim", "hcm-sgd").status_code == 200
    after = pages.get("/").get_data(as_text=True)
    for name in ("group", "mine", "overdue"):
        grown = int(_count(after, name).replace(".", "")) - int(
            _count(before, name).replace(".", "")
        )
        assert grown == 1, name


def test_counts_past_a_thousand_show_as_one_thousand_plus(api, pages, connection):
    """With more than 1.000 offered (and overdue) tasks, does the inbox say "1.000+" rather
    than count them all, and an exact figure for what stays under the cap?"""
    task = _at_so_gddt(api, "Huỳnh Văn Nhiều")
    _copies(connection, task["id"], 1001, due_at=LATE)
    pages.login("hcm-sgd")
    html = pages.get("/").get_data(as_text=True)
    assert _count(html, "group") == "1.000+"
    assert _count(html, "overdue") == "1.000+"
    assert _count(html, "mine") == "0"
