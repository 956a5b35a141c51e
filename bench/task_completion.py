"""Completing one task through the API versus the raw SpiffWorkflow step it performs (SQLite).

The transition measured is Sở GDĐT's appraisal approving a dossier (`so_gddt_appraisal` ->
`sector_council`). "API" is POST /api/v1/tasks/{id}/complete through the whole WSGI stack
(Flask test client, token auth, JSON Schema validation, one SQLite transaction with the
projection and history). "Raw step" is the same completion on an in-memory BpmnWorkflow
(data update, run, engine steps). "Raw step with SpiffWorkflow's serializer" is the same
transition for a stored workflow done the library's own way (`deserialize_json`, complete,
`serialize_json`, spec included, as spiff-example-cli does). "Raw step with our load and
save" is the app's engine step (`WorkflowEngine.complete` on the stored state): restored
around the cached spec, completed, saved, with its ready tasks and state hash.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from workflow_app.config import PROJECT_ROOT
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.serializer import SERIALIZER
from workflow_app.engine.specs import parse_model
from workflow_app.services.process_models import read_bundle

from .seeded import seeded_app

SAMPLES = 300
CLOCK = datetime(2025, 5, 5, 8, 0)  # inside the so-ket-2025 round (T2: before 1 July 2025)
COUNCIL = {"meeting_date": "2025-04-20", "members_total": 9, "members_present": 9, "votes_for": 9}
APPROVE = {"decision": "approve", "reason": ""}
START = {"award_form": "bang-khen-ubnd", "round": "so-ket-2025", "nominee_kind": "individual"}


def _ms(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
    }


def _api_client(tmp: Path):
    return seeded_app(f"sqlite:///{tmp / 'bench.db'}", tmp / "up", CLOCK).test_client()


class _Caller:
    def __init__(self, client):
        self.client, self.tokens = client, {}

    def __call__(self, method, path, user, **kwargs):
        if user not in self.tokens:
            login = {"username": user, "password": "bench"}
            self.tokens[user] = self.client.post("/api/v1/tokens", json=login).json["token"]
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        response = self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)
        assert response.status_code < 300, response.json
        return response.json


def _dossier_at_appraisal(call) -> int:
    """A submitted dossier whose open task is Sở GDĐT's appraisal; returns that task's id."""
    import io

    nominee = call(
        "POST",
        "/nominees",
        "hcm-unit",
        json={"kind": "individual", "name": "Nguyễn Văn A", "unit": "hcm-thpt-le-quy-don"},
    )
    dossier = call(
        "POST",
        "/dossiers",
        "hcm-unit",
        json={"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "bang-khen-ubnd"},
    )
    for kind in ("to-trinh", "bien-ban", "bao-cao-thanh-tich"):
        call(
            "POST",
            f"/dossiers/{dossier['id']}/documents",
            "hcm-unit",
            data={"kind": kind, "file": (io.BytesIO(b"%PDF"), "a.pdf")},
            content_type="multipart/form-data",
        )
    submitted = call("POST", f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    call(
        "POST",
        f"/tasks/{submitted['open_tasks'][0]['id']}/complete",
        "hcm-unit",
        json={"data": COUNCIL},
    )
    return call("GET", f"/dossiers/{dossier['id']}", "hcm-sgd")["open_tasks"][0]["id"]


def measure_api(samples: int = SAMPLES) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        call = _Caller(_api_client(Path(tmp)))
        task_ids = [_dossier_at_appraisal(call) for _ in range(samples)]
        timings = []
        for task_id in task_ids:
            began = time.perf_counter()
            call("POST", f"/tasks/{task_id}/complete", "hcm-sgd", json={"data": APPROVE})
            timings.append(time.perf_counter() - began)
        return _ms(timings)


def _workflows_at_appraisal(engine, model, samples) -> list[BpmnWorkflow]:
    workflows = []
    for _ in range(samples):
        step = engine.start(model, START, save=False)
        [council] = step.ready_tasks
        step = engine.complete(model, step.workflow, council.spiff_id, COUNCIL, save=False)
        workflows.append(step.workflow)
    return workflows


def _spiff_step(workflow: BpmnWorkflow, task_id: str) -> None:
    """The bare library step: data update, run, engine steps."""
    task = workflow.get_task_from_id(UUID(task_id))
    task.data.update(APPROVE)
    task.run()
    workflow.do_engine_steps()


def _library_round_trip(workflow, task_id: str) -> None:
    """The stock persisted transition: restore with the spec, complete, serialize again."""
    stored = SERIALIZER.serialize_json(workflow)
    began = time.perf_counter()
    again = SERIALIZER.deserialize_json(stored)
    again.script_engine = workflow.script_engine
    _spiff_step(again, task_id)
    SERIALIZER.serialize_json(again)
    return time.perf_counter() - began


def measure_raw(samples: int = SAMPLES) -> tuple[dict, dict, dict]:
    bundle = read_bundle(Path(PROJECT_ROOT), "hcm")
    engine, model = WorkflowEngine(), parse_model(bundle.files, bundle.process_id)
    step, with_io, library = [], [], []
    for workflow in _workflows_at_appraisal(engine, model, samples):
        state = engine.dump(workflow)
        [task] = engine.ready_tasks(model, workflow)
        library.append(_library_round_trip(workflow, task.spiff_id))
        began = time.perf_counter()
        _spiff_step(workflow, task.spiff_id)
        step.append(time.perf_counter() - began)
        began = time.perf_counter()
        engine.complete(model, state, task.spiff_id, APPROVE)
        with_io.append(time.perf_counter() - began)
    return _ms(step), _ms(with_io), _ms(library)


def run() -> str:
    """Measure and return the Markdown section for docs/benchmarks.md."""
    raw, raw_io, library = measure_raw()
    api = measure_api()
    ratio = api["median_ms"] / raw["median_ms"]
    ratio_io = api["median_ms"] / raw_io["median_ms"]
    ratio_library = api["median_ms"] / library["median_ms"]
    return "\n".join(
        [
            "## Completing a task: API versus raw SpiffWorkflow (SQLite)",
            "",
            __doc__.strip(),
            "",
            f"{SAMPLES} completions each; times per completion.",
            "",
            "| what | median (ms) | p95 (ms) |",
            "|---|---|---|",
            f"| raw step (in memory) | {raw['median_ms']:.2f} | {raw['p95_ms']:.2f} |",
            f"| raw step with SpiffWorkflow's serializer | {library['median_ms']:.2f} "
            f"| {library['p95_ms']:.2f} |",
            f"| raw step with our load and save | {raw_io['median_ms']:.2f} "
            f"| {raw_io['p95_ms']:.2f} |",
            f"| API completion | {api['median_ms']:.2f} | {api['p95_ms']:.2f} |",
            "",
            f"API / raw step with SpiffWorkflow's serializer: **{ratio_library:.1f}x** "
            "(target: at most 3x). "
            f"API / raw step with our load and save: **{ratio_io:.1f}x**. "
            f"API / in-memory raw step: **{ratio:.1f}x**.",
            "",
        ]
    )
