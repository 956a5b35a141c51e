"""Today's law on the pages (issue 12): open rounds only, the achievement period, the rule set
a dossier keeps, a closed round said as such, and the administrators' rule sets page."""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime

import pytest

from tests.web.test_admin_settings import history_rows
from tests.web.test_dossier_new_page import new_dossier


def page_text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def round_options(html: str) -> dict[str, str]:
    """round -> its option tag, from the new-dossier page's round select."""
    select = html.split('id="round"', 1)[1].split("</select>", 1)[0]
    tags = re.findall(r'<option value="[a-z0-9-]+"[^>]*>[^<]*', select)
    return {re.search(r'value="([a-z0-9-]+)"', tag).group(1): tag for tag in tags}


@pytest.mark.rule("T1")
def test_the_new_dossier_page_offers_only_open_rounds(pages):
    """T1: on 5 May 2025, is annual-2024 listed as closed on 01/06/2024 and not selectable,
    while annual-2025 is offered and chosen first?"""
    pages.login("hcm-unit")
    html = page_text(pages.get("/dossiers/new"))
    options = round_options(html)
    assert "disabled" in options["annual-2024"] and "01/06/2024" in options["annual-2024"]
    assert "disabled" not in options["annual-2025"] and "selected" in options["annual-2025"]


@pytest.mark.rule("T1")
def test_choosing_a_closed_round_says_it_closed_and_when(pages):
    """T1: if a closed round is posted anyway, does the page say the round closed and on
    which date, not that someone acted first?"""
    pages.login("hcm-unit")
    response = new_dossier(pages, round="annual-2024")
    assert response.status_code == 409
    html = page_text(response)
    assert "đã đóng lúc 01/06/2024" in html
    assert "Đã có người xử lý trước bạn" not in html


@pytest.mark.rule("T1")
def test_submitting_after_the_deadline_is_said_on_the_dossier_page(pages, api, clock):
    """T1: a unit submits its draft on 2 June: does the dossier page say the round closed on
    01/06/2025 instead of an error page about someone else?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 6, 2, 2, 0)
    pages.login("hcm-unit")
    path = f"/dossiers/{dossier['id']}"
    response = pages.post(f"{path}/submit", token_from=path, follow_redirects=True)
    html = page_text(response)
    assert response.status_code == 200
    assert "đã đóng lúc 01/06/2025" in html and "Đã có người xử lý trước bạn" not in html
    assert api.dossier(dossier["id"])["status"] == "draft"


@pytest.mark.rule("R2")
def test_the_achievement_period_is_entered_checked_and_shown(pages):
    """R2: is a period ending before it starts refused beside its field, and a valid one kept
    and shown on the dossier page?"""
    pages.login("hcm-unit")
    backwards = {"achievement_from": "2025-03-01", "achievement_to": "2025-01-01"}
    refused = new_dossier(pages, **backwards)
    assert refused.status_code == 422
    assert 'id="error-achievement_to"' in page_text(refused)
    period = {"achievement_from": "2024-01-01", "achievement_to": "2024-12-31"}
    created = new_dossier(pages, name="Lê Văn Kỳ", **period)
    assert created.status_code == 302
    shown = page_text(pages.get(created.headers["Location"]))
    assert re.search(r'id="achievement-period">01/01/2024 – 31/12/2024<', shown)


@pytest.mark.rule("R1")
def test_the_dossier_page_names_its_rule_set(pages, api):
    """R1: does a dossier submitted in May 2025 show 'Nghị định 98/2023/NĐ-CP', not its key?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    pages.login("hcm-unit")
    html = page_text(pages.get(f"/dossiers/{dossier['id']}"))
    assert re.search(r'id="rule-set">Nghị định 98/2023/NĐ-CP<', html)


@pytest.mark.rule("R1")
def test_an_admin_edits_a_rule_set_on_its_settings_page(pages):
    """R1: can the national administrator change Decree 152's posting period on the settings
    page, with the change in the page's history, and is an overlapping span refused with the
    reason?"""
    pages.login("national-admin")
    assert 'id="card-national-rule-sets"' in page_text(pages.get("/admin"))
    html = page_text(pages.get("/admin/rule-sets"))
    assert "Nghị định 98/2023/NĐ-CP" in html and "Nghị định 152/2025/NĐ-CP" in html
    form = {
        "jurisdiction": "",
        "title": "Nghị định 152/2025/NĐ-CP",
        "legal_basis": "Nghị định 152/2025/NĐ-CP thay thế Nghị định 98/2023/NĐ-CP",
        "applies_from": "2025-07-01",
        "applies_until": "",
        "posting_working_days": "15",
        "hold_kinds": ["complaint", "press-allegation"],
        "threshold-co-thi-dua-bo": "80",
    }
    saved = pages.post("/admin/rule-sets/nd-152-2025", form, token_from="/admin/rule-sets")
    assert saved.status_code == 302
    html = page_text(pages.get("/admin/rule-sets"))
    assert "15 ngày làm việc" in html
    [change] = history_rows(html)
    assert "nd-152-2025" in change
    overlap = {**form, "applies_from": "2025-06-01"}
    refused = pages.post("/admin/rule-sets/nd-152-2025", overlap, token_from="/admin/rule-sets")
    assert refused.status_code == 422
    assert "nd-98-2023" in page_text(refused)


@pytest.mark.rule("R1")
def test_a_provinces_admin_reads_the_rule_sets_but_may_not_change_them(pages):
    """R1: the decrees are national: does hcm-admin see the rule sets without the edit forms,
    told who may change them, and is a change sent anyway refused (403)?"""
    pages.login("hcm-admin")
    html = page_text(pages.get("/admin/rule-sets"))
    assert "Nghị định 152/2025/NĐ-CP" in html
    assert 'id="rule-set-add"' not in html and 'id="national-read-only"' in html
    form = {
        "jurisdiction": "hcm",
        "title": "Nghị định 152/2025/NĐ-CP",
        "legal_basis": "Nghị định 152/2025/NĐ-CP",
        "applies_from": "2025-07-01",
        "applies_until": "",
        "posting_working_days": "20",
    }
    token = "/admin/rule-sets"
    assert pages.post("/admin/rule-sets/nd-152-2025", form, token_from=token).status_code == 403
