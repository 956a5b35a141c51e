"""`flask audit verify` over 10,000 dossiers on SQLite: every hash chain plus every replay.

What it generates, in a fresh SQLite file (migrated, `seed-demo`, bundled models imported,
clock 5 May 2025): 120 template dossiers driven through the JSON API on the real engine, 20 of
each shape (with its count of task completions): a Giấy khen approved (3); a Bằng khen UBND
returned by Sở Nội vụ and then approved (7); a Bằng khen Thủ tướng approved by all five levels
(6); one rejected by UBND (5); a Giấy khen held after its council, resumed and approved (3, and
2 hold messages); a Bằng khen UBND waiting at Sở GDĐT (1). Each template is then cloned
with SQLAlchemy Core until there are 10,000 dossiers: per clone a nominee row, a dossier row,
its process instance (the template's stored state, pinned to the same version) and its
history (the template's events under the clone's id, every hash recomputed so each chain
holds). A clone's workflow data keeps its template's dossier id; its human tasks, documents
and quota slots are not cloned, since the audit reads none of them.

Measured: the wall time of `audit verify` (in process, Flask's CLI runner, one SQLite
connection), and of the hash-chain check alone (`verify_all_chains`) for comparison.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from tests.factories import APPROVE, COUNCIL_PASSED, Api, walk_to
from workflow_app.domain.history import GENESIS_HASH, event_hash
from workflow_app.persistence.models import Dossier, HistoryEvent, Nominee, ProcessInstance
from workflow_app.services.history import verify_all_chains

from .seeded import seeded_app

TOTAL = 10_000
PER_SHAPE = 20
CLOCK = datetime(2025, 5, 5, 8, 0)  # inside annual-2025 (T1: before 1 June 2025)
PASSWORD = "bench"
RETURN = {"decision": "return", "reason": "Bổ sung số liệu"}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}
FULL = ("unit_council", "so_gddt_appraisal", "sector_council", "so_noi_vu_appraisal")


def _app(tmp: Path):
    return seeded_app(f"sqlite:///{tmp / 'audit.db'}", tmp / "up", CLOCK)


def _complete(api: Api, dossier_id: int, data: dict) -> None:
    assert api.complete_open(dossier_id, data).status_code == 200


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
    for data in (APPROVE, APPROVE):
        _complete(api, dossier["id"], data)


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
            dossier = api.gen_submitted(award_form, round_="annual-2025")
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


def measure(app) -> dict:
    """Seconds for `audit verify` and for the chain check alone; both must find nothing."""
    began = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    verify_seconds = time.perf_counter() - began
    assert result.exit_code == 0, result.output[-2000:]
    with app.extensions["workflow_db"].unit_of_work() as session:
        began = time.perf_counter()
        assert verify_all_chains(session) == []
        chain_seconds = time.perf_counter() - began
    return {"verify": verify_seconds, "chains": chain_seconds, "output": result.output}


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
    rate, chain_rate = total / found["verify"], total / found["chains"]
    return "\n".join(
        [
            "## Audit: `audit verify` over 10,000 dossiers (SQLite)",
            "",
            __doc__.strip(),
            "",
            f"Generated {total:,} dossiers ({len(SHAPES) * PER_SHAPE} through the API) "
            f"in {generated:.0f} s.",
            "",
            "| what | seconds | dossiers per second |",
            "|---|---|---|",
            f"| `audit verify` (chains and replays) | {found['verify']:.1f} | **{rate:,.0f}** |",
            f"| hash chains alone | {found['chains']:.1f} | {chain_rate:,.0f} |",
            "",
        ]
    )
