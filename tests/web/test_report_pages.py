"""The yearly-report pages (L4, T4) through the Flask test client: the summary's table a
page at a time with all of it one link away, the province overview and the award statistics."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import insert

from workflow_app.persistence.models import Unit

EXTRA_UNITS = 60


@pytest.fixture(autouse=True)
def late_november(clock):
    clock.now = datetime(2026, 11, 20, 9, 0)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="(?:behind|met)" data-unit="([^"]+)"', html)


def test_a_checker_with_a_jurisdictions_own_role_opens_the_inbox(pages):
    """Does Văn phòng Sở (a role of Lạng Sơn's own, issue 17) land on its inbox after signing
    in, its lane named (the lane label once waited on the page's own transaction)?"""
    assert pages.login("lang-son-reviewer").status_code == 302
    assert pages.get("/").status_code == 200


@pytest.mark.rule("L4")
def test_the_summary_table_comes_a_page_at_a_time(pages, db):
    """With 63 units, does the table show the first 50 (behind first), the rest on page 2,
    and every unit with ?all=1, while the chart still draws its target line?"""
    with db.unit_of_work() as session:
        session.execute(
            insert(Unit),
            [
                {"id": f"ls-extra-{i:02}", "jurisdiction_id": "lang-son", "name": f"Tổ {i}"}
                for i in range(EXTRA_UNITS)
            ],
        )
    pages.login("lang-son-reviewer")
    base = "/reports/summary?jurisdiction=lang-son&year=2026"
    first = pages.get(base).get_data(as_text=True)
    assert len(_rows(first)) == 50 and 'data-target="60"' in first
    assert "Đơn vị 1-50 trên 63" in first
    second = pages.get(base + "&page=2").get_data(as_text=True)
    assert len(_rows(second)) == 13
    assert not set(_rows(first)) & set(_rows(second))
    everything = pages.get(base + "&all=1").get_data(as_text=True)
    assert len(_rows(everything)) == 63


@pytest.mark.rule("L4", "T4")
def test_the_overview_and_the_award_statistics_pages(pages):
    """Does the checker see Lạng Sơn in the province overview, and HCMC's administrator the
    award statistics of a round (nothing proposed yet: empty, not an error)?"""
    pages.login("lang-son-reviewer")
    overview = pages.get("/reports/overview?year=2026")
    assert overview.status_code == 200
    assert 'data-jurisdiction="lang-son"' in overview.get_data(as_text=True)
    pages.login("hcm-admin")
    stats = pages.get("/reports/award-statistics?jurisdiction=hcm&round=annual-2026")
    assert stats.status_code == 200
    assert 'id="women-share"' in stats.get_data(as_text=True)
