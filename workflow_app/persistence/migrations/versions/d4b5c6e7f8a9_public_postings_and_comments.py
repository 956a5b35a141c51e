"""Public postings, their candidates and comments

P1-P3: a dossier whose chain asks for posting waits in `posting_candidates` until a posting
(`postings`: channel, start and end dates) publishes it; `posting_comments` keeps each comment
received (who, how, what) and how it was resolved (dismissed with a reason, or a hold).

Revision ID: d4b5c6e7f8a9
Revises: c3a4b5d6e7f8
Create Date: 2026-11-25 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d4b5c6e7f8a9"
down_revision = "c3a4b5d6e7f8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "postings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("lane", sa.String(length=64), nullable=False),
        sa.Column("channel_url", sa.String(length=500), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_postings_jurisdiction_status", "postings", ["jurisdiction_id", "status"])
    op.create_table(
        "posting_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("lane", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["posting_id"], ["postings.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dossier_id", name="uq_posting_candidates_dossier_id"),
    )
    op.create_index(
        "ix_posting_candidates_jurisdiction_id", "posting_candidates", ["jurisdiction_id"]
    )
    op.create_index("ix_posting_candidates_posting_id", "posting_candidates", ["posting_id"])
    op.create_table(
        "posting_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("logged_by", sa.String(length=100), nullable=False),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("hold_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["posting_id"], ["postings.id"]),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["hold_id"], ["holds.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_posting_comments_posting_id", "posting_comments", ["posting_id"])
    op.create_index("ix_posting_comments_dossier_id", "posting_comments", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_posting_comments_dossier_id", table_name="posting_comments")
    op.drop_index("ix_posting_comments_posting_id", table_name="posting_comments")
    op.drop_table("posting_comments")
    op.drop_index("ix_posting_candidates_posting_id", table_name="posting_candidates")
    op.drop_index("ix_posting_candidates_jurisdiction_id", table_name="posting_candidates")
    op.drop_table("posting_candidates")
    op.drop_index("ix_postings_jurisdiction_status", table_name="postings")
    op.drop_table("postings")
