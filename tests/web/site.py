"""A whole demo site for the page-wide browser checks (layout sizes, crawl, axe, plain words).

It runs on its own database, so the dossiers, decision, posting and report it creates never
change what the other browser tests count (caps, inboxes, candidates). One server and one
signed-in browser context per demo user serve every check of the session.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from tests.api.test_chain import FULL_CHAIN, walk
from tests.api.test_postings import labour_order
from tests.api.test_selections import proposed, sitting
from tests.conftest import DEMO_PASSWORD, POSTGRES_URL
from tests.factories import COUNCIL_PASSED, Api
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate

from .browser import WEB_DATABASES, MovingClock, Session

DATABASE = "workflow_test_pages"
# The demo users of CONTRACT.md's roles, and Lạng Sơn's for the yearly reports.
ROLES = [
    "hcm-unit",
    "hcm-sgd",
    "hcm-snv",
    "hcm-ubnd",
    "central",
    "hcm-admin",
    "hcm-auditor",
    "lang-son-unit",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@dataclass
class Site:
    """The live app, the ids of the things the demo holds, and a signed-in page per user."""

    app: object
    base_url: str
    ids: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)

    def page_as(self, browser, username: str | None):
        """The page of `username`'s browser (None: nobody signed in), opened once."""
        if username not in self.sessions:
            session = Session(browser, self.base_url)
            if username:
                session.login(username)
            self.sessions[username] = session
        return self.sessions[username].page


def _postgres_url() -> str:
    url = make_url(POSTGRES_URL)
    admin = make_url(POSTGRES_URL).set(database="postgres")
    from workflow_app.persistence.db import make_engine

    engine = make_engine(admin.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()
    return url.set(database=DATABASE).render_as_string(hide_password=False)


def _fill(api: Api) -> dict:
    """A dossier at each kind of step, a sitting, a posting and a decision (the demo has the
    yearly reports)."""
    submitted = api.gen_submitted("bang-khen-ubnd")["id"]  # the unit's council step
    at_sgd = api.gen_submitted("bang-khen-ubnd")["id"]
    assert api.complete_open(at_sgd, COUNCIL_PASSED).status_code == 200
    approved = []
    for kind in ("individual", "collective"):
        nominee = api.gen_nominee(kind=kind)
        dossier = api.gen_submitted("bang-khen-ubnd", nominee=nominee)["id"]
        walk(api, dossier, FULL_CHAIN[:5])
        approved.append(dossier)
    decision = api.post(
        "/decisions",
        "hcm-ubnd",
        json={
            "level": "ubnd",
            "award_form": "bang-khen-ubnd",
            "number": 77,
            "symbol": "QĐ-UBND",
            "signed_on": "2025-05-05",
            "signer_name": "Phan Văn Mãi",
            "signer_title": "Chủ tịch",
            "dossier_ids": approved,
        },
    )
    assert decision.status_code == 201, decision.json
    posted = labour_order(api)
    posting = api.open_posting([posted])
    assert posting.status_code == 201, posting.json
    reports = api.get("/reports", "lang-son-unit").json["items"]  # the demo's own
    dossier = api.dossier(at_sgd)
    events = api.get(f"/dossiers/{approved[0]}/history", "hcm-auditor").json["events"]
    decided = [e["seq"] for e in events if e["type"] == "task_completed"]
    return {
        "decisions_seq": decided[1:3],  # two of the chain's decisions, for the audit diff
        "submitted": submitted,
        "at_sgd": at_sgd,
        "approved": approved[0],
        "posted": posted,
        "task_unit": api.open_task(submitted)["id"],
        "task_sgd": api.open_task(at_sgd)["id"],
        "nominee": dossier["nominee"]["id"],
        "decision": decision.json["id"],
        "posting": posting.json["id"],
        "report": reports[0]["id"],
        "sitting": _a_sitting(api),
    }


def _a_sitting(api: Api) -> int:
    """S1: a tong-ket-2030 Bằng khen UBND candidate selected at Sở GDĐT's sitting."""
    [dossier] = proposed(api, 1)
    response = sitting(api, {dossier: 12})
    assert response.status_code == 201, response.json
    return response.json["id"]


def _live_app(url: str, tmp):
    """The app on a migrated database with the bundled models and the demo, as `make run`."""
    migrate.upgrade(url)
    config = {"DATABASE_URL": url, "DEMO_PASSWORD": DEMO_PASSWORD, "SECRET_KEY": "pages"}
    app = create_app({**config, "UPLOAD_DIR": str(tmp / "uploads"), "CLOCK": MovingClock()})
    runner = app.test_cli_runner()
    for args in (["models", "import", str(PROJECT_ROOT)], ["seed-demo"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (result.output, result.exception)
    return app


@pytest.fixture(scope="session", params=WEB_DATABASES)
def site(request, tmp_path_factory, browser) -> Iterator[Site]:
    """The demo app on its own database, filled once, served on a free port."""
    tmp = tmp_path_factory.mktemp("site")
    url = _postgres_url() if request.param == "postgresql" else f"sqlite:///{tmp / 'site.db'}"
    app = _live_app(url, tmp)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    result = Site(app, f"http://127.0.0.1:{server.server_port}")
    result.ids = _fill(Api(app.test_client(), DEMO_PASSWORD))
    yield result
    for session in result.sessions.values():
        session.close()
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["workflow_db"].engine.dispose()
