"""Award decisions and their papers (K1, K2) through the JSON API: the register, the Quyết
định (.docx) and its list (.xlsx) opened with their own readers, the Tờ trình, templates."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.api.test_chain import FULL_CHAIN, walk
from workflow_app.services.rule_sets import rule_set_key_on

DECISION = {
    "level": "ubnd",
    "award_form": "bang-khen-ubnd",
    "number": 123,
    "symbol": "QĐ-UBND",
    "signed_on": "2025-05-05",
    "signer_name": "Phan Văn Mãi",
    "signer_title": "Chủ tịch",
}


def approved_by_ubnd(api, names=("Nguyễn Thị Hồng Nhung", "Trường THPT Lê Quý Đôn")):
    """Two Bằng khen UBND dossiers (an individual, a collective) walked to UBND's approval."""
    ids = []
    for name, kind in zip(names, ("individual", "collective"), strict=False):
        nominee = api.gen_nominee(name=name, kind=kind)
        dossier = api.gen_submitted("bang-khen-ubnd", nominee=nominee)
        walk(api, dossier["id"], FULL_CHAIN[:5])
        ids.append(dossier["id"])
    return ids


def record(api, dossier_ids, user="hcm-ubnd", **changes):
    return api.post("/decisions", user, json={**DECISION, "dossier_ids": dossier_ids, **changes})


def all_text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.rule("K1", "K2")
def test_ubnd_records_a_decision_and_downloads_its_papers(api):
    """Does UBND's decision 123/QĐ-UBND list both awardees with their money, in a Word file
    and a spreadsheet that open with their own readers?"""
    ids = approved_by_ubnd(api)
    created = record(api, ids)
    assert created.status_code == 201, created.json
    decision_id = created.json["id"]

    detail = api.get(f"/decisions/{decision_id}", "hcm-ubnd").json
    assert detail["reference"] == "123/QĐ-UBND"
    assert detail["authority"] == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert detail["base_salary"] == 2_340_000
    assert [a["amount"] for a in detail["awardees"]] == [2_340_000, 4_680_000]
    assert detail["total_amount"] == 7_020_000

    word = api.get(f"/decisions/{decision_id}/document.docx", "hcm-ubnd")
    assert word.status_code == 200
    assert word.mimetype.endswith("wordprocessingml.document")
    assert zipfile.ZipFile(io.BytesIO(word.data)).testzip() is None
    text = all_text(Document(io.BytesIO(word.data)))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 123/QĐ-UBND",
        "Thành phố Hồ Chí Minh, ngày 05 tháng 05 năm 2025",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Nghị định số 98/2023/NĐ-CP",
        "Nguyễn Thị Hồng Nhung",
        "Trường THPT Lê Quý Đôn",
        "1 cá nhân và 1 tập thể",
        "2.340.000",
        "4.680.000",
        "7.020.000",
        "PHAN VĂN MÃI".title(),
        "CHỦ TỊCH",
    ):
        assert expected in text, expected

    sheet = api.get(f"/decisions/{decision_id}/list.xlsx", "hcm-ubnd")
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.data))
    rows = book.active
    assert rows.freeze_panes == "A5"
    assert rows["B4"].value == "Họ và tên / Tên tập thể"
    assert "123/QĐ-UBND" in rows["A2"].value
    assert [rows["B5"].value, rows["B6"].value] == [
        "Nguyễn Thị Hồng Nhung",
        "Trường THPT Lê Quý Đôn",
    ]
    assert [rows["G5"].value, rows["G6"].value, rows["G7"].value] == [
        2_340_000,
        4_680_000,
        7_020_000,
    ]
    assert rows["G5"].number_format == "#,##0"


@pytest.mark.rule("K1")
def test_the_register_and_the_dossier_and_nominee_show_the_decision(api):
    """After recording, does the register count its awardees, and do the dossier and the
    nominee's past awards name the decision?"""
    ids = approved_by_ubnd(api)
    decision_id = record(api, ids).json["id"]
    register = api.get("/decisions?round=so-ket-2025", "hcm-auditor").json["items"]
    row = next(r for r in register if r["id"] == decision_id)
    assert (row["awardee_count"], row["total_amount"]) == (2, 7_020_000)
    assert api.get("/decisions?q=Hồng Nhung", "hcm-ubnd").json["items"][0]["id"] == decision_id
    assert api.get("/decisions?round=annual-2025", "hcm-ubnd").json["items"] == []
    on_dossier = api.get(f"/dossiers/{ids[0]}/decisions", "hcm-unit").json["items"]
    assert on_dossier[0]["reference"] == "123/QĐ-UBND"
    nominee_id = api.dossier(ids[0])["nominee"]["id"]
    awards = api.get(f"/nominees/{nominee_id}/awards", "hcm-unit").json["items"]
    assert [(a["reference"], a["amount"]) for a in awards] == [("123/QĐ-UBND", 2_340_000)]
    history = api.get(f"/dossiers/{ids[0]}/history", "hcm-admin").json["events"]
    assert history[-1]["type"] == "decision_recorded"


