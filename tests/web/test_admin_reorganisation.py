"""M1 on the admin pages: the jurisdictions with their status, merging one the administrator
holds into another, and retiring a unit into the one taking it over."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD
from workflow_app.services.accounts import ensure_user

from ..services.test_user_admin import acting_as

pytestmark = pytest.mark.rule("M1")
PAGE = "/admin/reorganisation"


def test_the_merged_jurisdiction_is_shown_read_only(pages):
    """Does Sóc Trăng's administrator see it merged into Cần Thơ, with no merge form and the
    carried-over lines of the demo's merger?"""
    pages.login("soc-trang-admin")
    html = pages.get(PAGE).get_data(as_text=True)
    assert 'id="read-only-note"' in html and "can-tho" in html
    assert 'id="merge-form"' not in html
    assert 'data-merge="soc-trang"' in html
    assert "card-reorganisation-link" in pages.get("/admin").get_data(as_text=True)


def test_an_admin_of_both_merges_from_the_page(pages, app, db, clock):
    """Can an administrator of Đồng Nai and Bộ Y tế merge one into the other from the page,
    after which the old one shows as merged?"""
    with acting_as(app, db, clock, None) as ctx:
        grants = [("admin", "dong-nai", None), ("admin", "bo-y-te", None)]
        ensure_user(ctx.session, "m1-web-admin", "Thử", DEMO_PASSWORD, grants, ctx.now)
    pages.login("m1-web-admin")
    body = {"jurisdiction": "dong-nai", "into": "bo-y-te", "effective_on": "2025-05-01"}
    merged = pages.post(f"{PAGE}/merge", body, token_from=f"{PAGE}?jurisdiction=dong-nai")
    assert merged.status_code == 302, merged.get_data(as_text=True)
    html = pages.get(f"{PAGE}?jurisdiction=dong-nai").get_data(as_text=True)
    assert 'id="read-only-note"' in html
    again = pages.post(f"{PAGE}/merge", body, token_from=f"{PAGE}?jurisdiction=dong-nai")
    assert again.status_code == 409


def test_a_unit_is_retired_from_the_page(pages):
    """Does retiring a school from the page show it retired, with the unit taking over?"""
    pages.login("hcm-admin")
    body = {"successor": "hcm-thpt-chuyen-hung-vuong", "effective_on": "2025-05-01"}
    retired = pages.post(f"{PAGE}/units/hcm-thpt-le-quy-don/retire", body, token_from=PAGE)
    assert retired.status_code == 302, retired.get_data(as_text=True)
    html = pages.get(PAGE).get_data(as_text=True)
    row = html.split('data-unit="hcm-thpt-le-quy-don"')[1].split("</tr>")[0]
    assert "hcm-thpt-chuyen-hung-vuong" in row and "<form" not in row
