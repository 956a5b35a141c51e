"""The reviewers' and units' pages in a real Chromium, against a live server."""

from __future__ import annotations

import re

import pytest

from tests.factories import COUNCIL_PASSED, Api

from .browser import DEMO_PASSWORD, go

CHAIN = [
    ("hcm-sgd", "so_gddt_appraisal"),
    ("hcm-sgd", "sector_council"),
    ("hcm-snv", "so_noi_vu_appraisal"),
    ("hcm-ubnd", "ubnd_decision"),
    ("central", "central_appraisal"),  # C6 (issue 17)
    ("central", "central_decision"),
]


@pytest.fixture
def api(live_server) -> Api:
    """The JSON API of the live app, to set up dossiers a test does not walk itself."""
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _create_and_submit(page, tmp_path, name: str) -> int:
    """As a unit: new dossier, upload D1-D3 while watching the missing list, submit."""
    page.goto("/dossiers/new")
    page.select_option("#kind", "individual")
    page.fill("#name", name)
    page.select_option("#round", "so-ket-2025")
    page.select_option("#award_form", "bang-khen-thu-tuong")
    page.fill("#achievement_summary", "Công dân học tập tiêu biểu; 3 sáng kiến cấp trường.")
    go(page, "button[type=submit].primary")
    page.wait_for_selector("#documents")
    dossier_id = int(re.search(r"/dossiers/(\d+)", page.url).group(1))
    for kind in ("to-trinh", "bien-ban", "bao-cao-thanh-tich"):
        assert page.locator(f'[data-missing="{kind}"]').count() == 1
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(b"%PDF-1.4 browser test")
        page.select_option("#kind", kind)
        page.set_input_files("#file", str(path))
        go(page, "form.upload button[type=submit]")
        page.wait_for_selector(".flash-success")
    assert page.locator("[data-missing]").count() == 0
    go(page, "#submit-dossier")
    page.wait_for_selector(".flash-success")
    assert page.locator("#dossier-status").inner_text() == "Đang xét"
    return dossier_id


def _open_from_inbox(page, dossier_id: int):
    page.goto("/")
    page.fill("#q", f"HS-{dossier_id}")
    with page.expect_navigation():
        page.press("#q", "Enter")
    go(page, f"text=HS-{dossier_id}")
    page.wait_for_selector("#task-form")


def _council_vote(page):
    page.fill("#meeting_date", "2025-04-20")
    page.fill("#members_total", "9")
    page.fill("#members_present", "8")
    page.fill("#votes_for", "8")
    page.check("#standards_met")


def test_the_hcmc_chain_walked_in_the_browser(people, tmp_path, api):
    """Can a unit submit with documents, each level approve from its inbox, and the dossier
    page then show it approved with the path taken highlighted?"""
    unit = people()
    page = unit.login("hcm-unit")
    dossier_id = _create_and_submit(page, tmp_path, "Nguyễn Thị Trình Duyệt")
    _open_from_inbox(page, dossier_id)
    _council_vote(page)
    go(page, "#complete")
    page.wait_for_selector(".flash-success")
    for username, step in CHAIN:
        reviewer = people()
        page = reviewer.login(username)
        if step == "so_gddt_appraisal":
            page.fill("#q", f"HS-{dossier_id}")
            with page.expect_navigation():
                page.press("#q", "Enter")
            reviewer.screenshot("inbox")
        _open_from_inbox(page, dossier_id)
        assert page.locator("h1").inner_text()
        if step == "so_gddt_appraisal":
            assert page.locator("table.docs tbody tr").count() == 3
            reviewer.screenshot("task")
        if step == "sector_council":  # issue 17: the sector council records its vote
            page.fill("#sector_members_total", "11")
            page.fill("#sector_members_present", "10")
            page.fill("#sector_votes_for", "9")
        page.check("#decision-approve")
        go(page, "#complete")
        page.wait_for_selector(".flash-success")
        api.select_waiting(dossier_id)  # S1: UBND's cap is filled by its sitting
    page.goto(f"/dossiers/{dossier_id}")
    assert page.locator("#dossier-status").inner_text() == "Đã khen thưởng"
    page.wait_for_selector("#diagram[data-ready=true]")
    done = page.locator(".djs-element.path-done")
    assert done.count() == 7  # with C6's central appraisal (issue 17)
    assert page.locator(".djs-element.path-current").count() == 0
    reviewer.screenshot("dossier")


