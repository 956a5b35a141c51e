"""A Lạng Sơn office's yearly report in a real Chromium (L2-L4): the office enters its
figures, Văn phòng Sở returns them once with a reason, the office corrects and sends them
again, Văn phòng Sở acknowledges, and the summary charts the office against the 60% line."""

from __future__ import annotations

import pytest

from .browser import go

YEAR = "2026"


def _fill(page, counts) -> None:
    for name, value in zip(
        ("staff_total", "learning_citizens", "with_digital_skills", "proficient"),
        counts,
        strict=True,
    ):
        page.fill(f"#{name}", str(value))


def _check(page, decision: str, reason: str = "") -> None:
    go(page, "#nav-reports")
    go(page, "#report-tasks a >> nth=0")
    page.check(f"#decision-{decision}")
    if reason:
        page.fill("#reason", reason)
    go(page, "#send-check")


@pytest.mark.rule("L2", "L3", "L4")
def test_an_office_reports_is_returned_corrects_and_is_charted(people):
    office, van_phong = people(), people()
    page = office.login("lang-son-unit")
    go(page, "#nav-reports")
    go(page, "#new-report")
    page.fill("#year", YEAR)
    _fill(page, (25, 30, 12, 10))  # 30 recognised out of 25 staff: refused beside the field
    go(page, "#save-report")
    assert page.locator("#learning_citizens-error").count() == 1
    _fill(page, (25, 16, 20, 10))  # a slip: more with digital skills than recognised
    go(page, "#save-report")
    assert page.locator("#with_digital_skills-error").count() == 1
    _fill(page, (25, 16, 9, 7))
    go(page, "#save-report")
    go(page, "#submit-report")
    assert "chờ kiểm tra" in page.inner_text("#report-status")

    checker = van_phong.login("lang-son-reviewer")
    _check(checker, "return", "Số có kỹ năng số chưa khớp danh sách")
    assert "Bị trả lại" in checker.inner_text("#report-status")

    page.reload()
    assert "chưa khớp danh sách" in page.inner_text("#return-reason")
    go(page, "#edit-report")
    page.fill("#with_digital_skills", "12")
    go(page, "#save-report")
    go(page, "#submit-report")

    _check(checker, "approve")
    assert "Đã tiếp nhận" in checker.inner_text("#report-status")
    go(checker, f"a[href*='/reports/summary'][href*='year={YEAR}']")
    bar = checker.locator("rect.bar[data-unit='lang-son-phong-quan-ly-dat-dai']").first
    assert bar.count() == 1
    line = checker.locator("line.target-line[data-target='60']").first
    assert line.count() == 1
    row = checker.locator("#summary-table tr[data-unit='lang-son-phong-quan-ly-dat-dai']")
    assert "64" in row.inner_text()  # 16 of 25 recognised
    van_phong.screenshot("reports-summary-lang-son")
