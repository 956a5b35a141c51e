"""Refusals of the administrators' calls (models, users, settings) answer in the caller's
language: English when asked (`Accept-Language: en`), Vietnamese otherwise, with the same
stable code; a version's problems read in that language too."""

from __future__ import annotations

import io

from workflow_app.config import PROJECT_ROOT

HCM = "hcm-award-chain"
BPMN_NAME = "award_chain.bpmn"
HCM_BPMN = (PROJECT_ROOT / "bpmn" / "hcm" / BPMN_NAME).read_text(encoding="utf-8")


def _error(response) -> dict:
    return response.json["error"]


def test_clone_into_another_jurisdiction_is_refused_in_the_callers_language(api):
    """Is cloning HCMC's chain into HCMC by Đồng Nai's admin a 403 that reads in English
    when asked, and in Vietnamese otherwise?"""
    body = {"new_key": "dong-nai-thu", "jurisdiction": "hcm"}
    english, vietnamese = api.in_both_languages(
        "POST", f"/process-models/{HCM}/clone", "dong-nai-admin", json=body
    )
    assert english.status_code == vietnamese.status_code == 403
    assert _error(english)["code"] == _error(vietnamese)["code"] == "clone_outside_jurisdiction"
    assert _error(english)["message"] == (
        "A process can only be copied into a jurisdiction you administer."
    )
    assert _error(vietnamese)["message"] == (
        "Chỉ được sao chép quy trình vào địa phương mình quản trị."
    )


def test_a_taken_user_name_and_a_field_problem_in_english(api):
    """Does a second account with a taken name answer `username_taken` naming it, and a unit
    role without a unit name the field's problem, both in English when asked?"""
    grant = {"role": "so_gddt", "jurisdiction": "hcm"}
    body = {
        "username": "hcm-sgd",
        "display_name": "Trùng tên",
        "password": "một câu mật khẩu dài và lạ 2025",
        "grants": [grant],
    }
    english, vietnamese = api.in_both_languages("POST", "/users", "hcm-admin", json=body)
    assert english.status_code == vietnamese.status_code == 409
    assert _error(english)["code"] == _error(vietnamese)["code"] == "username_taken"
    assert _error(english)["message"] == "The user name 'hcm-sgd' is already taken."
    assert _error(vietnamese)["message"] == "Tên đăng nhập 'hcm-sgd' đã có."
    unit_role = {**body, "username": "hcm-moi", "grants": [{"role": "unit", "jurisdiction": "hcm"}]}
    english, vietnamese = api.in_both_languages("POST", "/users", "hcm-admin", json=unit_role)
    assert english.status_code == vietnamese.status_code == 422
    assert _error(english)["details"]["fields"]["unit"] == "Choose the unit of the Unit role."
    assert _error(vietnamese)["details"]["fields"]["unit"] == "Hãy chọn đơn vị của vai trò Đơn vị."


def test_a_schema_refusal_of_a_user_field_is_in_english(api):
    """Is a user name the request schema refuses explained in English when asked?"""
    body = {"username": "Có Dấu", "display_name": "X", "password": "x" * 12, "grants": []}
    english, vietnamese = api.in_both_languages("POST", "/users", "hcm-admin", json=body)
    assert english.status_code == vietnamese.status_code == 422
    assert _error(english)["details"]["fields"]["username"][0].startswith("A user name has")
    assert _error(vietnamese)["details"]["fields"]["username"][0].startswith("Tên đăng nhập")


def test_a_taken_hold_kind_code_in_english(api):
    """Is a hold kind code used twice refused as `hold_kind_key_taken`, naming the code and
    the field's problem in the caller's language?"""
    kind = {"jurisdiction": "hcm", "key": "hcm-thu-ly", "label": "Đang thụ lý", "rule": "KH 1"}
    assert api.post("/hold-kinds", "hcm-admin", json=kind).status_code == 201
    english, vietnamese = api.in_both_languages("POST", "/hold-kinds", "hcm-admin", json=kind)
    assert english.status_code == vietnamese.status_code == 422
    assert _error(english)["code"] == _error(vietnamese)["code"] == "hold_kind_key_taken"
    assert _error(english)["message"] == "The hold kind code «hcm-thu-ly» is already in use."
    assert _error(english)["details"]["key"] == "Choose another code."
    assert _error(vietnamese)["details"]["key"] == "Chọn mã khác."


def test_a_versions_problems_read_in_the_callers_language(api):
    """Are a broken draft's problems, and the publish refusal listing them, in English when
    asked and in Vietnamese otherwise, with the same codes and places?"""
    broken = HCM_BPMN.replace("<bpmn:flowNodeRef>unit_council</bpmn:flowNodeRef>", "")
    created = api.post(
        f"/process-models/{HCM}/versions",
        "hcm-admin",
        data={"files": [(io.BytesIO(broken.encode()), BPMN_NAME)]},
        content_type="multipart/form-data",
    )
    assert created.status_code == 201, created.json
    path = f"/process-models/{HCM}/versions/{created.json['version']}"
    english, vietnamese = api.in_both_languages("GET", path, "hcm-admin")
    lane = [p for p in english.json["problems"] if p["code"] == "task_without_lane"]
    assert lane and lane[0]["element"] == "unit_council"
    assert lane[0]["message"].startswith("The task '") and "is in no lane" in lane[0]["message"]
    vietnamese_lane = [p for p in vietnamese.json["problems"] if p["code"] == "task_without_lane"]
    assert vietnamese_lane[0]["message"].startswith("Công việc '")
    english, vietnamese = api.in_both_languages("POST", path + "/publish", "hcm-admin")
    assert english.status_code == vietnamese.status_code == 409
    assert _error(english)["message"] == "The version still has problems and cannot be published."
    assert _error(vietnamese)["message"] == "Phiên bản còn lỗi, chưa thể phát hành."
    problems = _error(english)["details"]["problems"]
    assert (
        "is in no lane" in next(p for p in problems if p["code"] == "task_without_lane")["message"]
    )
