"""The dry-run API (issue 4): POST /process-models/{key}/versions/{n}/dry-run and
GET /dry-run-samples."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import walk_to
from workflow_app.persistence.models import (
    Dossier,
    HistoryEvent,
    HumanTask,
    Nominee,
    QuotaCap,
    QuotaSlot,
)

HCM = "/process-models/hcm-award-chain"


def hcm_version(api) -> int:
    models = api.get("/process-models", "hcm-admin").json["items"]
    versions = next(m for m in models if m["key"] == "hcm-award-chain")["versions"]
    return next(v["version"] for v in versions if v["status"] == "published")


def dry_run(api, body: dict | None = None, user: str = "hcm-admin", number: int | None = None):
    number = number or hcm_version(api)
    return api.post(f"{HCM}/versions/{number}/dry-run", user, json=body or {})


def stored_rows(db) -> dict:
    with db.unit_of_work() as session:
        tables = (Dossier, Nominee, HistoryEvent, HumanTask, QuotaSlot)
        rows = {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in tables
        }
        rows["quota_used"] = session.scalar(select(func.coalesce(func.sum(QuotaCap.used), 0)))
        return rows


def test_dry_run_answers_each_samples_path_and_where_it_stopped(api):
    """Does the answer name the version and, per sample, its path (task, title, lane,
    decision), where it stopped and the status it would have?"""
    response = dry_run(api, {"samples": ["bang-khen-thu-tuong", "giay-khen-so"]})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["version"]["key"] == "hcm-award-chain"
    assert body["version"]["status"] == "published"
    first, second = body["runs"]
    assert first["sample"] == "bang-khen-thu-tuong"
    assert first["label"]
    assert [s["task"] for s in first["path"]] == [
        "unit_council",
        "so_gddt_appraisal",
        "sector_council",
        "so_noi_vu_appraisal",
        "ubnd_decision",
        "central_appraisal",
        "central_decision",
    ]
    step = first["path"][1]
    assert {"task", "title", "lane", "decision", "status", "data", "notes"} <= set(step)
    assert (step["lane"], step["decision"]) == ("so_gddt", "approve")
    assert first["stopped"]["kind"] == "completed"
    assert first["stopped"]["outcome"] == "approved"
    assert first["status"] == "approved"
    assert second["path"][-1]["task"] == "sector_council"


def test_without_a_choice_every_bundled_sample_runs(api):
    """With an empty body, does the dry run try every bundled sample?"""
    names = [s["name"] for s in api.get("/dry-run-samples", "hcm-admin").json["items"]]
    response = dry_run(api)
    assert [run["sample"] for run in response.json["runs"]] == names


def test_decisions_override_per_task_and_per_occurrence(api):
    """Do `decisions` replace the samples' scripts: a return then an approval at Sở GDĐT, a
    rejection at UBND?"""
    body = {
        "samples": ["bang-khen-thu-tuong"],
        "decisions": {"so_gddt_appraisal": ["return", "approve"], "ubnd_decision": "reject"},
    }
    run = dry_run(api, body).json["runs"][0]
    decided = [(s["task"], s["decision"]) for s in run["path"] if s["decision"]]
    assert decided == [
        ("so_gddt_appraisal", "return"),
        ("so_gddt_appraisal", "approve"),
        ("sector_council", "approve"),
        ("so_noi_vu_appraisal", "approve"),
        ("ubnd_decision", "reject"),
    ]
    assert run["status"] == "rejected"


def test_a_dry_run_leaves_nothing_behind_and_real_dossiers_still_replay(api, db):
    """After dry runs, are the stored rows and quota counters unchanged, and does a real
    dossier in flight still replay and verify?"""
    real = api.gen_submitted("bang-khen-thu-tuong", round_="so-ket-2025")
    walk_to(api, real["id"])
    before = stored_rows(db)
    for _ in range(2):
        assert dry_run(api, {"samples": ["bang-khen-thu-tuong-so-ket"]}).status_code == 200
    assert stored_rows(db) == before
    replay = api.post(f"/dossiers/{real['id']}/replay", "hcm-auditor")
    assert replay.json["verified"] is True
    assert api.complete_open(real["id"], {"decision": "approve"}).status_code == 200


def test_a_chosen_dossier_runs_with_its_own_facts(api):
    """Is an existing dossier's award form and round used for its throw-away copy?"""
    real = api.gen_submitted("giay-khen-so", round_="annual-2025")
    run = dry_run(api, {"dossier_ids": [real["id"]]}).json["runs"][0]
    assert (run["sample"], run["dossier_id"]) == (f"HS-{real['id']}", real["id"])
    assert (run["award_form"], run["round"]) == ("giay-khen-so", "annual-2025")
    assert run["stopped"]["outcome"] == "approved"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"samples": ["no-such-sample"]}, "samples"),
        ({"decisions": {"so_gddt_appraisal": "maybe"}}, "decisions"),
        ({"dossier_ids": ["x"]}, "fields"),
    ],
)
def test_bad_requests_are_422_naming_the_field(api, body, field):
    """Is an unknown sample, a decision that is not one of approve/return/reject, or a
    dossier id that is not a number refused with 422?"""
    response = dry_run(api, body)
    assert response.status_code == 422
    assert field in response.json["error"]["details"]


@pytest.mark.parametrize(
    ("user", "path", "status"),
    [
        ("dong-nai-admin", None, 403),
        ("hcm-sgd", None, 403),
        ("hcm-unit", None, 403),
        ("hcm-admin", "/process-models/no-such-model/versions/1/dry-run", 404),
        ("hcm-admin", f"{HCM}/versions/999/dry-run", 404),
    ],
)
def test_who_may_dry_run(api, user, path, status):
    """Are another jurisdiction's admin and the chain's reviewers refused (403), and unknown
    models and versions not found (404)?"""
    path = path or f"{HCM}/versions/{hcm_version(api)}/dry-run"
    response = api.post(path, user, json={"samples": ["giay-khen-so"]})
    assert response.status_code == status


def test_dry_run_needs_a_signed_in_user(client):
    """Is an anonymous dry run refused with 401?"""
    response = client.post(f"/api/v1{HCM}/versions/1/dry-run", json={})
    assert response.status_code == 401


def test_samples_are_listed(api):
    """Does GET /dry-run-samples list the bundled samples with their scripts?"""
    items = api.get("/dry-run-samples", "hcm-admin").json["items"]
    by_name = {item["name"]: item for item in items}
    assert by_name["bang-khen-ubnd-tra-lai"]["decisions"] == {
        "so_gddt_appraisal": ["return", "approve"]
    }
    assert by_name["giay-khen-so"]["award_form"] == "giay-khen-so"
    assert all(item["label"] for item in items)


def test_both_operations_are_in_the_openapi_document(client):
    """Are the dry run and the sample list documented, with their schemas?"""
    document = client.get("/api/v1/openapi.json").json
    dry_run_op = document["paths"]["/process-models/{key}/versions/{n}/dry-run"]["post"]
    assert "requestBody" in dry_run_op
    assert {"200", "403", "404", "422"} <= set(dry_run_op["responses"])
    assert "get" in document["paths"]["/dry-run-samples"]
    assert "DryRunResultOut" in str(dry_run_op["responses"]["200"])
