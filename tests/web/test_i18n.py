"""The English catalogue and the Vietnamese conventions of the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import workflow_app

CATALOGUE = Path(workflow_app.__file__).parent / "web/translations/en/LC_MESSAGES/messages.po"


def test_every_text_has_an_english_translation():
    """Is every Vietnamese text of the pages translated in the English catalogue?"""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    assert untranslated == []
    assert not [m.id for m in catalogue if m.id and "fuzzy" in m.flags]


def test_the_compiled_catalogue_is_in_place():
    """Did `make` compile the catalogue the English pages are served from?"""
    assert CATALOGUE.with_suffix(".mo").exists()


def test_vietnamese_number_and_date_formats(app):
    """Are numbers shown as 1.234,5 and dates as dd/mm/yyyy by default?"""
    from datetime import date

    from workflow_app.web.formatting import fmt_date, fmt_number

    with app.test_request_context("/"):
        assert fmt_number(1234.5) == "1.234,5"
        assert fmt_date(date(2025, 7, 1)) == "01/07/2025"


def _in_english(pages, username: str) -> None:
    pages.login(username)
    pages.post("/language", {"locale": "en", "next": "/"})


@pytest.mark.rule("D1", "D2", "D3")
def test_a_refused_submission_reads_in_english(api, pages):
    """Does an English user whose dossier lacks documents read the refusal, and the missing
    documents' names, in English only?"""
    dossier = api.gen_dossier(documents=("to-trinh",))
    _in_english(pages, "hcm-unit")
    url = f"/dossiers/{dossier['id']}"
    refused = pages.post(url + "/submit", token_from=url)
    html = pages.get(refused.headers["Location"]).get_data(as_text=True)
    assert "The dossier lacks required documents." in html
    assert "Council meeting minutes" in html
    assert "thiếu tài liệu" not in html and "Biên bản họp xét" not in html


def test_a_refused_new_dossier_names_its_fields_in_english(pages):
    """Does an English user who sends an unknown round see the form's note and the field's note
    in English, with what was typed kept?"""
    _in_english(pages, "hcm-unit")
    response = pages.post(
        "/dossiers/new",
        {
            "unit": "hcm-thpt-le-quy-don",
            "kind": "individual",
            "name": "Trần Thị Lan",
            "round": "annual-1999",
            "award_form": "giay-khen-so",
        },
        token_from="/dossiers/new",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The dossier is not valid." in html
    assert "A round is annual-YYYY, so-ket-2025 or tong-ket-2030." in html
    assert "Hồ sơ chưa hợp lệ" not in html and "Trần Thị Lan" in html


def test_a_task_form_refusal_reads_in_english(api, pages):
    """Does an English reviewer who leaves the meeting date empty see "Required." beside it?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.open_task(dossier["id"])
    _in_english(pages, "hcm-unit")
    url = f"/tasks/{task['id']}"
    data = {"members_total": "5", "members_present": "7", "votes_for": "3"}
    response = pages.post(url + "/complete", data, token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Required." in html and "Bắt buộc nhập" not in html
