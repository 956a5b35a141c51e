"""The form editor's live preview in a real Chromium, against a live server."""

from __future__ import annotations

from workflow_app.config import PROJECT_ROOT

FORM = "unit_council.schema.json"
SCHEMA = (PROJECT_ROOT / "forms" / "hcm" / FORM).read_text(encoding="utf-8")


def test_preview_follows_the_json_as_it_is_typed(people):
    """While an administrator edits a form's JSON, does the preview show the new field title,
    then the syntax error in its place, without losing the typed text?"""
    page = people().login("hcm-admin")
    page.goto(f"/admin/models/hcm-award-chain/versions/1/files/{FORM}/edit")
    page.wait_for_selector("#form-preview [name=votes_for]")
    page.fill("#form-json", SCHEMA.replace("Số phiếu đồng ý", "Phiếu tán thành"))
    page.wait_for_selector("#form-preview label[for=votes_for]:has-text('Phiếu tán thành')")
    broken = SCHEMA.replace('"type": "object",', '"type": "object"', 1)
    page.fill("#form-json", broken)
    page.wait_for_selector("#preview-error:has-text('JSON không hợp lệ ở dòng')")
    assert page.input_value("#form-json") == broken
    page.fill("#form-json", SCHEMA)
    page.wait_for_selector("#form-preview [name=meeting_date]")
    assert page.locator("#preview-error").count() == 0
