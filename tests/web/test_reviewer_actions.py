"""Issue 18, every action the README promises has a page: holds from the dossier and nominee
pages, caps where reviewers approve, picking a nominee and editing a draft, landing where
one's work is, assigning and commenting on tasks, saved inbox filters and columns. In a real
Chromium on a laptop and on a phone screen, against a live server."""

from __future__ import annotations

import re

import pytest

from tests.factories import COUNCIL_PASSED, Api, walk_to

from .browser import DEMO_PASSWORD, go


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _at_so_gddt(api, name: str | None = None) -> tuple[dict, dict]:
    nominee = api.gen_nominee(name=name) if name else None
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025", nominee=nominee)
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return dossier, api.open_task(dossier["id"])


def _flash(page) -> str:
    return page.locator(".flash-success, .flash-error").first.inner_text()


def test_so_noi_vu_places_and_clears_a_hold_from_the_pages(api, people, screen):
    """X2: can Sở Nội vụ place a hold from the nominee's page (the dossier stops), be told
    a disciplined outcome needs its end date (R2), and clear it from the dossier's page (the
    dossier resumes)? A Sở GDĐT reviewer sees the holds but no form."""
    dossier, _ = _at_so_gddt(api)
    nominee_id = dossier["nominee"]["id"]
    page = people(screen).login("hcm-snv")
    page.goto(f"/nominees/{nominee_id}")
    page.select_option("#hold-kind", "complaint")
    page.fill("#hold-reference", "Đơn thư số 12/2025")
    go(page, "#place-hold-button")
    assert "tạm dừng" in _flash(page)
    assert api.dossier(dossier["id"])["status"] == "on_hold"
    page.goto(f"/dossiers/{dossier['id']}")
    assert page.locator("#dossier-status").inner_text() == "Tạm dừng xét"
    form = page.locator("form.clear-hold").first
    form.locator("input[name=clear_reference]").fill("Kết luận 3/KL")
    form.locator("input[value=disciplined]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".flash-error").count() == 1  # R2: the day the discipline ended
    form = page.locator("form.clear-hold").first
    form.locator("input[name=clear_reference]").fill("Kết luận 3/KL")
    form.locator("input[value=disciplined]").check()
    form.locator("input[name=discipline_ended_on]").fill("2025-03-01")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "Đã gỡ" in _flash(page)
    assert page.locator("#dossier-status").inner_text() == "Đang xét"
    reviewer = people(screen).login("hcm-sgd")
    reviewer.goto(f"/dossiers/{dossier['id']}")
    assert reviewer.locator(".hold-cleared").count() == 1
    assert reviewer.locator("#hold-desk").count() == 0


def test_reviewers_see_the_cap_and_its_holders_where_they_approve(api, people, screen):
    """Q2, S1: does the UBND's task page show the cap of its level with the dossiers holding
    its slots, and the sitting page name them too?"""
    holder = api.gen_submitted("bang-khen-thu-tuong", round_="tong-ket-2030")
    walk_to(api, holder["id"], steps=(*_TO_UBND, "ubnd_decision"))
    waiting = api.gen_submitted("bang-khen-thu-tuong", round_="tong-ket-2030")
    walk_to(api, waiting["id"])
    task = api.open_task(waiting["id"])
    page = people(screen).login("hcm-ubnd")
    page.goto(f"/tasks/{task['id']}")
    step = page.locator(".quota-step").inner_text()
    assert re.search(r"đã dùng \d+ / 3", step)
    assert f"HS-{holder['id']}" in page.locator(".task-side").inner_text()
    page.goto(
        "/selections/sit?jurisdiction=hcm&round=tong-ket-2030"
        "&award_form=bang-khen-thu-tuong&level=ubnd"
    )
    assert f"HS-{holder['id']}" in page.locator("#cap-holders").inner_text()


_TO_UBND = ("unit_council", "so_gddt_appraisal", "sector_council", "so_noi_vu_appraisal")


def test_a_unit_picks_a_nominee_and_edits_its_draft(api, people, screen):
    """Can a unit pick a nominee it registered (its fields filled, not retyped), see closed
    rounds marked with their closing day and not choosable, then change the draft's summary
    and round before submitting it?"""
    nominee = api.gen_nominee(name="Phạm Thị Chọn Lại", sex="female")
    page = people(screen).login("hcm-unit")
    page.goto("/dossiers/new")
    closed = page.locator("#round option[disabled][data-closed]")
    assert closed.count() >= 1 and "đã đóng ngày" in closed.first.inner_text()
    page.fill("#nominee-search", "chon lai")
    page.select_option("#nominee_id", str(nominee["id"]))
    assert page.input_value("#name") == "Phạm Thị Chọn Lại"
    assert page.locator("#name").get_attribute("readonly") is not None
    assert page.input_value("#sex") == "female"
    page.select_option("#round", "annual-2025")
    page.select_option("#award_form", "giay-khen-so")
    page.fill("#achievement_summary", "Bản đầu")
    go(page, "#dossier-new button[type=submit].primary")
    dossier_id = int(re.search(r"/dossiers/(\d+)", page.url).group(1))
    assert api.dossier(dossier_id)["nominee"]["id"] == nominee["id"]
    go(page, "#edit-draft")
    assert page.locator("#round option[disabled][data-closed]").count() >= 1
    page.select_option("#round", "so-ket-2025")
    page.fill("#achievement_summary", "Bản đã sửa")
    go(page, "#save-draft")
    assert "Đã lưu" in _flash(page)
    facts = api.dossier(dossier_id)
    assert facts["round"] == "so-ket-2025"
    history = api.get(f"/dossiers/{dossier_id}/history", "hcm-admin").json["events"]
    assert history[-1]["type"] == "dossier_edited"


def test_each_role_lands_where_its_work_is(api, people, screen):
    """Does the auditor land on Kiểm tra, the administrator on Quản trị, and the Minister's
    office, with nothing to do, see the dossiers at Vụ Tổ chức cán bộ that will reach it?"""
    assert people(screen).login("hcm-auditor").url.rstrip("/").endswith("/audit")
    assert people(screen).login("hcm-admin").url.rstrip("/").endswith("/admin")
    nominee = api.gen_nominee(user="bo-y-te-unit", unit="bo-y-te-benh-vien-bach-mai")
    dossier = api.gen_submitted(
        "bang-khen-bo", round_="annual-2025", user="bo-y-te-unit", nominee=nominee
    )
    [task] = api.dossier(dossier["id"], "bo-y-te-admin")["open_tasks"]
    done = api.post(f"/tasks/{task['id']}/complete", "bo-y-te-unit", json={"data": COUNCIL_PASSED})
    assert done.status_code == 200
    page = people(screen).login("bo-y-te-bo-truong")
    coming = page.locator("#coming")
    assert coming.count() == 1
    assert "vu_tccb" in coming.locator("[data-lane]").evaluate_all(
        "items => items.map(i => i.dataset.lane)"
    )
    assert f"HS-{dossier['id']}" in page.locator("#coming-dossiers").inner_text()


def test_a_task_is_assigned_commented_and_followed_up(api, people, screen):
    """Can a reviewer assign a task to a named colleague with a note, comment on it (kept in
    the history) and set a follow-up day, the colleague find it under "assigned to me", and
    may nobody else take it?"""
    dossier, task = _at_so_gddt(api, name="Lê Văn Giao Việc")
    page = people(screen).login("hcm-sgd")
    page.goto(f"/tasks/{task['id']}")
    page.select_option("#assignee", "hcm-sgd2")
    page.fill("#assign-note", "Nhờ chị thẩm định giúp")
    go(page, "#assign")
    assert "Chuyên viên Sở GDĐT (2)" in page.locator("#assignment").inner_text()
    assert page.locator("#assignment-note").inner_text() == "Nhờ chị thẩm định giúp"
    page.fill("#comment-text", "Thiếu chữ ký trên biên bản")
    go(page, "#add-comment")
    assert "Thiếu chữ ký trên biên bản" in page.locator("#comments").inner_text()
    assert "Thiếu chữ ký trên biên bản" in page.locator(".timeline").inner_text()
    # The one who assigned it no longer holds it: no claim, no follow-up of their own.
    assert page.locator("button[formaction$='/claim'], #set-follow-up:enabled").count() == 0
    colleague = people(screen).login("hcm-sgd2")
    go(colleague, "#assigned-link")
    assert colleague.locator(f"tr[data-task-id='{task['id']}']").count() == 1
    colleague.goto(f"/tasks/{task['id']}")
    assert "bạn" in colleague.locator("#assignment").inner_text()
    colleague.fill("#follow_up_on", "2025-05-05")
    go(colleague, "#set-follow-up")
    assert colleague.locator("#follow-up-due").count() == 1
    colleague.goto("/")
    go(colleague, "#follow-up-link")
    assert colleague.locator(f"tr[data-task-id='{task['id']}']").count() == 1
    assert api.dossier(dossier["id"])["status"] == "in_progress"


def test_inbox_filters_are_saved_and_columns_chosen(api, people, screen):
    """Can a reviewer save the inbox's filter under a name and find it again, and add dossier
    fields (status, nominee kind) as columns, kept for their next visit?"""
    words = "Bộ Lọc " + {"laptop": "Máy Tính", "phone": "Điện Thoại"}[screen]  # one per run
    dossier, _ = _at_so_gddt(api, name=f"Trần Thị {words}")
    page = people(screen).login("hcm-sgd")
    if not page.locator("#q").is_visible():  # on a phone the filters start folded
        page.click("details.filter-fold > summary")
    page.fill("#q", words)
    go(page, "form.filters button[type=submit].primary")
    if not page.locator("#view-name").is_visible():
        page.click("#saved-views summary")
    page.fill("#view-name", f"Hồ sơ {words}")
    go(page, "#save-view button[type=submit]")
    page.goto("/")
    go(page, f"[data-view='Hồ sơ {words}']")
    assert page.input_value("#q") == words
    assert page.locator(".task-row").count() == 1
    page.click("#choose-columns summary")
    page.check("#choose-columns input[value=status]")
    page.check("#choose-columns input[value=nominee_kind]")
    go(page, "#save-columns")
    page.goto(f"/?q=HS-{dossier['id']}")
    assert page.locator("th[data-column=status]").count() == 1
    row = page.locator(".task-row").first
    assert row.locator("td[data-column=status]").inner_text().strip() == "Đang xét"
    assert row.locator("td[data-column=nominee_kind]").inner_text().strip() == "Cá nhân"
