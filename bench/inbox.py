"""The reviewer inbox at scale: 10,000 and 1,000,000 open tasks on PostgreSQL (issue 15).

The rows (nominees, dossiers, instances and human tasks, spread over the five lanes, due
dates around today, some overdue) are generated in the database with `INSERT ... SELECT
generate_series`, then `VACUUM ANALYZE` (what autovacuum does after a bulk load). Names
combine 10 surnames, 8 middle and 20 given names (1,600 names, each ~625 times at 1M).
Each figure is a full GET of the rendered HTML page through the Flask test client, signed
in with a session cookie: flask-login's user load, the offered-to query, the page rows'
names, the three capped counts, Jinja rendering.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, func, select, text

from workflow_app.domain.name_search import fold_name
from workflow_app.persistence import migrate
from workflow_app.persistence.models import (
    Dossier,
    HumanTask,
    Nominee,
    ProcessInstance,
    ProcessModelVersion,
    User,
)

from .seeded import seeded_app

SIZES = [int(n) for n in os.environ.get("WORKFLOW_BENCH_INBOX_SIZES", "10000,1000000").split(",")]
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/inbox_bench"
SAMPLES = 60
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
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu", "Quốc", "Hữu"]
GIVEN = [
    "An", "Bình", "Châu", "Dung", "Hùng", "Lan", "Mạnh", "Minh", "Nga", "Phúc",
    "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Uyên", "Việt", "Xuân", "Yến",
]  # fmt: skip


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _name_sql(fold: bool) -> str:
    """The i-th name (0-based `k`), as stored or folded: surname, middle, given name."""
    parts = [SURNAMES, MIDDLE, GIVEN]
    if fold:
        parts = [[fold_name(v) for v in part] for part in parts]
    # m: the name's number, spread over the lanes (k % 100 picks the lane)
    m = "((k + 7 * (k / 100)) % 1600)"
    picks = [f"({m} % 10) + 1", f"(({m} / 10) % 8) + 1", f"(({m} / 80) % 20) + 1"]
    return " || ' ' || ".join(f"({_array(p)})[{i}]" for p, i in zip(parts, picks, strict=True))


def _lane_sql(column: int) -> str:
    """The i-th task's lane, step name or title (column 0, 2, 3 of LANES), by its share."""
    edge, whens = 0.0, []
    for lane in LANES:
        edge += lane[1]
        whens.append(f"WHEN k % 100 < {round(edge * 100)} THEN '{lane[column]}'")
    return "CASE " + " ".join(whens[:-1]) + f" ELSE '{LANES[-1][column]}' END"


# k: 0-based task number; n: how many; the ids continue after what the seed created.
SERIES = "FROM (SELECT g - 1 AS k FROM generate_series(1, :n) AS g) AS s"
CREATED = "CAST(:now AS timestamp) - (:n - k) * interval '7 minutes'"
INSERTS = [
    f"""INSERT INTO nominees (id, created_at, kind, name, unit_id, jurisdiction_id)
    SELECT :nominee + k, {CREATED}, 'individual', {_name_sql(False)}, '{UNIT}', 'hcm' {SERIES}""",
    f"""INSERT INTO dossiers (id, created_at, nominee_id, unit_id, jurisdiction_id, round,
        award_form, achievement_summary, claims_initiative, status, created_by_id,
        history_length, history_head)
    SELECT :dossier + k, {CREATED}, :nominee + k, '{UNIT}', 'hcm', 'so-ket-2025',
        ({_array(AWARDS)})[k % 3 + 1], '', false, 'in_progress', :unit_user, 0,
        repeat('0', 64) {SERIES}""",
    f"""INSERT INTO process_instances (id, created_at, dossier_id, version_id, state,
        completed, lock_version, updated_at)
    SELECT :instance + k, {CREATED}, :dossier + k, :version, '{{}}', false, 1, {CREATED}
    {SERIES}""",
    # Every 20th task has no due date; the others fall from 25 days ago to 75 days ahead.
    f"""INSERT INTO human_tasks (id, created_at, instance_id, dossier_id, spiff_task_id, name,
        title, lane, jurisdiction_id, unit_id, form_schema, form_ui_schema, state, due_at,
        nominee_folded)
    SELECT :task + k, {CREATED}, :instance + k, :dossier + k,
        CAST(lpad(to_hex(:task + k), 32, '0') AS uuid)::text, {_lane_sql(2)}, {_lane_sql(3)},
        {_lane_sql(0)}, 'hcm', CASE WHEN {_lane_sql(0)} = 'unit' THEN '{UNIT}' END,
        {_lane_sql(2)} || '.schema.json', {_lane_sql(2)} || '.uischema.json', 'open',
        CASE WHEN k % 20 <> 0
            THEN CAST(:now AS timestamp) + ((k * 37) % 2400 - 600) * interval '1 hour' END,
        {_name_sql(True)} {SERIES}""",
]
NAMES = (
    "INSERT INTO folded_names SELECT DISTINCT nominee_folded FROM human_tasks"
    " ON CONFLICT DO NOTHING"
)
SEQUENCES = ["nominees", "dossiers", "process_instances", "human_tasks"]


