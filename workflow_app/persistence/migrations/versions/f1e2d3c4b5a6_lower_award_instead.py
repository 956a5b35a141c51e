"""The level's own lower award form, given instead to a candidate not selected (S4)

A sitting may give a candidate left out of the quota the level's own lower form (Bằng khen
UBND instead of Bằng khen Thủ tướng, the Sở's Giấy khen instead of Bằng khen UBND): the
sitting's row records it, and the dossier keeps the form it was in the end awarded.

Revision ID: f1e2d3c4b5a6
Revises: b2f3a4c5d6e7
Create Date: 2026-11-25 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f1e2d3c4b5a6"
down_revision = "b2f3a4c5d6e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("selection_candidates") as batch:
        batch.add_column(sa.Column("lower_award_form", sa.String(length=64), nullable=True))
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("awarded_form", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("awarded_form")
    with op.batch_alter_table("selection_candidates") as batch:
        batch.drop_column("lower_award_form")
