"""The reviewer inbox's first page with 100,000 open tasks in the database (SQLite).

The rows are generated with SQLAlchemy Core bulk inserts (nominees, dossiers, instances and
human tasks, spread over the five lanes, with due dates around today and some overdue).
Each figure is a full GET of the rendered HTML page through the Flask test client, signed
in with a session cookie: flask-login's user load, the offered-to query with its joins, the
three counts, Jinja rendering. The database gets no hand tuning beyond the migration's
indexes (no ANALYZE).
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from workflow_app.persistence.models import (
    Dossier,
    HumanTask,
    Nominee,
    ProcessInstance,
    ProcessModelVersion,
    User,
)

from .seeded import seeded_app

TASKS = 100_000
SAMPLES = 60
CHUNK = 5_000
NOW = datetime(2025, 5, 5, 8, 0, 0)
# (lane, share of the tasks, step name, title)
LANES = [
    ("so_gddt", 0.55, "so_gddt_appraisal", "Sở GDĐT tiếp nhận, thẩm định hồ sơ"),
    ("so_noi_vu", 0.15, "so_noi_vu_appraisal", "Sở Nội vụ thẩm định, trình UBND"),
    ("ubnd", 0.15, "ubnd_decision", "Chủ tịch UBND quyết định hoặc đề nghị Thủ tướng"),
    ("unit", 0.10, "unit_council", "Hội đồng TĐKT đơn vị họp xét"),
    ("central", 0.05, "central_decision", "Thủ tướng Chính phủ xét, quyết định"),
]
UNIT = "hcm-thpt-le-quy-don"
AWARDS = ["giay-khen-so", "bang-khen-ubnd", "bang-khen-thu-tuong"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Thu Dung", "Quốc Hùng", "Ngọc Lan", "Đức Mạnh"]


def _lane_of(i: int) -> tuple[str, str, str]:
    point, edge = (i % 100) / 100, 0.0
    for lane, share, name, title in LANES:
        edge += share
        if point < edge:
            return lane, name, title
    return LANES[0][0], LANES[0][2], LANES[0][3]


def _app(tmp: Path):
    return seeded_app(f"sqlite:///{tmp / 'inbox.db'}", tmp / "up", NOW, WTF_CSRF_ENABLED=False)


def _nominee(i: int, created: datetime) -> dict:
    name = f"{SURNAMES[i % 10]} {GIVEN[i % 7]} {i}"
    return {
        "id": i + 1,
        "created_at": created,
        "kind": "individual",
        "name": name,
        "unit_id": UNIT,
        "jurisdiction_id": "hcm",
    }


def _dossier(i: int, created: datetime, ids: dict) -> dict:
    return {
        "id": i + 1,
        "created_at": created,
        "nominee_id": i + 1,
        "unit_id": UNIT,
        "jurisdiction_id": "hcm",
        "round": "so-ket-2025",
        "award_form": AWARDS[i % 3],
        "achievement_summary": "",
        "claims_initiative": False,
        "status": "in_progress",
        "created_by_id": ids["unit_user"],
        "history_length": 0,
        "history_head": "0" * 64,
    }


def _instance(i: int, created: datetime, ids: dict) -> dict:
    return {
        "id": i + 1,
        "created_at": created,
        "dossier_id": i + 1,
        "version_id": ids["version"],
        "state": "{}",
        "completed": False,
        "lock_version": 1,
        "updated_at": created,
    }


def _task(i: int, created: datetime) -> dict:
    """Every 20th task has no due date; the others fall from 25 days ago to 75 days ahead."""
    lane, name, title = _lane_of(i)
    due = None if i % 20 == 0 else NOW + timedelta(hours=(i * 37) % 2400 - 600)
    return {
        "id": i + 1,
        "created_at": created,
        "instance_id": i + 1,
        "dossier_id": i + 1,
        "spiff_task_id": str(uuid.UUID(int=i + 1)),
        "name": name,
        "title": title,
        "lane": lane,
        "jurisdiction_id": "hcm",
        "unit_id": UNIT if lane == "unit" else None,
        "form_schema": f"{name}.schema.json",
        "form_ui_schema": f"{name}.uischema.json",
        "state": "open",
        "due_at": due,
    }


def _rows(start: int, count: int, ids: dict) -> dict[str, list[dict]]:
    """One chunk of nominees, dossiers, instances and tasks, ids assigned here."""
    rows: dict[str, list[dict]] = {"nominees": [], "dossiers": [], "instances": [], "tasks": []}
    for i in range(start, start + count):
        created = NOW - timedelta(minutes=7 * (TASKS - i))
        rows["nominees"].append(_nominee(i, created))
        rows["dossiers"].append(_dossier(i, created, ids))
        rows["instances"].append(_instance(i, created, ids))
        rows["tasks"].append(_task(i, created))
    return rows


def generate(app, tasks: int = TASKS) -> None:
    """Insert `tasks` open tasks, each with its nominee, dossier and instance."""
    engine = app.extensions["workflow_db"].engine
    models = {"nominees": Nominee, "dossiers": Dossier, "instances": ProcessInstance}
    tables = [(key, model.__table__) for key, model in {**models, "tasks": HumanTask}.items()]
    with engine.begin() as connection:
        ids = {
            "unit_user": connection.scalar(select(User.id).where(User.username == "hcm-unit")),
            "version": connection.scalar(select(ProcessModelVersion.id)),
        }
        for start in range(0, tasks, CHUNK):
            chunk = _rows(start, min(CHUNK, tasks - start), ids)
            for key, table in tables:
                connection.execute(table.insert(), chunk[key])


def _ms(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def _measure(client, path: str) -> tuple[float, float, int]:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    rows = response.get_data(as_text=True).count('class="task-row')
    timings = []
    for _ in range(SAMPLES):
        began = time.perf_counter()
        client.get(path).close()
        timings.append(time.perf_counter() - began)
    return (*_ms(timings), rows)


def _signed_in(app, username: str):
    client = app.test_client()
    login = client.post("/login", data={"username": username, "password": "bench"})
    assert login.status_code == 302, login.status_code
    return client


CASES = [
    ("hcm-sgd", "/", "first page, due soonest (Sở GDĐT: 55,000 offered)"),
    ("hcm-sgd", "/?sort=oldest", "first page, waiting longest"),
    ("hcm-sgd", "/?sort=newest", "first page, newest"),
    ("hcm-sgd", "/?overdue=1", "overdue only"),
    ("hcm-sgd", "/?award_form=bang-khen-thu-tuong", "filtered by award form"),
    ("hcm-sgd", "/?q=Ngọc+Lan+4", "search by nominee name (substring)"),
    ("hcm-sgd", "/?q=HS-1234", "search by dossier number"),
    ("hcm-sgd", "/?q=Không+Có+Ai", "search by a name nobody has (scans every offered task)"),
    ("hcm-unit", "/", "a unit's first page (10,000 offered)"),
    ("central", "/", "central level (national, 5,000 offered)"),
]


def run() -> str:
    """Measure and return the Markdown section for docs/benchmarks.md."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        began = time.perf_counter()
        generate(app)
        generated = time.perf_counter() - began
        clients = {user: _signed_in(app, user) for user in {c[0] for c in CASES}}
        results = [(label, *_measure(clients[user], path)) for user, path, label in CASES]
        app.extensions["workflow_db"].engine.dispose()
    lines = [
        "## The reviewer inbox with 100,000 open tasks (SQLite)",
        "",
        __doc__.strip(),
        "",
        f"{TASKS:,} tasks generated in {generated:.1f} s; {SAMPLES} requests per row; "
        "25 rows a page. Target: the first page under 100 ms.",
        "",
        "| page | rows | median (ms) | p95 (ms) |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {label} | {rows} | {median:.1f} | {p95:.1f} |" for label, median, p95, rows in results
    ]
    return "\n".join(lines + [""])