def test_the_current_step_is_marked_differently(people, api):
    """Does the diagram of a dossier in flight mark its open step apart from the done ones?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    page = people().login("hcm-sgd")
    page.goto(f"/dossiers/{dossier['id']}")
    page.wait_for_selector("#diagram[data-ready=true]")
    assert page.locator('.djs-element.path-current[data-element-id="so_gddt_appraisal"]').count()
    assert page.locator('.djs-element.path-done[data-element-id="unit_council"]').count()


def test_a_form_error_is_shown_and_typed_data_kept(people, api):
    """When the vote is impossible, is the error shown beside its field with all input kept?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    page = people().login("hcm-unit")
    _open_from_inbox(page, dossier["id"])
    page.click("#complete")  # empty: the browser itself refuses, nothing is sent
    assert page.evaluate("document.querySelector('#meeting_date').validity.valueMissing")
    _council_vote(page)
    page.fill("#members_present", "12")
    page.fill("#note", "Biên bản số 7")
    go(page, "#complete")
    page.wait_for_selector("#error-members_present")
    assert page.locator("#error-members_present").is_visible()
    assert page.input_value("#members_present") == "12"
    assert page.input_value("#meeting_date") == "2025-04-20"
    assert page.input_value("#note") == "Biên bản số 7"
    assert page.is_checked("#standards_met")


def test_two_reviewers_race_and_the_loser_sees_who_won(people, api):
    """When two reviewers submit the same task, does the second see who completed it, when?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    first, second = people().login("hcm-sgd"), people().login("hcm-sgd2")
    for page in (first, second):
        _open_from_inbox(page, dossier["id"])
        page.check("#decision-approve")
    go(first, "#complete")
    first.wait_for_selector(".flash-success")
    go(second, "#complete")
    second.wait_for_selector(".conflict-who")
    text = second.locator("main").inner_text()
    assert "Đã có người xử lý trước bạn" in text
    assert "Chuyên viên Sở GDĐT (1)" in text
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", text)


def test_a_task_completed_with_the_keyboard_only(people, api):
    """Can a reviewer find, claim, open, fill and send a task without touching the mouse?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    page = people().login("hcm-sgd2")
    keyboard = page.keyboard
    keyboard.press("/")
    keyboard.type(f"HS-{dossier['id']}")
    with page.expect_navigation():
        keyboard.press("Enter")
    keyboard.press("j")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == f"HS-{dossier['id']}"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    with page.expect_navigation():
        keyboard.press("o")  # claim and open
    assert "Chuyên viên Sở GDĐT (2)" in page.locator(".task-meta").inner_text()
    keyboard.press("f")
    keyboard.press("Space")
    assert page.is_checked("#decision-approve")
    keyboard.press("Tab")
    keyboard.type("Đủ điều kiện theo kế hoạch.")
    keyboard.press("Control+Enter")
    page.wait_for_selector(".flash-success")
    assert api.open_task(dossier["id"])["name"] == "sector_council"


def test_switching_the_language(people):
    """Does the English switch translate the pages and declare the language, and back again?"""
    page = people().login("hcm-sgd2")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.locator("main h1").inner_text() == "Hộp công việc"
    go(page, "button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("main h1").inner_text() == "Inbox"
    assert "Sign out" in page.locator("header").inner_text()
    go(page, "button[value=vi]")
    page.wait_for_selector("html[lang=vi]")
    assert page.locator("main h1").inner_text() == "Hộp công việc"
