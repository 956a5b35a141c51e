"""`flask audit verify` at scale on SQLite: full runs in one and two processes, incremental runs.

What it generates, in a fresh SQLite file (migrated, `seed-demo`, bundled models imported,
clock 5 May 2025): 120 template dossiers driven through the JSON API on the real engine, 20 of
each shape (with its count of task completions): a Giấy khen approved (3); a Bằng khen UBND
returned by Sở Nội vụ and then approved (7); a Bằng khen Thủ tướng approved by every level
(7); one rejected by UBND (5); a Giấy khen held after its council, resumed and approved (3, and
2 hold messages); a Bằng khen UBND waiting at Sở GDĐT (1). Each template is then cloned
with SQLAlchemy Core until there are N dossiers (10,000 by default;
WORKFLOW_BENCH_AUDIT_DOSSIERS=100000 for the issue's target): per clone a nominee row, a
dossier row, its process instance (the template's stored state, pinned to the same version) and its
history (the template's events under the clone's id, every hash recomputed so each chain
holds). A clone's workflow data keeps its template's dossier id; its human tasks, documents
and quota slots are not cloned, since the audit reads none of them.

Measured, each as wall time and as CPU time of the command and its worker processes:
`audit verify --full --jobs 1` and `--full --jobs 2` (every chain, every replay; one SQLite
connection per process, id ranges of 200 dossiers), then an incremental `audit verify`
with nothing moved (every chain checked, no replay), then one after 1,000 dossiers moved
(their checkpoints dropped, which makes the run replay exactly what 1,000 new completions
would). The machine is shared, so the CPU figures are the steadier ones: "per 2 cores" is
dossiers divided by half the CPU seconds, the wall time two free cores would take.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update

from tests.factories import APPROVE, COUNCIL_PASSED, Api, walk_to
from workflow_app.domain.history import GENESIS_HASH, event_hash
from workflow_app.persistence.models import (
    AuditCheckpoint,
    Dossier,
    HistoryEvent,
    Nominee,
    ProcessInstance,
    QuotaCap,
)

from .seeded import seeded_app

TOTAL = int(os.environ.get("WORKFLOW_BENCH_AUDIT_DOSSIERS", "10000"))
MOVED = 1_000
PER_SHAPE = 20
CLOCK = datetime(2025, 5, 5, 8, 0)  # inside annual-2025 (T1: before 1 June 2025)
PASSWORD = "bench"
RETURN = {"decision": "return", "reason": "Bổ sung số liệu"}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}
# E1: a Bằng khen Thủ tướng is proposed only at the reviews, not in an annual round.
ROUNDS = {"bang-khen-thu-tuong": "so-ket-2025"}
FULL = ("unit_council", "so_gddt_appraisal", "sector_council", "so_noi_vu_appraisal")


def _app(tmp: Path):
    app = seeded_app(f"sqlite:///{tmp / 'audit.db'}", tmp / "up", CLOCK)
    with app.extensions["workflow_db"].engine.begin() as connection:  # room for every template
        connection.execute(update(QuotaCap).where(QuotaCap.cap.is_not(None)).values(cap=10**6))
    return app


def _complete(api: Api, dossier_id: int, data: dict) -> None:
    assert api.complete_open(dossier_id, data).status_code == 200
    api.select_waiting(dossier_id)  # S1: a capped level's sitting selects it at once


def _held_and_resumed(api: Api, dossier: dict) -> None:
    walk_to(api, dossier["id"], ("unit_council",))
    hold = {"nominee_id": dossier["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"}
    hold_id = api.post("/holds", "hcm-snv", json=hold).json["id"]
    api.post(f"/holds/{hold_id}/clear", "hcm-snv", json={"reference": "KL 1"})
    walk_to(api, dossier["id"], ("so_gddt_appraisal", "sector_council"))


def _returned_then_approved(api: Api, dossier: dict) -> None:
    walk_to(api, dossier["id"], FULL[:3])
    _complete(api, dossier["id"], RETURN)
    for data in (APPROVE, APPROVE, APPROVE):
        _complete(api, dossier["id"], data)


def _approved_by_all_five(api: Api, dossier: dict) -> None:
    walk_to(api, dossier["id"], FULL)
    while api.dossier(dossier["id"])["open_tasks"]:  # UBND, then the central level's steps
        _complete(api, dossier["id"], APPROVE)


def _rejected_by_ubnd(api: Api, dossier: dict) -> None:
    walk_to(api, dossier["id"], FULL)
    _complete(api, dossier["id"], REJECT)


SHAPES = [
    ("giay-khen-so", lambda api, dossier: walk_to(api, dossier["id"], FULL[:3])),
    ("bang-khen-ubnd", _returned_then_approved),
    ("bang-khen-thu-tuong", _approved_by_all_five),
    ("bang-khen-thu-tuong", _rejected_by_ubnd),
    ("giay-khen-so", _held_and_resumed),
    ("bang-khen-ubnd", lambda api, dossier: _complete(api, dossier["id"], COUNCIL_PASSED)),
]
CLONED = (Nominee, Dossier, ProcessInstance, HistoryEvent)


def generate_templates(app) -> list[int]:
    """The template dossiers, through the API: PER_SHAPE of each shape."""
    api, ids = Api(app.test_client(), PASSWORD), []
    for award_form, drive in SHAPES:
        for _ in range(PER_SHAPE):
            dossier = api.gen_submitted(award_form, round_=ROUNDS.get(award_form, "annual-2025"))
            drive(api, dossier)
            ids.append(dossier["id"])
    return ids


def _rows_by(connection, model, column: str, keys) -> dict[int, list[dict]]:
    table = model.__table__
    rows: dict[int, list[dict]] = {}
    stmt = select(table).where(table.c[column].in_(list(keys))).order_by(table.c.id)
    for row in connection.execute(stmt).mappings():
        rows.setdefault(row[column], []).append(dict(row))
    return rows


def _template_rows(connection, templates: list[int]) -> dict[int, dict]:
    """Per template dossier: its dossier, nominee, instance and event rows."""
    dossiers = _rows_by(connection, Dossier, "id", templates)
    nominee_ids = [rows[0]["nominee_id"] for rows in dossiers.values()]
    nominees = _rows_by(connection, Nominee, "id", nominee_ids)
    instances = _rows_by(connection, ProcessInstance, "dossier_id", templates)
    events = _rows_by(connection, HistoryEvent, "dossier_id", templates)
    return {
        i: {
            Dossier: dossiers[i][0],
            Nominee: nominees[dossiers[i][0]["nominee_id"]][0],
            ProcessInstance: instances[i][0],
            HistoryEvent: events[i],
        }
        for i in templates
    }


def _clone_events(events: list[dict], dossier_id: int, first_id: int) -> list[dict]:
    """The template's history under another dossier id, re-chained."""
    cloned, prev = [], GENESIS_HASH
    for offset, event in enumerate(events):
        row = {**event, "id": first_id + offset, "dossier_id": dossier_id, "prev_hash": prev}
        row["hash"] = prev = event_hash(prev, row)
        cloned.append(row)
    return cloned


