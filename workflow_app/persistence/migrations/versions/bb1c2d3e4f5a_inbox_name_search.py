"""The inbox finds nominees without accents, through indexes

Issue 15 (inbox at a million): each task keeps its nominee's name folded (no accents, đ -> d,
lower case; see `domain.name_search.fold_name`), and `folded_names` holds each folded name
once. A search finds the matching names first (`LIKE '%tran van minh%'`, through a GIN
trigram index on PostgreSQL, pg_trgm; a scan of the distinct names on SQLite), then the open
tasks that carry them (an equality index). Names repeat, so the distinct names are far fewer
than the tasks, and trigram lists over a million tasks would be long for every common
syllable. Existing tasks and names are filled here. A unit's inbox gets an index of its own
(lane, unit, due date), so its capped counts stop early too.

Revision ID: bb1c2d3e4f5a
Revises: dd1e2f3a4b5c
Create Date: 2026-12-08 00:40:00
"""

import sqlalchemy as sa
from alembic import op

from workflow_app.domain.name_search import fold_name

revision = "bb1c2d3e4f5a"
down_revision = "dd1e2f3a4b5c"
branch_labels = None
depends_on = None

OPEN = "state = 'open'"
# Open tasks only: by folded name (a search's matches); a unit's inbox by due date, whose
# capped counts then stop at 1,001 entries instead of scanning the unit's every lane.
INDEXES = {
    "ix_human_tasks_nominee": ["nominee_folded"],
    "ix_human_tasks_unit_inbox": ["lane", "unit_id", "due_at", "id"],
}
BATCH = 5000


def _backfill(connection) -> None:
    """Fold each nominee's name once and write it to all their tasks, a batch at a time."""
    names = connection.execute(
        sa.text(
            "SELECT DISTINCT n.id, n.name FROM nominees n"
            " JOIN dossiers d ON d.nominee_id = n.id"
            " JOIN human_tasks t ON t.dossier_id = d.id"
        )
    ).all()
    update = sa.text(
        "UPDATE human_tasks SET nominee_folded = :folded WHERE dossier_id IN"
        " (SELECT id FROM dossiers WHERE nominee_id = :nominee)"
    )
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        connection.execute(update, [{"folded": fold_name(n), "nominee": i} for i, n in batch])
    folded = sorted({fold_name(name) for _, name in names} - {""})
    insert = sa.text("INSERT INTO folded_names (folded) VALUES (:folded)")
    for start in range(0, len(folded), BATCH):
        connection.execute(insert, [{"folded": f} for f in folded[start : start + BATCH]])


def upgrade() -> None:
    op.create_table(
        "folded_names",
        sa.Column("folded", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("folded", name=op.f("pk_folded_names")),
    )
    with op.batch_alter_table("human_tasks") as batch:
        batch.add_column(
            sa.Column("nominee_folded", sa.String(length=300), nullable=False, server_default="")
        )
    _backfill(op.get_bind())
    for name, columns in INDEXES.items():
        op.create_index(
            name,
            "human_tasks",
            columns,
            postgresql_where=sa.text(OPEN),
            sqlite_where=sa.text(OPEN),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # On SQLite a plain index (the primary key's twin), so both databases match the models.
    op.create_index(
        "ix_folded_names_trgm",
        "folded_names",
        ["folded"],
        postgresql_using="gin",
        postgresql_ops={"folded": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_folded_names_trgm", table_name="folded_names")
    for name in INDEXES:
        op.drop_index(name, table_name="human_tasks")
    with op.batch_alter_table("human_tasks") as batch:
        batch.drop_column("nominee_folded")
    op.drop_table("folded_names")
