"""Refusals of the reviewers' and units' calls answer in the caller's language: English when
asked (`Accept-Language: en`), Vietnamese otherwise, with the same stable code either way."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED


def _error(response) -> dict:
    return response.json["error"]


@pytest.mark.rule("D1", "D2", "D3")
def test_missing_documents_in_english_and_vietnamese(api):
    """Does a submission lacking documents say so, and name each, in the caller's language?"""
    dossier = api.gen_dossier(documents=("to-trinh",))
    english, vietnamese = api.in_both_languages(
        "POST", f"/dossiers/{dossier['id']}/submit", "hcm-unit"
    )
    assert english.status_code == vietnamese.status_code == 422
    assert _error(english)["code"] == _error(vietnamese)["code"] == "missing_documents"
    assert _error(english)["message"] == "The dossier lacks required documents."
    assert _error(vietnamese)["message"] == "Hồ sơ còn thiếu tài liệu bắt buộc."
    assert _error(english)["details"]["missing_documents"]["bien-ban"] == (
        "Council meeting minutes"
    )
    assert "Biên bản" in _error(vietnamese)["details"]["missing_documents"]["bien-ban"]


@pytest.mark.rule("X1")
def test_duplicate_dossier_in_english_and_vietnamese(api):
    """X1: is a second live dossier for the round refused as `duplicate_dossier` (409), naming
    the round, in the caller's language?"""
    nominee = api.gen_nominee()
    api.gen_dossier("bang-khen-ubnd", nominee=nominee, round_="so-ket-2025")
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "giay-khen-so"}
    english, vietnamese = api.in_both_languages("POST", "/dossiers", "hcm-unit", json=body)
    assert english.status_code == vietnamese.status_code == 409
    assert _error(english)["code"] == _error(vietnamese)["code"] == "duplicate_dossier"
    assert _error(english)["details"] == {"round": "so-ket-2025", "award_form": "bang-khen-ubnd"}
    assert _error(english)["message"].startswith("The nominee already has a live")
    assert _error(vietnamese)["message"].startswith("Đối tượng đã có hồ sơ")
    # The sentence names the round and the award form by their labels, not their keys.
    assert "Interim review 2023-2025" in _error(english)["message"]
    assert "Provincial People's Committee certificate of merit" in _error(english)["message"]
    assert "Sơ kết 2023-2025" in _error(vietnamese)["message"]


@pytest.mark.rule("T1")
def test_round_closed_in_english_and_vietnamese(api, clock):
    """T1: is a submission after the deadline refused as `round_closed` (409), with the round
    and the deadline, in the caller's language?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 6, 2)
    english, vietnamese = api.in_both_languages(
        "POST", f"/dossiers/{dossier['id']}/submit", "hcm-unit"
    )
    assert english.status_code == vietnamese.status_code == 409
    assert _error(english)["code"] == _error(vietnamese)["code"] == "round_closed"
    details = _error(english)["details"]
    # 1 June, 00:00 in Vietnam, as the UTC the API answers in; the messages say it locally.
    assert details["round"] == "annual-2025" and details["deadline"].startswith("2025-05-31T17")
    assert _error(english)["message"].startswith("Round Year 2025 closed at 01/06/2025 00:00")
    assert _error(vietnamese)["message"].startswith("Đợt Năm 2025 đã đóng lúc 01/06/2025 00:00")


@pytest.mark.rule("X2")
def test_hold_refusals_in_english_and_vietnamese(api):
    """X2: is a hold without its supporting document, or cleared twice, refused with its code
    in the caller's language?"""
    nominee = api.gen_nominee()
    body = {"nominee_id": nominee["id"], "kind": "complaint", "reference": "  "}
    english, vietnamese = api.in_both_languages("POST", "/holds", "hcm-snv", json=body)
    assert english.status_code == vietnamese.status_code == 422
    assert _error(english)["code"] == "hold_reference_required"
    assert _error(english)["details"] == {"reference": "Required."}
    assert _error(vietnamese)["details"] == {"reference": "Bắt buộc nhập."}
    assert _error(vietnamese)["message"] == "Cần số, ký hiệu văn bản làm căn cứ."

    hold = api.post("/holds", "hcm-snv", json={**body, "reference": "Đơn 3"}).json
    clear = {"reference": "Kết luận 3"}
    assert api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json=clear).status_code == 200
    english, vietnamese = api.in_both_languages(
        "POST", f"/holds/{hold['id']}/clear", "hcm-snv", json=clear
    )
    assert english.status_code == vietnamese.status_code == 409
    assert _error(english)["code"] == _error(vietnamese)["code"] == "hold_already_cleared"
    assert _error(english)["message"].startswith("The hold has already been cleared by")
    assert _error(vietnamese)["message"].startswith("Vướng mắc đã được")


def test_form_field_problems_in_english_and_vietnamese(api):
    """Does a council form with a missing date and impossible counts answer 422 naming each
    field, in the caller's language?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.open_task(dossier["id"])
    bad = {"data": {"members_total": 5, "members_present": 7, "votes_for": 3}}
    english, vietnamese = api.in_both_languages(
        "POST", f"/tasks/{task['id']}/complete", "hcm-unit", json=bad
    )
    assert english.status_code == vietnamese.status_code == 422
    assert _error(english)["code"] == _error(vietnamese)["code"] == "invalid_form_fields"
    assert _error(english)["message"] == "Some fields of the form are not valid."
    assert _error(vietnamese)["message"] == "Biểu mẫu có trường chưa hợp lệ."
    assert _error(english)["details"]["fields"]["meeting_date"] == "Required."
    assert _error(vietnamese)["details"]["fields"]["meeting_date"] == "Bắt buộc nhập."
    assert set(_error(english)["details"]["fields"]) == {"meeting_date", "members_present"}
    assert api.open_task(dossier["id"])["name"] == "unit_council"


def test_a_schema_limit_names_its_value(api):
    """Is a reason over the form's maximum length refused naming the limit, in English?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    task = api.open_task(dossier["id"])
    too_long = {"data": {**APPROVE, "reason": "x" * 5000}}
    english, _ = api.in_both_languages(
        "POST", f"/tasks/{task['id']}/complete", "hcm-sgd", json=too_long
    )
    assert english.status_code == 422
    assert _error(english)["details"]["fields"]["reason"] == "At most 2000 characters."
