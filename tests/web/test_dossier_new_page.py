"""The new-dossier page of a unit (E1-E3): only the award forms the eligibility table allows,
the nominee's identity fields, and the refusals shown beside the fields."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

UNIT = "hcm-thpt-le-quy-don"
_OPTION = re.compile(r'<option value="([a-z-]+)"( hidden disabled)?[^>]*>', re.S)


def award_options(html: str) -> dict[str, bool]:
    """award form -> offered (not hidden) in the page's award form select."""
    select = html.split('id="award_form"', 1)[1].split("</select>", 1)[0]
    return {value: not hidden for value, hidden in _OPTION.findall(select)}


def eligible_data(html: str) -> dict:
    raw = re.search(r"data-eligible='([^']*)'", html).group(1)
    return json.loads(html_lib.unescape(raw))


def new_dossier(pages, **fields):
    body = {
        "unit": UNIT,
        "kind": "individual",
        "name": "Trần Thị Mai",
        "round": "annual-2025",
        "award_form": "giay-khen-so",
        **fields,
    }
    return pages.post("/dossiers/new", body, token_from="/dossiers/new")


@pytest.mark.rule("E1")
def test_the_page_offers_only_the_forms_the_table_allows(pages):
    """E1: for an individual in this year's annual round, does the page offer only the Giấy
    khen and the Bằng khen UBND, and give its script every other kind and round's list?"""
    pages.login("hcm-unit")
    html = pages.get("/dossiers/new").get_data(as_text=True)
    offered = award_options(html)
    assert [form for form, shown in offered.items() if shown] == ["giay-khen-so", "bang-khen-ubnd"]
    assert offered["bang-khen-thu-tuong"] is False and offered["huan-chuong-lao-dong"] is False
    eligible = eligible_data(html)[UNIT]
    assert eligible["collective"]["tong-ket-2030"] == [
        "giay-khen-so",
        "bang-khen-ubnd",
        "bang-khen-thu-tuong",
        "huan-chuong-lao-dong",
    ]
    assert eligible["household"]["so-ket-2025"] == ["bang-khen-thu-tuong"]
    assert eligible["clan"]["tong-ket-2030"] == []
    assert "dossier-new.js" in html
    assert pages.get("/static/web/dossier-new.js").status_code == 200


@pytest.mark.rule("E1")
def test_a_refused_choice_is_shown_with_the_tables_row(pages):
    """E1: when the page is sent a combination the table refuses (no script, or a stale
    list), does it answer 422 with the refusal and the row's label, and the choices offered
    for what was chosen?"""
    pages.login("hcm-unit")
    response = new_dossier(
        pages, kind="clan", round="so-ket-2025", award_form="bang-khen-thu-tuong"
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "không thuộc diện đề nghị" in html
    assert "không xét dòng họ" in html
    assert not any(award_options(html).values())  # a clan gets nothing in HCMC's reviews


@pytest.mark.rule("E2")
def test_a_person_another_unit_registered_is_named_beside_the_citizen_id(pages, api):
    """E2: does the page tell the second unit which unit registered the person first?"""
    api.gen_nominee(name="Trần Thị Lan", citizen_id="079203001234")
    pages.login("hcm-unit2")
    response = new_dossier(
        pages, unit="hcm-phuong-sai-gon", sex="female", citizen_id="079203001234"
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="error-citizen_id"' in html
    assert "Trần Thị Lan" in html and "Lê Quý Đôn" in html


@pytest.mark.rule("E2", "E3")
def test_wrong_identity_and_a_missing_class_are_shown_beside_their_fields(pages):
    """Are a short citizen id, more women than staff and a Labour Order without its class
    each shown beside the field (422), nothing created?"""
    pages.login("hcm-unit")
    short = new_dossier(pages, citizen_id="12345")
    assert short.status_code == 422
    assert 'id="error-citizen_id"' in short.get_data(as_text=True)
    women = new_dossier(pages, kind="collective", staff_total="10", women_total="11")
    assert women.status_code == 422
    assert 'id="error-women_total"' in women.get_data(as_text=True)
    order = new_dossier(
        pages, kind="collective", round="tong-ket-2030", award_form="huan-chuong-lao-dong"
    )
    assert order.status_code == 422
    assert 'id="error-labour_order_class"' in order.get_data(as_text=True)
    created = new_dossier(
        pages,
        kind="collective",
        round="tong-ket-2030",
        award_form="huan-chuong-lao-dong",
        labour_order_class="2",
        staff_total="40",
        women_total="30",
    )
    assert created.status_code == 302


@pytest.mark.rule("E2", "X1")
def test_a_unit_nominating_its_own_person_again_reuses_the_record(pages, api):
    """E2: when a unit nominates the same person in another round, entering the citizen id
    again, does the page open the dossier on the unit's existing record instead of refusing
    it as a duplicate?"""
    first = api.gen_nominee(name="Trần Thị Lan", citizen_id="079203005678")
    pages.login("hcm-unit")
    response = new_dossier(pages, name="Trần Thị Lan", sex="female", citizen_id="079203005678")
    assert response.status_code == 302, response.get_data(as_text=True)
    dossier_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert api.dossier(dossier_id)["nominee"]["id"] == first["id"]


@pytest.mark.rule("E1")
def test_a_dong_nai_district_is_refused_for_the_2030_review_on_the_page(pages):
    """Đồng Nai plan III.1: the page asks a collective's kind of body; a district proposed
    for the 2030 review is refused (422) with the table's reason and the choice kept, and a
    commune is accepted."""
    pages.login("dong-nai-unit")
    page = pages.get("/dossiers/new").get_data(as_text=True)
    assert 'id="category"' in page and "Cấp xã" in page
    body = {
        "unit": "dong-nai-thpt-ngo-quyen",
        "kind": "collective",
        "name": "UBND huyện Thử",
        "category": "district",
        "round": "tong-ket-2030",
        "award_form": "bang-khen-ubnd",
    }
    refused = pages.post("/dossiers/new", body, token_from="/dossiers/new")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "không còn cấp huyện" in html
    assert '<option value="district" selected>' in html
    accepted = {**body, "name": "UBND xã Thử", "category": "commune"}
    saved = pages.post("/dossiers/new", accepted, token_from="/dossiers/new")
    assert saved.status_code == 302, saved.get_data(as_text=True)
