"""Input the databases cannot hold (found by tests/api/test_openapi_fuzz.py): an id beyond an
INTEGER column or a NUL character is refused like any other bad input, never a 500 (on
PostgreSQL both used to fail inside the query)."""

from __future__ import annotations

import io

import pytest

BEYOND_INTEGER = 2**31  # ids are INTEGER columns: 32-bit on PostgreSQL


def _get_in_english(api, path: str, user: str):
    headers = {"Authorization": f"Bearer {api.token(user)}", "Accept-Language": "en"}
    return api.client.get(f"/api/v1{path}", headers=headers)


@pytest.mark.parametrize(
    "path",
    [
        f"/dossiers/{BEYOND_INTEGER}",
        f"/nominees/{BEYOND_INTEGER}",
        f"/tasks/{BEYOND_INTEGER}",
        f"/dossiers/1/documents/{2**64}",
    ],
)
def test_an_id_beyond_the_database_in_a_path_is_not_found(api, path):
    response = api.get(path, "hcm-admin")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_an_id_beyond_the_database_in_a_field_is_a_field_problem(api):
    """Is a nominee id no INTEGER holds a problem with that field, worded in the caller's
    language?"""
    english = _get_in_english(api, f"/holds?nominee_id={BEYOND_INTEGER}", "hcm-snv")
    assert english.status_code == 422
    assert english.json["error"]["code"] == "invalid"
    assert english.json["error"]["details"]["fields"]["nominee_id"] == [
        "More than the maximum of 2147483647."
    ]
    body = {"nominee_id": BEYOND_INTEGER, "round": "so-ket-2025", "award_form": "giay-khen-so"}
    vietnamese = api.post("/dossiers", "hcm-unit", json=body)
    assert vietnamese.status_code == 422
    assert vietnamese.json["error"]["details"]["fields"]["nominee_id"] == [
        "Giá trị lớn hơn mức tối đa 2147483647."
    ]


def test_a_quota_cap_beyond_the_database_is_a_field_problem(api):
    body = {"round": "so-ket-2025", "award_form": "bang-khen-bo", "level": "ubnd", "cap": 2**31}
    response = api.call("PUT", "/quotas", "hcm-admin", json=body)
    assert response.status_code == 422
    assert list(response.json["error"]["details"]["fields"]) == ["cap"]


def test_a_nul_character_in_a_query_or_a_body_is_a_field_problem(api):
    query = _get_in_english(api, "/hold-kinds?jurisdiction=%00", "hcm-admin")
    assert query.status_code == 422
    assert query.json["error"]["details"]["fields"] == {"jurisdiction": ["Invalid value."]}
    nominee = {"kind": "individual", "name": "Nguyễn\x00Văn", "unit": "hcm-thpt-le-quy-don"}
    body = api.post("/nominees", "hcm-unit", json=nominee)
    assert body.status_code == 422
    assert body.json["error"]["details"]["fields"] == {"name": ["Giá trị không hợp lệ."]}


def test_a_nul_character_in_a_path_names_nothing(api):
    assert api.get("/users/hcm%00unit", "hcm-admin").status_code == 404


def test_an_uploaded_file_name_is_kept_without_control_characters(api):
    dossier = api.gen_dossier(documents=())
    data = {"kind": "to-trinh", "file": (io.BytesIO(b"%PDF-1.4"), "to\x00trinh.pdf", "x\x00/y")}
    response = api.post(
        f"/dossiers/{dossier['id']}/documents",
        "hcm-unit",
        data=data,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    assert response.json["filename"] == "totrinh.pdf"
    assert response.json["content_type"] == "x/y"


def test_a_model_file_holding_nul_is_not_text(api):
    models = api.get("/process-models", "hcm-admin").json["items"]
    key = next(m["key"] for m in models if m["jurisdiction"] == "hcm")
    files = {"files": (io.BytesIO(b'{"title": "a\x00b"}'), "unit_council.schema.json")}
    response = api.post(
        f"/process-models/{key}/versions",
        "hcm-admin",
        data=files,
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert response.json["error"]["details"] == {
        "unit_council.schema.json": "Tệp không phải văn bản UTF-8."
    }
