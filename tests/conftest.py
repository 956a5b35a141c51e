"""Fixtures: every storage test runs on SQLite and, when WORKFLOW_TEST_DATABASE_URL is set,
on PostgreSQL too. Each database is migrated and seeded once per session; each test runs
inside a transaction that is rolled back, so tests never see each other's data."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate
from workflow_app.persistence.db import Database, make_engine
from workflow_app.services.context import ServiceContext
from workflow_app.services.replay import dossier_ids, replay_dossiers

from .factories import Api

DEMO_PASSWORD = "demo-test"
POSTGRES_URL = os.environ.get("WORKFLOW_TEST_DATABASE_URL")

if os.environ.get("WORKFLOW_REQUIRE_POSTGRES") and not POSTGRES_URL:
    raise RuntimeError("WORKFLOW_REQUIRE_POSTGRES is set but WORKFLOW_TEST_DATABASE_URL is not")

DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _prepared_url(kind: str, tmp_path_factory) -> str:
    if kind == "postgresql":
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'workflow.db'}"


# The demo's document files (its pre-merger dossier's papers), by database: each test's
# upload folder starts as a copy, as a restored backup would.
DEMO_UPLOADS: dict[str, Path] = {}


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory) -> str:
    """A migrated database with the demo data and the bundled models, shared by the session."""
    url = _prepared_url(request.param, tmp_path_factory)
    migrate.upgrade(url)
    uploads = tmp_path_factory.mktemp("demo-uploads")
    DEMO_UPLOADS[url] = uploads
    config = {"DATABASE_URL": url, "DEMO_PASSWORD": DEMO_PASSWORD, "TESTING": True}
    app = create_app({**config, "UPLOAD_DIR": str(uploads)})
    runner = app.test_cli_runner()
    for args in (["models", "import", str(PROJECT_ROOT)], ["seed-demo"]):  # as `make run`
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    app.extensions["workflow_db"].engine.dispose()
    return url


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    """One connection whose outer transaction is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        if transaction.is_active:
            transaction.rollback()


@pytest.fixture
def clock():
    """A settable clock: tests move time by assigning `clock.now`, never by sleeping."""

    class Clock:
        now = datetime(2025, 5, 5, 8, 0, 0)

        def __call__(self) -> datetime:
            return self.now

    return Clock()


@pytest.fixture
def app(database_url, connection, clock, tmp_path):
    shutil.copytree(DEMO_UPLOADS[database_url], tmp_path / "uploads")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "DATABASE_BIND": connection,
            "DATABASE_SESSION_OPTIONS": {"join_transaction_mode": "create_savepoint"},
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "CLOCK": clock,
            "SECRET_KEY": "test-secret",
        }
    )
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app) -> Database:
    return app.extensions["workflow_db"]


@pytest.fixture(scope="session")
def api_tokens(database_url) -> dict[str, str]:
    """Bearer tokens by username, one sign-in per user and database: the demo users are
    committed once per session and a token is signed, not stored, so it outlives each test's
    rolled-back transaction."""
    return {}


@pytest.fixture
def api(client, api_tokens) -> Api:
    return Api(client, DEMO_PASSWORD, api_tokens)


@pytest.fixture
def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


@pytest.fixture
def stored_files(upload_dir):
    """The names of the files the test's own uploads left (the demo's papers aside), sorted."""
    demo = {p.name for p in upload_dir.iterdir()}
    return lambda: sorted(p.name for p in upload_dir.iterdir() if p.name not in demo)


RULE_ID = re.compile(r"^[A-Z][0-9]+$")


def _rule_ids(item) -> list[str]:
    """The DOMAIN.md ids a test names in `@pytest.mark.rule(...)` (on it, its class or module)."""
    ids = [rule_id for marker in item.iter_markers("rule") for rule_id in marker.args]
    if any(not RULE_ID.match(str(rule_id)) for rule_id in ids) or (
        item.get_closest_marker("rule") and not ids
    ):
        raise pytest.UsageError(f"{item.nodeid}: rule() takes DOMAIN.md ids, like rule('X2')")
    return ids


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.rule("X2")` also marks the test `rule_X2`, so `pytest -m rule_X2` selects
    every test of a rule (pyproject.toml registers `rule`; each `rule_<id>` is registered here)."""
    registered: set[str] = set()
    for item in items:
        for rule_id in _rule_ids(item):
            name = f"rule_{rule_id}"
            if name not in registered:
                config.addinivalue_line("markers", f"{name}: a test of DOMAIN.md rule {rule_id}")
                registered.add(name)
            item.add_marker(name)


def _replay_failures(app) -> list:
    """Replay every dossier the test created (its transaction is still open)."""
    db = app.extensions["workflow_db"]
    with db.unit_of_work() as session:
        ctx = ServiceContext(
            session, None, app.config["CLOCK"](), app.extensions["workflow_engine"], Path(".")
        )
        failures = [r for r in replay_dossiers(ctx, dossier_ids(session)) if not r.verified]
        session.rollback()
    return failures


@pytest.fixture(autouse=True)
def every_dossier_replays(request):
    """X4: after each test that drove the API, every dossier it made must replay and verify
    (tests marked `tampers` alter histories on purpose)."""
    drove_api = {"api", "app"} <= set(request.fixturenames)  # the rolled-back database's API
    if not drove_api or request.node.get_closest_marker("tampers"):
        yield
        return
    app = request.getfixturevalue("app")  # set up inside this fixture: torn down after it
    yield
    failures = _replay_failures(app)
    if failures:
        pytest.fail(f"dossiers that do not replay: {failures}", pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    """CI (WORKFLOW_REQUIRE_POSTGRES) never skips silently: a skipped test fails the run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("WORKFLOW_REQUIRE_POSTGRES") and skipped and exitstatus == 0:
        for report in skipped:
            reporter.write_line(f"skipped in CI, which must run everything: {report.nodeid}")
        session.exitstatus = 1
