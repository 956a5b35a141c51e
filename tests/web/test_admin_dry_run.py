"""The dry-run page (issue 4): tick samples, type dossier numbers, override decisions, and
read each sample's path with the row saying where it stopped."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from workflow_app.persistence.models import Dossier, HistoryEvent

HCM = "hcm-award-chain"


def page_path(api) -> str:
    models = api.get("/process-models", "hcm-admin").json["items"]
    versions = next(m for m in models if m["key"] == HCM)["versions"]
    number = next(v["version"] for v in versions if v["status"] == "published")
    return f"/admin/models/{HCM}/versions/{number}/dry-run"


def run_page(pages, path: str, data: dict) -> str:
    """Run as the form does: the POST redirects to the GET of the run (issue 18: a reload
    re-sends nothing), whose page shows the result."""
    response = pages.post(path, data, token_from=path)
    assert response.status_code == 302
    shown = pages.get(response.headers["Location"])
    assert shown.status_code == 200, shown.get_data(as_text=True)[:2000]
    return shown.get_data(as_text=True)


def run_section(html: str, sample: str) -> str:
    match = re.search(
        rf'<section class="card dry-run-run[^"]*" id="run-{sample}".*?</section>', html, re.S
    )
    assert match, f"no result for {sample}"
    return match.group(0)


def stored(db) -> tuple[int, int]:
    with db.unit_of_work() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t)) for t in (Dossier, HistoryEvent)
        )


def test_the_form_offers_samples_dossier_numbers_and_a_decision_per_task(api, pages):
    """Does the page show the bundled samples as checkboxes, a field for dossier numbers, an
    approve/return/reject select per deciding task, and a CSRF token?"""
    path = page_path(api)
    pages.login("hcm-admin")
    response = pages.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="csrf_token"' in html
    assert 'id="sample-bang-khen-thu-tuong"' in html and 'id="sample-giay-khen-so"' in html
    assert 'name="dossier_ids"' in html
    select_html = re.search(r'<select id="decision-so_gddt_appraisal".*?</select>', html, re.S)
    assert select_html
    values = re.findall(r'<option value="(\w*)"', select_html.group(0))
    assert values == ["", "approve", "return", "reject"]
    assert 'id="decision-unit_council"' not in html  # the council form takes no decision


def test_running_shows_each_path_and_where_it_stopped(api, pages, db):
    """After running two samples, does the page show the Bằng khen Thủ tướng path step by step
    ending approved, the Giấy khen ending at the sector council, and nothing stored?"""
    path = page_path(api)
    pages.login("hcm-admin")
    before = stored(db)
    html = run_page(pages, path, {"samples": ["bang-khen-thu-tuong", "giay-khen-so"]})
    full = run_section(html, "bang-khen-thu-tuong")
    tasks = re.findall(r'class="dry-run-step" data-task="(\w+)"', full)
    assert tasks == [
        "unit_council",
        "so_gddt_appraisal",
        "sector_council",
        "so_noi_vu_appraisal",
        "ubnd_decision",
        "central_appraisal",
        "central_decision",
    ]
    assert "dry-run-stop-completed" in full and "Hoàn tất: được khen thưởng" in full
    short = run_section(html, "giay-khen-so")
    assert re.findall(r'data-task="(\w+)"', short)[-1] == "sector_council"
    assert "run-bang-khen-ubnd-tu-choi" not in html  # not ticked, not run
    assert stored(db) == before


def test_an_override_and_an_error_are_styled_apart(api, pages):
    """With a rejection picked for Sở GDĐT, does the full-chain sample stop rejected there,
    and does a sample the eligibility table refuses (E1) end on a clear error row?"""
    path = page_path(api)
    pages.login("hcm-admin")
    data = {
        "samples": ["bang-khen-thu-tuong", "co-thi-dua-bo"],
        "decision-so_gddt_appraisal": "reject",
    }
    html = run_page(pages, path, data)
    rejected = run_section(html, "bang-khen-thu-tuong")
    assert re.findall(r'data-decision="(\w+)"', rejected)[-1] == "reject"
    assert "dry-run-rejected" in rejected
    failed = run_section(html, "co-thi-dua-bo")
    assert "dry-run-stop-error" in failed and "(not_eligible)" in failed
    assert 'value="reject" selected' in html  # the choice is kept on the page


def test_a_typed_dossier_number_runs_its_copy(api, pages):
    """Does typing "HS-<n>" run that dossier's copy, titled with its number?"""
    path = page_path(api)
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    pages.login("hcm-admin")
    html = run_page(pages, path, {"dossier_ids": f"HS-{dossier['id']}"})
    section = run_section(html, f"HS-{dossier['id']}")
    assert "dry-run-stop-completed" in section


def test_another_provinces_dossier_number_is_refused_on_the_page(api, pages):
    """Is a Đồng Nai dossier number typed on the HCMC page refused with a message (422)?"""
    path = page_path(api)
    nominee = api.gen_nominee(user="dong-nai-unit", unit="dong-nai-thpt-ngo-quyen")
    other = api.gen_dossier("bang-khen-ubnd", "annual-2025", "dong-nai-unit", nominee=nominee)
    pages.login("hcm-admin")
    sent = pages.post(path, {"dossier_ids": str(other["id"])}, token_from=path)
    response = pages.get(sent.headers["Location"])
    assert response.status_code == 422
    assert 'id="dry-run-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize(("user", "status"), [("dong-nai-admin", 403), ("hcm-sgd", 403)])
def test_only_the_models_admins_open_the_page(api, pages, user, status):
    """Do another province's admin and a reviewer get 403 on the HCMC dry-run page?"""
    path = page_path(api)
    pages.login(user)
    assert pages.get(path).status_code == status


def test_the_form_needs_its_csrf_token(api, pages):
    """Is a dry run posted without the form's CSRF token refused?"""
    path = page_path(api)
    pages.login("hcm-admin")
    response = pages.client.post(path, data={"samples": ["giay-khen-so"]})
    assert response.status_code == 400


def test_the_admin_index_links_to_dry_runs(pages):
    """Does the admin index have a dry-run card leading to the process models?"""
    pages.login("hcm-admin")
    html = pages.get("/admin").get_data(as_text=True)
    assert 'id="card-dry-run-link"' in html
