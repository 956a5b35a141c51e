"""Notifications: users' e-mail addresses, the mail outbox and each user's preferences

Issue 18. A mail is written to `outbox_mails` in the transaction of the event that causes
it (a task offered or assigned, a dossier returned or decided, the daily digest) and sent
later by the queue's worker. `notification_preferences` holds what a user opted out of;
no row means every notice is on.

Revision ID: ab9c8d7e6f5a
Revises: ff1a2b3c4d5e
Create Date: 2026-12-08 00:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "ab9c8d7e6f5a"
down_revision = "ff1a2b3c4d5e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=320), nullable=True))
    op.create_table(
        "outbox_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("listed_for", sa.String(length=64), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("transport", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_outbox_mails_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["human_tasks.id"],
            name=op.f("fk_outbox_mails_task_id_human_tasks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_outbox_mails_dossier_id_dossiers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mails")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_mails_dedupe_key")),
    )
    op.create_index("ix_outbox_mails_status", "outbox_mails", ["status", "created_at"])
    op.create_index(op.f("ix_outbox_mails_user_id"), "outbox_mails", ["user_id"])
    op.create_index(op.f("ix_outbox_mails_listed_for"), "outbox_mails", ["listed_for"])
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("task_offered", sa.Boolean(), nullable=False),
        sa.Column("task_assigned", sa.Boolean(), nullable=False),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
        sa.Column("unit_dossiers", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_preferences")),
    )


def downgrade() -> None:
    op.drop_table("notification_preferences")
    op.drop_index(op.f("ix_outbox_mails_listed_for"), table_name="outbox_mails")
    op.drop_index(op.f("ix_outbox_mails_user_id"), table_name="outbox_mails")
    op.drop_index("ix_outbox_mails_status", table_name="outbox_mails")
    op.drop_table("outbox_mails")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
