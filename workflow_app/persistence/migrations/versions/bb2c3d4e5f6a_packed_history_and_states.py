"""Packed history payloads, states and hashes (issue 15: <= 10 KB per finished dossier)

History payloads and human tasks' data are stored as compact JSON deflated against a preset
dictionary, workflow states deflated against another (workflow_app/persistence/packing.py),
history hashes as their 32 bytes. On PostgreSQL these columns become `bytea` (states stay in
their row: STORAGE MAIN); SQLite keeps its column types and stores BLOBs. Every existing row
is rewritten in the new form; the application reads the old forms too, so a partly converted
database still verifies.

Revision ID: bb2c3d4e5f6a
Revises: bb1c2d3e4f5a
Create Date: 2026-12-08 00:30:00
"""

import json
import zlib

import sqlalchemy as sa
from alembic import op

from workflow_app.persistence.packing import inflate, pack_json, pack_state, unpack_json

revision = "bb2c3d4e5f6a"
down_revision = "bb1c2d3e4f5a"
branch_labels = None
depends_on = None

BATCH = 2000
EVENTS = sa.table(
    "history_events", sa.column("id"), sa.column("data"), sa.column("prev_hash"), sa.column("hash")
)
STATES = sa.table("process_instances", sa.column("id"), sa.column("state"))
TASKS = sa.table("human_tasks", sa.column("id"), sa.column("data"))


def _as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _packed_event(row) -> dict:
    data = row.data if isinstance(row.data, dict | list) else unpack_json(row.data)
    return {
        "data": pack_json(data),
        "prev_hash": bytes.fromhex(_text(row.prev_hash)),
        "hash": bytes.fromhex(_text(row.hash)),
    }


def _packed_data(row) -> dict:
    if row.data is None:
        return {"data": None}
    return {
        "data": pack_json(row.data if isinstance(row.data, dict | list) else unpack_json(row.data))
    }


def _plain_data(row, postgres: bool) -> dict:
    if row.data is None:
        return {"data": None}
    plain = json.dumps(unpack_json(row.data))
    return {"data": plain.encode("utf-8") if postgres else plain}


def _plain_event(row, postgres: bool) -> dict:
    """The row as it was stored before (PostgreSQL: as the bytes its ALTER then converts)."""
    plain = {
        "data": json.dumps(unpack_json(row.data)),
        "prev_hash": _text(row.prev_hash),
        "hash": _text(row.hash),
    }
    return {k: v.encode("utf-8") for k, v in plain.items()} if postgres else plain


def _text(value) -> str:
    return value if isinstance(value, str) else bytes(value).hex()


def _rewrite(table, columns: list[str], convert) -> None:
    """Rewrite every row of `table` (`columns` through `convert`), a batch of ids at a time."""
    bind = op.get_bind()
    selected = [table.c.id, *(table.c[name] for name in columns)]
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"new_{name}") for name in columns})
    )
    last = 0
    while True:
        stmt = sa.select(*selected).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        rows = bind.execute(stmt).all()
        if not rows:
            return
        changes = []
        for row in rows:
            new = convert(row)
            changes.append({"row_id": row.id, **{f"new_{k}": v for k, v in new.items()}})
        bind.execute(update, changes)
        last = rows[-1].id


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(
            "ALTER TABLE history_events "
            "ALTER COLUMN data TYPE bytea USING convert_to(data::text, 'UTF8'), "
            "ALTER COLUMN prev_hash TYPE bytea USING decode(prev_hash, 'hex'), "
            "ALTER COLUMN hash TYPE bytea USING decode(hash, 'hex')"
        )
        op.execute(
            "ALTER TABLE process_instances "
            "ALTER COLUMN state TYPE bytea USING convert_to(state, 'UTF8'), "
            "ALTER COLUMN state SET STORAGE MAIN"
        )
        op.execute(
            "ALTER TABLE human_tasks "
            "ALTER COLUMN data TYPE bytea USING convert_to(data::text, 'UTF8')"
        )
    _rewrite(EVENTS, ["data", "prev_hash", "hash"], _packed_event)
    _rewrite(
        STATES, ["state"], lambda row: {"state": pack_state(inflate(_as_bytes(row.state)).decode())}
    )
    _rewrite(TASKS, ["data"], _packed_data)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _rewrite(EVENTS, ["data", "prev_hash", "hash"], lambda row: _plain_event(row, postgres))
    _rewrite(TASKS, ["data"], lambda row: _plain_data(row, postgres))
    if postgres:
        _rewrite(STATES, ["state"], lambda row: {"state": inflate(_as_bytes(row.state))})
        op.execute(
            "ALTER TABLE history_events "
            "ALTER COLUMN data TYPE json USING convert_from(data, 'UTF8')::json, "
            "ALTER COLUMN prev_hash TYPE varchar(64) USING convert_from(prev_hash, 'UTF8'), "
            "ALTER COLUMN hash TYPE varchar(64) USING convert_from(hash, 'UTF8')"
        )
        op.execute(
            "ALTER TABLE human_tasks "
            "ALTER COLUMN data TYPE json USING convert_from(data, 'UTF8')::json"
        )
        op.execute(
            "ALTER TABLE process_instances ALTER COLUMN state SET STORAGE EXTENDED, "
            "ALTER COLUMN state TYPE text USING convert_from(state, 'UTF8')"
        )
    else:  # SQLite kept its states zlib-compressed before
        _rewrite(
            STATES, ["state"], lambda row: {"state": zlib.compress(inflate(_as_bytes(row.state)))}
        )
