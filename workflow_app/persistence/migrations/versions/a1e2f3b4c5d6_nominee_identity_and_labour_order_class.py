"""Nominee identity and the Huân chương Lao động class

E2: individuals carry `sex` and `citizen_id` (unique per jurisdiction among the rows that
have one, by a partial unique index); collectives carry `staff_total` and `women_total` (the
tie-break of S3). E3: a dossier records the proposed class of a Huân chương Lao động.
Existing rows keep these empty.

Revision ID: a1e2f3b4c5d6
Revises: c4f8a2e6b1d9
Create Date: 2026-11-26 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1e2f3b4c5d6"
down_revision = "c4f8a2e6b1d9"
branch_labels = None
depends_on = None

# A literal snapshot of the model's condition (migrations never import the models).
CITIZEN_ID_PRESENT = "citizen_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("nominees") as batch:
        batch.add_column(sa.Column("sex", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("citizen_id", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("staff_total", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("women_total", sa.Integer(), nullable=True))
        batch.create_index(
            "uq_nominees_jurisdiction_citizen_id",
            ["jurisdiction_id", "citizen_id"],
            unique=True,
            sqlite_where=sa.text(CITIZEN_ID_PRESENT),
            postgresql_where=sa.text(CITIZEN_ID_PRESENT),
        )
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("labour_order_class", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("labour_order_class")
    with op.batch_alter_table("nominees") as batch:
        batch.drop_index(
            "uq_nominees_jurisdiction_citizen_id",
            sqlite_where=sa.text(CITIZEN_ID_PRESENT),
            postgresql_where=sa.text(CITIZEN_ID_PRESENT),
        )
        batch.drop_column("women_total")
        batch.drop_column("staff_total")
        batch.drop_column("citizen_id")
        batch.drop_column("sex")
