"""The decision pages without a browser (K1, K2): a refused decision keeps what was typed and
names the problem; the templates page refuses a bad template beside its kind; the unit's
dossier page attaches its generated Tờ trình in one click."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.api.test_decisions import approved_by_ubnd, record


@pytest.mark.rule("K1")
def test_a_refused_decision_keeps_the_form(pages, api):
    """When UBND types a symbol with a '/', is the page a 422 naming it, the typed number kept
    and the dossier still ticked?"""
    ids = approved_by_ubnd(api)
    pages.login("hcm-ubnd")
    form = pages.get("/decisions/new?level=ubnd").get_data(as_text=True)
    assert f'id="dossier-{ids[0]}"' in form
    answer = pages.post(
        "/decisions/new",
        {
            "level": "ubnd",
            "award_form": "bang-khen-ubnd",
            "number": "77",
            "symbol": "QĐ/UBND",
            "signed_on": "2025-05-05",
            "signer_name": "Nguyễn Văn Được",
            "signer_title": "Chủ tịch",
            "dossier": [str(ids[0])],
        },
        token_from="/decisions/new?level=ubnd",
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "không có dấu &#39;/&#39;" in html or "không có dấu '/'" in html
    assert 'value="77"' in html
    assert f'id="dossier-{ids[0]}" name="dossier" value="{ids[0]}" checked' in html


def test_the_register_is_not_for_units(pages):
    """Does a unit's user see no register link, and a unit's record page is refused?"""
    pages.login("hcm-unit")
    assert 'id="nav-decisions"' not in pages.get("/").get_data(as_text=True)
    assert pages.get("/decisions/new").status_code == 403


@pytest.mark.rule("K2")
def test_the_templates_page_refuses_an_unknown_placeholder(pages):
    """Does the administrator's page refuse a template with `{{ ngay_ky }}` and name it?"""
    pages.login("hcm-admin")
    page = pages.get("/admin/paper-templates").get_data(as_text=True)
    assert 'id="template-quyet-dinh"' in page
    document = Document()
    document.add_paragraph("{{ reference }} {{ ngay_ky }}")
    content = io.BytesIO()
    document.save(content)
    content.seek(0)
    answer = pages.post(
        "/admin/paper-templates",
        {"jurisdiction": "hcm", "kind": "quyet-dinh", "file": (content, "mau.docx")},
        token_from="/admin/paper-templates",
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert "ngay_ky" in answer.get_data(as_text=True)


@pytest.mark.rule("K2", "D1")
def test_the_unit_attaches_the_to_trinh_from_its_dossier_page(pages, api):
    """Does one click on the dossier page attach the generated Tờ trình as D1?"""
    dossier = api.gen_dossier("bang-khen-ubnd", documents=())
    pages.login("hcm-unit")
    path = f"/dossiers/{dossier['id']}"
    assert 'id="to-trinh-attach"' in pages.get(path).get_data(as_text=True)
    answer = pages.post(f"{path}/to-trinh", token_from=path)
    assert answer.status_code == 302
    html = pages.get(path).get_data(as_text=True)
    assert 'data-missing="to-trinh"' not in html
    assert 'data-missing="bien-ban"' in html


@pytest.mark.rule("K3")
def test_signing_set_up_and_used_from_the_pages(pages, new_pages, api):
    """Can the administrator trust a root and store the PKCS#12 on the templates page, UBND
    then sign its decision from the decision page, and the unit see a valid trusted
    signature beside a signed PDF it uploads?"""
    from tests.api.test_signatures import PASSPHRASE, _pki, _upload

    root_pem, p12 = _pki("Chủ tịch UBND")
    pages.login("hcm-admin")
    settings = "/admin/paper-templates"
    answer = pages.post(
        "/admin/trusted-roots",
        {"jurisdiction": "hcm", "file": (io.BytesIO(root_pem), "root.pem")},
        token_from=settings,
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    bad = pages.post(
        "/admin/signing-credential",
        {"jurisdiction": "hcm", "passphrase": "sai", "file": (io.BytesIO(p12), "ubnd.p12")},
        token_from=settings,
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert (
        pages.post(
            "/admin/signing-credential",
            {"jurisdiction": "hcm", "passphrase": PASSPHRASE, "file": (io.BytesIO(p12), "u.p12")},
            token_from=settings,
            content_type="multipart/form-data",
        ).status_code
        == 302
    )
    assert "Chủ tịch UBND" in pages.get(settings).get_data(as_text=True)

    decision_id = api.post(
        "/decisions",
        "hcm-ubnd",
        json={
            "level": "ubnd",
            "award_form": "bang-khen-ubnd",
            "number": 9,
            "symbol": "QĐ-UBND",
            "signed_on": "2025-05-05",
            "signer_name": "Nguyễn Văn Được",
            "signer_title": "Chủ tịch",
            "dossier_ids": approved_by_ubnd(api),
        },
    ).json["id"]
    office = new_pages()
    office.login("hcm-ubnd")
    page = f"/decisions/{decision_id}"
    assert 'id="sign-decision"' in office.get(page).get_data(as_text=True)
    assert office.post(f"{page}/sign", token_from=page).status_code == 302
    assert 'id="signed"' in office.get(page).get_data(as_text=True)
    signed = office.get(f"{page}/document.pdf").data

    dossier = api.gen_dossier("bang-khen-ubnd", documents=())
    assert _upload(api, dossier["id"], signed).status_code == 201
    unit = new_pages("10.0.0.3")
    unit.login("hcm-unit")
    html = unit.get(f"/dossiers/{dossier['id']}").get_data(as_text=True)
    assert 'data-signature="valid-trusted"' in html
    assert "Chữ ký số hợp lệ" in html


@pytest.mark.rule("K1")
def test_the_nominees_page_lists_the_awards_received(pages, api):
    """K1: before proposing someone again, does the nominee's page (linked from the dossier)
    list the decision that awarded them, its date, form and money; and is it hidden from a
    unit that does not manage the nominee?"""
    ids = approved_by_ubnd(api)
    nominee_id = api.dossier(ids[0])["nominee"]["id"]
    pages.login("hcm-unit")
    before = pages.get(f"/nominees/{nominee_id}").get_data(as_text=True)
    assert 'id="no-past-awards"' in before
    assert record(api, ids).status_code == 201
    assert f"/nominees/{nominee_id}" in pages.get(f"/dossiers/{ids[0]}").get_data(as_text=True)
    page = pages.get(f"/nominees/{nominee_id}").get_data(as_text=True)
    assert "123/QĐ-UBND" in page and "Bằng khen" in page and f"HS-{ids[0]}" in page
    pages.login("dong-nai-unit")
    assert pages.get(f"/nominees/{nominee_id}").status_code == 404
