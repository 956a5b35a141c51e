"""E2 through the API: an individual's sex and citizen id, a collective's staff and women,
one nominee per citizen id in a jurisdiction, and finding a person by citizen id."""

from __future__ import annotations

import pytest

CITIZEN_ID = "079203001234"
OTHER_UNIT = {"user": "hcm-unit2", "unit": "hcm-phuong-sai-gon"}


@pytest.mark.rule("E2")
def test_an_individual_carries_sex_and_citizen_id(api):
    """Does an individual registered with sex and citizen id show them, and may a unit leave
    them out (rows from before E2 have none)?"""
    person = api.gen_nominee(sex="female", citizen_id=CITIZEN_ID)
    shown = api.get(f"/nominees/{person['id']}", "hcm-unit").json
    assert (shown["sex"], shown["citizen_id"]) == ("female", CITIZEN_ID)
    assert (shown["staff_total"], shown["women_total"]) == (None, None)
    bare = api.gen_nominee()
    assert (bare["sex"], bare["citizen_id"]) == (None, None)


@pytest.mark.rule("E2")
def test_a_collective_carries_its_staff_and_women(api):
    """Does a collective keep its staff total and the women among them (S3's tie-break)?"""
    school = api.gen_nominee(kind="collective", staff_total=120, women_total=85)
    assert (school["staff_total"], school["women_total"]) == (120, 85)
    assert (school["sex"], school["citizen_id"]) == (None, None)


@pytest.mark.rule("E2", "X1")
def test_a_second_unit_nominating_the_same_person_is_told_who_was_first(api):
    """E2: when another unit of HCMC registers a citizen id already registered, is it 409
    `duplicate_nominee` naming the first record (id, name, unit), with nothing created?"""
    first = api.gen_nominee(name="Trần Thị Lan", citizen_id=CITIZEN_ID)
    body = {"kind": "individual", "name": "Tran Thi Lan", "citizen_id": CITIZEN_ID}
    refused = api.post("/nominees", OTHER_UNIT["user"], json={**body, "unit": OTHER_UNIT["unit"]})
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "duplicate_nominee"
    assert error["details"]["nominee"] == {
        "id": first["id"],
        "name": "Trần Thị Lan",
        "unit": "hcm-thpt-le-quy-don",
    }
    assert "Trần Thị Lan" in error["message"] and "Lê Quý Đôn" in error["message"]
    found = api.get(f"/nominees?citizen_id={CITIZEN_ID}", "hcm-sgd").json["items"]
    assert [n["id"] for n in found] == [first["id"]]


@pytest.mark.rule("E2")
def test_the_same_unit_registering_the_person_twice_is_refused_too(api):
    """E2: one record per person, whoever registers it: the same unit is refused as well."""
    api.gen_nominee(citizen_id=CITIZEN_ID)
    body = {"kind": "individual", "name": "X", "unit": "hcm-thpt-le-quy-don"}
    again = api.post("/nominees", "hcm-unit", json={**body, "citizen_id": f" {CITIZEN_ID} "})
    assert again.status_code == 409


@pytest.mark.rule("E2")
def test_the_same_citizen_id_in_another_jurisdiction_is_another_record(api):
    """E2: uniqueness is per jurisdiction: may Đồng Nai register a person HCMC registered?"""
    api.gen_nominee(citizen_id=CITIZEN_ID)
    there = api.gen_nominee(
        user="dong-nai-unit", unit="dong-nai-thpt-ngo-quyen", citizen_id=CITIZEN_ID
    )
    assert there["jurisdiction"] == "dong-nai"


@pytest.mark.rule("E2")
def test_find_a_person_by_citizen_id_within_what_the_caller_may_see(api):
    """GET /nominees?citizen_id=: does the registering unit and a reviewer of the jurisdiction
    find the person, while another unit (which may not see the record) finds nothing?"""
    person = api.gen_nominee(citizen_id=CITIZEN_ID)
    for user in ("hcm-unit", "hcm-sgd", "hcm-admin"):
        items = api.get(f"/nominees?citizen_id={CITIZEN_ID}", user).json["items"]
        assert [n["id"] for n in items] == [person["id"]], user
    assert api.get(f"/nominees?citizen_id={CITIZEN_ID}", "hcm-unit2").json["items"] == []
    assert api.get(f"/nominees?citizen_id={CITIZEN_ID}", "dong-nai-unit").json["items"] == []
    assert api.get("/nominees?citizen_id=000000000000", "hcm-sgd").json == {
        "items": [],
        "next_cursor": None,
    }


@pytest.mark.rule("E2")
@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"citizen_id": "12345"}, "citizen_id", "12 chữ số"),
        ({"citizen_id": "0792030012345"}, "citizen_id", "12 chữ số"),
        ({"citizen_id": "07920300123a"}, "citizen_id", "12 chữ số"),
        ({"sex": "other"}, "sex", "female, male"),
        ({"staff_total": 10}, "staff_total", "tập thể"),
    ],
)
def test_invalid_identity_of_an_individual_names_the_field(api, fields, field, text):
    """Is a citizen id that is not 12 digits, an unknown sex, or a collective's count on an
    individual refused with 422, the field named with what is wrong?"""
    body = {"kind": "individual", "name": "Lê Văn C", "unit": "hcm-thpt-le-quy-don", **fields}
    response = api.post("/nominees", "hcm-unit", json=body)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "invalid_nominee"
    assert text in error["details"][field]


@pytest.mark.rule("E2")
def test_women_over_staff_and_individual_fields_on_a_collective_are_refused(api):
    """Is a collective with more women than staff, or with a citizen id, refused (422)?"""
    body = {"kind": "collective", "name": "Trường A", "unit": "hcm-thpt-le-quy-don"}
    over = api.post("/nominees", "hcm-unit", json={**body, "staff_total": 40, "women_total": 41})
    assert over.status_code == 422
    assert list(over.json["error"]["details"]) == ["women_total"]
    assert "40" in over.json["error"]["details"]["women_total"]
    with_id = api.post("/nominees", "hcm-unit", json={**body, "citizen_id": CITIZEN_ID})
    assert with_id.status_code == 422
    assert "cá nhân" in with_id.json["error"]["details"]["citizen_id"]
    negative = api.post("/nominees", "hcm-unit", json={**body, "staff_total": -1})
    assert negative.status_code == 422
    assert "staff_total" in negative.json["error"]["details"]["fields"]


@pytest.mark.rule("E2")
def test_identity_refusals_are_in_english_for_an_english_caller(api):
    """Does a caller asking in English get the duplicate and the field problem in English?"""
    api.gen_nominee(name="Trần Thị Lan", citizen_id=CITIZEN_ID)
    body = {"kind": "individual", "name": "T", "unit": "hcm-phuong-sai-gon"}
    english, vietnamese = api.in_both_languages(
        "POST", "/nominees", "hcm-unit2", json={**body, "citizen_id": CITIZEN_ID}
    )
    assert english.status_code == vietnamese.status_code == 409
    assert "already registered" in english.json["error"]["message"]
    assert "đã được đăng ký" in vietnamese.json["error"]["message"]
    english, _ = api.in_both_languages(
        "POST", "/nominees", "hcm-unit2", json={**body, "citizen_id": "1"}
    )
    assert "12 digits" in english.json["error"]["details"]["citizen_id"]
