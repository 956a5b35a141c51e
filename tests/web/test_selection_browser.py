"""A selection sitting in a real Chromium (S1-S5): the sector council of HCMC previews and
confirms its ranking; the selected go to Sở Nội vụ, the other ends outside the quota."""

from __future__ import annotations

import pytest

from tests.api.test_selections import FORM, ROUND, proposed
from tests.factories import Api

from .browser import DEMO_PASSWORD, go


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _in_inbox(page, dossier_id: int) -> bool:
    page.goto("/")
    page.fill("#q", f"HS-{dossier_id}")
    with page.expect_navigation():
        page.press("#q", "Enter")
    return page.locator(f"text=HS-{dossier_id}").count() > 0


@pytest.mark.rule("S1", "S2", "S4", "Q3")
def test_the_sector_council_selects_two_of_three_in_the_browser(people, api):
    """Does Sở GDĐT's sector council hold a sitting for tong-ket-2030 Bằng khen UBND with
    three candidates, see the live preview, confirm, and do the two selected reach Sở Nội
    vụ's inbox while the third shows "Không được chọn trong chỉ tiêu"?"""
    low, best, second = proposed(api, 3)
    council = people()
    page = council.login("hcm-sgd")
    go(page, "#nav-selections")
    link = f"a[href*='round={ROUND}'][href*='award_form={FORM}'][href*='level=so_gddt']"
    go(page, link)
    for dossier_id in (low, best, second):
        assert page.locator(f"#votes-{dossier_id}").count() == 1
    page.fill("#members_total", "15")
    page.fill("#members_present", "13")
    for dossier_id, votes in ((low, "9"), (best, "14"), (second, "12")):
        page.fill(f"#votes-{dossier_id}", votes)
    page.wait_for_selector("[data-preview-ranking] tr.selected >> nth=1")  # the live preview
    preview = page.locator("[data-preview-ranking] tbody tr")
    assert preview.count() == 3
    assert preview.nth(0).get_attribute("data-dossier") == str(best)
    assert "Không được chọn trong chỉ tiêu" in preview.nth(2).inner_text()
    council.screenshot("selection-preview")
    go(page, "#confirm-sitting")
    page.wait_for_selector(".flash-success")
    assert "Kết quả phiên xét chọn" in page.locator("h1").inner_text()
    council.screenshot("selection-result")

    appraiser = people().login("hcm-snv")
    assert _in_inbox(appraiser, best) and _in_inbox(appraiser, second)
    assert not _in_inbox(appraiser, low)
    appraiser.goto(f"/dossiers/{low}")
    assert appraiser.locator("#dossier-status").inner_text() == "Không được chọn trong chỉ tiêu"
