"""Plain words, no codes (issue 18): a reviewer reads the timeline, the task and the reports
in people's words: no lane keys, step ids, decision values or rule-set keys in the text."""

from __future__ import annotations

import re

import pytest

from tests.factories import COUNCIL_PASSED

CODES = re.compile(
    r"\b(so_gddt|so_noi_vu|unit_council|so_gddt_appraisal|sector_council|so_noi_vu_appraisal"
    r"|ubnd_decision|approve|return|can-tho|nd-152-2025|hcm-unit|hcm-sgd)\b"
    # Rule ids in running text: "(X2)", "(D1)", "(S1)", "(C6)".
    r"|\([DXESCQTRPKML][0-9]+(?:-[A-Z]?[0-9]+)?\)"
)


def visible_text(html: str) -> str:
    """The words a reader sees or hears: no scripts, no tags, but the aria-labels read aloud."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    spoken = " ".join(re.findall(r'aria-label="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + spoken


@pytest.fixture
def reviewed(api) -> dict:
    """A dossier the unit's council passed, now at Sở GDĐT's appraisal."""
    dossier = api.gen_submitted("bang-khen-ubnd")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return {"dossier": dossier["id"], "task": api.open_task(dossier["id"])["id"]}


def test_a_reviewer_reads_no_codes_on_the_timeline_task_and_reports(pages, reviewed):
    """Do the dossier's timeline, its open task and the reports list speak in words?"""
    pages.login("hcm-sgd")
    for path in (f"/dossiers/{reviewed['dossier']}", f"/tasks/{reviewed['task']}", "/reports"):
        response = pages.get(path)
        assert response.status_code == 200, path
        found = sorted(set(CODES.findall(visible_text(response.get_data(as_text=True)))))
        assert not found, (path, found)


def test_a_reviewer_refused_the_admin_pages_is_told_they_are_not_an_administrator(pages):
    """Does /admin tell a reviewer why (not an administrator), not "no role for this step"?"""
    pages.login("hcm-sgd")
    response = pages.get("/admin")
    assert response.status_code == 403
    text = visible_text(response.get_data(as_text=True))
    assert "không phải là quản trị viên" in text
    assert "vai trò xử lý bước này" not in text