@pytest.mark.rule("K1")
def test_a_decision_refuses_what_it_may_not_list(api):
    """Is a dossier not yet approved, one approved by another level, one already decided, or a
    number used twice in a year refused, with nothing recorded?"""
    ids = approved_by_ubnd(api)
    pending = api.gen_submitted("bang-khen-ubnd")
    refused = record(api, [ids[0], pending["id"]])
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "decision_not_approved")
    assert f"HS-{pending['id']}" in refused.json["error"]["message"]
    other = record(api, ids, level="so_gddt", user="hcm-sgd")
    assert (other.status_code, other.json["error"]["code"]) == (409, "decision_other_level")
    not_mine = record(api, ids, user="hcm-sgd")
    assert not_mine.status_code == 403
    assert record(api, [ids[0]]).status_code == 201
    again = record(api, [ids[0]], number=124)
    assert (again.status_code, again.json["error"]["code"]) == (409, "decision_already_listed")
    taken = record(api, [ids[1]])
    assert (taken.status_code, taken.json["error"]["code"]) == (409, "decision_number_taken")
    bad = record(api, [ids[1]], number=125, symbol="QĐ/UBND", signed_on="2030-01-01")
    assert bad.status_code == 422
    assert set(bad.json["error"]["details"]) == {"symbol", "signed_on"}
    assert api.get(f"/dossiers/{ids[1]}/decisions", "hcm-ubnd").json["items"] == []


def test_other_jurisdictions_do_not_see_the_register(api):
    """Does Đồng Nai's administrator see nothing of HCMC's decisions (404 for one)?"""
    decision_id = record(api, approved_by_ubnd(api)).json["id"]
    assert api.get("/decisions", "dong-nai-admin").json["items"] == []
    assert api.get(f"/decisions/{decision_id}", "dong-nai-admin").status_code == 404
    assert api.get(f"/decisions/{decision_id}/document.docx", "dong-nai-admin").status_code == 404


@pytest.mark.rule("K2")
def test_the_unit_attaches_its_generated_to_trinh_as_d1(api):
    """Can a unit download the Tờ trình of its draft and attach it as the D1 document in one
    call, and does the dossier then need only the other papers?"""
    nominee = api.gen_nominee(name="Trần Thị Ánh Tuyết")
    dossier = api.gen_dossier("bang-khen-ubnd", nominee=nominee, documents=())
    paper = api.get(f"/dossiers/{dossier['id']}/to-trinh.docx", "hcm-unit")
    assert paper.status_code == 200
    text = all_text(Document(io.BytesIO(paper.data)))
    assert "TỜ TRÌNH" in text and "Trần Thị Ánh Tuyết" in text
    assert "Kính gửi: Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh." in text
    attached = api.post(f"/dossiers/{dossier['id']}/to-trinh", "hcm-unit")
    assert attached.status_code == 201, attached.json
    assert attached.json["kind"] == "to-trinh"
    kinds = [d["kind"] for d in api.dossier(dossier["id"])["documents"]]
    assert kinds == ["to-trinh"]
    assert api.post(f"/dossiers/{dossier['id']}/to-trinh", "hcm-sgd").status_code in (403, 404)


def _template_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(api, content: bytes, kind="quyet-dinh", user="hcm-admin", name="mau.docx"):
    data = {"kind": kind, "file": (io.BytesIO(content), name)}
    return api.post(
        "/jurisdictions/hcm/paper-templates", user, data=data, content_type="multipart/form-data"
    )


@pytest.mark.rule("K2")
def test_an_administrators_template_is_checked_then_used(api):
    """Is a template naming an unknown placeholder or no Word file refused with the
    placeholder named, and is a good one used for the next Quyết định?"""
    unknown = _upload(api, _template_with("Số {{ reference }} {{ so_hieu_la }}"))
    assert unknown.status_code == 422
    assert unknown.json["error"]["code"] == "template_unknown_placeholder"
    assert "so_hieu_la" in unknown.json["error"]["message"]
    broken = _upload(api, b"PK\x03\x04 not really a docx")
    assert (broken.status_code, broken.json["error"]["code"]) == (422, "template_broken")
    syntax = _upload(api, _template_with("{{ reference "))
    assert (syntax.status_code, syntax.json["error"]["code"]) == (422, "template_syntax")
    assert _upload(api, _template_with("x"), user="hcm-ubnd").status_code == 403

    own = "QĐ riêng số {{ reference }}{% for a in awardees %}; {{ a.name }}{% endfor %}"
    assert _upload(api, _template_with(own)).status_code == 201
    listed = api.get("/jurisdictions/hcm/paper-templates", "hcm-admin").json["items"]
    assert {i["kind"]: i["bundled"] for i in listed}["quyet-dinh"] is False
    decision_id = record(api, approved_by_ubnd(api)).json["id"]
    word = api.get(f"/decisions/{decision_id}/document.docx", "hcm-ubnd")
    text = all_text(Document(io.BytesIO(word.data)))
    assert text.strip() == (
        "QĐ riêng số 123/QĐ-UBND; Nguyễn Thị Hồng Nhung; Trường THPT Lê Quý Đôn"
    )


