"""The issue-12 migration on a database already in use: dossiers re-stamped by the day they
were received (R1), receipts filled from the inbox (T5), loaded deadlines moved to midnight in
Vietnam (T1-T3), cleared holds given an outcome (R2)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from workflow_app.persistence import migrate

BEFORE, REVISION = "b2f3a4c5d6e7", "c3a4b5d6e7f8"
ROWS = [
    "INSERT INTO jurisdictions (id, name, kind) VALUES ('hcm', 'TP.HCM', 'province')",
    "INSERT INTO units (id, jurisdiction_id, name) VALUES ('u1', 'hcm', 'Trường')",
    "INSERT INTO users (id, username, display_name, password_hash, active, locale, created_at, "
    "credential_generation) VALUES (1, 'u', 'U', 'x', 1, 'vi', '2025-01-01 00:00:00', 0)",
    "INSERT INTO nominees (id, kind, name, unit_id, jurisdiction_id, created_at) "
    "VALUES (1, 'individual', 'A', 'u1', 'hcm', '2025-01-01 00:00:00')",
    *(
        "INSERT INTO dossiers (id, nominee_id, unit_id, jurisdiction_id, round, award_form, "
        "achievement_summary, claims_initiative, status, created_by_id, created_at, "
        f"history_length, history_head, rule_set, submitted_at) VALUES ({i}, 1, 'u1', 'hcm', "
        f"'r{i}', 'giay-khen-so', '', 0, 'in_progress', 1, '2025-01-01 00:00:00', 0, '0', "
        f"'nd-152-2025', '{submitted}')"
        for i, submitted in ((1, "2025-06-30 16:59:00.000000"), (2, "2025-06-30 17:00:00.000000"))
    ),
    *(
        "INSERT INTO human_tasks (id, instance_id, dossier_id, spiff_task_id, name, title, "
        f"lane, jurisdiction_id, state, created_at) VALUES ({i}, 1, 1, 's{i}', 't', 't', "
        f"'{lane}', 'hcm', 'completed', '{at}')"
        for i, lane, at in (
            (1, "unit", "2025-05-01 01:00:00"),
            (2, "so_gddt", "2025-05-02 01:00:00"),
            (3, "so_gddt", "2025-06-05 01:00:00"),
        )
    ),
    "INSERT INTO round_deadlines (id, jurisdiction_id, round, deadline, updated_by, updated_at) "
    "VALUES (1, 'hcm', 'annual-2025', '2025-06-01 00:00:00.000000', 'system', "
    "'2025-01-01 00:00:00'), (2, 'hcm', 'annual-2026', '2026-05-30 10:00:00.000000', "
    "'hcm-admin', '2025-01-01 00:00:00')",
    "INSERT INTO hold_kinds (key, label, rule, active) VALUES ('k', 'k', 'X2', 1)",
    "INSERT INTO holds (id, nominee_id, kind, reference, note, placed_by, placed_at, "
    "cleared_at) VALUES (1, 1, 'k', 'r', '', 'x', '2025-01-01 00:00:00', '2025-02-01 00:00:00')",
]


@pytest.mark.rule("R1", "T5")
def test_the_migration_restamps_fills_receipts_and_moves_loaded_deadlines(tmp_path):
    """R1, T5, T1: after the upgrade, is a dossier submitted at 23:59 on 30 June 2025 (Vietnam)
    under Decree 98 and one at 00:00 on 1 July under 152; did each lane's first task become
    its receipt; did only the system's midnight deadline move to 17:00 UTC; and does a
    downgrade put everything back?"""
    url = f"sqlite:///{tmp_path / 'law.db'}"
    migrate.upgrade(url, BEFORE)
    engine = create_engine(url)
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(row))
    migrate.upgrade(url, REVISION)
    with engine.connect() as connection:
        stamps = dict(connection.execute(text("SELECT id, rule_set FROM dossiers")).all())
        receipts = connection.execute(
            text("SELECT lane, received_at FROM dossier_receipts ORDER BY lane")
        ).all()
        deadlines = dict(connection.execute(text("SELECT id, deadline FROM round_deadlines")).all())
        outcome = connection.execute(text("SELECT outcome FROM holds")).scalar()
    assert stamps == {1: "nd-98-2023", 2: "nd-152-2025"}
    assert [(lane, str(at)[:16]) for lane, at in receipts] == [
        ("so_gddt", "2025-05-02 01:00"),
        ("unit", "2025-05-01 01:00"),
    ]
    assert str(deadlines[1]).startswith("2025-05-31 17:00")
    assert str(deadlines[2]).startswith("2026-05-30 10:00")  # an administrator's: kept
    assert outcome == "dismissed"
    with engine.begin() as connection:  # SQLite rebuilds `dossiers`: no task may point at it
        connection.execute(text("DELETE FROM human_tasks"))
    command.downgrade(migrate.alembic_config(url), BEFORE)
    with engine.connect() as connection:
        deadline = connection.execute(text("SELECT deadline FROM round_deadlines WHERE id = 1"))
        assert str(deadline.scalar()).startswith("2025-06-01 00:00")
        stamps = connection.execute(text("SELECT DISTINCT rule_set FROM dossiers")).scalars()
        assert list(stamps) == ["nd-152-2025"]
