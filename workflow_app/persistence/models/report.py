"""Yearly results reports (L2, L3, T4), their duties and targets (L1): the figures a unit
reports, the report's workflow, its inbox tasks and its hash-chained history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .organisation import Unit
from .process import ProcessModelVersion


class ReportTarget(Base):
    """L1: `share` percent of an indicator to reach by `by_year` in a jurisdiction; edited by
    its administrator, every change kept in `setting_changes`."""

    __tablename__ = "report_targets"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "indicator", "by_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    indicator: Mapped[str] = mapped_column(String(40))
    share: Mapped[float] = mapped_column(Float)
    by_year: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ReportDuty(Base):
    """T4: a jurisdiction's yearly report: its model, the day it is due and who receives it."""

    __tablename__ = "report_duties"

    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), primary_key=True)
    process_model_key: Mapped[str] = mapped_column(String(100))
    due_month: Mapped[int] = mapped_column(Integer)
    due_day: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))


class YearlyReport(Base):
    """One unit's report of one year; runs its jurisdiction's report model like a dossier.
    `lock_version` is the optimistic lock of its workflow state."""

    __tablename__ = "yearly_reports"
    __table_args__ = (
        UniqueConstraint("unit_id", "year"),
        Index("ix_yearly_reports_jurisdiction_year", "jurisdiction_id", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    staff_total: Mapped[int] = mapped_column(Integer)
    learning_citizens: Mapped[int] = mapped_column(Integer)
    with_digital_skills: Mapped[int] = mapped_column(Integer)
    proficient: Mapped[int] = mapped_column(Integer)
    activities: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    due_on: Mapped[date] = mapped_column(Date)
    return_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("process_model_versions.id"))
    state: Mapped[str | None] = mapped_column(Text)
    completed: Mapped[bool] = mapped_column(default=False)
    history_length: Mapped[int] = mapped_column(Integer, default=0)
    history_head: Mapped[str] = mapped_column(String(64), default="0" * 64)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    unit: Mapped[Unit] = relationship()
    version: Mapped[ProcessModelVersion | None] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}


class ReportTask(Base):
    """The inbox's projection of a READY user task of a report's workflow."""

    __tablename__ = "report_tasks"
    __table_args__ = (
        Index("ix_report_tasks_inbox", "state", "lane", "jurisdiction_id", "id"),
        Index("ix_report_tasks_report", "report_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("yearly_reports.id"))
    spiff_task_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str] = mapped_column(String(32))
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    form_schema: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict | None] = mapped_column(JSON)

    report: Mapped[YearlyReport] = relationship()


class ReportEvent(Base):
    """One fact of a report's history; `hash` covers it and the previous event's hash (X4)."""

    __tablename__ = "report_events"
    __table_args__ = (UniqueConstraint("report_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("yearly_reports.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(40))
    task: Mapped[str | None] = mapped_column(String(100))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    model_version: Mapped[str | None] = mapped_column(String(120))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
