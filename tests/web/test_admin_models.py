"""The administrators' process-model pages: list, clone, versions, upload, download, publish,
compare and the modeler's save route, through the Flask test client."""

from __future__ import annotations

import io
import re

import pytest

from tests.factories import add_roles
from workflow_app.config import PROJECT_ROOT

HCM_BPMN = (PROJECT_ROOT / "bpmn" / "hcm" / "award_chain.bpmn").read_text(encoding="utf-8")
SECTOR_REF = "<bpmn:flowNodeRef>sector_council</bpmn:flowNodeRef>"


def _text(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _published(pages, key: str = "hcm-award-chain") -> int:
    html = pages.get(f"/admin/models/{key}").get_data(as_text=True)
    rows = re.findall(r'data-version="(\d+)">\s*<td>.*?</td>\s*<td>(.*?)</td>', html, re.S)
    return next(int(n) for n, status in rows if 'data-status="published"' in status)


def _clone(pages, new_key: str = "can-tho-ban-sao", jurisdiction: str = "can-tho"):
    data = {"source": "hcm-award-chain", "new_key": new_key, "jurisdiction": jurisdiction}
    return pages.post("/admin/models/clone", data, token_from="/admin/models")


def _with_sector_council_in(lane_id: str) -> str:
    """The HCMC BPMN with task sector_council's flowNodeRef moved to another lane."""
    moved = HCM_BPMN.replace(SECTOR_REF, "", 1)
    anchor = f'<bpmn:lane id="{lane_id}" name="'
    start = moved.index(anchor)
    end = moved.index("</bpmn:documentation>", start) + len("</bpmn:documentation>")
    return moved[:end] + SECTOR_REF + moved[end:]


def _upload(pages, key: str, files: dict[str, str], back: int = 1):
    data = {
        "back": str(back),
        "files": [(io.BytesIO(content.encode()), name) for name, content in files.items()],
    }
    return pages.post(
        f"/admin/models/{key}/versions",
        data,
        token_from=f"/admin/models/{key}/versions/{back}",
        content_type="multipart/form-data",
    )


@pytest.fixture
def can_tho(pages, db):
    """Cần Thơ's administrator, signed in, with the HCMC chain cloned as draft v1 (and HCMC's
    roles created in Cần Thơ, issue 17, so its lanes name roles the city has)."""
    add_roles(db, "can-tho")
    pages.login("can-tho-admin")
    response = _clone(pages)
    assert response.status_code == 302, _text(response)
    return pages


def test_only_administrators_see_the_model_pages(pages):
    """Does a reviewer asking for the models page get 403, not the page?"""
    pages.login("hcm-sgd")
    assert pages.get("/admin/models").status_code == 403
    assert pages.get("/admin/models/hcm-award-chain").status_code == 403


def test_the_list_shows_own_models_templates_and_what_new_dossiers_start_on(pages):
    """Does HCMC's admin see its chain with the version new dossiers start on, and does Cần
    Thơ's admin see the same chain only as a read-only template to clone?"""
    pages.login("hcm-admin")
    index = pages.get("/admin").get_data(as_text=True)
    assert 'href="/admin/models" id="card-models-link"' in index
    html = pages.get("/admin/models").get_data(as_text=True)
    row = html[html.index('data-model="hcm-award-chain"') :].split("</tr>")[0]
    assert "model-in-use" in row and "đã phát hành" in row
    pages.login("can-tho-admin")
    html = pages.get("/admin/models").get_data(as_text=True)
    row = html[html.index('data-model="hcm-award-chain"') :].split("</tr>")[0]
    assert "mẫu" in row and "chỉ xem" in row
    assert '<option value="can-tho"' in html  # the clone's target: their own jurisdiction


def test_cloning_from_the_list_opens_the_new_draft(can_tho):
    """After cloning, does the admin land on draft v1 of the new model, with no problems?"""
    page = can_tho.get("/admin/models/can-tho-ban-sao/versions/1")
    text = _text(page)
    assert "can-tho-ban-sao · phiên bản 1" in text
    assert "nháp" in text
    assert 'id="no-problems"' in page.get_data(as_text=True)
    assert 'id="publish"' in page.get_data(as_text=True)


def test_a_clone_refused_keeps_what_was_typed(pages):
    """When the new key is taken or malformed, is the error beside the field, input kept?"""
    pages.login("can-tho-admin")
    taken = _clone(pages, new_key="hcm-award-chain")
    assert taken.status_code == 409
    html = taken.get_data(as_text=True)
    assert 'id="error-new_key"' in html and "đã tồn tại" in html
    assert 'value="hcm-award-chain"' in html
    malformed = _clone(pages, new_key="Sai Mã")
    assert malformed.status_code == 422
    assert 'value="Sai Mã"' in malformed.get_data(as_text=True)
    elsewhere = _clone(pages, new_key="ha-noi-chain", jurisdiction="hcm")
    assert elsewhere.status_code == 403
    assert 'id="error-jurisdiction"' in elsewhere.get_data(as_text=True)


def test_another_jurisdictions_model_is_hidden_and_cannot_be_published(can_tho, new_pages):
    """Can HCMC's admin open Cần Thơ's model (404) or publish it (403)? No."""
    other = new_pages()
    other.login("hcm-admin")
    assert other.get("/admin/models/can-tho-ban-sao").status_code == 404
    assert other.get("/admin/models/can-tho-ban-sao/versions/1").status_code == 404
    refused = other.post(
        "/admin/models/can-tho-ban-sao/versions/1/publish", token_from="/admin/models"
    )
    assert refused.status_code == 403
    assert "chưa phát hành" in _text(can_tho.get("/admin/models/can-tho-ban-sao/versions/1"))


def test_a_template_is_read_only_with_a_clone_button(pages):
    """Does another jurisdiction's template show no upload or publish, only a clone form?"""
    pages.login("can-tho-admin")
    number = _published(pages)
    html = pages.get(f"/admin/models/hcm-award-chain/versions/{number}").get_data(as_text=True)
    assert 'id="publish"' not in html and 'id="upload-form"' not in html
    assert 'id="clone-form"' in html
    assert f'name="source" value="hcm-award-chain@{number}"' in html


def test_a_bad_bpmn_upload_is_kept_as_a_draft_with_its_problem(can_tho):
    """When the uploaded BPMN does not parse, is a draft kept and its problem shown?"""
    response = _upload(can_tho, "can-tho-ban-sao", {"award_chain.bpmn": "<bpmn:definitions"})
    assert response.headers["Location"].endswith("/admin/models/can-tho-ban-sao/versions/2")
    page = can_tho.get("/admin/models/can-tho-ban-sao/versions/2")
    html = page.get_data(as_text=True)
    assert 'id="problems"' in html and "award_chain.bpmn" in _text(page)
    assert "chưa thể phát hành" in _text(page)
    refused = can_tho.post(
        "/admin/models/can-tho-ban-sao/versions/2/publish",
        token_from="/admin/models/can-tho-ban-sao/versions/2",
    )
    assert refused.status_code == 409
    assert "Không thể phát hành phiên bản 2" in _text(refused)


def test_an_upload_with_a_wrong_file_name_is_refused_with_a_message(can_tho):
    """Does a file that is not .bpmn/.dmn/.json come back as a message, with no new draft?"""
    response = _upload(can_tho, "can-tho-ban-sao", {"notes.txt": "hello"})
    assert response.headers["Location"].endswith("/versions/1")
    page = can_tho.get("/admin/models/can-tho-ban-sao/versions/1")
    assert "flash-error" in page.get_data(as_text=True) and "notes.txt" in _text(page)
    assert can_tho.get("/admin/models/can-tho-ban-sao/versions/2").status_code == 404


def test_a_file_is_downloaded_as_an_attachment(can_tho):
    """Does the download link give the file's exact content as an attachment?"""
    response = can_tho.get("/admin/models/can-tho-ban-sao/versions/1/files/award_chain.bpmn")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.get_data(as_text=True) == HCM_BPMN
    missing = can_tho.get("/admin/models/can-tho-ban-sao/versions/1/files/nope.bpmn")
    assert missing.status_code == 404


def _save_from_modeler(pages, key: str, number: int, xml: str):
    token = pages.token(f"/admin/models/{key}/versions/{number}/modeler")
    return pages.client.post(
        f"/admin/models/{key}/versions/{number}/modeler?file=award_chain.bpmn",
        data=xml.encode(),
        headers={"X-CSRFToken": token, "Content-Type": "application/xml"},
        environ_base=pages._env(),
    )


def test_the_unchanged_model_saved_through_the_modeler_route_has_no_problems(can_tho):
    """Does posting the unmodified HCMC BPMN to the modeler's save route give a new draft
    whose page lists no problems?"""
    response = _save_from_modeler(can_tho, "can-tho-ban-sao", 1, HCM_BPMN)
    assert response.status_code == 201, _text(response)
    assert response.json == {
        "version": 2,
        "url": "/admin/models/can-tho-ban-sao/versions/2",
    }
    page = can_tho.get(response.json["url"])
    assert 'id="no-problems"' in page.get_data(as_text=True)


def test_the_modeler_save_route_needs_the_csrf_token(can_tho):
    """Is a save without the CSRF header refused, creating nothing?"""
    response = can_tho.client.post(
        "/admin/models/can-tho-ban-sao/versions/1/modeler?file=award_chain.bpmn",
        data=HCM_BPMN.encode(),
        headers={"Content-Type": "application/xml"},
    )
    assert response.status_code == 400
    assert can_tho.get("/admin/models/can-tho-ban-sao/versions/2").status_code == 404


def test_the_modeler_page_offers_lanes_forms_and_the_element_asked_for(can_tho):
    """Does the modeler page load the version's BPMN with the roles, forms and ?element?"""
    page = can_tho.get("/admin/models/can-tho-ban-sao/versions/1/modeler?element=sector_council")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-element="sector_council"' in html
    assert (
        "sector_council.schema.json" in html
        and "sector_council.uischema.json"
        not in (html[html.index('id="task-form"') :].split("</select>")[0])
    )
    assert "so_noi_vu" in html[html.index('id="lane-role"') :].split("</select>")[0]
    assert "bpmn-modeler" in html and 'id="save-model"' in html
    xml = can_tho.get(re.search(r'data-xml-url="([^"]+)"', html).group(1))
    assert xml.get_data(as_text=True) == HCM_BPMN


def test_a_chain_handing_a_dossier_down_is_refused_then_the_fix_is_published(can_tho):
    """When sector_council is moved to the UBND lane, is publishing refused naming it; once it
    sits in Sở Nội vụ's lane, does publishing make it the version new dossiers start on?"""
    key = "can-tho-ban-sao"
    _upload(can_tho, key, {"award_chain.bpmn": _with_sector_council_in("lane_ubnd")})
    refused = can_tho.post(
        f"/admin/models/{key}/versions/2/publish", token_from=f"/admin/models/{key}/versions/2"
    )
    assert refused.status_code == 409
    box = _text(refused).split("Không thể phát hành phiên bản 2")[1]
    assert "sector_council" in box
    assert (
        f"/admin/models/{key}/versions/2/modeler?file=award_chain.bpmn&amp;element=sector_council"
        in (refused.get_data(as_text=True))
    )
    _upload(can_tho, key, {"award_chain.bpmn": _with_sector_council_in("lane_so_noi_vu")}, 2)
    published = can_tho.post(
        f"/admin/models/{key}/versions/3/publish", token_from=f"/admin/models/{key}/versions/3"
    )
    assert published.status_code == 302
    page = can_tho.get(f"/admin/models/{key}/versions/3")
    assert "Đã phát hành phiên bản 3" in _text(page)
    assert "chạy theo phiên bản này" in _text(page)
    assert "Hồ sơ mới chạy theo phiên bản 3" in _text(can_tho.get(f"/admin/models/{key}"))


def test_two_versions_compared(can_tho):
    """Does comparing v1 with a draft that moved a task to another lane name both lanes and
    the moved task as changed (who acts on it changed), and nothing added or removed?"""
    key = "can-tho-ban-sao"
    _upload(can_tho, key, {"award_chain.bpmn": _with_sector_council_in("lane_so_noi_vu")})
    model_page = can_tho.get(f"/admin/models/{key}").get_data(as_text=True)
    assert f'action="/admin/models/{key}/compare"' in model_page
    page = can_tho.get(f"/admin/models/{key}/compare?from=1&to=2")
    html = page.get_data(as_text=True)
    lanes = html[html.index('data-kind="lanes"') :].split("</tr>")[0]
    changed = lanes[lanes.index('class="diff-changed"') :]
    assert "lane_so_gddt" in changed and "lane_so_noi_vu" in changed
    tasks = html[html.index('data-kind="tasks"') :].split("</tr>")[0]
    changed_tasks = tasks[tasks.index('class="diff-changed"') :]
    assert re.findall(r"<code>(\w+)</code>", tasks) == ["sector_council"]
    assert "sector_council" in changed_tasks
    assert can_tho.get(f"/admin/models/{key}/compare?from=1&to=9").status_code == 404


def test_an_english_admin_reads_problems_and_refusals_in_english(can_tho):
    """Does an administrator who chose English read a draft's problems, the publish refusal
    listing them, a refused clone and a refused upload in English, with no Vietnamese left?"""
    key = "can-tho-ban-sao"
    can_tho.post("/language", {"locale": "en", "next": "/"})
    _upload(can_tho, key, {"award_chain.bpmn": _with_sector_council_in("lane_ubnd")})
    page = _text(can_tho.get(f"/admin/models/{key}/versions/2"))
    assert "hands the dossier down to the step" in page
    assert "chuyển hồ sơ xuống" not in page
    refused = can_tho.post(
        f"/admin/models/{key}/versions/2/publish", token_from=f"/admin/models/{key}/versions/2"
    )
    assert refused.status_code == 409
    assert "hands the dossier down to the step" in _text(refused)
    assert "chuyển hồ sơ xuống" not in _text(refused)
    taken = _clone(can_tho, new_key="hcm-award-chain")
    assert taken.status_code == 409
    assert "The process code &#39;hcm-award-chain&#39; already exists." in _text(taken)
    assert "đã tồn tại" not in _text(taken)
    _upload(can_tho, key, {"notes.txt": "hello"}, back=2)
    page = _text(can_tho.get(f"/admin/models/{key}/versions/2"))
    assert "Some files cannot be read. notes.txt: The file name must end with .bpmn" in page
    assert "Có tệp không đọc được" not in page and "Tên tệp phải" not in page
