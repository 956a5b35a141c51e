"""Throughput of UBND approvals at a capped level, two app processes, PostgreSQL.

Since sittings (S1), approving at a capped step no longer races for the cap row: it proposes
the dossier, which waits for the level's sitting (the sitting takes the slots, see
`selection`). N dossiers wait for UBND's decision; two spawned app processes with 8 threads
each approve them all at once. Two runs: a cap set and already full (every approval is still
accepted as a proposal, never a 409), and no cap at all (Q4: the proposal goes on at once, a
second workflow step in the same transaction). Needs PostgreSQL at
WORKFLOW_BENCH_DATABASE_URL (default: the local server, database `workflow_bench`,
recreated).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from sqlalchemy import select, update

from tests.concurrency import workers
from tests.factories import Api, walk_to
from workflow_app.persistence import migrate
from workflow_app.persistence.models import HumanTask, QuotaCap

from .seeded import seeded_app

DOSSIERS = 200
THREADS_PER_PROCESS = 8
CLOCK = datetime(2026, 5, 1, 9, 0)
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/workflow_bench"


def _prepare(url: str):
    migrate.recreate_postgres_database(url)
    return seeded_app(url, tempfile.mkdtemp(), CLOCK)


def _dossiers_at_ubnd(app, count: int) -> list[int]:
    api = Api(app.test_client(), "bench")
    ids = []
    for _ in range(count):
        dossier = api.gen_submitted("bang-khen-thu-tuong", round_="tong-ket-2030")
        walk_to(api, dossier["id"])
        ids.append(dossier["id"])
    return ids


def _set_cap(app, cap: int | None, used: int) -> None:
    with app.extensions["workflow_db"].unit_of_work() as session:
        session.execute(
            update(QuotaCap)
            .where(QuotaCap.round == "tong-ket-2030", QuotaCap.award_form == "bang-khen-thu-tuong")
            .values(cap=cap, used=used)
        )


def _ubnd_tasks(app, dossier_ids) -> list[int]:
    with app.extensions["workflow_db"].unit_of_work() as session:
        return list(
            session.scalars(
                select(HumanTask.id).where(
                    HumanTask.dossier_id.in_(dossier_ids),
                    HumanTask.state == "open",
                    HumanTask.name == "ubnd_decision",
                )
            )
        )


def _race(pool, tasks: list[int]) -> tuple[float, list[str]]:
    """All tasks approved by 2 processes x THREADS_PER_PROCESS workers; seconds and outcomes."""
    jobs = [(task, ("hcm-ubnd", "hcm-ubnd2")[i % 2]) for i, task in enumerate(tasks)]
    chunks = [jobs[i :: 2 * THREADS_PER_PROCESS] for i in range(2 * THREADS_PER_PROCESS)]
    start_at = time.time() + 0.5
    futures = [
        pool.submit(workers.complete_in_threads, chunks[p::2], CLOCK, start_at) for p in (0, 1)
    ]
    results = [r for future in futures for r in future.result()]
    return max(r[1] for r in results) - start_at, [r[0] for r in results]


def run() -> str:
    url = os.environ.get("WORKFLOW_BENCH_DATABASE_URL", DEFAULT_URL)
    app = _prepare(url)
    dossiers = _dossiers_at_ubnd(app, 2 * DOSSIERS)
    first, second = dossiers[:DOSSIERS], dossiers[DOSSIERS:]
    context = multiprocessing.get_context("spawn")
    rows = []
    with ProcessPoolExecutor(
        2, mp_context=context, initializer=workers.init_worker, initargs=(url,)
    ) as pool:
        list(pool.map(workers.warm_up, range(2)))
        runs = [
            (
                "cap full: approval proposes, waits for the sitting (no 409)",
                DOSSIERS,
                DOSSIERS,
                first,
            ),
            ("no cap (Q4): proposal goes on at once, forwarded", None, 0, second),
        ]
        for label, cap, used, batch in runs:
            _set_cap(app, cap=cap, used=used)
            seconds, outcomes = _race(pool, _ubnd_tasks(app, batch))
            rows.append((label, seconds, outcomes))
    lines = [
        "## Approvals at one capped level: 2 app processes on PostgreSQL",
        "",
        __doc__.strip(),
        "",
        f"{DOSSIERS} approvals per run, {2 * THREADS_PER_PROCESS} workers.",
        "",
        "| run | outcomes | seconds | completions per second |",
        "|---|---|---|---|",
    ]
    for label, seconds, outcomes in rows:
        counts = ", ".join(f"{o}: {outcomes.count(o)}" for o in sorted(set(outcomes)))
        lines.append(f"| {label} | {counts} | {seconds:.2f} | {len(outcomes) / seconds:.0f} |")
    return "\n".join(lines + [""])
