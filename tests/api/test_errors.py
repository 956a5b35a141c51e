"""The 4xx answers of the contract: each refusal is clear and changes nothing."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED


@pytest.mark.rule("D1", "D2", "D3")
def test_missing_documents_are_named(api):
    """Does submitting without the minutes and report answer 422 naming each missing kind?"""
    dossier = api.gen_dossier(documents=("to-trinh",))
    response = api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    assert response.status_code == 422
    missing = response.json["error"]["details"]["missing_documents"]
    assert set(missing) == {"bien-ban", "bao-cao-thanh-tich"}
    assert api.dossier(dossier["id"])["status"] == "draft"


@pytest.mark.rule("D4")
def test_initiative_claim_needs_its_confirmation(api):
    """When an initiative is claimed, is the authority's confirmation (D4) required too?"""
    dossier = api.gen_dossier(claims_initiative=True)
    response = api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    assert response.status_code == 422
    assert list(response.json["error"]["details"]["missing_documents"]) == ["xac-nhan-sang-kien"]
    assert api.attach(dossier["id"], "xac-nhan-sang-kien").status_code == 201
    assert api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit").status_code == 200


@pytest.mark.rule("X1")
def test_second_live_dossier_for_the_round_is_refused(api):
    """X1: can the same nominee have two live dossiers in one round? (409) And in another? (yes)"""
    nominee = api.gen_nominee()
    api.gen_dossier(nominee=nominee, round_="so-ket-2025")
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "bang-khen-ubnd"}
    response = api.post("/dossiers", "hcm-unit", json=body)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "duplicate_dossier"
    other_round = api.post("/dossiers", "hcm-unit", json={**body, "round": "annual-2026"})
    assert other_round.status_code == 201


@pytest.mark.rule("X1")
def test_withdrawn_dossier_frees_the_round(api):
    """After a unit withdraws its dossier, can it nominate the same person again in that round?"""
    nominee = api.gen_nominee()
    first = api.gen_dossier(nominee=nominee)
    assert (
        api.post(
            f"/dossiers/{first['id']}/withdraw", "hcm-unit", json={"reason": "Nhầm hình thức"}
        ).status_code
        == 200
    )
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "bang-khen-ubnd"}
    assert api.post("/dossiers", "hcm-unit", json=body).status_code == 201


@pytest.mark.rule("X3")
def test_unit_cannot_nominate_another_units_nominee(api):
    """X3: can a unit open a dossier for a nominee managed by another unit? (403)"""
    nominee = api.gen_nominee(user="hcm-unit2", unit="hcm-phuong-sai-gon")
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "bang-khen-ubnd"}
    assert api.post("/dossiers", "hcm-unit", json=body).status_code == 403


@pytest.mark.rule("X3")
def test_unit_cannot_register_nominee_in_another_unit(api):
    """X3: can a unit register a nominee under a unit it does not belong to? (403)"""
    body = {"kind": "individual", "name": "Trần Thị B", "unit": "hcm-phuong-sai-gon"}
    assert api.post("/nominees", "hcm-unit", json=body).status_code == 403


@pytest.mark.rule("C8")
def test_labour_order_only_for_collectives_at_final_review(api):
    """C8: is a Huân chương Lao động for an individual, or outside tong-ket-2030, refused?"""
    person = api.gen_nominee()
    body = {
        "nominee_id": person["id"],
        "round": "tong-ket-2030",
        "award_form": "huan-chuong-lao-dong",
        "labour_order_class": 3,
    }
    refused = api.post("/dossiers", "hcm-unit", json=body)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "not_eligible"
    school = api.gen_nominee(kind="collective", name="Trường THPT Lê Quý Đôn")
    ok = api.post("/dossiers", "hcm-unit", json={**body, "nominee_id": school["id"]})
    assert ok.status_code == 201


