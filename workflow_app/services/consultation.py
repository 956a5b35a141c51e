"""C2: Sở GDĐT consults the relevant agencies before appraising; C6: the Central
Committee's written return within 5 working days.

C2 is drawn in the BPMN as a parallel multi-instance user task (one instance per agency the
reviewer picked, `consultation_requests`); each instance is its own inbox row, titled with the
agency's name and due after the task's `due_days` working days on the jurisdiction's calendar.
The so_gddt reviewers record each agency's written answer (the agencies have no accounts:
they answer by letter). An instance still open at its due date is closed by the timers runner
as "no opinion" (its BPMN property `on_due`), recorded like any completion so a replay
repeats it. A BPMN boundary timer could not do this: it runs on the wall clock, cannot count
a jurisdiction's days off, and interrupting a multi-instance task drops the answers already
given.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from ..domain.consultation import (
    NO_OPINION,
    ON_DUE,
    RETURN_DUE_DAYS,
    TIMED_OUT,
    AgencyOpinion,
    check_return_letter,
    opinion_of,
    return_is_late,
)
from ..persistence.models import Dossier, HistoryEvent, HumanTask, ProcessInstance
from .calendar import due_after
from .context import ServiceContext
from .history import lock_dossier, record_event, record_task_completed
from .process_models import parsed_model, version_label
from .steps import apply_outcome, save_state, sync_tasks

VIETNAM = timedelta(hours=7)  # letters are dated in Vietnam; the clock is UTC


# --- what later levels read ---------------------------------------------------------------


def opinions_of(ctx: ServiceContext, dossier_id: int) -> list[AgencyOpinion]:
    """C2: the consulted agencies' answers of the dossier (open ones too), oldest first. The
    caller has checked the dossier may be read."""
    rows = ctx.session.scalars(
        select(HumanTask)
        .where(
            HumanTask.dossier_id == dossier_id,
            HumanTask.instance_key.is_not(None),
            HumanTask.state.in_(("open", "suspended", "completed")),
        )
        .order_by(HumanTask.id)
    )
    return [
        opinion_of(r.instance_key, r.title, r.state, r.data, r.due_at, r.completed_at) for r in rows
    ]


# --- the timers runner ----------------------------------------------------------------------


def due_consultation_ids(ctx: ServiceContext, now: datetime) -> list[int]:
    """Open instances past their due date whose BPMN step closes them then (`on_due`)."""
    rows = ctx.session.execute(
        select(HumanTask.id, HumanTask.name, ProcessInstance)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .where(
            HumanTask.state == "open",
            HumanTask.instance_key.is_not(None),
            HumanTask.due_at <= now,
        )
        .order_by(HumanTask.id)
    ).all()
    return [task_id for task_id, name, instance in rows if _closes_on_due(ctx, instance, name)]


def _closes_on_due(ctx: ServiceContext, instance: ProcessInstance, name: str) -> bool:
    info = parsed_model(ctx, instance.version).user_tasks.get(name)
    return info is not None and info.setting(ON_DUE) == NO_OPINION


def expire_consultation(ctx: ServiceContext, task_id: int) -> bool:
    """Close one agency's task as "no opinion" if it is still open and due; False if it was
    answered, held (X2) or closed by another runner meanwhile."""
    task = ctx.session.get(HumanTask, task_id)
    if task is None:
        return False
    dossier = lock_dossier(ctx.session, task.dossier_id)
    stmt = select(HumanTask, ProcessInstance).join(
        ProcessInstance, ProcessInstance.id == HumanTask.instance_id
    )
    task, instance = ctx.session.execute(
        stmt.where(HumanTask.id == task_id)
        .with_for_update(of=[HumanTask, ProcessInstance])
        .execution_options(populate_existing=True)
    ).one()
    if task.state != "open" or task.due_at is None or task.due_at > ctx.now:
        return False
    _complete_as_timed_out(ctx, dossier, task, instance)
    return True


def _complete_as_timed_out(
    ctx: ServiceContext, dossier: Dossier, task: HumanTask, instance: ProcessInstance
) -> None:
    """The same step as a reviewer's completion (engine, history, projection), with the data
    of an agency that did not answer in time."""
    model = parsed_model(ctx, instance.version)
    data = dict(TIMED_OUT)
    step = ctx.engine.complete(model, instance.state, task.spiff_task_id, data)
    label = version_label(instance.version)
    record_task_completed(ctx, dossier, task, data, step.state_sha256, label, timed_out=True)
    task.state, task.completed_at, task.data = "completed", ctx.now, data
    save_state(ctx, instance, step)
    sync_tasks(ctx, dossier, instance, step)
    apply_outcome(ctx, dossier, step, None)


def fire_due_consultations(
    unit_of_work: Callable[[], AbstractContextManager[ServiceContext]], now: datetime
) -> int:
    """Close every consultation past its due date, each in its own transaction; return how
    many this runner closed."""
    with unit_of_work() as ctx:
        due = due_consultation_ids(ctx, now)
    closed = 0
    for task_id in due:
        try:
            with unit_of_work() as ctx:
                closed += expire_consultation(ctx, task_id)
        except (StaleDataError, DBAPIError):  # answered meanwhile: the next round sees it
            continue
    return closed


# --- C6: the written return of the central appraisal -----------------------------------------


def return_deadline(ctx: ServiceContext, task: HumanTask) -> datetime | None:
    """C6: until when the step may return an ineligible dossier in writing (its
    `return_due_days` working days after receipt), or None if the step sets no such limit."""
    instance = ctx.session.get(ProcessInstance, task.instance_id)
    info = parsed_model(ctx, instance.version).user_tasks.get(task.name)
    days = info.setting(RETURN_DUE_DAYS) if info is not None else None
    if not days:
        return None
    return due_after(ctx.session, task.jurisdiction_id, task.created_at, int(days))


def note_written_return(ctx: ServiceContext, dossier: Dossier, task: HumanTask, data: dict) -> bool:
    """C6: a return from a step with a return limit is dated between receipt and today
    (422 otherwise); one recorded after the limit is accepted and flagged late in the history
    (the duty to return in time does not make an ineligible dossier eligible). True if late."""
    if data.get("decision") != "return":
        return False
    return_by = return_deadline(ctx, task)
    if return_by is None:
        return False
    today = (ctx.now + VIETNAM).date()
    check_return_letter(data.get("return_letter_date"), task.created_at + VIETNAM, today)
    if not return_is_late(ctx.now, return_by):
        return False
    record_event(
        ctx,
        dossier,
        "central_return_late",
        task=task.name,
        data={
            "received_at": task.created_at.isoformat(),
            "return_by": return_by.isoformat(),
            "returned_at": ctx.now.isoformat(),
            "return_letter_date": data.get("return_letter_date"),
        },
    )
    return True


def late_returns(ctx: ServiceContext, dossier_id: int) -> list[dict]:
    """C6: the returns the dossier's history flags as late, for its page."""
    rows = ctx.session.scalars(
        select(HistoryEvent)
        .where(HistoryEvent.dossier_id == dossier_id, HistoryEvent.type == "central_return_late")
        .order_by(HistoryEvent.seq)
    )
    return [dict(row.data) for row in rows]


def consultation_view(ctx: ServiceContext, dossier_id: int, task: HumanTask | None = None):
    """What a dossier's or a task's page shows of C2 and C6 (the caller may read it)."""
    return {
        "opinions": opinions_of(ctx, dossier_id),
        "late_returns": late_returns(ctx, dossier_id),
        "return_by": return_deadline(ctx, task) if task is not None else None,
    }
