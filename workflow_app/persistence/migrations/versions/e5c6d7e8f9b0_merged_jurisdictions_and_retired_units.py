"""Merged jurisdictions and retired units (M1)

A jurisdiction gets a status (`active`, `merged`), its successor and the day it merged; a
unit the day it was retired and the unit that took it over. `jurisdiction_merges` keeps each
merge with what it carried over; `dossier_moves` each dossier a merge or a retired unit
moved, so the old jurisdiction's auditors still find it.

Revision ID: e5c6d7e8f9b0
Revises: d4b5c6e7f8a9
Create Date: 2026-11-25 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e5c6d7e8f9b0"
down_revision = "d4b5c6e7f8a9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jurisdictions") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="active")
        )
        batch.add_column(sa.Column("successor_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("merged_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            "fk_jurisdictions_successor_id", "jurisdictions", ["successor_id"], ["id"]
        )
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("successor_id", sa.String(length=100), nullable=True))
        batch.create_foreign_key("fk_units_successor_id", "units", ["successor_id"], ["id"])
    op.create_table(
        "jurisdiction_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("successor_id", sa.String(length=64), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("merged_by", sa.String(length=100), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["successor_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("jurisdiction_id", name="uq_jurisdiction_merges_jurisdiction_id"),
    )
    op.create_index("ix_jurisdiction_merges_successor_id", "jurisdiction_merges", ["successor_id"])
    op.create_table(
        "dossier_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("from_jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("to_jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("from_unit_id", sa.String(length=100), nullable=False),
        sa.Column("to_unit_id", sa.String(length=100), nullable=False),
        sa.Column("merge_id", sa.Integer(), nullable=True),
        sa.Column("moved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"]),
        sa.ForeignKeyConstraint(["from_jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["to_jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["from_unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["to_unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["merge_id"], ["jurisdiction_merges.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dossier_moves_dossier_id", "dossier_moves", ["dossier_id"])
    op.create_index(
        "ix_dossier_moves_from_jurisdiction_id", "dossier_moves", ["from_jurisdiction_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_moves_from_jurisdiction_id", table_name="dossier_moves")
    op.drop_index("ix_dossier_moves_dossier_id", table_name="dossier_moves")
    op.drop_table("dossier_moves")
    op.drop_index("ix_jurisdiction_merges_successor_id", table_name="jurisdiction_merges")
    op.drop_table("jurisdiction_merges")
    with op.batch_alter_table("units") as batch:
        batch.drop_constraint("fk_units_successor_id", type_="foreignkey")
        batch.drop_column("successor_id")
        batch.drop_column("retired_on")
    with op.batch_alter_table("jurisdictions") as batch:
        batch.drop_constraint("fk_jurisdictions_successor_id", type_="foreignkey")
        batch.drop_column("merged_on")
        batch.drop_column("successor_id")
        batch.drop_column("status")