def _clone(template: dict, number: int, ids: dict) -> dict:
    """The rows of one clone, with ids taken from `ids` (advanced past them)."""
    nominee = {**template[Nominee], "id": ids[Nominee], "name": f"Bản sao {number}"}
    dossier = {**template[Dossier], "id": ids[Dossier], "nominee_id": nominee["id"]}
    history = _clone_events(template[HistoryEvent], dossier["id"], ids[HistoryEvent])
    dossier["history_head"] = history[-1]["hash"]
    instance = {
        **template[ProcessInstance],
        "id": ids[ProcessInstance],
        "dossier_id": dossier["id"],
    }
    rows = {
        Nominee: [nominee],
        Dossier: [dossier],
        ProcessInstance: [instance],
        HistoryEvent: history,
    }
    for model, made in rows.items():
        ids[model] += len(made)
    return rows


def clone_to(app, templates: list[int], total: int) -> None:
    """Copy the templates' rows with SQLAlchemy Core until `total` dossiers exist."""
    with app.extensions["workflow_db"].engine.begin() as connection:
        rows = _template_rows(connection, templates)
        ids = {m: (connection.scalar(select(func.max(m.__table__.c.id))) or 0) + 1 for m in CLONED}
        pending: dict = {model: [] for model in CLONED}
        for number in range(total - len(templates)):
            for model, made in _clone(
                rows[templates[number % len(templates)]], number, ids
            ).items():
                pending[model].extend(made)
            if len(pending[Dossier]) >= 500:
                _flush(connection, pending)
        _flush(connection, pending)


