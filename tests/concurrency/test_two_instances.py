"""Two production servers (`make serve`: gunicorn, deploy/gunicorn.conf.py) on two ports
against one PostgreSQL database, driven together over real HTTP: no server error, no lost
update, every dossier replays, connections kept alive, a graceful reload drops nothing.

It uses a database of its own (the test database's name with `_serve`), recreated here, and
is skipped when WORKFLOW_TEST_DATABASE_URL is unset (CI sets it, and fails on any skip)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests.conftest import DEMO_PASSWORD, POSTGRES_URL
from tests.factories import APPROVE, COUNCIL_PASSED, LANE_USERS, SECTOR_APPROVES, Api
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate
from workflow_app.persistence.models import HistoryEvent

from .http_client import HttpClient

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="two `make serve` instances need PostgreSQL: set WORKFLOW_TEST_DATABASE_URL",
)

ROUND = "annual-2027"  # open on the real clock the served app uses (deadline 1 June 2027)
STEPS = (
    ("unit_council", COUNCIL_PASSED),
    ("so_gddt_appraisal", APPROVE),
    ("sector_council", SECTOR_APPROVES),
)
DOSSIERS = 8
STARTUP_SECONDS = 240  # the first `make serve` may reinstall the package


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_url() -> str:
    own = make_url(POSTGRES_URL)
    url = own.set(database=f"{own.database}_serve").render_as_string(hide_password=False)
    url = migrate.recreate_postgres_database(url)
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "DEMO_PASSWORD": DEMO_PASSWORD})
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    app.extensions["workflow_db"].engine.dispose()
    return url


class Server:
    """One `make serve` process group, its log and its gunicorn master's pid file."""

    def __init__(self, url: str, port: int, workdir: Path, uploads: Path):
        self.port, self.log_path = port, workdir / f"serve-{port}.log"
        self.pid_file = workdir / f"gunicorn-{port}.pid"
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        env.update(
            WORKFLOW_DATABASE_URL=url,
            WORKFLOW_SECRET_KEY="two-instances-shared-key",
            WORKFLOW_UPLOAD_DIR=str(uploads),
            WORKFLOW_BIND=f"127.0.0.1:{port}",
            WORKFLOW_WORKERS="2",
            WORKFLOW_THREADS="4",
            WORKFLOW_PID_FILE=str(self.pid_file),
        )
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()[-3000:]
            try:
                if HttpClient("127.0.0.1", self.port).get("/healthz").status_code == 200:
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"make serve on {self.port} did not answer:\n{self.output()[-3000:]}")

    def master_pid(self) -> int:
        return int(self.pid_file.read_text().strip())

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(database url, [server A, server B]): B starts once A has migrated and imported."""
    url = _serve_url()
    workdir = tmp_path_factory.mktemp("serve")
    uploads = workdir / "uploads"  # one upload folder, as shared storage would be
    servers: list[Server] = []
    try:
        for _ in range(2):
            servers.append(Server(url, _free_port(), workdir, uploads))
            servers[-1].wait_ready()
        yield url, servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def clients(served):
    return [HttpClient("127.0.0.1", server.port) for server in served[1]]


@pytest.fixture(scope="module")
def apis(clients):
    tokens: dict[str, str] = {}  # a token signed by one node is honoured by the other
    return [Api(client, DEMO_PASSWORD, tokens) for client in clients]


def _walk_alternating(apis, index: int) -> int:
    """Create, submit and approve one dossier, each call on the other node than the last."""
    dossier = apis[index % 2].gen_submitted("giay-khen-so", round_=ROUND)
    for step, (name, data) in enumerate(STEPS):
        api = apis[(index + step) % 2]
        task = apis[(index + step + 1) % 2].open_task(dossier["id"])
        assert task["name"] == name, task
        response = api.complete_open(dossier["id"], data)
        assert response.status_code == 200, response.json
    return dossier["id"]


def _completed_steps(url: str, dossier_id: int) -> int:
    app = create_app({"DATABASE_URL": url})
    with app.extensions["workflow_db"].unit_of_work() as session:
        count = session.scalar(
            select(func.count())
            .select_from(HistoryEvent)
            .where(HistoryEvent.dossier_id == dossier_id, HistoryEvent.type == "task_completed")
        )
    app.extensions["workflow_db"].engine.dispose()
    return count


def test_two_nodes_drive_dossiers_together(served, clients, apis):
    """Dossiers walked at once, every call alternating between the nodes, all end approved;
    no request meets a server error and no node closes a kept-alive connection."""
    with ThreadPoolExecutor(DOSSIERS) as pool:
        ids = list(pool.map(lambda i: _walk_alternating(apis, i), range(DOSSIERS)))
    for index, dossier_id in enumerate(ids):
        assert apis[index % 2].dossier(dossier_id)["status"] == "approved"
    statuses = [status for client in clients for status in client.statuses]
    assert statuses and max(statuses) < 500, sorted(set(statuses))
    assert [client.reconnects for client in clients] == [0, 0]


def test_one_task_completed_on_both_nodes_at_once_counts_once(served, apis):
    """The same approval sent to both nodes at the same instant: one 200, one 409, one
    recorded step; the dossier goes on from it."""
    url, _ = served
    for _ in range(4):
        dossier_id = apis[0].gen_submitted("giay-khen-so", round_=ROUND)["id"]
        task = apis[1].open_task(dossier_id)
        barrier, answers = threading.Barrier(2), []

        def complete(api, task=task, barrier=barrier, answers=answers):
            path, user = f"/tasks/{task['id']}/complete", LANE_USERS[task["lane"]]
            barrier.wait()
            answers.append(api.post(path, user, json={"data": COUNCIL_PASSED}).status_code)

        threads = [threading.Thread(target=complete, args=(api,)) for api in apis]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(answers) == [200, 409], answers
        assert _completed_steps(url, dossier_id) == 1
        assert apis[1].open_task(dossier_id)["name"] == "so_gddt_appraisal"


def test_access_log_and_graceful_reload(served):
    """Each node logs every request; HUP reloads the workers while requests keep succeeding."""
    _, servers = served
    assert '"POST /api/v1/tasks/' in servers[0].output()
    os.kill(servers[0].master_pid(), signal.SIGHUP)
    answers = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        answers.append(HttpClient("127.0.0.1", servers[0].port).get("/healthz").status_code)
    assert answers and set(answers) == {200}, answers
    assert "Hang up" in servers[0].output() or "Handling signal: hup" in servers[0].output()


def test_every_dossier_replays_after_both_nodes(served):
    """X4: the audit over the shared database finds every chain whole and every replay equal."""
    url, _ = served
    app = create_app({"DATABASE_URL": url})
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    app.extensions["workflow_db"].engine.dispose()
    assert result.exit_code == 0, result.output
    # The four of the other tests here, and the demo's pre-merger dossier (M1).
    assert f"{DOSSIERS + 5} dossier(s) verified" in result.output
