"""M1 in a real Chromium: the reorganisation page as the demo left it (read-only: the live
server's database is shared by the browser tests)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.rule("M1")


def test_can_tho_admin_sees_soc_trang_merged_in(people):
    """From the admin index, does Cần Thơ's administrator reach the page that shows Sóc Trăng
    merged into Cần Thơ, the units that moved, and no merge form (no other jurisdiction)?"""
    page = people().login("can-tho-admin")
    page.goto("/admin")
    page.click("#card-reorganisation-link")
    page.wait_for_selector("#jurisdictions tr[data-jurisdiction='soc-trang']")
    row = page.inner_text("#jurisdictions tr[data-jurisdiction='soc-trang']")
    assert "can-tho" in row and "Đã sáp nhập" in row
    merge = page.inner_text("[data-merge='soc-trang']")
    assert "soc-trang-phong-xdcq" in merge
    assert page.locator("#merge-form").count() == 0
    assert page.locator("#units tr[data-unit='soc-trang-phong-xdcq']").count() == 1
