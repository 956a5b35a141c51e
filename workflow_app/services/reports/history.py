"""A report's hash-chained history (X4), appended the way a dossier's is: each event's hash
covers its content and its predecessor's hash (domain/history.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.history import ChainBreak, find_chain_break
from ...persistence.models import ReportEvent, YearlyReport
from ..context import ServiceContext
from ..history import link_to_head, next_event_fields


def subject(report_id: int) -> str:
    """The chain's subject field: a report's events never hash like a dossier's."""
    return f"report:{report_id}"


def lock_report(session: Session, report_id: int) -> YearlyReport | None:
    """Take the report's row lock before appending: one writer of its chain at a time."""
    stmt = (
        select(YearlyReport)
        .where(YearlyReport.id == report_id)
        .with_for_update(of=YearlyReport)
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).first()


def record(
    ctx: ServiceContext,
    report: YearlyReport,
    type_: str,
    *,
    task: str | None = None,
    data: dict | None = None,
    model_version: str | None = None,
) -> ReportEvent:
    """Append one past-tense event (`report_submitted`, `task_completed`...) to the chain."""
    fields = next_event_fields(ctx, report, type_, task, data, model_version)
    event = ReportEvent(report_id=report.id, **fields)
    link_to_head(report, event, subject(report.id), fields)
    ctx.session.add(event)
    return event


def report_events(session: Session, report_id: int) -> list[ReportEvent]:
    stmt = select(ReportEvent).where(ReportEvent.report_id == report_id)
    return list(session.scalars(stmt.order_by(ReportEvent.seq, ReportEvent.id)))


def as_mapping(event: ReportEvent) -> dict:
    return {
        "dossier_id": subject(event.report_id),
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "type": event.type,
        "task": event.task,
        "data": event.data,
        "model_version": event.model_version,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def chain_break(session: Session, report: YearlyReport) -> ChainBreak | None:
    """Recompute the report's chain: the first break, or None when it holds."""
    events = [as_mapping(e) for e in report_events(session, report.id)]
    return find_chain_break(events, report.history_length, report.history_head)
