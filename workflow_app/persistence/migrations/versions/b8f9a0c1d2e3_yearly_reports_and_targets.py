"""Yearly reports and targets: targets per jurisdiction, report duties, reports with their
workflow state, inbox tasks and hash-chained history

L1: `report_targets` (indicator, share, by_year; changes kept in `setting_changes`).
T4: `report_duties` (the report model, the day it is due, the recipient).
L2-L3: `yearly_reports` (a unit's figures and activities of a year, its workflow state on the
pinned model version), `report_tasks` (the inbox projection), `report_events` (X4 chain).

Revision ID: b8f9a0c1d2e3
Revises: a7e8f9b0c1d2
Create Date: 2026-11-25 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b8f9a0c1d2e3"
down_revision = "a7e8f9b0c1d2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("by_year", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "jurisdiction_id", "indicator", "by_year", name="uq_report_targets_jurisdiction_id"
        ),
    )
    op.create_table(
        "report_duties",
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("process_model_key", sa.String(length=100), nullable=False),
        sa.Column("due_month", sa.Integer(), nullable=False),
        sa.Column("due_day", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.PrimaryKeyConstraint("jurisdiction_id"),
    )
    op.create_table(
        "yearly_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("staff_total", sa.Integer(), nullable=False),
        sa.Column("learning_citizens", sa.Integer(), nullable=False),
        sa.Column("with_digital_skills", sa.Integer(), nullable=False),
        sa.Column("proficient", sa.Integer(), nullable=False),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("history_length", sa.Integer(), nullable=False),
        sa.Column("history_head", sa.String(length=64), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["process_model_versions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "year", name="uq_yearly_reports_unit_id"),
    )
    op.create_index(
        "ix_yearly_reports_jurisdiction_year", "yearly_reports", ["jurisdiction_id", "year"]
    )
    op.create_table(
        "report_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("spiff_task_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("lane", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=100), nullable=True),
        sa.Column("form_schema", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["yearly_reports.id"]),
        sa.ForeignKeyConstraint(["jurisdiction_id"], ["jurisdictions.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["completed_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("spiff_task_id", name="uq_report_tasks_spiff_task_id"),
    )
    op.create_index(
        "ix_report_tasks_inbox", "report_tasks", ["state", "lane", "jurisdiction_id", "id"]
    )
    op.create_index("ix_report_tasks_report", "report_tasks", ["report_id", "state"])
    op.create_table(
        "report_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("task", sa.String(length=100), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("model_version", sa.String(length=120), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["yearly_reports.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "seq", name="uq_report_events_report_id"),
    )
    op.create_index("ix_report_events_report_id", "report_events", ["report_id"])


def downgrade() -> None:
    op.drop_index("ix_report_events_report_id", table_name="report_events")
    op.drop_table("report_events")
    op.drop_index("ix_report_tasks_report", table_name="report_tasks")
    op.drop_index("ix_report_tasks_inbox", table_name="report_tasks")
    op.drop_table("report_tasks")
    op.drop_index("ix_yearly_reports_jurisdiction_year", table_name="yearly_reports")
    op.drop_table("yearly_reports")
    op.drop_table("report_duties")
    op.drop_table("report_targets")
