"""Editing a version's form and decision-table files on the admin pages: the JSON editor with
its preview, the DMN tables, who may save, and the new draft each save creates."""

from __future__ import annotations

import json
import re

from tests.factories import APPROVE, walk_to
from workflow_app.config import PROJECT_ROOT
from workflow_app.services.decision_tables import read_tables

HCM = "hcm-award-chain"
BASE = f"/admin/models/{HCM}/versions/1/files"
FORM = "unit_council.schema.json"
UI_FORM = "unit_council.uischema.json"
ROUTE = "award_route.dmn"
SCHEMA = (PROJECT_ROOT / "forms" / "hcm" / FORM).read_text(encoding="utf-8")


def edit_path(name: str, number: int = 1, key: str = HCM) -> str:
    return f"/admin/models/{key}/versions/{number}/files/{name}/edit"


def versions(api, key: str = HCM) -> list[dict]:
    items = api.get("/process-models", "hcm-admin").json["items"]
    return next(m for m in items if m["key"] == key)["versions"]


def file_text(api, number: int, name: str, key: str = HCM) -> str:
    response = api.get(f"/process-models/{key}/versions/{number}/files/{name}", "hcm-admin")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def preview(pages, name: str, content: str):
    token = pages.token(edit_path(name))
    return pages.client.post(
        f"{BASE}/{name}/preview",
        data={"content": content},
        headers={"X-CSRFToken": token},
        environ_base=pages._env(),
    )


def test_form_page_shows_json_and_the_rendered_form(pages):
    """Does the form editor show the file's JSON and, beside it, the form's fields?"""
    pages.login("hcm-admin")
    html = pages.get(edit_path(FORM)).get_data(as_text=True)
    assert 'id="form-json"' in html and 'id="form-preview"' in html
    assert "&#34;votes_for&#34;" in html or "&quot;votes_for&quot;" in html
    assert 'name="votes_for"' in html  # the preview draws the field as the task page does
    assert 'id="save-file"' in html


def test_admin_saves_an_edited_form_as_new_draft(pages, api):
    """Does saving a changed field title create a draft with that file changed, and leave
    version 1 as it was?"""
    pages.login("hcm-admin")
    edited = SCHEMA.replace('"title": "Ngày họp"', '"title": "Ngày họp Hội đồng"')
    response = pages.post(edit_path(FORM), {"content": edited}, token_from=edit_path(FORM))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/models/{HCM}/versions/2")
    assert [v["status"] for v in versions(api)] == ["published", "draft"]
    assert json.loads(file_text(api, 2, FORM))["properties"]["meeting_date"]["title"] == (
        "Ngày họp Hội đồng"
    )
    assert file_text(api, 1, FORM) == SCHEMA
    body = api.get(f"/process-models/{HCM}/versions/2", "hcm-admin").json
    assert body["problems"] == []


def test_invalid_json_is_refused_and_the_text_kept(pages, api):
    """Is broken JSON refused with the line and column, the typed text shown again, and no
    draft saved?"""
    pages.login("hcm-admin")
    broken = SCHEMA.replace('"type": "object",', '"type": "object"', 1)
    response = pages.post(edit_path(FORM), {"content": broken}, token_from=edit_path(FORM))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"JSON không hợp lệ ở dòng \d+, cột \d+", html)
    assert "Ngày họp" in html and 'id="form-json"' in html
    assert len(versions(api)) == 1


def test_form_that_is_no_json_schema_is_saved_with_its_problem(pages, api):
    """Is valid JSON that is not a valid JSON Schema saved as a draft, with the admin told
    the draft has a problem to fix before publishing?"""
    pages.login("hcm-admin")
    bad = SCHEMA.replace('"type": "integer"', '"type": "whole-number"', 1)
    response = pages.post(
        edit_path(FORM), {"content": bad}, token_from=edit_path(FORM), follow_redirects=True
    )
    assert "còn 1 lỗi cần sửa trước khi phát hành" in response.get_data(as_text=True)
    problems = api.get(f"/process-models/{HCM}/versions/2", "hcm-admin").json["problems"]
    assert any(FORM in p["message"] for p in problems)


