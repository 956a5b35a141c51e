"""Settings history and jurisdictions' own hold kinds

Administrators now edit caps, round deadlines, hold kinds, holidays, users and role grants
on admin pages; `setting_changes` keeps every change (before, after, who, when) so the
history of each setting can be shown and audited. Hold kinds gain an optional
jurisdiction: the seeded kinds stay national, an administrator may add kinds of their own.

Revision ID: e7a1c2d3b4f5
Revises: d5b2e3f4a6c7
Create Date: 2026-11-23 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e7a1c2d3b4f5"
down_revision = "d5b2e3f4a6c7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.String(length=32), nullable=False),
        sa.Column("subject_key", sa.String(length=300), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_setting_changes_subject",
        "setting_changes",
        ["jurisdiction_id", "subject", "changed_at"],
    )
    with op.batch_alter_table("hold_kinds") as batch:
        batch.add_column(sa.Column("jurisdiction_id", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            "fk_hold_kinds_jurisdiction_id", "jurisdictions", ["jurisdiction_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("hold_kinds") as batch:
        batch.drop_constraint("fk_hold_kinds_jurisdiction_id", type_="foreignkey")
        batch.drop_column("jurisdiction_id")
    op.drop_index("ix_setting_changes_subject", table_name="setting_changes")
    op.drop_table("setting_changes")
