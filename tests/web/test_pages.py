"""Role checks, error pages, the task form and the unit's dossier pages (Flask test client)."""

from __future__ import annotations

import io
import re

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED

PROTECTED = [
    ("GET", "/"),
    ("GET", "/dossiers"),
    ("GET", "/dossiers/new"),
    ("GET", "/dossiers/1"),
    ("GET", "/dossiers/1/diagram.bpmn"),
    ("GET", "/dossiers/1/documents/1"),
    ("GET", "/tasks/1"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_page_needs_a_signed_in_user(pages, method, path):
    """Does every page send an anonymous visitor to the sign-in page?"""
    response = pages.client.open(path, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def _at_so_gddt(api) -> tuple[dict, dict]:
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return dossier, api.open_task(dossier["id"])


def test_a_unit_user_cannot_open_a_so_gddt_task(api, pages):
    """Does the unit that made a dossier get a clear 403 on Sở GDĐT's step, and no claim?"""
    _dossier, task = _at_so_gddt(api)
    pages.login("hcm-unit")
    page = pages.get(f"/tasks/{task['id']}")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "Bạn không có quyền truy cập trang này" in html and '<html lang="vi">' in html
    assert pages.post(f"/tasks/{task['id']}/claim").status_code == 403
    refused = pages.post(f"/tasks/{task['id']}/complete", {"decision": "approve"})
    assert refused.status_code == 403


def test_another_jurisdiction_sees_nothing(api, pages):
    """Does a user of another province get a 404 for the task, the dossier and its files?"""
    dossier, task = _at_so_gddt(api)
    pages.login("dong-nai-admin")
    for path in (
        f"/tasks/{task['id']}",
        f"/dossiers/{dossier['id']}",
        f"/dossiers/{dossier['id']}/diagram.bpmn",
        f"/dossiers/{dossier['id']}/documents/{dossier['documents'][0]['id']}",
    ):
        response = pages.get(path)
        assert response.status_code == 404, path
        assert "Không tìm thấy" in response.get_data(as_text=True)


def test_unknown_page_is_a_vietnamese_404(pages):
    """Is an unknown address answered with a 404 page in Vietnamese, and JSON under /api?"""
    pages.login("hcm-sgd")
    page = pages.get("/no-such-page")
    assert page.status_code == 404 and "Không tìm thấy trang" in page.get_data(as_text=True)
    assert pages.get("/api/v1/no-such").json["error"]["code"] == "not_found"


def test_form_errors_are_shown_beside_fields_and_typed_data_is_kept(api, pages):
    """When the council vote is impossible, is each bad field named and nothing typed lost?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.open_task(dossier["id"])
    pages.login("hcm-unit")
    typed = {
        "meeting_date": "2025-04-20",
        "members_total": "9",
        "members_present": "12",
        "votes_for": "7",
        "note": "Họp toàn thể",
    }
    response = pages.post(f"/tasks/{task['id']}/complete", typed, token_from=f"/tasks/{task['id']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-members_present"' in html
    assert 'value="12"' in html and 'value="2025-04-20"' in html and "Họp toàn thể" in html
    assert api.open_task(dossier["id"])["name"] == "unit_council"


def test_the_task_form_carries_browser_validation(api, pages):
    """Does the task page render the schema as inputs the browser checks (required, min...)?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.open_task(dossier["id"])
    pages.login("hcm-unit")
    html = pages.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert re.search(r'type="date" id="meeting_date"[^>]*required', html)
    assert re.search(r'type="number"[^>]*id="members_total"[^>]*min="1"[^>]*step="1"', html)
    assert 'type="checkbox" id="standards_met"' in html
    assert re.search(r'<textarea id="note"[^>]*maxlength="2000"', html)


def test_completing_through_the_page_moves_the_dossier_on(api, pages):
    """Does a reviewer's approval on the page reach the next level, with strings coerced?"""
    _dossier, task = _at_so_gddt(api)
    pages.login("hcm-sgd")
    done = pages.post(f"/tasks/{task['id']}/complete", {"decision": "approve", "reason": ""})
    assert done.status_code == 302
    inbox = pages.get("/").get_data(as_text=True)
    assert "Đã hoàn thành bước" in inbox


def test_a_completed_task_names_who_completed_it(api, pages, new_pages):
    """Does the loser of a race see a 409 page naming who completed the task and when?"""
    _dossier, task = _at_so_gddt(api)
    pages.login("hcm-sgd")
    token = pages.token(f"/tasks/{task['id']}")
    winner = new_pages()
    winner.login("hcm-sgd2")
    assert winner.post(f"/tasks/{task['id']}/complete", APPROVE).status_code == 302
    late = pages.client.post(f"/tasks/{task['id']}/complete", data={"csrf_token": token, **APPROVE})
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    # 08:00 UTC on the test clock is 15:00 in Vietnam
    assert "Chuyên viên Sở GDĐT (2)" in html and "15:00 05/05/2025" in html


@pytest.mark.rule("D1", "D2", "D3")
def test_a_unit_creates_uploads_sees_missing_and_submits(pages):
    """Can a unit open a dossier, see which documents are missing, attach them and submit?"""
    pages.login("hcm-unit")
    created = pages.post(
        "/dossiers/new",
        {
            "unit": "hcm-thpt-le-quy-don",
            "kind": "individual",
            "name": "Trần Thị Mai",
            "round": "annual-2025",
            "award_form": "giay-khen-so",
            "achievement_summary": "Công dân học tập tiêu biểu",
        },
        token_from="/dossiers/new",
    )
    assert created.status_code == 302
    page_url = created.headers["Location"]
    html = pages.get(page_url).get_data(as_text=True)
    assert 'data-missing="to-trinh"' in html and "Nhận tệp .pdf" in html
    refused = pages.post(page_url + "/submit", token_from=page_url)
    assert "thiếu tài liệu" in pages.get(refused.headers["Location"]).get_data(as_text=True)
    for kind in ("to-trinh", "bien-ban", "bao-cao-thanh-tich"):
        data = {"kind": kind, "file": (io.BytesIO(b"%PDF-1.4 web"), f"{kind}.pdf")}
        response = pages.post(
            page_url + "/documents", data, token_from=page_url, content_type="multipart/form-data"
        )
        assert response.status_code == 302
    assert "data-missing" not in pages.get(page_url).get_data(as_text=True)
    assert pages.post(page_url + "/submit", token_from=page_url).status_code == 302
    html = pages.get(page_url).get_data(as_text=True)
    assert "Đang xét" in html and 'data-current="unit_council"' in html
    listing = pages.get("/dossiers").get_data(as_text=True)
    assert "Trần Thị Mai" in listing and "Đang xét" in listing


def test_a_reviewer_cannot_create_dossiers(pages):
    """Is the new-dossier page closed to a reviewer who manages no unit?"""
    pages.login("hcm-sgd")
    assert pages.get("/dossiers/new").status_code == 403


def test_dates_and_numbers_follow_vietnamese_conventions(api, pages, clock):
    """Are dates shown as dd/mm/yyyy and counts with Vietnamese digit grouping?"""
    _dossier, task = _at_so_gddt(api)
    pages.login("hcm-sgd")
    html = pages.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert re.search(r"\b\d\d/\d\d/20\d\d\b", html)
    assert re.search(r"\d\d:\d\d 05/05/2025", html)


def test_an_upload_cannot_open_as_a_page_of_the_site(api, pages):
    """Is a document whose uploader claimed it was HTML still served as a PDF or a download?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025", documents=())
    data = {"kind": "to-trinh", "file": (io.BytesIO(b"<script>x</script>"), "a.pdf", "text/html")}
    response = api.post(
        f"/dossiers/{dossier['id']}/documents",
        "hcm-unit",
        data=data,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201
    pages.login("hcm-unit")
    url = f"/dossiers/{dossier['id']}/documents/{response.json['id']}"
    opened = pages.get(url + "?inline=1")
    assert opened.mimetype == "application/pdf"
    assert opened.headers["X-Content-Type-Options"] == "nosniff"
    assert pages.get(url).headers["Content-Disposition"].startswith("attachment")


def test_a_unit_withdraws_its_dossier(api, pages):
    """Can a unit withdraw a submitted dossier, so that its step leaves every inbox?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    pages.login("hcm-unit")
    url = f"/dossiers/{dossier['id']}"
    response = pages.post(url + "/withdraw", {"reason": "Đổi hình thức"}, token_from=url)
    assert response.status_code == 302
    assert "Đã rút" in pages.get(url).get_data(as_text=True)
    assert api.dossier(dossier["id"])["open_tasks"] == []


def test_a_server_error_is_a_calm_vietnamese_page(database_url, connection, tmp_path):
    """When something breaks, does the user get a 500 page in Vietnamese, not a traceback?"""
    from workflow_app import create_app

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "DATABASE_BIND": connection,
            "DATABASE_SESSION_OPTIONS": {"join_transaction_mode": "create_savepoint"},
            "SECRET_KEY": "test-secret",
            "UPLOAD_DIR": str(tmp_path),
        }
    )

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Hệ thống gặp sự cố" in html and "RuntimeError" not in html
