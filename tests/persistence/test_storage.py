"""Storage at scale (issue 15): states compressed where the database does not, inbox indexes
only over open tasks."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from tests.factories import COUNCIL_PASSED
from workflow_app.persistence.models import ProcessInstance


def test_a_stored_state_reads_back_whole_and_sqlite_keeps_it_compressed(api, db, connection):
    """Does a dossier's state read back as the JSON the engine wrote, while both databases
    store far fewer bytes than that (packed, issue 15)?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    table = ProcessInstance.__table__
    where = table.c.dossier_id == dossier["id"]
    with db.unit_of_work() as session:
        state = session.execute(select(table.c.state).where(where)).scalar_one()
    assert state.startswith("{") and '"award_form":"giay-khen-so"' in state
    if connection.dialect.name == "sqlite":
        kind, size = connection.execute(
            text(
                "SELECT typeof(state), length(state) FROM process_instances WHERE dossier_id = :d"
            ),
            {"d": dossier["id"]},
        ).one()
        assert kind == "blob" and size < len(state) / 3, (kind, size, len(state))
    else:
        size = connection.execute(
            text("SELECT octet_length(state) FROM process_instances WHERE dossier_id = :d"),
            {"d": dossier["id"]},
        ).scalar_one()
        assert size < len(state) / 3, (size, len(state))


def test_inbox_indexes_cover_open_tasks_only(engine):
    """Are the inbox's indexes partial (open tasks), and is the history's own dossier index
    gone (the unique (dossier_id, seq) index serves it)?"""
    inspector = inspect(engine)
    indexes = {index["name"]: index for index in inspector.get_indexes("human_tasks")}
    for name in ("ix_human_tasks_inbox", "ix_human_tasks_inbox_due", "ix_human_tasks_claimed"):
        assert "state" not in indexes[name]["column_names"], indexes[name]
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'ix_human_tasks_inbox'")
            ).scalar_one()
        else:
            sql = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_human_tasks_inbox'")
            ).scalar_one()
    assert "state = 'open'" in sql.replace("(", "").replace(")", "").replace("::text", "")
    history = {index["name"] for index in inspector.get_indexes("history_events")}
    assert "ix_history_events_dossier_id" not in history
