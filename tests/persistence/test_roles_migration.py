"""Issue 17's migration on a database already in use: every reviewing role a grant or an open
task names becomes a row of its jurisdiction, so no grant and no task is left pointing at a
role the jurisdiction lacks; built-in roles get none."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from workflow_app.persistence import migrate

BEFORE, REVISION = "b2f3a4c5d6e7", "f6d7e8f9a0c1"
ROWS = [
    "INSERT INTO jurisdictions (id, name, kind) VALUES ('hcm', 'TP.HCM', 'province'), "
    "('bo-y-te', 'Bộ Y tế', 'ministry')",
    "INSERT INTO users (id, username, display_name, password_hash, active, locale, created_at, "
    "credential_generation) VALUES (1, 'u', 'U', 'x', 1, 'vi', '2025-01-01 00:00:00', 0)",
    "INSERT INTO role_grants (user_id, role, jurisdiction_id) VALUES (1, 'so_noi_vu', 'hcm'), "
    "(1, 'admin', 'hcm'), (1, 'central', NULL), (1, 'so_gddt', 'bo-y-te')",
    "INSERT INTO human_tasks (id, instance_id, dossier_id, spiff_task_id, name, title, lane, "
    "jurisdiction_id, state, created_at) VALUES (1, 1, 1, 's1', 't', 't', 'ubnd', 'bo-y-te', "
    "'open', '2025-05-01 01:00:00'), (2, 1, 1, 's2', 't', 't', 'unit', 'hcm', 'open', "
    "'2025-05-01 01:00:00')",
]


def test_existing_grants_and_tasks_keep_a_role_of_their_jurisdiction(tmp_path):
    """After the upgrade, does each jurisdiction hold the reviewing roles its grants and open
    tasks name (with the old names and levels, Sở Nội vụ placing holds), none for built-in
    roles, and does a downgrade drop the table?"""
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    migrate.upgrade(url, BEFORE)
    engine = create_engine(url)
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(row))
    migrate.upgrade(url, REVISION)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT jurisdiction_id, key, level, places_holds FROM roles ORDER BY 1, 2")
        ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("bo-y-te", "so_gddt", 2, 0),
        ("bo-y-te", "ubnd", 4, 0),
        ("hcm", "so_noi_vu", 3, 1),
    ]
    command.downgrade(migrate.alembic_config(url), BEFORE)
    assert "roles" not in inspect(create_engine(url)).get_table_names()
