"""Tasks name the instance of a multi-instance step they are (C2: the consulted agency)

Issue 17, C2: Sở GDĐT consults several agencies at once, one task per agency from one BPMN
user task. `instance_key` keeps which agency a task is for, so the inbox shows it, the
history records it and a replay completes the same instance again.

Revision ID: cc1d2e3f4a5b
Revises: bb2c3d4e5f6a
Create Date: 2026-12-08 00:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "cc1d2e3f4a5b"
down_revision = "bb2c3d4e5f6a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch:
        batch.add_column(sa.Column("instance_key", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("human_tasks") as batch:
        batch.drop_column("instance_key")
