"""Credential generation: old tokens and sessions end when an account changes

Tokens and web sessions used to name the tail of the password hash, so a reset ended them
but a deactivation followed by a reactivation revived them, and every token carried part of
the hash. They now name `users.credential_generation`, which deactivation, reactivation and
a new password bump.

Revision ID: c4f8a2e6b1d9
Revises: e7a1c2d3b4f5
Create Date: 2026-11-25 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4f8a2e6b1d9"
down_revision = "e7a1c2d3b4f5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("credential_generation", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("credential_generation")
