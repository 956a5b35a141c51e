"""Each jurisdiction's own reviewing roles

Issue 17: the reviewing roles of a chain (the lanes) are data per jurisdiction: a key, a
Vietnamese and an English name, a level for the chain-order check, and whether its holders
place and clear holds (X2). `unit`, `admin`, `auditor`, `central` and `president` stay
built in and have no row. Grants keep naming a role by key; so that every existing grant
and every open task stays valid, each jurisdiction gets a row for every reviewing role its
grants or tasks already name (the old national list's names and levels; any other key
keeps its key as its name).

Revision ID: f6d7e8f9a0c1
Revises: e5c6d7e8f9b0
Create Date: 2026-11-25 19:10:00
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "f6d7e8f9a0c1"
down_revision = "e5c6d7e8f9b0"
branch_labels = None
depends_on = None

BUILTIN = ("unit", "central", "president", "admin", "auditor", "system")
# The old fixed list: (Vietnamese name, English name, level, places holds).
KNOWN = {
    "so_gddt": ("Sở Giáo dục và Đào tạo", "Department of Education and Training", 2, False),
    "so_noi_vu": ("Sở Nội vụ", "Department of Home Affairs", 3, True),
    "ubnd": ("Ủy ban nhân dân", "People's Committee", 4, False),
}
OTHER_LEVEL = 50


def upgrade() -> None:
    roles = op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("places_holds", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("jurisdiction_id", "key", name="uq_roles_jurisdiction_key"),
    )
    op.create_index("ix_roles_jurisdiction_id", "roles", ["jurisdiction_id"])
    _roles_for_existing_data(roles)


def _roles_for_existing_data(roles: sa.Table) -> None:
    """A row for every (jurisdiction, reviewing role) a grant or a task already names."""
    bind = op.get_bind()
    used = bind.execute(
        sa.text(
            "SELECT DISTINCT jurisdiction_id, role FROM role_grants "
            "WHERE jurisdiction_id IS NOT NULL "
            "UNION SELECT DISTINCT jurisdiction_id, lane FROM human_tasks "
            "WHERE jurisdiction_id IS NOT NULL"
        )
    ).fetchall()
    now = datetime.utcnow().replace(microsecond=0)
    rows = []
    for jurisdiction_id, key in sorted(set(used)):
        if not key or key in BUILTIN:
            continue
        name_vi, name_en, level, holds = KNOWN.get(key, (key, key, OTHER_LEVEL, False))
        rows.append(
            {
                "jurisdiction_id": jurisdiction_id,
                "key": key[:32],
                "name_vi": name_vi,
                "name_en": name_en,
                "level": level,
                "places_holds": holds,
                "created_at": now,
            }
        )
    if rows:
        op.bulk_insert(roles, rows)


def downgrade() -> None:
    op.drop_index("ix_roles_jurisdiction_id", table_name="roles")
    op.drop_table("roles")
