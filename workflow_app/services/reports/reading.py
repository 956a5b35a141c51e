"""What a report's page and the API show: its figures beside last year's (L2: a jump over
the threshold is flagged for the checker), its open tasks, whether it is overdue (T4)."""

from __future__ import annotations

from sqlalchemy import select

from ...domain.reports import FIGURES, INDICATORS, indicator_share, is_overdue, jump
from ...persistence.models import ReportTask, YearlyReport
from ..context import ServiceContext
from .bundles import duty_of
from .filing import figures_of, open_tasks
from .history import report_events


def last_year_figures(ctx: ServiceContext, report: YearlyReport) -> dict | None:
    """The unit's acknowledged figures of the year before, if any."""
    row = ctx.session.execute(
        select(*(getattr(YearlyReport, n) for n in FIGURES)).where(
            YearlyReport.unit_id == report.unit_id,
            YearlyReport.year == report.year - 1,
            YearlyReport.status == "acknowledged",
        )
    ).first()
    return dict(zip(FIGURES, row, strict=True)) if row else None


def shares_of(figures: dict | None) -> dict:
    return {ind: indicator_share(ind, figures) if figures else None for ind in INDICATORS}


def report_view(ctx: ServiceContext, report: YearlyReport) -> dict:
    figures = figures_of(report)
    before = last_year_figures(ctx, report)
    shares, shares_before = shares_of(figures), shares_of(before)
    version = report.version
    return {
        "id": report.id,
        "unit": report.unit_id,
        "unit_name": report.unit.name,
        "jurisdiction": report.jurisdiction_id,
        "year": report.year,
        **figures,
        "activities": list(report.activities or []),
        "status": report.status,
        "due_on": report.due_on,
        "recipient": duty_of(ctx, report.jurisdiction_id).recipient,
        "overdue": is_overdue(report.status, report.due_on, ctx.now, report.submitted_at),
        "return_reason": report.return_reason,
        "submitted_at": report.submitted_at,
        "acknowledged_at": report.acknowledged_at,
        "process_model": {"key": version.process_model.key, "version": version.version}
        if version
        else None,
        "shares": shares,
        "last_year": {"figures": before, "shares": shares_before} if before else None,
        "jumps": [i for i in INDICATORS if jump(shares[i], shares_before[i])],
        "open_tasks": [task_view(ctx, t, report) for t in open_tasks(ctx, report)],
    }


def task_view(ctx: ServiceContext, task: ReportTask, report: YearlyReport | None = None) -> dict:
    report = report or task.report
    return {
        "id": task.id,
        "report_id": task.report_id,
        "name": task.name,
        "title": task.title,
        "lane": task.lane,
        "state": task.state,
        "unit": report.unit_id,
        "unit_name": report.unit.name,
        "year": report.year,
        "due_on": report.due_on,
        "overdue": is_overdue(report.status, report.due_on, ctx.now, report.submitted_at),
        "created_at": task.created_at,
    }


def history_view(ctx: ServiceContext, report: YearlyReport) -> list[dict]:
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "type": e.type,
            "task": e.task,
            "data": e.data,
            "model_version": e.model_version,
            "hash": e.hash,
            "prev_hash": e.prev_hash,
        }
        for e in report_events(ctx.session, report.id)
    ]