def generate(app, tasks: int) -> None:
    """Insert `tasks` open tasks, each with its nominee, dossier and instance, in SQL."""
    engine = app.extensions["workflow_db"].engine
    with engine.begin() as connection:
        params = {
            "n": tasks,
            "now": NOW,
            "unit_user": connection.scalar(select(User.id).where(User.username == "hcm-unit")),
            "version": connection.scalar(select(ProcessModelVersion.id)),
        }
        for key, model in (
            ("nominee", Nominee),
            ("dossier", Dossier),
            ("instance", ProcessInstance),
            ("task", HumanTask),
        ):
            params[key] = (connection.scalar(select(func.max(model.id))) or 0) + 1
        for statement in INSERTS:
            connection.execute(text(statement), params)
        connection.execute(text(NAMES))
        for table in SEQUENCES:
            connection.execute(
                text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def _p95(seconds: list[float]) -> float:
    return sorted(seconds)[int(len(seconds) * 0.95) - 1] * 1000


class _SqlClock:
    """Time spent waiting for PostgreSQL (statement round trips), summed per request."""

    def __init__(self, engine):
        self.engine, self.total, self._began = engine, 0.0, 0.0
        self.statements: list | None = None
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn, _cursor, statement, parameters, *_args):
        self._began = time.perf_counter()
        if self.statements is not None:
            self.statements.append((statement, parameters))

    def buffers(self, client, path: str) -> int:
        """Pages PostgreSQL reads for one request's statements (EXPLAIN ANALYZE, BUFFERS): the
        work done, whatever else the machine is doing."""
        self.statements = []
        client.get(path).close()
        statements, self.statements = self.statements, None
        total = 0
        with self.engine.connect() as connection:
            cursor = connection.connection.dbapi_connection.cursor()
            for statement, parameters in statements:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}", parameters)
                plan = cursor.fetchone()[0][0]["Plan"]
                total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
        return total

    def _after(self, *_args):
        self.total += time.perf_counter() - self._began


def _measure(client, path: str, sql: _SqlClock) -> dict:
    """Wall time, this process's CPU time (Flask, SQLAlchemy, Jinja) and database time."""
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    rows = response.get_data(as_text=True).count('class="task-row')
    wall, cpu, db = [], [], []
    for _ in range(SAMPLES):
        sql.total = 0.0
        began, cpu_began = time.perf_counter(), time.process_time()
        client.get(path).close()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - cpu_began)
        db.append(sql.total)
    median = statistics.median(wall) * 1000
    return {
        "rows": rows,
        "median": median,
        "wall": _p95(wall),
        "cpu": _p95(cpu),
        "db": _p95(db),
        "pages": sql.buffers(client, path),
    }


def _signed_in(app, username: str):
    client = app.test_client()
    login = client.post("/login", data={"username": username, "password": "bench"})
    assert login.status_code == 302, login.status_code
    return client


