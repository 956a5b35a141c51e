"""The English catalogue and the Vietnamese conventions of the pages."""

from __future__ import annotations

from pathlib import Path

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