def _flush(connection, pending: dict) -> None:
    for model in CLONED:  # parents first
        if pending[model]:
            connection.execute(insert(model.__table__), pending[model])
            pending[model].clear()


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (the audit's workers)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(app, *args: str) -> dict:
    """One `audit verify` run: wall and CPU seconds, and how many it replayed."""
    began, cpu = time.perf_counter(), _cpu()
    result = app.test_cli_runner().invoke(args=["audit", "verify", *args])
    wall, cpu = time.perf_counter() - began, _cpu() - cpu
    assert result.exit_code == 0, result.output[-2000:]
    return {"wall": wall, "cpu": cpu, "output": result.output}


def _drop_checkpoints(app, count: int) -> None:
    with app.extensions["workflow_db"].engine.begin() as connection:
        table = AuditCheckpoint.__table__
        moved = select(table.c.dossier_id).order_by(table.c.dossier_id.desc()).limit(count)
        connection.execute(delete(table).where(table.c.dossier_id.in_(moved.scalar_subquery())))


def measure(app) -> dict:
    """The runs above, in order; each must find nothing."""
    found = {
        "full, 1 process": _timed(app, "--full", "--jobs", "1"),
        "full, 2 processes": _timed(app, "--full", "--jobs", "2"),
        "incremental, nothing moved": _timed(app, "--jobs", "2"),
    }
    _drop_checkpoints(app, MOVED)
    found[f"incremental, {MOVED:,} moved"] = _timed(app, "--jobs", "2")
    return found


def _line(what: str, found: dict, total: int) -> str:
    rate, per_two = total / found["wall"], total / (found["cpu"] / 2)
    return (
        f"| {what} | {found['wall']:.1f} | {found['cpu']:.1f} | {rate:,.0f} | **{per_two:,.0f}** |"
    )


def run(total: int = TOTAL) -> str:
    """Generate, measure and return the Markdown section for docs/benchmarks.md."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        began = time.perf_counter()
        templates = generate_templates(app)
        clone_to(app, templates, total)
        generated = time.perf_counter() - began
        found = measure(app)
        app.extensions["workflow_db"].engine.dispose()
    full = total / (found["full, 2 processes"]["cpu"] / 2)
    return "\n".join(
        [
            f"## Audit: `audit verify` over {total:,} dossiers (SQLite)",
            "",
            __doc__.strip(),
            "",
            f"Generated {total:,} dossiers ({len(SHAPES) * PER_SHAPE} through the API) "
            f"in {generated:.0f} s.",
            "",
            "| run | wall s | CPU s | dossiers/s (wall) | dossiers/s per 2 cores (CPU) |",
            "|---|---|---|---|---|",
            *(_line(what, measured, total) for what, measured in found.items()),
            "",
            f"100,000 dossiers with `--full` on 2 cores, at this rate: {100_000 / full / 60:.1f} "
            "min (target: under 5).",
            "",
        ]
    )
