"""Audit checkpoints, and storage at scale

`audit verify` stores per dossier what it proved (history length, head hash, stored-state
hash, sealed with the app's key), so the next run replays only dossiers whose chain or state
moved since. `human_tasks` is indexed where it is searched: the inbox indexes cover open
tasks only (partial indexes), so the tasks of finished dossiers cost no index space. The
history's own index on `dossier_id` goes: the unique (dossier_id, seq)
index already serves every lookup by dossier. On PostgreSQL the rows rewritten at every step
(dossiers, process instances, human tasks) leave room in their pages (fill factor), so an
update can stay in the page (HOT) instead of moving the row and touching every index.

Revision ID: c9a0b1d2e3f4
Revises: b8f9a0c1d2e3
Create Date: 2026-11-25 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c9a0b1d2e3f4"
down_revision = "b8f9a0c1d2e3"
branch_labels = None
depends_on = None

REWRITTEN = {"dossiers": 85, "process_instances": 70, "human_tasks": 90}
OPEN = "state = 'open'"
# Inbox indexes, searched only for open tasks: (name, columns before, columns now open-only).
INBOX = [
    ("ix_human_tasks_inbox", ["state", "lane", "jurisdiction_id", "id"]),
    ("ix_human_tasks_claimed", ["state", "claimed_by_id", "id"]),
    ("ix_human_tasks_inbox_due", ["state", "lane", "jurisdiction_id", "due_at", "id"]),
    ("ix_human_tasks_inbox_age", ["state", "lane", "jurisdiction_id", "created_at", "id"]),
    ("ix_human_tasks_unit_due", ["state", "unit_id", "due_at"]),
]


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("history_length", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_audit_checkpoints_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_audit_checkpoints")),
    )
    with op.batch_alter_table("history_events") as batch:
        batch.drop_index("ix_history_events_dossier_id")
    for name, columns in INBOX:
        op.drop_index(name, table_name="human_tasks")
        op.create_index(
            name,
            "human_tasks",
            columns[1:],
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
    if op.get_bind().dialect.name == "postgresql":
        for table, fill in REWRITTEN.items():
            op.execute(f"ALTER TABLE {table} SET (fillfactor = {fill})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in REWRITTEN:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
    for name, columns in INBOX:
        op.drop_index(name, table_name="human_tasks")
        op.create_index(name, "human_tasks", columns)
    with op.batch_alter_table("history_events") as batch:
        batch.create_index("ix_history_events_dossier_id", ["dossier_id"])
    op.drop_table("audit_checkpoints")
