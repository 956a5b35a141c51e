"""The settings pages of a jurisdiction (caps, round deadlines, hold kinds, holidays): the admin
edits them, each change shows in the history, and nobody else may."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.factories import APPROVE, walk_to
from workflow_app.services.accounts import ensure_user

PAGES = ["/admin/caps", "/admin/deadlines", "/admin/hold-kinds", "/admin/holidays"]
# One change per page that a wrong user must not be able to make: (path, form).
CHANGES = [
    (
        "/admin/caps",
        {"round": "annual-2025", "award_form": "bang-khen-ubnd", "level": "ubnd", "cap": "4"},
    ),
    ("/admin/deadlines", {"round": "annual-2026", "date": "2026-05-20", "time": "17:00"}),
    ("/admin/hold-kinds", {"key": "hcm-thu-ly", "label": "Đang thụ lý", "rule": "KH 1"}),
    ("/admin/holidays", {"day": "2025-08-29", "name": "Nghỉ bù"}),
]


def text(response) -> str:
    return response.get_data(as_text=True)


def history_rows(html: str) -> list[str]:
    """The history table's rows, tags stripped, spaces collapsed."""
    rows = re.findall(r'<tr class="setting-change">(.*?)</tr>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def cap_row(html: str, key: str) -> tuple[str, dict[str, str]]:
    """One cap's row: its raw HTML and the text of its used and free cells."""
    row = re.search(rf'<tr data-cap="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert row, key
    cells = {
        name: " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for name, cell in re.findall(r'<td class="(used|free)">(.*?)</td>', row.group(1), re.S)
    }
    return row.group(1), cells


def test_index_card_links_to_the_four_pages(pages):
    """Does the admin index show a settings card linking to caps, deadlines, hold kinds and
    holidays, and does each page open?"""
    pages.login("hcm-admin")
    html = text(pages.get("/admin"))
    for path in PAGES:
        assert f'href="{path}"' in html, path
        assert pages.get(path).status_code == 200, path


def test_admin_edits_a_cap_and_sees_it_in_the_history(pages):
    """When the HCMC admin raises the so-ket-2025 Prime Minister cap from 2 to 3, does the page
    show the new cap and a history row naming who, before and after?"""
    pages.login("hcm-admin")
    form = {"round": "so-ket-2025", "award_form": "bang-khen-thu-tuong", "level": "ubnd"}
    response = pages.post("/admin/caps", {**form, "cap": "3"}, token_from="/admin/caps")
    assert response.status_code == 302
    html = text(pages.get("/admin/caps"))
    assert "Đã lưu chỉ tiêu." in html
    row, cells = cap_row(html, "so-ket-2025/bang-khen-thu-tuong/ubnd")
    assert 'name="cap" value="3"' in row and cells == {"used": "0", "free": "3"}
    [row] = history_rows(html)
    assert "hcm-admin" in row and "Sơ kết 2023-2025" in row
    assert "Chỉ tiêu: 2" in row and "Chỉ tiêu: 3" in row


@pytest.mark.rule("Q4")
def test_admin_adds_a_cap_without_a_number(pages):
    """Q4: can the admin add a cap row with no number (no limit), shown as such?"""
    pages.login("hcm-admin")
    form = {"round": "annual-2026", "award_form": "giay-khen-so", "level": "so_gddt", "cap": ""}
    assert pages.post("/admin/caps", form, token_from="/admin/caps").status_code == 302
    html = text(pages.get("/admin/caps"))
    row, cells = cap_row(html, "annual-2026/giay-khen-so/so_gddt")
    assert 'name="cap" value=""' in row and cells["free"] == "Không giới hạn"
    assert "(chưa có)" in history_rows(html)[0]


def test_cap_shows_used_and_free_and_refuses_going_below_used(api, pages):
    """With one Prime Minister slot taken, does the page show 1 used and 1 free, and is a cap
    of 0 refused with a clear reason and nothing changed?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong", round_="so-ket-2025")
    walk_to(api, dossier["id"])
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    api.select_waiting(dossier["id"])  # S1: the slot is taken when UBND's sitting selects
    pages.login("hcm-admin")
    _, cells = cap_row(text(pages.get("/admin/caps")), "so-ket-2025/bang-khen-thu-tuong/ubnd")
    assert cells == {"used": f"1 HS-{dossier['id']}", "free": "1"}
    form = {"round": "so-ket-2025", "award_form": "bang-khen-thu-tuong", "level": "ubnd"}
    refused = pages.post("/admin/caps", {**form, "cap": "0"}, token_from="/admin/caps")
    assert refused.status_code == 409
    assert "Đã có 1 hồ sơ giữ suất" in text(refused)
    assert history_rows(text(pages.get("/admin/caps"))) == []


@pytest.mark.parametrize(
    "form, field",
    [
        ({"cap": "-1"}, "không âm"),
        ({"cap": "ba"}, "Số nguyên ≥ 0"),
        ({"award_form": "bang-khen-vu-tru", "cap": "1"}, "hình thức"),
    ],
)
def test_invalid_cap_is_refused_and_changes_nothing(pages, form, field):
    """Is a negative cap, a cap that is not a number or an unknown award form refused (422)
    with the reason shown, and nothing kept?"""
    pages.login("hcm-admin")
    base = {"round": "annual-2025", "award_form": "bang-khen-ubnd", "level": "ubnd"}
    response = pages.post("/admin/caps", {**base, **form}, token_from="/admin/caps")
    assert response.status_code == 422
    assert field in text(response)
    assert history_rows(text(pages.get("/admin/caps"))) == []


def test_admin_changes_a_deadline_in_vietnam_time(pages, api, clock):
    """When the admin sets annual-2025's deadline to 17:00 on 30/05/2025 (Vietnam time), does
    the page show that time, the history before and after, and is a submission at 10:30 UTC
    (17:30 in Vietnam) on that day refused?"""
    pages.login("hcm-admin")
    form = {"round": "annual-2025", "date": "2025-05-30", "time": "17:00"}
    assert pages.post("/admin/deadlines", form, token_from="/admin/deadlines").status_code == 302
    html = text(pages.get("/admin/deadlines"))
    row = re.search(r'<tr data-round="annual-2025">(.*?)</tr>', html, re.S).group(1)
    assert "17:00 30/05/2025" in row
    [change] = history_rows(html)
    assert "hcm-admin" in change and "Năm 2025" in change
    # before: the loaded T1 date, midnight in Vietnam; after: the admin's.
    assert "00:00 01/06/2025" in change and "17:00 30/05/2025" in change
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 5, 30, 10, 30)
    assert api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit").status_code == 409


def test_bad_deadline_date_is_refused(pages):
    """Is a deadline with no valid date refused (422) and nothing changed?"""
    pages.login("hcm-admin")
    form = {"round": "annual-2025", "date": "30/05/2025", "time": "17:00"}
    response = pages.post("/admin/deadlines", form, token_from="/admin/deadlines")
    assert response.status_code == 422 and "Hạn nộp không hợp lệ" in text(response)
    assert history_rows(text(pages.get("/admin/deadlines"))) == []


def test_admin_adds_renames_and_deactivates_a_hold_kind(pages):
    """Can the admin add a kind of their own, rename it and stop it, each step in the history,
    while the national kinds are listed read-only with their rule?"""
    pages.login("hcm-admin")
    add = {"key": "hcm-thu-ly", "label": "Đang thụ lý vụ việc", "rule": "KH 2025, mục II"}
    assert pages.post("/admin/hold-kinds", add, token_from="/admin/hold-kinds").status_code == 302
    rename = {"action": "rename", "label": "Đang thụ lý vụ án"}
    pages.post("/admin/hold-kinds/hcm-thu-ly", rename, token_from="/admin/hold-kinds")
    stop = {"action": "deactivate"}
    pages.post("/admin/hold-kinds/hcm-thu-ly", stop, token_from="/admin/hold-kinds")
    html = text(pages.get("/admin/hold-kinds"))
    national = re.search(r'id="national-kinds">(.*?)</table>', html, re.S).group(1)
    assert "press-allegation" in national and "<form" not in national
    own = re.search(r'<tr class="inactive" data-kind="hcm-thu-ly">', html)
    assert own and "Dùng lại" in html
    stopped, renamed, added = history_rows(html)
    assert "Trạng thái: Đang dùng" in stopped and "Trạng thái: Ngừng dùng" in stopped
    assert "Tên: Đang thụ lý vụ việc" in renamed and "Tên: Đang thụ lý vụ án" in renamed
    assert "(chưa có)" in added and "KH 2025, mục II" in added


def test_duplicate_hold_kind_key_is_refused(pages):
    """Is a new kind with a key already used (here a national one) refused (422)?"""
    pages.login("hcm-admin")
    add = {"key": "complaint", "label": "Khiếu nại", "rule": "KH"}
    response = pages.post("/admin/hold-kinds", add, token_from="/admin/hold-kinds")
    assert response.status_code == 422 and "đã được dùng" in text(response)
    assert history_rows(text(pages.get("/admin/hold-kinds"))) == []


def test_admin_adds_and_removes_a_day_off(pages):
    """Can the admin add a day off of their own (listed by year beside the national holidays)
    and remove it, each change in the history?"""
    pages.login("hcm-admin")
    add = {"day": "2025-08-29", "name": "Nghỉ bù Quốc khánh"}
    assert pages.post("/admin/holidays", add, token_from="/admin/holidays").status_code == 302
    html = text(pages.get("/admin/holidays?year=2025"))
    assert '<tr data-day="2025-08-29">' in html and "02/09/2025" in html
    holiday_id = re.search(r'action="/admin/holidays/(\d+)/delete"', html).group(1)
    removed = pages.post(f"/admin/holidays/{holiday_id}/delete", {}, token_from="/admin/holidays")
    assert removed.status_code == 302
    html = text(pages.get("/admin/holidays?year=2025"))
    assert '<tr data-day="2025-08-29">' not in html
    gone, added = history_rows(html)
    assert "29/08/2025" in gone and "(đã xoá)" in gone and "Nghỉ bù Quốc khánh" in added


@pytest.mark.parametrize(
    "day, reason",
    [("2025-09-02", "toàn quốc"), ("2025-13-01", "Ngày không hợp lệ")],
)
def test_bad_or_duplicate_day_off_is_refused(pages, day, reason):
    """Is a day that is already a national holiday, or not a date, refused (422)?"""
    pages.login("hcm-admin")
    response = pages.post(
        "/admin/holidays", {"day": day, "name": "Nghỉ"}, token_from="/admin/holidays"
    )
    assert response.status_code == 422 and reason in text(response)
    assert history_rows(text(pages.get("/admin/holidays"))) == []


@pytest.mark.parametrize("path, form", CHANGES)
def test_another_jurisdictions_admin_is_refused(pages, path, form):
    """Is Đồng Nai's admin refused (403) both reading and changing HCMC's settings?"""
    pages.login("dong-nai-admin")
    assert pages.get(f"{path}?jurisdiction=hcm").status_code == 403
    response = pages.post(path, {**form, "jurisdiction": "hcm"}, token_from=path)
    assert response.status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_a_reviewer_is_refused(pages, path):
    """Is a Sở Nội vụ reviewer refused the settings pages (403)?"""
    pages.login("hcm-snv")
    assert pages.get(path).status_code == 403


def test_own_kinds_and_days_of_another_jurisdiction_cannot_be_changed(pages, api):
    """Are HCMC's own hold kind and day off out of reach of Đồng Nai's admin (403)?"""
    kind = {"jurisdiction": "hcm", "key": "hcm-rieng", "label": "Riêng", "rule": "KH"}
    assert api.post("/hold-kinds", "hcm-admin", json=kind).status_code == 201
    day = api.post("/holidays", "hcm-admin", json={"day": "2025-08-29", "name": "Nghỉ bù"})
    pages.login("dong-nai-admin")
    stop = pages.post("/admin/hold-kinds/hcm-rieng", {"action": "deactivate"}, token_from="/admin")
    assert stop.status_code == 403
    remove = pages.post(f"/admin/holidays/{day.json['id']}/delete", {}, token_from="/admin")
    assert remove.status_code == 403


def test_an_admin_of_two_jurisdictions_picks_one(app, db, pages):
    """Does an admin of HCMC and Cần Thơ get a jurisdiction select (Cần Thơ first), see HCMC
    when picking it, and still not Đồng Nai (403)?"""
    with app.app_context(), db.unit_of_work() as session:
        ensure_user(
            session,
            "two-admin",
            "Quản trị hai nơi",
            DEMO_PASSWORD,
            [("admin", "hcm", None), ("admin", "can-tho", None)],
            datetime(2025, 5, 5),
        )
    pages.login("two-admin")
    html = text(pages.get("/admin/deadlines"))
    assert 'id="pick-jurisdiction"' in html and '<option value="can-tho"' in html
    assert 'id="settings-jurisdiction">can-tho<' in html  # the first, sorted
    html = text(pages.get("/admin/deadlines?jurisdiction=hcm"))
    assert 'id="settings-jurisdiction">hcm<' in html
    assert pages.get("/admin/deadlines?jurisdiction=dong-nai").status_code == 403


def test_a_jurisdictions_own_hold_kind_shows_its_label_on_the_dossier(api, pages):
    """Does a dossier held under HCMC's own kind of hold show that kind's label, as the
    administrator wrote it, rather than its key?"""
    kind = {
        "jurisdiction": "hcm",
        "key": "hcm-xac-minh",
        "label": "Đang xác minh tại quận",
        "rule": "X2",
    }
    assert api.post("/hold-kinds", "hcm-admin", json=kind).status_code == 201
    nominee = api.gen_nominee()
    dossier = api.gen_submitted("bang-khen-ubnd", nominee=nominee)
    hold = {"nominee_id": nominee["id"], "kind": "hcm-xac-minh", "reference": "CV 1"}
    assert api.post("/holds", "hcm-snv", json=hold).status_code == 201
    pages.login("hcm-snv")
    html = text(pages.get(f"/dossiers/{dossier['id']}"))
    assert "Đang xác minh tại quận" in html


def test_a_cap_where_the_model_reserves_nothing_is_refused(api, pages):
    """Is a cap at UBND for Đồng Nai, whose published diagram never reserves a slot (so the cap
    could not hold), refused with 422 through the API and on the caps page alike?"""
    body = {"round": "annual-2025", "award_form": "bang-khen-ubnd", "level": "ubnd", "cap": 1}
    body["jurisdiction"] = "dong-nai"
    refused = api.call("PUT", "/quotas", "dong-nai-admin", json=body)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "level_not_reserved"
    assert "reserve_quota_slot" in refused.json["error"]["message"]
    pages.login("dong-nai-admin")
    page = pages.post("/admin/caps", body, token_from="/admin/caps")
    assert page.status_code == 422
    assert "reserve_quota_slot" in page.get_data(as_text=True)


def test_an_english_admin_reads_the_settings_refusals_in_english(pages):
    """Does an administrator who chose English read a day off that is already a national
    holiday, and a cap that is no number, refused in English with no Vietnamese left?"""
    pages.login("hcm-admin")
    pages.post("/language", {"locale": "en", "next": "/"})
    add = {"day": "2025-09-02", "name": "Nghỉ"}
    refused = pages.post("/admin/holidays", add, token_from="/admin/holidays")
    assert refused.status_code == 422
    assert "02/09/2025 is already a national holiday" in text(refused)
    assert "This day off already exists." in text(refused)
    assert "toàn quốc (" not in text(refused) and "Ngày nghỉ đã có" not in text(refused)
    cap = {"round": "annual-2025", "award_form": "bang-khen-ubnd", "level": "ubnd", "cap": "ba"}
    refused = pages.post("/admin/caps", cap, token_from="/admin/caps")
    assert refused.status_code == 422
    assert "A quota must be a whole number, not negative. cap: A whole number ≥ 0." in text(refused)
    assert "Số nguyên" not in text(refused) and "Chỉ tiêu phải" not in text(refused)