def test_preview_renders_a_title_and_reports_errors(pages):
    """Does the preview draw a field's new title, and say why a schema or JSON is wrong?"""
    pages.login("hcm-admin")
    edited = SCHEMA.replace('"title": "Số phiếu đồng ý"', '"title": "Phiếu tán thành"')
    drawn = preview(pages, FORM, edited)
    assert drawn.status_code == 200
    assert "Phiếu tán thành" in drawn.get_data(as_text=True)
    bad_schema = preview(pages, FORM, '{"type": "object", "properties": {"x": {"type": "nope"}}}')
    assert bad_schema.status_code == 422
    assert "không phải JSON Schema hợp lệ" in bad_schema.get_data(as_text=True)
    bad_json = preview(pages, FORM, '{"type": ')
    assert bad_json.status_code == 422
    assert "dòng 1, cột" in bad_json.get_data(as_text=True)


def test_a_form_nested_too_deep_is_refused_by_the_editor_not_a_crash(pages):
    """Issue 16: is a form nested 500 (or 100,000) levels deep a 422 naming the limit in the
    preview, and is saving it refused the same way, instead of a server error?"""
    pages.login("hcm-admin")
    for depth in (500, 100_000):
        deep = '{"properties": {"x": ' * depth + "{}" + "}}" * depth
        refused = preview(pages, FORM, deep)
        assert refused.status_code == 422
        assert "lồng nhau quá 32 cấp" in refused.get_data(as_text=True)
    saved = pages.post(edit_path(FORM), {"content": deep}, token_from=edit_path(FORM))
    assert saved.status_code == 422
    assert "lồng nhau quá 32 cấp" in saved.get_data(as_text=True)


def test_ui_schema_is_previewed_with_its_form(pages):
    """Does editing a UI schema preview its form's fields, in the UI schema's order?"""
    pages.login("hcm-admin")
    ui = json.loads((PROJECT_ROOT / "forms" / "hcm" / UI_FORM).read_text(encoding="utf-8"))
    ui["ui:order"] = ["note", *[n for n in ui["ui:order"] if n != "note"]]
    html = preview(pages, UI_FORM, json.dumps(ui)).get_data(as_text=True)
    assert html.index('name="note"') < html.index('name="meeting_date"')


def test_other_jurisdictions_admin_reads_but_may_not_save(pages, api):
    """May Đồng Nai's administrator read HCMC's template forms (read-only, no save button)
    but not save them (403), and is a reviewer refused the pages?"""
    pages.login("dong-nai-admin")
    page = pages.get(edit_path(FORM))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="save-file"' not in html and "readonly" in html
    refused = pages.post(edit_path(FORM), {"content": SCHEMA}, token_from=edit_path(FORM))
    assert refused.status_code == 403
    refused_dmn = pages.post(edit_path(ROUTE), {"action": "save"}, token_from=edit_path(ROUTE))
    assert refused_dmn.status_code == 403
    assert len(versions(api)) == 1
    pages.login("hcm-sgd")
    assert pages.get(edit_path(FORM)).status_code == 403
    assert pages.get(edit_path(ROUTE)).status_code == 403


def test_unknown_file_is_not_found_and_bpmn_opens_the_modeler(pages):
    """Is an unknown file a 404, and does a BPMN file open in the modeler?"""
    pages.login("hcm-admin")
    assert pages.get(edit_path("nothing.schema.json")).status_code == 404
    response = pages.get(edit_path("award_chain.bpmn"))
    assert response.status_code == 302
    assert "/modeler" in response.headers["Location"]
    assert "file=award_chain.bpmn" in response.headers["Location"]


