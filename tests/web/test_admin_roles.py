"""Issue 17 on the admin pages: a jurisdiction's roles page (create, rename, history), and the
roles offered where lanes and grants are picked (the modeler, the users pages)."""

from __future__ import annotations

import re

NEW_ROLE = {
    "jurisdiction": "bo-y-te",
    "key": "phong_tdkt",
    "name_vi": "Phòng Thi đua - Khen thưởng",
    "name_en": "Emulation Office",
    "level": "2",
}


def _select(html: str, select_id: str) -> list[str]:
    """The option values of the <select> with this id."""
    body = html[html.index(f'id="{select_id}"') :].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"', body)


def test_the_admin_sees_the_ministrys_roles_and_the_built_in_lanes(pages):
    """Does Bộ Y tế's administrator see its offices' roles, each with its level, and the
    built-in lanes marked as such?"""
    pages.login("bo-y-te-admin")
    html = pages.get("/admin/roles").get_data(as_text=True)
    keys = re.findall(r'<tr data-role="([a-z_]+)"', html)
    assert keys == ["unit", "vu_tccb", "hoi_dong_bo", "bo_truong", "central", "president"]
    assert 'value="Vụ Tổ chức cán bộ"' in html
    assert "card-roles-link" in pages.get("/admin").get_data(as_text=True)


def test_a_role_is_created_renamed_and_kept_in_the_history(pages):
    """Can the administrator create a role, rename it, and read both changes in the history;
    is a second role with the same key refused without losing what was typed?"""
    pages.login("bo-y-te-admin")
    created = pages.post("/admin/roles", NEW_ROLE, token_from="/admin/roles")
    assert created.status_code == 302
    html = pages.get("/admin/roles").get_data(as_text=True)
    assert '<tr data-role="phong_tdkt">' in html
    again = pages.post("/admin/roles", NEW_ROLE, token_from="/admin/roles")
    assert again.status_code == 409
    assert 'value="Phòng Thi đua - Khen thưởng"' in again.get_data(as_text=True)
    renamed = {**NEW_ROLE, "name_vi": "Phòng TĐKT", "level": "3"}
    assert (
        pages.post("/admin/roles/phong_tdkt", renamed, token_from="/admin/roles").status_code == 302
    )
    history = pages.get("/admin/roles").get_data(as_text=True).split('id="settings-history"')[1]
    assert history.count('class="setting-change"') == 2 and "Phòng TĐKT" in history


def test_a_badly_formed_role_is_refused_beside_its_field(pages):
    """Is a key with accents, or a built-in key, refused (422) with the reason by the field?"""
    pages.login("bo-y-te-admin")
    for key in ("Vụ TCCB", "admin"):
        refused = pages.post("/admin/roles", {**NEW_ROLE, "key": key}, token_from="/admin/roles")
        assert refused.status_code == 422
        assert 'class="field has-error"' in refused.get_data(as_text=True)


def test_a_reviewer_cannot_open_the_roles_page(pages):
    pages.login("bo-y-te-vu-tccb")
    assert pages.get("/admin/roles").status_code == 403


def test_the_modeler_offers_the_jurisdictions_roles_as_lanes(pages):
    """Does the modeler of Bộ Y tế's chain offer its offices' roles (and the built-in lanes)
    for a lane, not HCMC's?"""
    pages.login("bo-y-te-admin")
    html = pages.get("/admin/models/bo-y-te-award-chain/versions/1/modeler").get_data(as_text=True)
    offered = _select(html, "lane-role")
    assert offered == ["unit", "vu_tccb", "hoi_dong_bo", "bo_truong", "central", "president"]
    assert "Vụ Tổ chức cán bộ" in html and 'id="lane-roles-link"' in html


def test_the_users_pages_grant_the_jurisdictions_roles(pages):
    """Does the create-user form of Bộ Y tế offer its offices' roles to grant?"""
    pages.login("bo-y-te-admin")
    html = pages.get("/admin/users").get_data(as_text=True)
    offered = _select(html.split('id="filter-role"')[1], "role")
    assert {"vu_tccb", "hoi_dong_bo", "bo_truong", "unit", "admin"} <= set(offered)
    assert "so_gddt" not in offered
