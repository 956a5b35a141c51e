"""Can an operator back up, restore and prove the copy whole, as README's "Backup and
restore" says: the database (the SQLite backup API, or pg_dump/pg_restore) plus the upload
folder, then `documents sweep` and `audit verify` on the restored copy?"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime

import pytest
from sqlalchemy import make_url, text

from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate
from workflow_app.persistence.db import make_engine

from ..conftest import DATABASES, DEMO_PASSWORD, POSTGRES_URL
from ..factories import APPROVE, COUNCIL_PASSED, Api

NOW = datetime(2025, 5, 5, 8, 0)


def _fresh_postgres(name: str) -> str:
    """An empty database `name` on the test server, for a source or a restored copy."""
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _app(url: str, uploads) -> object:
    return create_app(
        {
            "DATABASE_URL": url,
            "UPLOAD_DIR": str(uploads),
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "SECRET_KEY": "backup-test",
            "CLOCK": lambda: NOW,
            "TESTING": True,
        }
    )


def _live_dossier(app) -> int:
    """A submitted dossier with documents, one step completed: history, files, state."""
    runner = app.test_cli_runner()
    for args in (["seed-demo"], ["models", "import", str(PROJECT_ROOT)]):
        assert runner.invoke(args=args).exit_code == 0
    api = Api(app.test_client(), DEMO_PASSWORD)
    dossier = api.gen_submitted("bang-khen-ubnd")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    return dossier["id"]


def _copy_database(kind: str, source: str, tmp_path) -> str:
    if kind == "sqlite":
        target = tmp_path / "restored.db"
        with sqlite3.connect(make_url(source).database) as live, sqlite3.connect(target) as copy:
            live.backup(copy)  # consistent while the app keeps running
        return f"sqlite:///{target}"
    dump = tmp_path / "workflow.dump"
    source_url = make_url(source).set(drivername="postgresql").render_as_string(False)
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), source_url], check=True)
    restored = _fresh_postgres("workflow_test_restored")
    restored_url = make_url(restored).set(drivername="postgresql").render_as_string(False)
    subprocess.run(["pg_restore", "--no-owner", "-d", restored_url, str(dump)], check=True)
    return restored


@pytest.mark.rule("X4")
@pytest.mark.parametrize("kind", DATABASES)
def test_a_restored_backup_sweeps_clean_and_every_history_verifies(kind, tmp_path):
    """After backup and restore, are the files all there and does every dossier replay?"""
    if kind == "sqlite":
        source = f"sqlite:///{tmp_path / 'live.db'}"
    else:
        source = _fresh_postgres("workflow_test_backup")
    migrate.upgrade(source)
    live = _app(source, tmp_path / "uploads")
    dossier_id = _live_dossier(live)
    restored_url = _copy_database(kind, source, tmp_path)
    shutil.copytree(tmp_path / "uploads", tmp_path / "restored-uploads")
    live.extensions["workflow_db"].engine.dispose()

    restored = _app(restored_url, tmp_path / "restored-uploads")
    runner = restored.test_cli_runner()
    swept = runner.invoke(args=["documents", "sweep"])
    assert swept.exit_code == 0, swept.output
    assert "0 missing, 0 orphan(s)" in swept.output
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    copy = Api(restored.test_client(), DEMO_PASSWORD).dossier(dossier_id)
    assert copy["status"] == "in_progress" and copy["open_tasks"][0]["name"] == "sector_council"
    restored.extensions["workflow_db"].engine.dispose()
