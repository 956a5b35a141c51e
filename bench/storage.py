"""Bytes a finished Bằng khen Thủ tướng dossier takes in the database, SQLite and PostgreSQL.

Each database is migrated and seeded (the bundled models, the demo, clock 5 May 2025), its
caps raised so no sitting refuses, then compacted (SQLite `VACUUM`, PostgreSQL `VACUUM FULL`
and every table measured with its indexes and TOAST). N Bằng khen Thủ tướng dossiers in the
interim review (so-ket-2025) are then driven through the JSON API to approval by all six
lanes (unit council, Sở GDĐT appraisal, sector council, Sở Nội vụ, UBND with its sitting,
the central level), the database compacted again and measured. The figure per dossier is the
growth divided by N: every row the dossier brought (nominee, dossier, documents' rows but
not their files, process instance, human tasks, history, sitting rows, quota slots) with its
share of the indexes. PostgreSQL runs when the local server answers
(WORKFLOW_BENCH_DATABASE_URL, default database `workflow_bench_storage`, recreated).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from tests.factories import APPROVE, Api, walk_to
from workflow_app.persistence import migrate
from workflow_app.persistence.models import HistoryEvent, HumanTask, QuotaCap

from .seeded import PASSWORD, seeded_app

DOSSIERS = int(os.environ.get("WORKFLOW_BENCH_STORAGE_DOSSIERS", "60"))
CLOCK = datetime(2025, 5, 5, 8, 0)
TARGET = 10 * 1024
PG_URL = os.environ.get(
    "WORKFLOW_BENCH_DATABASE_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/workflow_bench_storage",
)


def _finished_dossier(api: Api) -> int:
    dossier = api.gen_submitted("bang-khen-thu-tuong", round_="so-ket-2025")
    walk_to(api, dossier["id"])
    while api.dossier(dossier["id"])["open_tasks"]:  # UBND, then the central level's steps
        assert api.complete_open(dossier["id"], APPROVE).status_code == 200
        api.select_waiting(dossier["id"])
    assert api.dossier(dossier["id"])["status"] == "approved"
    return dossier["id"]


def _sqlite_sizes(engine) -> dict[str, int]:
    """Per table (its indexes included) after VACUUM, read from SQLite's dbstat table."""
    connection = sqlite3.connect(engine.url.database, isolation_level=None)  # VACUUM: no BEGIN
    try:
        connection.execute("VACUUM")
        rows = connection.execute(
            "SELECT COALESCE(m.tbl_name, s.name), SUM(s.pgsize) FROM dbstat s "
            "LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1"
        )
        return dict(rows.fetchall())
    finally:
        connection.close()


def _postgres_sizes(engine) -> dict[str, int]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM FULL")
        rows = connection.execute(
            text(
                "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
                "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
            )
        )
        return dict(rows.all())


def _measure(url: str, upload_dir: Path, sizes) -> dict:
    app = seeded_app(url, upload_dir, CLOCK)
    engine = app.extensions["workflow_db"].engine
    with engine.begin() as connection:  # room under every cap: sittings never refuse
        connection.execute(update(QuotaCap).where(QuotaCap.cap.is_not(None)).values(cap=10**6))
    before = sizes(engine)
    api = Api(app.test_client(), PASSWORD)
    ids = [_finished_dossier(api) for _ in range(DOSSIERS)]
    after = sizes(engine)
    with engine.connect() as connection:
        events = connection.execute(
            select(func.count()).select_from(HistoryEvent).group_by(HistoryEvent.dossier_id)
        ).scalars()
        tasks = connection.execute(
            select(func.count())
            .select_from(HumanTask)
            .where(HumanTask.dossier_id.in_(ids))
            .group_by(HumanTask.dossier_id)
        ).scalars()
        shape = (statistics.median(events), statistics.median(tasks))
    engine.dispose()
    growth = {t: after.get(t, 0) - before.get(t, 0) for t in after}
    return {"growth": growth, "shape": shape}


def _postgres_url() -> str | None:
    try:
        url = migrate.recreate_postgres_database(PG_URL)
        create_engine(url).dispose()
        return url
    except Exception:  # no server: the section says so
        return None


def _row(name: str, found: dict) -> list[str]:
    per = {t: size / DOSSIERS for t, size in found["growth"].items() if size}
    total = sum(per.values())
    top = sorted(per.items(), key=lambda item: -item[1])[:4]
    parts = ", ".join(f"{t} {size / 1024:.1f}" for t, size in top)
    verdict = "yes" if total <= TARGET else "**no**"
    events, tasks = found["shape"]
    kb = f"**{total / 1024:.1f}**"
    return [f"| {name} | {events:.0f} / {tasks:.0f} | {kb} | {verdict} | {parts} |"]


def run() -> str:
    lines = [
        "## Storage: bytes per finished Bằng khen Thủ tướng dossier",
        "",
        __doc__.strip(),
        "",
        f"{DOSSIERS} dossiers per database. Target: at most 10 KB each.",
        "",
        "| database | events / tasks | KB per dossier | within target | largest tables (KB) |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lines += _row(
            "SQLite", _measure(f"sqlite:///{Path(tmp) / 'size.db'}", Path(tmp) / "a", _sqlite_sizes)
        )
        url = _postgres_url()
        if url is None:
            lines.append(f"| PostgreSQL | not run: no server at {make_url(PG_URL).host} | | | |")
        else:
            lines += _row("PostgreSQL", _measure(url, Path(tmp) / "b", _postgres_sizes))
    return "\n".join(lines + [""])


if __name__ == "__main__":
    print(run())