@pytest.mark.rule("E1")
def test_award_form_the_model_does_not_route_is_refused_at_creation(api):
    """Is a ministry Bằng khen in HCMC (whose tables neither route nor allow it) refused when
    the dossier is created (422 not_eligible), never left as a draft to fail at submit?"""
    before = len(api.get("/dossiers?status=draft&limit=200", "hcm-unit").json["items"])
    nominee = api.gen_nominee()
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "bang-khen-bo"}
    response = api.post("/dossiers", "hcm-unit", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "not_eligible"
    after = len(api.get("/dossiers?status=draft&limit=200", "hcm-unit").json["items"])
    assert after == before


def test_invalid_form_data_names_each_field(api):
    """Does a council form with missing and impossible values answer 422 per field, with the
    task still open?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    bad = {"members_total": 5, "members_present": 7, "votes_for": 9, "meeting_date": "20/4/2025"}
    response = api.complete_open(dossier["id"], bad)
    assert response.status_code == 422
    fields = response.json["error"]["details"]["fields"]
    assert {"meeting_date", "members_present", "votes_for"} <= set(fields)
    assert api.open_task(dossier["id"])["name"] == "unit_council"


@pytest.mark.rule("X4")
def test_return_without_reason_is_invalid(api):
    """Must a reviewer give a reason to return or reject?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    response = api.complete_open(dossier["id"], {"decision": "return"})
    assert response.status_code == 422
    assert "reason" in response.json["error"]["details"]["fields"]


def test_completed_task_cannot_be_completed_again(api):
    """Does completing an already completed task answer 409 saying who completed it?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    task = api.open_task(dossier["id"])
    path = f"/tasks/{task['id']}/complete"
    assert api.post(path, "hcm-unit", json={"data": COUNCIL_PASSED}).status_code == 200
    again = api.post(path, "hcm-unit", json={"data": COUNCIL_PASSED})
    assert again.status_code == 409
    assert again.json["error"]["details"]["completed_by"]


def test_wrong_role_cannot_complete(api):
    """Can Sở Nội vụ complete a task that belongs to Sở GDĐT? (403)"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    response = api.complete_open(dossier["id"], APPROVE, user="hcm-snv")
    assert response.status_code == 403


def test_other_jurisdiction_sees_nothing(api):
    """Is a HCMC dossier invisible (404) to Đồng Nai's administrator?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.get(f"/dossiers/{dossier['id']}", "dong-nai-admin").status_code == 404
    task_id = api.open_task(dossier["id"])["id"]
    assert api.get(f"/tasks/{task_id}", "dong-nai-admin").status_code == 404


def test_draft_is_private_to_its_unit(api):
    """Can a Sở GDĐT reviewer read a draft before the unit submits it? (404)"""
    dossier = api.gen_dossier()
    assert api.get(f"/dossiers/{dossier['id']}", "hcm-sgd").status_code == 404
    assert api.get(f"/dossiers/{dossier['id']}", "hcm-unit").status_code == 200


def test_unknown_ids_are_404_in_the_contract_shape(api):
    """Do unknown dossiers, tasks and nominees answer 404 with {error: {code, message}}?"""
    for path in ("/dossiers/999999", "/tasks/999999", "/nominees/999999"):
        response = api.get(path, "hcm-admin")
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"
        assert response.json["error"]["message"]


def test_signed_out_and_bad_tokens_are_401(client):
    """Is every call without a valid token refused with 401?"""
    assert client.get("/api/v1/tasks").status_code == 401
    bad = client.get("/api/v1/tasks", headers={"Authorization": "Bearer forged.token"})
    assert bad.status_code == 401
    login = client.post("/api/v1/tokens", json={"username": "hcm-unit", "password": "wrong"})
    assert login.status_code == 401
    assert "mật khẩu" in login.json["error"]["message"]


def test_malformed_body_is_400_and_invalid_fields_422(api):
    """Is non-JSON a 400, and a JSON body with wrong fields a 422 naming them?"""
    raw = api.post("/nominees", "hcm-unit", data="{not json", content_type="application/json")
    assert raw.status_code == 400
    bad = api.post("/nominees", "hcm-unit", json={"kind": "alien", "unit": "x"})
    assert bad.status_code == 422
    assert {"kind", "name"} <= set(bad.json["error"]["details"]["fields"])


def test_oversized_upload_is_413_and_leaves_no_file(api, app, stored_files):
    """Is a document over the size limit refused with 413, with nothing left on disk?"""
    app.config["MAX_CONTENT_LENGTH"] = 1024
    dossier = api.gen_dossier(documents=())
    response = api.attach(dossier["id"], "to-trinh", content=b"x" * 4096)
    assert response.status_code == 413
    assert stored_files() == []
    assert api.dossier(dossier["id"])["documents"] == []


def test_upload_is_stored_under_a_generated_name(api, stored_files):
    """Is an uploaded file stored under a generated name, never the user's path, with its
    checksum?"""
    dossier = api.gen_dossier(documents=())
    response = api.attach(dossier["id"], "to-trinh", content=b"%PDF evil")
    assert response.status_code == 201
    evil = api.post(
        f"/dossiers/{dossier['id']}/documents",
        "hcm-unit",
        data={
            "kind": "to-trinh",
            "file": (__import__("io").BytesIO(b"%PDF x"), "../../etc/passwd.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert evil.status_code == 201
    assert evil.json["filename"] == "passwd.pdf"
    stored = stored_files()
    assert len(stored) == 2 and all(len(name) == 32 for name in stored)
    assert response.json["sha256"] == __import__("hashlib").sha256(b"%PDF evil").hexdigest()


def test_openapi_document_lists_the_contract(client):
    """Is the OpenAPI document served, listing each call of the contract?"""
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in (
        "/tokens",
        "/nominees",
        "/dossiers/{id}/submit",
        "/tasks/{id}/complete",
        "/dossiers/{id}/history",
        "/holds",
        "/holds/{id}/clear",
        "/quotas",
    ):
        assert path in spec["paths"], path
    assert "DossierOut" in spec["components"]["schemas"]
