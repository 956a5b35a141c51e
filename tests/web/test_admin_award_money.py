"""The award money page (K1): an administrator reads and changes the coefficient table and
the base salary, each change in the history; a bad value is refused beside what was typed."""

from __future__ import annotations

import pytest

PAGE = "/admin/award-money"


@pytest.mark.rule("K1")
def test_an_administrator_sets_a_coefficient_and_a_base_salary(pages, api):
    """Does the national administrator see the table, set Bằng khen UBND for an individual
    under Decree 152 to 1,5 and a base salary from 1 July 2026, and does hcm-admin find
    both in the API and on the page?"""
    pages.login("national-admin")
    page = pages.get(PAGE).get_data(as_text=True)
    assert 'id="coefficients-table"' in page and 'id="salaries-table"' in page
    form = {
        "jurisdiction": "",
        "rule_set": "nd-152-2025",
        "award_form": "bang-khen-ubnd",
        "nominee_kind": "individual",
        "award_class": "0",
        "coefficient": "1,5",
    }
    saved = pages.post("/admin/award-money/coefficients", form, PAGE)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    salary = {"jurisdiction": "", "effective_from": "2026-07-01", "amount": "2530000"}
    assert pages.post("/admin/award-money/base-salaries", salary, PAGE).status_code == 302
    table = api.get("/award-money", "hcm-admin").json
    row = [
        c
        for c in table["coefficients"]
        if (c["rule_set"], c["award_form"], c["nominee_kind"])
        == ("nd-152-2025", "bang-khen-ubnd", "individual")
    ]
    assert row and row[0]["coefficient"] == 1.5
    assert {"effective_from": "2026-07-01", "amount": 2530000} in table["base_salaries"]
    pages.login("hcm-admin")
    html = pages.get(PAGE).get_data(as_text=True)
    assert "2.530.000" in html  # a province's admin reads the national table...
    assert 'id="coefficient-form"' not in html  # ...but has no form to change it


def test_a_bad_coefficient_is_refused_and_the_page_keeps_it(pages):
    pages.login("national-admin")
    form = {
        "jurisdiction": "",
        "rule_set": "nd-152-2025",
        "award_form": "bang-khen-ubnd",
        "nominee_kind": "individual",
        "award_class": "0",
        "coefficient": "không",
    }
    refused = pages.post("/admin/award-money/coefficients", form, PAGE)
    assert refused.status_code == 422
    assert 'value="không"' in refused.get_data(as_text=True)


def test_a_reviewer_has_no_award_money_page(pages):
    pages.login("hcm-sgd")
    assert pages.get(PAGE).status_code in (403, 404)
