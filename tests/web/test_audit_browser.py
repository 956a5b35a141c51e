"""The auditor's pages in a real Chromium: find a returned-then-approved dossier, step
through its path with the return loop counted, and download an export that verifies."""

from __future__ import annotations

import json

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED, Api
from tests.services.test_audit_exports import verify_with_script

from .browser import DEMO_PASSWORD, go

RETURN = {"decision": "return", "reason": "Bổ sung biên bản họp"}


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _badge(page, element_id: str) -> str | None:
    badge = page.locator(f'.visit-badge[data-element-id="{element_id}"]')
    return badge.get_attribute("data-visits") if badge.count() else None


def test_an_auditor_steps_through_a_return_loop_and_exports(people, api, tmp_path):
    """Can an auditor find a dossier returned once then approved, see on the diagram that
    the returned steps were visited twice, and download an export that verifies?"""
    name = "Trần Thị Kiểm Tra"
    nominee = api.gen_nominee(name=name)
    dossier_id = api.gen_submitted("giay-khen-so", round_="annual-2025", nominee=nominee)["id"]
    for data in (COUNCIL_PASSED, RETURN, COUNCIL_PASSED, APPROVE, APPROVE):
        assert api.complete_open(dossier_id, data).status_code == 200

    auditor = people()
    page = auditor.login("hcm-auditor")
    go(page, "#nav-audit")
    page.fill("#nominee", "Kiểm Tra")
    page.select_option("#status", "approved")
    go(page, "#audit-search-submit")
    go(page, f"#audit-results >> text=HS-{dossier_id}")
    assert page.get_attribute("#verdict", "data-verified") == "true"

    go(page, "#step-through")
    page.wait_for_selector("#diagram[data-ready=true]")
    assert _badge(page, "unit_council") == "2"
    assert _badge(page, "so_gddt_appraisal") == "2"
    assert _badge(page, "sector_council") == "1"
    assert page.locator(".djs-element.path-current").count() == 0  # approved: no token left
    auditor.screenshot("audit-step")

    returned = page.locator("#seq option", has_text="Hồ sơ bị trả lại").first.get_attribute("value")
    page.select_option("#seq", returned)
    go(page, ".step-nav button[type=submit]")
    page.wait_for_selector("#diagram[data-ready=true]")
    assert page.locator('.djs-element.path-current[data-element-id="unit_council"]').count()
    assert _badge(page, "so_gddt_appraisal") == "1" and _badge(page, "unit_council") == "2"

    page.goto(f"/audit/dossiers/{dossier_id}")
    with page.expect_download() as download:
        page.click("#export-json")
    saved = tmp_path / "download.json"
    download.value.save_as(saved)
    export = json.loads(saved.read_text(encoding="utf-8"))
    assert export["dossier"]["id"] == dossier_id
    result = verify_with_script(export, tmp_path)
    assert result.returncode == 0, result.stdout