CASES = [
    ("hcm-sgd", "/", "first page, due soonest (Sở GDĐT: 55% offered)"),
    ("hcm-sgd", "/?sort=oldest", "first page, waiting longest"),
    ("hcm-sgd", "/?overdue=1", "filtered: overdue only"),
    ("hcm-sgd", "/?award_form=bang-khen-thu-tuong", "filtered: award form"),
    ("hcm-sgd", "/?q=Trần+Văn+Minh", "search: Trần Văn Minh (with accents)"),
    ("hcm-sgd", "/?q=tran+van+minh", "search: tran van minh (without accents)"),
    ("hcm-sgd", "/?q=Không+Có+Ai", "search: a name nobody has"),
    ("hcm-sgd", "/?q=HS-1234", "search: dossier number"),
    ("hcm-unit", "/", "a unit's first page (10% offered)"),
]


def _cpu() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        model = next(line.split(":", 1)[1].strip() for line in lines if "model name" in line)
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    return f"{model}, {os.cpu_count()} cores"


def _load() -> str:
    return " / ".join(f"{n:.2f}" for n in os.getloadavg())


def _size_run(url: str, tasks: int, tmp: Path) -> dict:
    """A fresh database with `tasks` open tasks; each case's figures, and the load."""
    migrate.recreate_postgres_database(url)
    app = seeded_app(url, tmp / f"up-{tasks}", NOW, WTF_CSRF_ENABLED=False)
    began = time.perf_counter()
    generate(app, tasks)
    generated = time.perf_counter() - began
    load_before, cpu_before = _load(), time.process_time()
    sql = _SqlClock(app.extensions["workflow_db"].engine)
    clients = {user: _signed_in(app, user) for user in {c[0] for c in CASES}}
    results = {label: _measure(clients[user], path, sql) for user, path, label in CASES}
    cpu = time.process_time() - cpu_before
    app.extensions["workflow_db"].engine.dispose()
    return {
        "results": results,
        "generated": generated,
        "load": f"{load_before} before, {_load()} after",
        "cpu": cpu,
    }


def run() -> str:
    """Measure and return the Markdown section for docs/benchmarks.md."""
    url = os.environ.get("WORKFLOW_BENCH_INBOX_URL", DEFAULT_URL)
    with tempfile.TemporaryDirectory() as tmp:
        runs = {tasks: _size_run(url, tasks, Path(tmp)) for tasks in SIZES}
    small, large = SIZES[0], SIZES[-1]
    lines = [
        f"## The reviewer inbox with {small:,} and {large:,} open tasks (PostgreSQL)",
        "",
        __doc__.strip(),
        "",
        f"CPU: {_cpu()}; Python {platform.python_version()}. {SAMPLES} requests per row, "
        "25 rows a page. Target (issue 15): p95 under 25 ms at 1M, under 1.5x growth from 10k.",
        "",
    ]
    for tasks, measured in runs.items():
        lines.append(
            f"- {tasks:,} tasks generated in {measured['generated']:.1f} s; load average "
            f"(1/5/15 min) {measured['load']}; client process CPU {measured['cpu']:.1f} s."
        )
    sizes = " | ".join(f"{t:,}: rows, median, p95 wall / CPU / SQL (ms), pages read" for t in SIZES)
    lines += [
        "",
        "Wall time includes waiting for a core on a busy machine; CPU is this process's time",
        "(Flask, SQLAlchemy, Jinja), SQL the round trips to PostgreSQL (wall time too), pages",
        "the 8 KB buffers PostgreSQL touches for the request's statements (EXPLAIN BUFFERS):",
        "the work done, which the machine's load does not change.",
        "",
        f"| page | {sizes} | growth: p95 CPU / p95 SQL / pages |",
        "|---|" + "---|" * (len(SIZES) + 1),
    ]
    for _user, _path, label in CASES:
        cells = [runs[t]["results"][label] for t in SIZES]
        shown = " | ".join(
            f"{c['rows']}, {c['median']:.1f}, **{c['wall']:.1f}** / {c['cpu']:.1f} / "
            f"{c['db']:.1f}, {c['pages']}"
            for c in cells
        )
        first, last = cells[0], cells[-1]
        growth = " / ".join(f"{last[k] / max(first[k], 1e-9):.2f}x" for k in ("cpu", "db", "pages"))
        lines.append(f"| {label} | {shown} | {growth} |")
    return "\n".join(lines + [""])
