"""Selection sittings: proposals waiting at a capped level, sittings and their rankings

S1-S5: a dossier approved at a capped step no longer takes a slot at once; it is proposed
(`selection_proposals`, at most one open per dossier) and waits for the level's sitting.
A sitting (`selection_sittings`) records the council's numbers, the threshold and cap that
applied; `selection_candidates` keeps each candidate's votes, share, rank and result.

Revision ID: b2f3a4c5d6e7
Revises: a1e2f3b4c5d6
Create Date: 2026-11-26 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b2f3a4c5d6e7"
down_revision = "a1e2f3b4c5d6"
branch_labels = None
depends_on = None

# A literal snapshot of the model's condition (migrations never import the models).
OPEN_SQL = "closed_at IS NULL"
CAP_KEY = ["jurisdiction_id", "round", "award_form", "level"]


def upgrade() -> None:
    op.create_table(
        "selection_sittings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("round", sa.String(length=32), nullable=False),
        sa.Column("award_form", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("members_total", sa.Integer(), nullable=False),
        sa.Column("members_present", sa.Integer(), nullable=False),
        sa.Column("threshold_percent", sa.Float(), nullable=False),
        sa.Column("cap", sa.Integer(), nullable=True),
        sa.Column("used_before", sa.Integer(), nullable=False),
        sa.Column("held_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_selection_sittings_cap", "selection_sittings", CAP_KEY)
    op.create_table(
        "selection_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sitting_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["sitting_id"], ["selection_sittings.id"]),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sitting_id", "dossier_id", name="uq_selection_candidates_sitting_id"),
    )
    op.create_index("ix_selection_candidates_sitting_id", "selection_candidates", ["sitting_id"])
    op.create_index("ix_selection_candidates_dossier_id", "selection_candidates", ["dossier_id"])
    op.create_table(
        "selection_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("round", sa.String(length=32), nullable=False),
        sa.Column("award_form", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("proposed_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("sitting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["sitting_id"], ["selection_sittings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_selection_proposals_dossier_id", "selection_proposals", ["dossier_id"])
    op.create_index("ix_selection_proposals_queue", "selection_proposals", CAP_KEY)
    op.create_index(
        "uq_selection_proposals_open",
        "selection_proposals",
        ["dossier_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_SQL),
        postgresql_where=sa.text(OPEN_SQL),
    )


def downgrade() -> None:
    op.drop_index("uq_selection_proposals_open", table_name="selection_proposals")
    op.drop_index("ix_selection_proposals_queue", table_name="selection_proposals")
    op.drop_index("ix_selection_proposals_dossier_id", table_name="selection_proposals")
    op.drop_table("selection_proposals")
    op.drop_index("ix_selection_candidates_dossier_id", table_name="selection_candidates")
    op.drop_index("ix_selection_candidates_sitting_id", table_name="selection_candidates")
    op.drop_table("selection_candidates")
    op.drop_index("ix_selection_sittings_cap", table_name="selection_sittings")
    op.drop_table("selection_sittings")
