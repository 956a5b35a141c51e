"""Tasks assigned to a named colleague with a note and a follow-up date; saved inbox views

Like Camunda Tasklist: a task may be assigned to one colleague of its lane's role (who
then works it; others see it but cannot take it), carry a follow-up date, and collect
comments (kept as history events, so no table). Each user keeps named inbox filters and
the dossier columns their inbox shows.

Revision ID: ff1a2b3c4d5e
Revises: cc1d2e3f4a5b
Create Date: 2026-12-08 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "ff1a2b3c4d5e"
down_revision = "cc1d2e3f4a5b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch:
        batch.add_column(sa.Column("assigned_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("assignment_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            "fk_human_tasks_assigned_by_id_users", "users", ["assigned_by_id"], ["id"]
        )
    op.create_table(
        "inbox_views",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "name", name="uq_inbox_views_user_id"),
    )
    op.create_table(
        "inbox_columns",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("columns", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("inbox_columns")
    op.drop_table("inbox_views")
    with op.batch_alter_table("human_tasks") as batch:
        batch.drop_constraint("fk_human_tasks_assigned_by_id_users", type_="foreignkey")
        batch.drop_column("follow_up_on")
        batch.drop_column("assignment_note")
        batch.drop_column("assigned_by_id")
