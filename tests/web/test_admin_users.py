"""The administrator's users pages: list, create, grant, revoke, deactivate, password reset."""

from __future__ import annotations

import re

import pytest

from tests.factories import add_roles

PASSWORD = "mat-khau-moi-2025"
NEW_REVIEWER = {
    "username": "can-tho-snv-2",
    "display_name": "Chuyên viên Sở Nội vụ mới",
    "password": PASSWORD,
    "jurisdiction": "can-tho",
    "role": "so_noi_vu",
    "unit": "",
}


@pytest.fixture(autouse=True)
def can_tho_roles(db):
    """Issue 17: Cần Thơ's administrator has created the roles these tests grant there."""
    add_roles(db, "can-tho")


def create(pages, **changes):
    return pages.post("/admin/users", {**NEW_REVIEWER, **changes}, token_from="/admin/users")


def grant_ids(html: str) -> dict[str, int]:
    """The role of each grant row on a user page, with its id."""
    return {
        role: int(grant)
        for grant, role in re.findall(r'data-grant="(\d+)" data-role="([a-z_]+)"', html)
    }


def test_admin_creates_a_reviewer_who_signs_in(pages):
    """Can the Cần Thơ admin create a Sở Nội vụ reviewer who then signs in and sees the inbox?"""
    pages.login("can-tho-admin")
    listing = pages.get("/admin/users").get_data(as_text=True)
    assert "can-tho-snv" in listing and "hcm-sgd" not in listing
    response = create(pages)
    assert response.status_code == 302 and response.location.endswith("/admin/users/can-tho-snv-2")
    page = pages.get("/admin/users/can-tho-snv-2").get_data(as_text=True)
    assert "Chuyên viên Sở Nội vụ mới" in page and "Tài khoản được tạo" in page
    assert pages.login("can-tho-snv-2", PASSWORD).status_code == 302
    inbox = pages.get("/")
    assert inbox.status_code == 200 and "Hộp công việc" in inbox.get_data(as_text=True)


def test_invalid_form_shows_messages_beside_the_fields_and_keeps_the_typing(pages):
    """Does a bad username and a short password come back with messages, the typed name kept
    and the password not echoed?"""
    pages.login("can-tho-admin")
    response = create(pages, username="Sai Ten", password="ngan-qua", display_name="Lê Văn Tám")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-username"' in html and 'id="error-password"' in html
    assert 'value="Sai Ten"' in html and 'value="Lê Văn Tám"' in html
    assert "ngan-qua" not in html
    taken = create(pages, username="can-tho-snv")
    assert taken.status_code == 409 and 'id="error-username"' in taken.get_data(as_text=True)
    unitless = create(pages, role="unit")
    assert unitless.status_code == 422 and 'id="error-unit"' in unitless.get_data(as_text=True)


def test_deactivation_ends_the_users_session_and_sign_in(pages, new_pages):
    """Once the admin deactivates a reviewer, is their open session ended and sign-in refused,
    until they are reactivated?"""
    reviewer = new_pages("10.0.0.7")
    assert reviewer.login("can-tho-snv").status_code == 302
    assert reviewer.get("/").status_code == 200
    pages.login("can-tho-admin")
    token_page = "/admin/users/can-tho-snv"
    response = pages.post("/admin/users/can-tho-snv/deactivate", token_from=token_page)
    assert response.status_code == 302
    assert "Đã khóa" in pages.get(token_page).get_data(as_text=True)
    assert reviewer.get("/").status_code == 302  # back to the sign-in page
    assert reviewer.login("can-tho-snv").status_code == 401
    pages.post("/admin/users/can-tho-snv/activate", token_from=token_page)
    assert reviewer.login("can-tho-snv").status_code == 302


def test_admin_of_another_jurisdiction_sees_nothing(pages):
    """Is the HCMC admin shown no Cần Thơ user, and refused on their pages and actions?"""
    pages.login("hcm-admin")
    listing = pages.get("/admin/users").get_data(as_text=True)
    assert "hcm-sgd" in listing and "can-tho-snv" not in listing
    assert pages.get("/admin/users/can-tho-snv").status_code == 404
    own = "/admin/users/hcm-sgd"
    assert pages.post("/admin/users/can-tho-snv/deactivate", token_from=own).status_code == 404
    grant = {"role": "so_gddt", "jurisdiction": "can-tho"}
    assert pages.post("/admin/users/can-tho-snv/grants", grant, token_from=own).status_code == 404
    refused = pages.post("/admin/users/hcm-sgd/grants", grant, token_from=own)
    assert refused.status_code == 403
    other_unit = {"role": "unit", "jurisdiction": "hcm", "unit": "can-tho-thpt-chau-van-liem"}
    assert pages.post("/admin/users/hcm-sgd/grants", other_unit, token_from=own).status_code == 403