@pytest.mark.rule("K2")
def test_a_template_that_fails_on_the_data_is_a_409_not_a_crash(api):
    """Does a template that passed its check but loops over a number answer 409 naming the
    template as the cause?"""
    assert (
        _upload(api, _template_with("{% for x in count %}{{ x }}{% endfor %}")).status_code == 201
    )
    decision_id = record(api, approved_by_ubnd(api)).json["id"]
    answer = api.get(f"/decisions/{decision_id}/document.docx", "hcm-ubnd")
    assert (answer.status_code, answer.json["error"]["code"]) == (409, "template_failed")


@pytest.mark.rule("K1")
def test_award_money_follows_the_table_and_base_salary_in_force(api):
    """When an administrator raises the individual coefficient and sets a new base salary from
    1 May 2025, does a decision signed that day use both, while the history keeps the change,
    and a reviewer may not edit?"""
    change = {
        "rule_set": "nd-98-2023",
        "award_form": "bang-khen-ubnd",
        "nominee_kind": "individual",
        "coefficient": 1.5,
    }
    assert api.call("PUT", "/award-money/coefficients", "hcm-ubnd", json=change).status_code == 403
    local = api.call("PUT", "/award-money/coefficients", "hcm-admin", json=change)
    assert local.status_code == 403  # K1: national law, not a province's setting
    assert local.json["error"]["code"] == "award_money_national_admins_only"
    national = api.call("PUT", "/award-money/coefficients", "national-admin", json=change)
    assert national.status_code == 200
    salary = {"effective_from": "2025-05-01", "amount": 2_500_000}
    table = api.call("PUT", "/award-money/base-salaries", "national-admin", json=salary).json
    assert {"effective_from": "2025-05-01", "amount": 2_500_000} in table["base_salaries"]
    assert table["history"][0]["after"] == {"amount": 2_500_000}
    assert any(h["after"] == {"coefficient": "1.50"} for h in table["history"])
    decision_id = record(api, approved_by_ubnd(api)).json["id"]
    detail = api.get(f"/decisions/{decision_id}", "hcm-ubnd").json
    assert detail["base_salary"] == 2_500_000
    assert [a["amount"] for a in detail["awardees"]] == [3_750_000, 5_000_000]


@pytest.mark.rule("K2", "S5")
def test_certificate_and_sitting_minutes_as_word(api):
    """Does each awardee get a certificate naming them and the decision, and does a sitting's
    minutes (Biên bản họp xét) list each candidate with votes and result?"""
    from tests.api.test_selections import proposed, sitting

    ids = approved_by_ubnd(api)
    decision_id = record(api, ids).json["id"]
    paper = api.get(f"/decisions/{decision_id}/certificates/{ids[0]}.docx", "hcm-ubnd")
    text = all_text(Document(io.BytesIO(paper.data)))
    assert "Nguyễn Thị Hồng Nhung" in text and "123/QĐ-UBND" in text
    assert "BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN" in text
    assert (
        api.get(f"/decisions/{decision_id}/certificates/999999.docx", "hcm-ubnd").status_code == 404
    )

    low, high = proposed(api, 2)
    held = sitting(api, {low: 9, high: 14}, members_total=15, members_present=14)
    assert held.status_code == 201, held.json
    minutes = api.get(f"/selections/{held.json['id']}/minutes.docx", "hcm-sgd")
    assert minutes.status_code == 200
    text = all_text(Document(io.BytesIO(minutes.data)))
    assert "BIÊN BẢN" in text and "tổng số 15 thành viên, có mặt 14" in text
    assert "Được chọn" in text and "93,3%" in text


@pytest.mark.rule("K1", "R1")
def test_a_decisions_money_follows_the_rule_set_in_force_on_its_date(db):
    """R1, K1: is a decision signed on 30 June 2025 paid by Decree 98's table and one signed
    on 1 July 2025 by Decree 152's, as the rule-set table (not a constant) says?"""
    with db.unit_of_work() as session:
        assert rule_set_key_on(session, date(2025, 6, 30)) == "nd-98-2023"
        assert rule_set_key_on(session, date(2025, 7, 1)) == "nd-152-2025"
