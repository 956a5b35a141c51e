"""A decision in a real Chromium (K1, K2): UBND approves two dossiers, records Quyết định
123/QĐ-UBND, downloads the Word file and the spreadsheet, and each dossier shows it."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.api.test_chain import FULL_CHAIN, walk
from tests.factories import Api

from .browser import DEMO_PASSWORD, go
from .test_browser import _open_from_inbox

NAMES = ("Lê Thị Thu Hà", "Trường THCS Nguyễn Du")


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _waiting_for_ubnd(api) -> list[int]:
    ids = []
    for name, kind in zip(NAMES, ("individual", "collective"), strict=True):
        nominee = api.gen_nominee(name=name, kind=kind)
        dossier = api.gen_submitted("bang-khen-ubnd", nominee=nominee)
        walk(api, dossier["id"], FULL_CHAIN[:4])
        ids.append(dossier["id"])
    return ids


def _download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return open(info.value.path(), "rb").read()


@pytest.mark.rule("K1", "K2")
def test_ubnd_approves_records_and_downloads_its_decision(people, api):
    """Can UBND approve two dossiers, record decision 123/QĐ-UBND over both, download the
    Quyết định and its list with both names and the money, and see it on each dossier?"""
    ids = _waiting_for_ubnd(api)
    office = people()
    page = office.login("hcm-ubnd")
    for dossier_id in ids:
        _open_from_inbox(page, dossier_id)
        page.check("#decision-approve")
        go(page, "#complete")
        page.wait_for_selector(".flash-success")

    go(page, "#nav-decisions")
    go(page, "#record-ubnd")
    for dossier_id in ids:
        page.check(f"#dossier-{dossier_id}")
    page.fill("#number", "123")
    page.fill("#symbol", "QĐ-UBND")
    page.fill("#signed_on", "2025-05-05")
    page.fill("#signer_name", "Nguyễn Văn Được")
    page.fill("#signer_title", "Chủ tịch")
    go(page, "#record-decision")
    page.wait_for_selector(".flash-success")
    assert page.locator("#decision-title").inner_text() == "Quyết định số 123/QĐ-UBND"
    assert page.locator("#awardee-count").inner_text() == "2"
    office.screenshot("decision")

    word = _download(page, "#download-docx")
    assert zipfile.ZipFile(io.BytesIO(word)).testzip() is None
    document = Document(io.BytesIO(word))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "Số: 123/QĐ-UBND" in text
    assert all(name in text for name in NAMES)
    assert "7.020.000" in text  # 2,340,000 (individual) + 4,680,000 (collective)
    sheet = load_workbook(io.BytesIO(_download(page, "#download-xlsx"))).active
    names = [sheet.cell(row=r, column=2).value for r in (5, 6)]
    assert names == list(NAMES)
    assert sheet.cell(row=7, column=7).value == 7_020_000

    go(page, "#nav-decisions")
    row = page.locator("#register tr", has_text="123/QĐ-UBND")
    assert row.locator(".awardee-count").inner_text() == "2"
    for dossier_id in ids:
        page.goto(f"/dossiers/{dossier_id}")
        assert "Quyết định số 123/QĐ-UBND" in page.locator("#dossier-decision").inner_text()
    unit = people().login("hcm-unit")
    unit.goto(f"/dossiers/{ids[0]}")
    assert "123/QĐ-UBND" in unit.locator("#dossier-decision").inner_text()
