"""Rule sets by date, per-lane receipts, achievement periods and hold outcomes

R1: `rule_sets` holds Decree 98/2023 (until 30 June 2025) and Decree 152/2025 (from
1 July 2025), each with its hold kinds, council thresholds and posting period; dossiers
submitted before 1 July 2025 (Vietnam time) are re-stamped with Decree 98.
T5: `dossier_receipts` keeps when each dossier first reached each lane, filled from the
inbox projection for dossiers already in flight.
R2: dossiers gain an achievement period; holds gain an outcome when cleared.
T1-T3: the deadlines the system loaded (midnight UTC, 07:00 in Vietnam) move to midnight
Vietnam time, the end of the day before.

Revision ID: c3a4b5d6e7f8
Revises: f1e2d3c4b5a6
Create Date: 2026-11-25 19:20:00
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "c3a4b5d6e7f8"
down_revision = "f1e2d3c4b5a6"
branch_labels = None
depends_on = None

HCMC_KINDS = [
    "disciplinary-review",
    "administrative-violation",
    "criminal-proceedings",
    "inspection",
    "complaint",
]
THRESHOLDS = {"co-thi-dua-bo": 80}  # Cờ thi đua: at least 80% of all council members
RULE_SETS = [
    {
        "key": "nd-98-2023",
        "title": "Nghị định 98/2023/NĐ-CP",
        "legal_basis": "Nghị định 98/2023/NĐ-CP hướng dẫn Luật Thi đua, khen thưởng 2022",
        "applies_from": None,  # every earlier dossier: none here predates it
        "applies_until": date(2025, 6, 30),
        "hold_kinds": HCMC_KINDS,
        "council_thresholds": THRESHOLDS,
        "posting_working_days": 10,
    },
    {
        "key": "nd-152-2025",
        "title": "Nghị định 152/2025/NĐ-CP",
        "legal_basis": "Nghị định 152/2025/NĐ-CP thay thế Nghị định 98/2023/NĐ-CP",
        "applies_from": date(2025, 7, 1),
        "applies_until": None,
        "hold_kinds": [*HCMC_KINDS, "press-allegation"],
        "council_thresholds": THRESHOLDS,
        "posting_working_days": 10,
    },
]
# 1 July 2025 00:00 in Vietnam (UTC+7), as the naive UTC the app stores.
DECREE_152_STARTS = datetime(2025, 6, 30, 17, 0)
VIETNAM_OFFSET = timedelta(hours=7)


def upgrade() -> None:
    rule_sets = op.create_table(
        "rule_sets",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("legal_basis", sa.String(length=500), nullable=False),
        sa.Column("applies_from", sa.Date(), nullable=True),
        sa.Column("applies_until", sa.Date(), nullable=True),
        sa.Column("hold_kinds", sa.JSON(), nullable=False),
        sa.Column("council_thresholds", sa.JSON(), nullable=False),
        sa.Column("posting_working_days", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    now = datetime.utcnow().replace(microsecond=0)
    op.bulk_insert(
        rule_sets, [{**row, "updated_by": "system", "updated_at": now} for row in RULE_SETS]
    )
    op.create_table(
        "dossier_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", "lane", name="uq_dossier_receipts_dossier_lane"),
    )
    op.execute(
        "INSERT INTO dossier_receipts (dossier_id, lane, received_at) "
        "SELECT dossier_id, lane, MIN(created_at) FROM human_tasks "
        "WHERE dossier_id IN (SELECT id FROM dossiers) GROUP BY dossier_id, lane"
    )
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("achievement_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("achievement_to", sa.Date(), nullable=True))
    with op.batch_alter_table("holds") as batch:
        batch.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("discipline_ended_on", sa.Date(), nullable=True))
    op.execute("UPDATE holds SET outcome = 'dismissed' WHERE cleared_at IS NOT NULL")
    dossiers = sa.table(
        "dossiers", sa.column("rule_set", sa.String), sa.column("submitted_at", sa.DateTime)
    )
    op.execute(
        dossiers.update()
        .where(dossiers.c.submitted_at < DECREE_152_STARTS)
        .values(rule_set="nd-98-2023")
    )
    _shift_loaded_deadlines(-VIETNAM_OFFSET)


def _shift_loaded_deadlines(by: timedelta) -> None:
    """Deadlines the system loaded at a UTC midnight (never an admin's) move by `by`."""
    table = sa.table(
        "round_deadlines",
        sa.column("id", sa.Integer),
        sa.column("deadline", sa.DateTime),
        sa.column("updated_by", sa.String),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(table.c.id, table.c.deadline).where(table.c.updated_by == "system")
    )
    for row_id, deadline in list(rows):
        moved = deadline + by
        if (by < timedelta(0) and deadline.time() == datetime.min.time()) or (
            by > timedelta(0) and moved.time() == datetime.min.time()
        ):
            bind.execute(table.update().where(table.c.id == row_id).values(deadline=moved))


def downgrade() -> None:
    _shift_loaded_deadlines(VIETNAM_OFFSET)
    op.execute("UPDATE dossiers SET rule_set = 'nd-152-2025' WHERE rule_set = 'nd-98-2023'")
    with op.batch_alter_table("holds") as batch:
        batch.drop_column("discipline_ended_on")
        batch.drop_column("outcome")
    op.drop_table("dossier_receipts")  # before its parent table is rebuilt
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("achievement_to")
        batch.drop_column("achievement_from")
    op.drop_table("rule_sets")
