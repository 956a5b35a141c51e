"""A unit's yearly report (L2, L3): drafted, checked where entered, submitted up its chain
as tasks on the jurisdiction's report model, returned with a reason or acknowledged, then
frozen. Every step is one engine step projected in the same transaction, like a dossier's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...domain.errors import Conflict, Invalid, NotAllowed, NotFound, TaskCompleted
from ...domain.reports import (
    EDITABLE_STATUSES,
    FIGURES,
    activity_problems,
    due_date,
    figure_problems,
)
from ...engine.engine import EngineError, StepResult
from ...persistence.models import ReportTask, Unit, User, YearlyReport
from ..context import ServiceContext
from ..forms import validate_task_data
from ..process_models import parsed_model, version_label
from .bundles import duty_of, published_report_version
from .history import lock_report, record
from .targets import require_signed_in

UNIT_LANE = "unit"


# --- who may do what -----------------------------------------------------------------------


def may_read(actor, report: YearlyReport) -> bool:
    """The unit its own; anyone else working in the jurisdiction once it was submitted."""
    if actor.holds("unit", report.jurisdiction_id, report.unit_id):
        return True
    if report.status == "draft":
        return False
    return any(
        g.role != "unit" and g.jurisdiction_id in (None, report.jurisdiction_id)
        for g in actor.grants
    )


def get_report(ctx: ServiceContext, report_id: int, for_update: bool = False) -> YearlyReport:
    """The report if this user may read it; 404 otherwise, never revealing which."""
    require_signed_in(ctx)
    if for_update:
        report = lock_report(ctx.session, report_id)
    else:
        report = ctx.session.get(YearlyReport, report_id)
    if report is None or not may_read(ctx.actor, report):
        raise NotFound()
    return report


def _require_unit(ctx: ServiceContext, jurisdiction_id: str, unit_id: str) -> None:
    if not ctx.actor.holds("unit", jurisdiction_id, unit_id):
        raise NotAllowed("not_report_unit")


# --- figures -------------------------------------------------------------------------------


def _activities(raw: list | None) -> list[dict]:
    """Activities as stored (dates as ISO text); unreadable dates are left for the check."""
    cleaned = []
    for item in raw or []:
        held_on = item.get("held_on")
        if isinstance(held_on, str):
            try:
                held_on = date.fromisoformat(held_on)
            except ValueError:
                held_on = None
        cleaned.append({**item, "held_on": held_on})
    return cleaned


def check_figures(year: int, figures: dict, activities: list[dict]) -> None:
    """L2: a sub-count larger than its total (or a bad activity) is 422 naming the field."""
    problems = {**figure_problems(figures), **activity_problems(activities, year)}
    if problems:
        raise Invalid("invalid_report", details=problems)


def _stored_activities(activities: list[dict]) -> list[dict]:
    return [
        {
            "kind": a["kind"],
            "name": (a.get("name") or "")[:300],
            "held_on": a["held_on"].isoformat(),
            "participants": a["participants"],
        }
        for a in activities
    ]


def figures_of(report: YearlyReport) -> dict:
    return {name: getattr(report, name) for name in FIGURES}


def report_facts(report: YearlyReport) -> dict:
    """What the history keeps of the figures, so an acknowledged report can be checked."""
    return {
        "unit": report.unit_id,
        "year": report.year,
        **figures_of(report),
        "activities": list(report.activities or []),
    }


def _apply(report: YearlyReport, figures: dict, activities: list[dict]) -> None:
    for name in FIGURES:
        setattr(report, name, figures[name])
    report.activities = _stored_activities(activities)


# --- use cases -----------------------------------------------------------------------------


def create_report(
    ctx: ServiceContext, unit_id: str, year: int, figures: dict, activities: list | None
) -> YearlyReport:
    """A unit's draft of one year's report; checked before anything is written."""
    require_signed_in(ctx)
    unit = ctx.session.get(Unit, unit_id)
    if unit is None:
        raise NotAllowed("not_report_unit")
    _require_unit(ctx, unit.jurisdiction_id, unit_id)
    duty = duty_of(ctx, unit.jurisdiction_id)
    cleaned = _activities(activities)
    check_figures(year, figures, cleaned)
    if ctx.session.scalar(
        select(YearlyReport.id).where(YearlyReport.unit_id == unit_id, YearlyReport.year == year)
    ):
        raise Conflict("report_exists", unit=unit_id, year=year)
    report = YearlyReport(
        jurisdiction_id=unit.jurisdiction_id,
        unit_id=unit_id,
        year=year,
        status="draft",
        due_on=due_date(year, duty.due_month, duty.due_day),
        created_by_id=ctx.actor_id,
        created_at=ctx.now,
        completed=False,
    )
    _apply(report, figures, cleaned)
    ctx.session.add(report)
    try:
        ctx.session.flush()
    except IntegrityError as error:  # a concurrent request created it first
        raise Conflict("report_exists", unit=unit_id, year=year) from error
    record(ctx, report, "report_created", data=report_facts(report))
    return report


def update_report(
    ctx: ServiceContext, report_id: int, figures: dict, activities: list | None
) -> YearlyReport:
    """Change a draft's (or a returned report's) figures; an acknowledged one is frozen."""
    report = get_report(ctx, report_id, for_update=True)
    _require_unit(ctx, report.jurisdiction_id, report.unit_id)
    _require_editable(report)
    cleaned = _activities(activities)
    check_figures(report.year, figures, cleaned)
    _apply(report, figures, cleaned)
    record(ctx, report, "report_edited", data=report_facts(report))
    return report


def _require_editable(report: YearlyReport) -> None:
    if report.status == "acknowledged":
        raise Conflict("report_acknowledged", year=report.year)
    if report.status not in EDITABLE_STATUSES:
        raise Conflict("report_not_editable", status=report.status)


def submit_report(ctx: ServiceContext, report_id: int) -> YearlyReport:
    """Send the draft up its chain (start its workflow), or send a returned report back
    with its corrected figures (complete the unit's correction task)."""
    report = get_report(ctx, report_id, for_update=True)
    _require_unit(ctx, report.jurisdiction_id, report.unit_id)
    _require_editable(report)
    if report.status == "returned":
        task = _open_unit_task(ctx, report)
        _complete(ctx, report, task, {**figures_of(report), "activities": report.activities})
        return report
    version = published_report_version(ctx, duty_of(ctx, report.jurisdiction_id))
    report.version = version
    report.status, report.submitted_at = "submitted", ctx.now
    record(
        ctx,
        report,
        "report_submitted",
        data=report_facts(report),
        model_version=version_label(version),
    )
    data = start_data(report)
    try:
        step = ctx.engine.start(parsed_model(ctx, version), data)
    except EngineError as error:
        raise Invalid("workflow_cannot_start", details={"engine": str(error)}) from error
    _save(ctx, report, step)
    record(
        ctx,
        report,
        "workflow_started",
        data={"start_data": data, "state_sha256": step.state_sha256},
        model_version=version_label(version),
    )
    sync_tasks(ctx, report, step)
    return report


def start_data(report: YearlyReport) -> dict:
    """The facts the report model may route on; names match the BPMN's variables."""
    return {
        "report_id": report.id,
        "jurisdiction": report.jurisdiction_id,
        "unit": report.unit_id,
        "year": report.year,
        **figures_of(report),
        "activities": list(report.activities or []),
    }


def _open_unit_task(ctx: ServiceContext, report: YearlyReport) -> ReportTask:
    task = ctx.session.scalar(
        select(ReportTask).where(
            ReportTask.report_id == report.id,
            ReportTask.state == "open",
            ReportTask.lane == UNIT_LANE,
        )
    )
    if task is None:
        raise Conflict("report_not_editable", status=report.status)
    return task


def _save(ctx: ServiceContext, report: YearlyReport, step: StepResult) -> None:
    report.state, report.completed = step.state, step.completed


def sync_tasks(ctx: ServiceContext, report: YearlyReport, step: StepResult) -> list[ReportTask]:
    """Make the report's inbox rows match the step's READY user tasks."""
    ready = {t.spiff_id: t for t in step.ready_tasks}
    live = ctx.session.scalars(
        select(ReportTask).where(ReportTask.report_id == report.id, ReportTask.state == "open")
    ).all()
    for row in live:
        if row.spiff_task_id not in ready:
            row.state, row.completed_at = "cancelled", ctx.now
    known = {row.spiff_task_id for row in live}
    created = [_new_task(ctx, report, t) for sid, t in ready.items() if sid not in known]
    ctx.session.add_all(created)
    for row in created:
        record(
            ctx,
            report,
            "task_created",
            task=row.name,
            data={"spiff_task_id": row.spiff_task_id, "lane": row.lane, "title": row.title},
            model_version=version_label(report.version),
        )
    return created


def _new_task(ctx: ServiceContext, report: YearlyReport, task) -> ReportTask:
    info = task.info
    return ReportTask(
        report=report,
        spiff_task_id=task.spiff_id,
        name=info.id,
        title=info.title,
        lane=info.lane or "",
        jurisdiction_id=report.jurisdiction_id,
        unit_id=report.unit_id if info.lane == UNIT_LANE else None,
        form_schema=info.form_schema,
        state="open",
        created_at=ctx.now,
    )


def complete_report_task(ctx: ServiceContext, task_id: int, data: dict) -> ReportTask:
    """A checker acknowledges or returns (with a reason); a unit sends corrected figures."""
    require_signed_in(ctx)
    task = ctx.session.get(ReportTask, task_id)
    if task is None or not ctx.actor.holds(task.lane, task.jurisdiction_id, task.unit_id):
        raise NotFound()
    report = get_report(ctx, task.report_id, for_update=True)
    ctx.session.refresh(task)
    if task.state != "open":
        who = ctx.session.get(User, task.completed_by_id) if task.completed_by_id else None
        raise TaskCompleted(who=who.username if who else "system")
    if task.lane == UNIT_LANE:
        cleaned = _activities(data.get("activities"))
        figures = {name: data.get(name) for name in FIGURES}
        check_figures(report.year, figures, cleaned)
        _apply(report, figures, cleaned)
        data = {**figures, "activities": report.activities}
    _complete(ctx, report, task, data)
    return task


def _complete(ctx: ServiceContext, report: YearlyReport, task: ReportTask, data: dict) -> None:
    model = parsed_model(ctx, report.version)
    data = validate_task_data(model, task.form_schema, data)
    step = ctx.engine.complete(model, report.state, task.spiff_task_id, data)
    task.state, task.completed_at, task.completed_by_id = "completed", ctx.now, ctx.actor_id
    task.data = data
    _save(ctx, report, step)
    record(
        ctx,
        report,
        "task_completed",
        task=task.name,
        data={"spiff_task_id": task.spiff_task_id, "form": data, "state_sha256": step.state_sha256},
        model_version=version_label(report.version),
    )
    sync_tasks(ctx, report, step)
    _project_status(ctx, report, task, data, step)


def _project_status(ctx, report: YearlyReport, task: ReportTask, data: dict, step) -> None:
    """L3: acknowledged (frozen, its figures in the chain), returned with its reason, or
    submitted again."""
    if step.completed and step.outcome == "acknowledged":
        report.status, report.acknowledged_at = "acknowledged", ctx.now
        record(ctx, report, "report_acknowledged", data=report_facts(report))
    elif task.lane == UNIT_LANE:
        report.status, report.submitted_at, report.return_reason = "submitted", ctx.now, None
    elif data.get("decision") == "return":
        report.status, report.return_reason = "returned", data.get("reason") or ""
        record(ctx, report, "report_returned", data={"reason": report.return_reason})


# --- reading -------------------------------------------------------------------------------


def open_tasks(ctx: ServiceContext, report: YearlyReport) -> list[ReportTask]:
    stmt = select(ReportTask).where(ReportTask.report_id == report.id, ReportTask.state == "open")
    return list(ctx.session.scalars(stmt.order_by(ReportTask.id)))


def inbox(ctx: ServiceContext, limit: int = 100) -> list[ReportTask]:
    """The open report tasks offered to this user's roles (a unit's only to that unit)."""
    require_signed_in(ctx)
    stmt = select(ReportTask).where(ReportTask.state == "open").order_by(ReportTask.id)
    tasks = ctx.session.scalars(stmt.limit(5000))
    mine = [t for t in tasks if ctx.actor.holds(t.lane, t.jurisdiction_id, t.unit_id)]
    return mine[:limit]


def list_reports(
    ctx: ServiceContext, jurisdiction_id: str | None = None, year: int | None = None
) -> list[YearlyReport]:
    """The reports this user may read, by unit."""
    require_signed_in(ctx)
    places = {g.jurisdiction_id for g in ctx.actor.grants}
    stmt = select(YearlyReport)
    if None not in places:
        stmt = stmt.where(YearlyReport.jurisdiction_id.in_([p for p in places if p]))
    if jurisdiction_id:
        stmt = stmt.where(YearlyReport.jurisdiction_id == jurisdiction_id)
    if year:
        stmt = stmt.where(YearlyReport.year == year)
    rows = ctx.session.scalars(stmt.order_by(YearlyReport.year.desc(), YearlyReport.unit_id))
    return [r for r in rows if may_read(ctx.actor, r)][:500]
