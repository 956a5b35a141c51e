"""Packed storage (issue 15): history payloads and states deflated against frozen dictionaries,
hashes as bytes; rows of either form read back alike, and the migration converts them."""

from __future__ import annotations

import importlib.util
import json
import zlib
from datetime import datetime

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import create_engine, text

from tests.conftest import DEMO_PASSWORD
from tests.factories import COUNCIL_PASSED, Api
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate, zdicts
from workflow_app.persistence.packing import pack_json, pack_state, unpack_json, unpack_state

MIGRATION = next(
    (PROJECT_ROOT / "workflow_app/persistence/migrations/versions").glob("bb2c3d4e5f6a_*.py")
)


def _run_migration(engine, direction: str) -> None:
    """This change's migration alone, either way (the other heads stay as they are)."""
    spec = importlib.util.spec_from_file_location("packing_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        getattr(module, direction)()


def test_the_dictionaries_never_change():
    """Rows packed against a dictionary read back only with the very same bytes: are they
    still the ones every stored row was written with?"""
    assert zlib.adler32(zdicts.HISTORY_DICTIONARY) == 1705379239
    assert zlib.adler32(zdicts.STATE_DICTIONARY) == 3258704564


def test_packed_values_and_values_stored_before_read_back_alike():
    """Does a payload or state read back equal, whether packed now, stored as plain JSON text,
    or (a state) zlib-compressed as SQLite kept it before?"""
    payload = {"title": "Hội đồng TĐKT đơn vị họp xét", "form": {"votes_for": 8}, "n": None}
    as_before = json.dumps(payload)  # how the JSON column wrote it: spaces, \\u escapes
    assert len(pack_json(payload)) < len(as_before) / 2
    for stored in (pack_json(payload), as_before):
        assert unpack_json(stored) == payload
    state = '{"data":{"award_form":"giay-khen-so"},"tasks":{}}'
    for stored in (pack_state(state), zlib.compress(state.encode()), state):
        assert unpack_state(stored) == state


def _history_forms(connection, dossier_id: int) -> set[tuple]:
    rows = connection.execute(
        text(
            "SELECT typeof(data), typeof(hash), length(hash) FROM history_events "
            "WHERE dossier_id = :d"
        ),
        {"d": dossier_id},
    )
    return {tuple(row) for row in rows}


@pytest.fixture
def file_app(tmp_path):
    """An app on a file of its own (the migration runs on it), seeded, models imported."""
    url = f"sqlite:///{tmp_path / 'packed.db'}"
    migrate.upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "SECRET_KEY": "packing-test",
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "CLOCK": lambda: datetime(2025, 5, 5, 8, 0),
        }
    )
    for args in (["seed-demo"], ["models", "import", str(PROJECT_ROOT)]):
        assert app.test_cli_runner().invoke(args=args).exit_code == 0
    yield app, url
    app.extensions["workflow_db"].engine.dispose()


@pytest.mark.rule("X4")
def test_the_migration_packs_existing_rows_and_every_chain_still_verifies(file_app):
    """A dossier recorded before the change (plain JSON, hex hashes, zlib state), then
    migrated: are its rows packed, and do its chain, replay and export verify before and after
    (the hash covers the same content whatever the storage)?"""
    app, url = file_app
    api = Api(app.test_client(), DEMO_PASSWORD)
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    app.extensions["workflow_db"].engine.dispose()
    engine = create_engine(url)
    try:
        _run_migration(engine, "downgrade")  # back to the rows as stored before
        with engine.connect() as connection:
            assert _history_forms(connection, dossier["id"]) == {("text", "text", 64)}
        assert _verified(app, dossier["id"])
        _run_migration(engine, "upgrade")
        with engine.connect() as connection:
            assert {form[1:] for form in _history_forms(connection, dossier["id"])} == {
                ("blob", 32)
            }
            state = connection.execute(
                text("SELECT state FROM process_instances WHERE dossier_id = :d"),
                {"d": dossier["id"]},
            ).scalar_one()
        assert state[0] == 2 and len(state) < len(unpack_state(state)) / 5
        assert _verified(app, dossier["id"])
        export = api.get(f"/dossiers/{dossier['id']}/export", "hcm-auditor")
        assert export.status_code == 200 and export.json["verification"]["chain_holds"]
    finally:
        engine.dispose()


def _verified(app, dossier_id: int) -> bool:
    result = app.test_cli_runner().invoke(
        args=["audit", "verify", "--full", "--dossier", str(dossier_id)]
    )
    return result.exit_code == 0 and "1 dossier(s) verified" in result.output
