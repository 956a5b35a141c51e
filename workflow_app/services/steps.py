"""One engine step for a dossier: run it, then project its result (state, tasks, status, quota
slots, history) in the same transaction. If anything fails the caller's unit of work rolls
the whole step back."""

from __future__ import annotations

from sqlalchemy import select

from ..domain.dossier import check_transition, status_after_step
from ..domain.errors import Invalid
from ..domain.quota import RELEASED_REJECTED
from ..domain.tasks import LIVE_TASK_STATES
from ..engine.engine import EngineError, ReadyTask, StepResult
from ..persistence.models import Dossier, HumanTask, ProcessInstance, ProcessModelVersion
from . import quotas
from .calendar import due_after
from .context import ServiceContext
from .history import record_event
from .inbox_names import folded_nominee
from .process_models import parsed_model, version_label
from .receipts import note_receipts
from .selection.proposals import close_proposal
from .task_titles import task_title

__all__ = [
    "LIVE_TASK_STATES",
    "apply_outcome",
    "close_dossier",
    "save_state",
    "signal_workflow",
    "start_instance",
    "sync_tasks",
]


def start_instance(
    ctx: ServiceContext, dossier: Dossier, version: ProcessModelVersion, data: dict
) -> ProcessInstance:
    """Start the dossier's workflow on `version` and project its first tasks."""
    model = parsed_model(ctx, version)
    try:
        step = ctx.engine.start(model, data)
    except EngineError as error:
        raise Invalid("workflow_cannot_start", details={"engine": str(error)}) from error
    slots = quotas.slots_to_take(ctx, dossier, step.slot_requests)  # a full cap refuses here
    instance = ProcessInstance(
        dossier_id=dossier.id,
        version=version,
        state=step.state,
        completed=step.completed,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(instance)
    ctx.session.flush()
    # X4: the start data and the state it led to, so a replay needs no mutable dossier field.
    record_event(
        ctx,
        dossier,
        "workflow_started",
        data={"start_data": dict(data), "state_sha256": step.state_sha256},
        model_version=version_label(version),
    )
    sync_tasks(ctx, dossier, instance, step)
    quotas.take_slots(ctx, dossier, slots)
    return instance


def signal_workflow(ctx: ServiceContext, dossier: Dossier, message: str) -> tuple[str | None, dict]:
    """Tell the dossier's workflow what happened (`hold_placed`...). Returns the version it
    runs on and what a replay repeats (X4): the message, whether it was caught, the state."""
    instance = ctx.session.scalar(
        select(ProcessInstance).where(ProcessInstance.dossier_id == dossier.id)
    )
    if instance is None:
        return None, {}
    model = parsed_model(ctx, instance.version)
    step = ctx.engine.send_message(model, instance.state, message, {"dossier_id": dossier.id})
    if step.delivered:
        slots = quotas.slots_to_take(ctx, dossier, step.slot_requests)
        save_state(ctx, instance, step)
        quotas.take_slots(ctx, dossier, slots)
    record = {"message": message, "caught": step.delivered, "state_sha256": step.state_sha256}
    return version_label(instance.version), record


def save_state(ctx: ServiceContext, instance: ProcessInstance, step: StepResult) -> None:
    """Store the step's new state; at flush the lock_version check turns a stale write into a
    409 (StaleDataError, mapped by the API), never a lost update."""
    instance.state = step.state
    instance.completed = step.completed
    instance.updated_at = ctx.now


def sync_tasks(
    ctx: ServiceContext,
    dossier: Dossier,
    instance: ProcessInstance,
    step: StepResult,
    rows: list[HumanTask] | None = None,
) -> list[HumanTask]:
    """Make the inbox projection match the step's READY user tasks; return the live ones
    (open, or suspended by a hold). `rows`: the instance's live tasks, if the caller read
    them already (a sitting reads them for all its candidates at once)."""
    ready = {task.spiff_id: task for task in step.ready_tasks}
    if rows is None:
        with ctx.session.no_autoflush:  # pending changes are flushed once, at commit
            rows = ctx.session.scalars(
                select(HumanTask).where(
                    HumanTask.instance_id == instance.id, HumanTask.state.in_(LIVE_TASK_STATES)
                )
            ).all()
    live = [row for row in rows if row.state in LIVE_TASK_STATES]  # as changed in this step
    for row in live:
        if row.spiff_task_id not in ready:
            row.state = "cancelled"
            row.completed_at = ctx.now
    kept = [row for row in live if row.spiff_task_id in ready]
    known = {row.spiff_task_id for row in kept}
    created = [
        _new_human_task(ctx, dossier, instance, task)
        for spiff_id, task in ready.items()
        if spiff_id not in known
    ]
    ctx.session.add_all(created)  # flushed with the rest of the step, at commit
    note_receipts(ctx, dossier.id, {row.lane for row in created})  # T5: when each level got it
    for row in created:
        record_event(
            ctx,
            dossier,
            "task_created",
            task=row.name,
            data={"spiff_task_id": row.spiff_task_id, "lane": row.lane, "title": row.title},
            model_version=version_label(instance.version),
        )
    return kept + created


def _new_human_task(
    ctx: ServiceContext, dossier: Dossier, instance: ProcessInstance, task: ReadyTask
) -> HumanTask:
    info = task.info
    return HumanTask(
        instance_id=instance.id,
        dossier_id=dossier.id,
        spiff_task_id=task.spiff_id,
        name=info.id,
        title=task_title(ctx, instance, task),  # C2: one row per consulted agency, named
        instance_key=task.instance_key,
        lane=info.lane or "",
        jurisdiction_id=dossier.jurisdiction_id,
        unit_id=dossier.unit_id if info.lane == "unit" else None,
        form_schema=info.form_schema,
        form_ui_schema=info.form_ui_schema,
        state="open",
        nominee_folded=folded_nominee(ctx, dossier),  # issue 15: the inbox's name search
        # `due_days` are working days (weekends and the jurisdiction's days off skipped).
        due_at=due_after(ctx.session, dossier.jurisdiction_id, ctx.now, info.due_days)
        if info.due_days
        else None,
        created_at=ctx.now,
    )


def apply_outcome(
    ctx: ServiceContext, dossier: Dossier, step: StepResult, decision: str | None
) -> str:
    """Set the dossier's status from the step's result (see `status_after_step`); return it."""
    new_status = status_after_step(step.completed, step.outcome, decision)
    check_transition(dossier.status, new_status)
    dossier.status = new_status
    if step.completed:
        dossier.closed_at = ctx.now
    if new_status == "rejected":
        quotas.release_all(ctx, dossier, RELEASED_REJECTED)
    return new_status


def close_dossier(ctx: ServiceContext, dossier: Dossier, status: str) -> None:
    """End a dossier outside its workflow (withdrawn, excluded): its tasks leave every inbox
    and, if it waited for a sitting, it leaves that queue (S1)."""
    dossier.status = status
    dossier.closed_at = ctx.now
    close_proposal(ctx, dossier, status)
    live_tasks = ctx.session.scalars(
        select(HumanTask).where(
            HumanTask.dossier_id == dossier.id, HumanTask.state.in_(LIVE_TASK_STATES)
        )
    )
    for task in live_tasks:
        task.state = "cancelled"
        task.completed_at = ctx.now