def test_reviewer_cannot_open_the_users_pages(pages):
    """Is a reviewer refused the users list and a user's page?"""
    pages.login("hcm-sgd")
    assert pages.get("/admin/users").status_code == 403
    assert pages.get("/admin/users/hcm-snv").status_code == 403


def test_grant_then_revoke_with_history(pages):
    """Can the admin grant a role, see it, revoke it, and read both in the history?"""
    pages.login("hcm-admin")
    path = "/admin/users/hcm-snv"
    response = pages.post(f"{path}/grants", {"role": "auditor", "jurisdiction": "hcm"}, path)
    assert response.status_code == 302
    html = pages.get(path).get_data(as_text=True)
    grants = grant_ids(html)
    assert set(grants) == {"so_noi_vu", "auditor"}
    twice = pages.post(f"{path}/grants", {"role": "auditor", "jurisdiction": "hcm"}, path)
    assert twice.status_code == 409 and 'id="user-refused"' in twice.get_data(as_text=True)
    assert (
        pages.post(f"{path}/grants/{grants['auditor']}/revoke", token_from=path).status_code == 302
    )
    html = pages.get(path).get_data(as_text=True)
    assert set(grant_ids(html)) == {"so_noi_vu"}
    history = html[html.index('id="user-history"') :]
    assert history.index("Bị thu hồi vai trò") < history.index("Được cấp vai trò")
    assert "hcm-admin" in history


def test_admin_cannot_deactivate_themselves_and_can_reset_a_password(pages, new_pages):
    """Is self-deactivation refused, and does a password reset end the user's old session?"""
    pages.login("hcm-admin")
    mine = "/admin/users/hcm-admin"
    page = pages.get(mine).get_data(as_text=True)
    assert 'id="deactivate"' not in page
    refused = pages.post(f"{mine}/deactivate", token_from=mine)
    assert refused.status_code == 403 and "tự khóa" in refused.get_data(as_text=True)
    reviewer = new_pages("10.0.0.8")
    reviewer.login("hcm-ubnd")
    path = "/admin/users/hcm-ubnd"
    short = pages.post(f"{path}/password", {"password": "ngan"}, token_from=path)
    assert short.status_code == 422 and 'id="error-new_password"' in short.get_data(as_text=True)
    assert pages.post(f"{path}/password", {"password": PASSWORD}, path).status_code == 302
    assert reviewer.get("/").status_code == 302
    assert reviewer.login("hcm-ubnd", PASSWORD).status_code == 302
    assert "Mật khẩu được đặt lại" in pages.get(path).get_data(as_text=True)


def test_filter_by_role_and_search(pages):
    """Do the role filter and the name search narrow the list?"""
    pages.login("can-tho-admin")
    by_role = pages.get("/admin/users?role=ubnd").get_data(as_text=True)
    assert 'data-user="can-tho-ubnd"' in by_role and 'data-user="can-tho-sgd"' not in by_role
    by_name = pages.get("/admin/users?q=s%E1%BB%9F+gd").get_data(as_text=True)  # "sở gd"
    assert 'data-user="can-tho-sgd"' in by_name and 'data-user="can-tho-ubnd"' not in by_name


def test_admin_index_links_to_the_users_page(pages):
    """Does the admin home page offer the users card?"""
    pages.login("can-tho-admin")
    html = pages.get("/admin").get_data(as_text=True)
    assert 'id="card-users-link"' in html


def test_an_english_admin_reads_the_users_refusals_in_english(pages):
    """Does an administrator who chose English read each field's problem, a taken name and a
    refused self-deactivation in English, with no Vietnamese refusal left?"""
    pages.login("can-tho-admin")
    pages.post("/language", {"locale": "en", "next": "/"})
    bad = create(pages, username="Sai Ten", role="unit").get_data(as_text=True)
    assert "A user name has 3-100 characters" in bad and "Choose the unit of the Unit role." in bad
    assert "Tên đăng nhập gồm" not in bad and "Hãy chọn đơn vị" not in bad
    taken = create(pages, username="can-tho-snv").get_data(as_text=True)
    assert "The user name &#39;can-tho-snv&#39; is already taken." in taken
    assert "đã có" not in taken
    mine = "/admin/users/can-tho-admin"
    refused = pages.post(f"{mine}/deactivate", token_from=mine)
    assert refused.status_code == 403
    assert "You cannot deactivate your own account." in refused.get_data(as_text=True)
    assert "tự khóa" not in refused.get_data(as_text=True)
