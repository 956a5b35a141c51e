"""Web sign-in attempts and the indexes of the reviewer inbox

The browser UI limits wrong passwords per account and per address; the attempts live in
`login_attempts` so the limit holds across app processes and machines. The inbox pages
open tasks by due date or by age for one lane and jurisdiction at a time (keyset pages
that stay fast with hundreds of thousands of tasks), so `human_tasks` gets an index for
each order.

Revision ID: b7e1c0a4d3f2
Revises: 3d746160d0c8
Create Date: 2026-11-23 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7e1c0a4d3f2"
down_revision = "3d746160d0c8"
branch_labels = None
depends_on = None

INBOX_COLUMNS = ["state", "lane", "jurisdiction_id"]


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts") as batch:
        batch.create_index("ix_login_attempts_username_at", ["username", "at"])
        batch.create_index("ix_login_attempts_address_at", ["address", "at"])
    with op.batch_alter_table("human_tasks") as batch:
        batch.create_index("ix_human_tasks_inbox_due", [*INBOX_COLUMNS, "due_at", "id"])
        batch.create_index("ix_human_tasks_inbox_age", [*INBOX_COLUMNS, "created_at", "id"])
        batch.create_index("ix_human_tasks_unit_due", ["state", "unit_id", "due_at"])


def downgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch:
        batch.drop_index("ix_human_tasks_unit_due")
        batch.drop_index("ix_human_tasks_inbox_age")
        batch.drop_index("ix_human_tasks_inbox_due")
    op.drop_table("login_attempts")
