"""schemathesis over every operation of the OpenAPI document, as three roles: whatever a client
sends, the API never answers 5xx, and every answer's status, content type and body are the ones
the document promises (issue 16). Each operation and role is one test on the rolled-back
database of tests/conftest.py (SQLite, and PostgreSQL when configured). The examples per
operation are bounded by WORKFLOW_TEST_FUZZ_EXAMPLES (default 5; CI may ask for more); the
generation is derandomized, so a run is repeatable."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from workflow_app.api.openapi import build_spec

EXAMPLES = int(os.environ.get("WORKFLOW_TEST_FUZZ_EXAMPLES", "5"))
ROLES = ("hcm-unit", "hcm-sgd", "hcm-admin")  # a unit, a reviewer, an administrator
CHECKS = [
    not_a_server_error,
    status_code_conformance,  # every status sent is documented for the operation
    content_type_conformance,
    response_schema_conformance,  # success bodies and ErrorOut bodies match their schemas
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)

DOCUMENT = json.loads(json.dumps(build_spec()))  # as served: JSON, not Python objects
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def test_the_fuzzed_document_is_the_served_one(client):
    """Clients read /api/v1/openapi.json: fuzzing any other document would prove nothing."""
    assert client.get("/api/v1/openapi.json").json == DOCUMENT


def test_every_operation_is_fuzzed():
    """An operation the loader cannot read would silently go untested."""
    assert len(OPERATIONS) == sum(
        method != "parameters" for item in DOCUMENT["paths"].values() for method in item
    )


class Seeds:
    """Real path parameters, made in the test's transaction: random ids only reach 404s, real
    ones reach the services and their success bodies."""

    def __init__(self, api):
        self.api = api

    def admin_get(self, path: str):
        response = self.api.get(path, "hcm-admin")
        assert response.status_code == 200, response.json
        return response.json

    def dossiers(self) -> list[dict]:
        """A draft (uploads, submit) and a submitted dossier (tasks, holds, history)."""
        return [self.api.gen_dossier(), self.api.gen_submitted()]

    def hold(self, nominee_id: int) -> int:
        body = {"nominee_id": nominee_id, "kind": "complaint", "reference": "Đơn 1"}
        response = self.api.post("/holds", "hcm-snv", json=body)
        assert response.status_code == 201, response.json
        return response.json["id"]

    def holiday(self) -> int:
        day = {"jurisdiction": "hcm", "day": "2025-08-29", "name": "Nghỉ bù"}
        response = self.api.post("/holidays", "hcm-admin", json=day)
        assert response.status_code == 201, response.json
        return response.json["id"]

    def posting(self) -> dict:
        """P1-P2: a posted Huân chương candidate with one comment received."""
        from tests.api.test_postings import labour_order

        posting = self.api.open_posting([labour_order(self.api)]).json
        body = {"author": "Người dân", "channel": "email", "text": "Góp ý"}
        comment = self.api.post(f"/postings/{posting['id']}/comments", "hcm-snv", json=body)
        assert comment.status_code == 201, comment.json
        return {"id": posting["id"], "cid": comment.json["id"]}

    def model_versions(self) -> list[dict]:
        """HCMC's own chain, a template it may only read, and a draft clone it may change."""
        models = self.admin_get("/process-models")["items"]
        own = [m for m in models if m["jurisdiction"] == "hcm"][:1]
        template = [m for m in models if m["template"] and m["jurisdiction"] != "hcm"][:1]
        body = {"new_key": "hcm-fuzz-draft", "jurisdiction": "hcm"}
        draft = self.api.post(f"/process-models/{own[0]['key']}/clone", "hcm-admin", json=body)
        assert draft.status_code == 201, draft.json
        return [
            {"key": m["key"], "n": v["version"]} for m in own + template for v in m["versions"]
        ] + [{"key": "hcm-fuzz-draft", "n": 1}]

    def for_path(self, path: str) -> list[dict]:
        """Path parameters naming things that exist, for `path` (none when it has none)."""
        if "{" not in path:
            return []
        if path.startswith(("/dossiers/{id}", "/nominees/{id}", "/tasks/{id}", "/holds/{id}")):
            return self.for_dossier_path(path)
        if path.startswith("/process-models/{key}"):
            return self.for_model_path(path)
        if path.startswith("/holidays/{id}"):
            return [{"id": self.holiday()}]
        if path.startswith("/hold-kinds/{key}"):
            return [{"key": kind["key"]} for kind in self.admin_get("/hold-kinds")["items"]]
        if path.startswith("/users/{username}/grants/{id}"):
            grants = self.admin_get("/users/hcm-unit")["grants"]
            return [{"username": "hcm-unit", "id": grant["id"]} for grant in grants]
        if path.startswith("/users/{username}"):
            return [{"username": name} for name in ROLES]
        if path.startswith("/postings/{id}"):
            return [self.posting()]
        return []  # not seeded yet: generated ids only, which mostly reach 404s

    def for_dossier_path(self, path: str) -> list[dict]:
        dossiers = self.dossiers()
        if path.startswith("/dossiers/{id}/documents/"):
            return [
                {"id": d["id"], "document_id": f["id"]} for d in dossiers for f in d["documents"]
            ]
        if path.startswith("/dossiers/{id}"):
            return [{"id": d["id"]} for d in dossiers]
        if path.startswith("/nominees/{id}"):
            return [{"id": d["nominee"]["id"]} for d in dossiers]
        if path.startswith("/tasks/{id}"):
            return [
                {"id": t["id"]} for d in dossiers for t in self.api.dossier(d["id"])["open_tasks"]
            ]
        return [{"id": self.hold(d["nominee"]["id"])} for d in dossiers]

    def for_model_path(self, path: str) -> list[dict]:
        versions = self.model_versions()
        if path.endswith("/files/{name}"):
            return [
                {**v, "name": f["name"]}
                for v in versions[:1]
                for f in self.admin_get(f"/process-models/{v['key']}/versions/{v['n']}")["files"]
            ]
        if "{n}" in path:
            return versions
        return [{"key": key} for key in dict.fromkeys(v["key"] for v in versions)]


def _cases(operation, token: str, known: list[dict]):
    """Generated cases in both modes; with real path parameters half of the time."""
    headers = {"Authorization": f"Bearer {token}"}
    strategies = [operation.as_strategy(mode, headers=headers) for mode in MODES]
    if known:
        strategies += [
            st.sampled_from(known).flatmap(
                lambda params, mode=mode: operation.as_strategy(
                    mode, headers=headers, path_parameters=params
                )
            )
            for mode in MODES
        ]
    return st.one_of(strategies)


@pytest.mark.parametrize("user", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_keeps_its_documented_promises(operation, user, app, api):
    cases = _cases(operation, api.token(user), Seeds(api).for_path(operation.path))

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def call(case):
        case.validate_response(case.call(app=app), checks=CHECKS)

    call()
