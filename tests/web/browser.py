"""A live server on a committed database, and Chromium driven by Playwright, for browser tests.

The server runs the real app in a background thread (werkzeug `make_server`) against its own
database: a fresh SQLite file always, and the `workflow_test_web` database on the PostgreSQL
server of WORKFLOW_TEST_DATABASE_URL when that is set. It never touches the rolled-back
per-test connection of tests/conftest.py.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from tests.conftest import DEMO_PASSWORD, POSTGRES_URL
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate
from workflow_app.persistence.db import make_engine

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
WEB_DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
START = datetime(2025, 5, 5, 8, 0, 0)


class MovingClock:
    """Real time passing, but starting on 5 May 2025, so rounds and deadlines are stable."""

    def __init__(self) -> None:
        self.began = time.monotonic()

    def __call__(self) -> datetime:
        return START + timedelta(seconds=time.monotonic() - self.began)


def _postgres_web_url() -> str:
    """A separate database on the same server, so the session database is never clobbered."""
    url = make_url(POSTGRES_URL)
    admin = make_engine(
        url.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS workflow_test_web WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE workflow_test_web"))
    admin.dispose()
    return url.set(database="workflow_test_web").render_as_string(hide_password=False)


def _database_url(kind: str, tmp: Path) -> str:
    return _postgres_web_url() if kind == "postgresql" else f"sqlite:///{tmp / 'web.db'}"


def _live_app(url: str, tmp: Path):
    migrate.upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "SECRET_KEY": "browser-tests",
            "UPLOAD_DIR": str(tmp / "uploads"),
            "CLOCK": MovingClock(),
        }
    )
    runner = app.test_cli_runner()
    for args in (["models", "import", str(PROJECT_ROOT)], ["seed-demo"]):  # as `make run`
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="session", params=WEB_DATABASES)
def live_server(request, tmp_path_factory) -> Iterator:
    """The app served on a free local port for the whole session; yields the app."""
    tmp = tmp_path_factory.mktemp("web")
    app = _live_app(_database_url(request.param, tmp), tmp)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["workflow_db"].engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium; a missing browser is a failure, never a skip."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test` (it installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Issue 18: the screens reviewers work on: a small laptop, and a phone (touch, 390 px).
SCREENS = {
    "laptop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


class Session:
    """One person at one browser: their own cookies."""

    def __init__(self, browser, base_url: str, screen: str = "laptop"):
        self.context = browser.new_context(base_url=base_url, locale="vi-VN", **SCREENS[screen])
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()

    def login(self, username: str, password: str = DEMO_PASSWORD):
        page = self.page
        page.goto("/login")
        page.fill("#username", username)
        page.fill("#password", password)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        page.wait_for_selector("main h1")
        return page

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def people(browser, live_server):
    """Open a browser session per person; all are closed after the test."""
    opened: list[Session] = []

    def open_session(screen: str = "laptop") -> Session:
        session = Session(browser, live_server.config["LIVE_URL"], screen)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.close()


def go(page, selector: str) -> None:
    """Click something that loads a new page, and wait for that page."""
    with page.expect_navigation():
        page.click(selector)