def table_form(html: str) -> dict:
    """The DMN editor's inputs as a browser would post them."""
    fields = {}
    for tag in re.finditer(r"<(input|textarea)\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag.group(0))
        if not name or name.group(1) == "csrf_token":
            continue
        if tag.group(1) == "textarea":
            end = html.index("</textarea>", tag.end())
            value = html[tag.end() : end]
        else:
            found = re.search(r'value="([^"]*)"', tag.group(0))
            value = found.group(1) if found else ""
        fields[name.group(1)] = value.replace("&#34;", '"').replace("&quot;", '"')
    return fields


def test_table_page_shows_columns_and_rules(pages):
    """Does the decision-table page show the hit policy, the columns and a row per rule?"""
    pages.login("hcm-admin")
    html = pages.get(edit_path(ROUTE)).get_data(as_text=True)
    assert "UNIQUE" in html and "Hình thức khen thưởng" in html and "last_level" in html
    assert html.count("<tr data-rule=") == 4
    assert table_form(html)["t0-r0-in0"] == '"giay-khen-so"'


def test_dmn_edit_changes_cell_adds_and_deletes_rows(pages, api):
    """Does changing a cell, adding a row and deleting a row on the table page give a new
    draft with exactly those changes?"""
    pages.login("hcm-admin")
    path = edit_path(ROUTE)
    fields = table_form(pages.get(path).get_data(as_text=True))
    fields["t0-r1-out0"] = '"central"'  # Bằng khen UBND now goes on to the centre
    added = pages.post(path, {**fields, "action": "add:0"}, token_from=path)
    assert added.status_code == 200
    fields = table_form(added.get_data(as_text=True))
    assert fields["t0-rows"] == "5" and fields["t0-r1-out0"] == '"central"'
    fields |= {"t0-r4-in0": '"giay-khen-dac-biet"', "t0-r4-out0": '"so_gddt"'}
    deleted = pages.post(path, {**fields, "action": "delete:0:3"}, token_from=path)
    fields = table_form(deleted.get_data(as_text=True))
    assert fields["t0-rows"] == "4"
    saved = pages.post(path, {**fields, "action": "save"}, token_from=path)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    rules = read_tables(file_text(api, 2, ROUTE))[0].rules
    assert [(r.inputs[0], r.outputs[0]) for r in rules] == [
        ('"giay-khen-so"', '"so_gddt"'),
        ('"bang-khen-ubnd"', '"central"'),
        ('"bang-khen-thu-tuong"', '"central"'),
        ('"giay-khen-dac-biet"', '"so_gddt"'),
    ]
    assert rules[3].id.startswith("DecisionRule_") and rules[0].id == "award_route_giay_khen_so"
    compared = api.get(f"/process-models/{HCM}/compare?from=1&to=2", "hcm-admin").json
    assert compared["dmn_tables"]["changed"] == ["award_route"]


def test_dmn_rows_move_up_and_down(pages):
    """Does moving a row up put it before the one above (the order a FIRST table uses)?"""
    pages.login("hcm-admin")
    path = edit_path("council_threshold.dmn")
    fields = table_form(pages.get(path).get_data(as_text=True))
    moved = pages.post(path, {**fields, "action": "up:0:1"}, token_from=path)
    fields = table_form(moved.get_data(as_text=True))
    assert fields["t0-r0-id"] == "council_threshold_huan_chuong_lao_dong"
    assert fields["t0-r1-id"] == "council_threshold_co_thi_dua_bo"


def test_table_edit_reroutes_new_dossiers(pages, api):
    """After the table is edited so Bằng khen UBND stops at Sở GDĐT and the draft is
    published, does a new Bằng khen UBND dossier finish there instead of going to UBND?"""
    pages.login("hcm-admin")
    path = edit_path(ROUTE)
    fields = table_form(pages.get(path).get_data(as_text=True))
    fields["t0-r1-out0"] = '"so_gddt"'
    assert pages.post(path, {**fields, "action": "save"}, token_from=path).status_code == 302
    published = api.post(f"/process-models/{HCM}/versions/2/publish", "hcm-admin")
    assert published.status_code == 200, published.json
    dossier = api.gen_submitted("bang-khen-ubnd")
    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal"))
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200  # sector council
    final = api.dossier(dossier["id"])
    assert final["status"] == "approved" and final["open_tasks"] == []
