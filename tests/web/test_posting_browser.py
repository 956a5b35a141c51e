"""Public posting in a real Chromium (P1-P3): Sở Nội vụ posts a Huân chương candidate, a
comment arrives, the UBND council's step is refused, the comment is dismissed, the timer
runner closes the posting once the clock passes its end, and the council's step completes.
The public page shows the candidate during the period and not after."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.api.test_postings import labour_order
from tests.factories import Api

from .browser import DEMO_PASSWORD, go

URL = "https://sonoivu.hcm.example/cong-khai"


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.test_client(), DEMO_PASSWORD)


class ShiftedClock:
    """The live server's clock moved forward by `days`, as a timer runner would see it."""

    def __init__(self, clock, days: int):
        self.clock, self.shift = clock, timedelta(days=days)

    def __call__(self) -> datetime:
        return self.clock() + self.shift


def _nominee_name(api, dossier_id: int) -> str:
    return api.dossier(dossier_id)["nominee"]["name"]


def _approve_in_browser(page, task_id: int) -> None:
    page.goto(f"/tasks/{task_id}")
    page.wait_for_selector("#task-form")
    page.check("#decision-approve")
    go(page, "#complete")


@pytest.mark.rule("P1", "P2", "P3")
def test_a_posting_runs_its_course_in_the_browser(people, api, live_server):
    """Sở Nội vụ posts a Huân chương candidate; a comment arrives; the UBND council's step is
    refused; the comment is dismissed; the timer closes the posting two weeks on; the step
    completes; the public page shows the candidate during the period and not after."""
    dossier_id = labour_order(api)
    name = _nominee_name(api, dossier_id)
    task_id = api.open_task(dossier_id)["id"]

    officer = people()
    page = officer.login("hcm-snv")
    go(page, "#nav-postings")
    assert page.locator(f"#dossier-{dossier_id}").is_checked()
    page.fill("#channel_url", URL)
    go(page, "#open-posting button[type=submit]")
    page.wait_for_selector(".flash-success")
    posting_url = page.url
    period = page.locator("#posting-period").inner_text()
    assert "Đang công khai" in period

    public = people().page
    public.goto("/public/hcm/postings")
    assert name in public.locator("#public-candidates").inner_text()

    page.fill("#author", "Phạm Văn Dân")
    page.select_option("#channel", "email")
    page.fill("#text", "Đề nghị làm rõ số liệu thành tích năm 2028.")
    go(page, "#add-comment button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert "Phạm Văn Dân" in page.locator("#comments").inner_text()
    officer.screenshot("posting-comment")

    council = people().login("hcm-ubnd")
    _approve_in_browser(council, task_id)
    assert "công khai" in council.locator("main").inner_text()  # 409 posting_open
    assert api.open_task(dossier_id)["name"] == "ubnd_decision"

    page.goto(posting_url)
    page.fill("textarea[name=reason]", "Số liệu đã được đối chiếu, đúng.")
    go(page, ".resolve-form button[value=dismissed]")
    page.wait_for_selector(".flash-success")
    assert "Số liệu đã được đối chiếu" in page.locator("#comments").inner_text()

    listed = api.get("/postings?status=open", "hcm-snv").json["items"]
    [row] = [p for p in listed if dossier_id in p["dossier_ids"]]
    days = (date.fromisoformat(row["ends_on"]) - live_server.config["CLOCK"]().date()).days + 1
    clock = live_server.config["CLOCK"]
    live_server.config["CLOCK"] = ShiftedClock(clock, days)
    try:
        result = live_server.test_cli_runner().invoke(args=["timers", "run", "--once"])
        assert result.exit_code == 0, result.output
        assert "closed 0 public posting(s)" not in result.output
        page = people().login("hcm-snv")  # two weeks on: yesterday's sessions have expired
        page.goto(posting_url)
        assert "Đã kết thúc" in page.locator("#posting-period").inner_text()
        public.goto("/public/hcm/postings")
        assert name not in public.locator("main").inner_text()
        council = people().login("hcm-ubnd")
        _approve_in_browser(council, task_id)
        council.wait_for_selector(".flash-success")
    finally:
        live_server.config["CLOCK"] = clock
    assert api.open_task(dossier_id)["name"] == "central_appraisal"  # C6
    viewer = people().login("hcm-auditor")
    viewer.goto(f"/dossiers/{dossier_id}")
    viewer.wait_for_selector("#diagram[data-ready=true]", state="attached")  # drawn (DI)
    assert viewer.locator('.djs-element[data-element-id="public_posting"]').count() == 1
