"""One engine step for a dossier: run it, then project tasks, status and history in the same
transaction. If anything fails the caller's unit of work rolls the whole step back."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from ..domain.dossier import check_transition
from ..domain.errors import Invalid
from ..domain.quota import RELEASED_REJECTED
from ..engine.engine import EngineError, ReadyTask, Workflow
from ..engine.specs import ParsedModel
from ..persistence.models import Dossier, HumanTask, ProcessInstance, ProcessModelVersion
from . import quotas
from .calendar import due_after
from .context import ServiceContext
from .history import record_event
from .process_models import parsed_model, version_label

LIVE_TASK_STATES = ("open", "suspended")


def host_functions(ctx: ServiceContext, dossier: Dossier) -> dict[str, Callable]:
    """The named functions a BPMN script or condition may call for this dossier.

    They read lazily: a step whose BPMN calls none of them costs no query.
    """

    def has_document(kind: str) -> bool:
        return any(document.kind == kind for document in dossier.documents)

    def reserve_quota_slot(level: str) -> bool:
        """Q1-Q3: take a slot of the cap at `level`, or refuse the approval (409)."""
        return quotas.reserve_slot(ctx, dossier, level)

    return {"has_document": has_document, "reserve_quota_slot": reserve_quota_slot}


def start_instance(
    ctx: ServiceContext, dossier: Dossier, version: ProcessModelVersion, data: dict
) -> ProcessInstance:
    """Start the dossier's workflow on `version` and project its first tasks."""
    model = parsed_model(ctx, version)
    try:
        workflow = ctx.engine.start(model, data, host_functions(ctx, dossier))
    except EngineError as error:
        message = f"Quy trình không xử lý được hồ sơ này: {error}"
        raise Invalid(message, {"engine": str(error)}) from error
    instance = ProcessInstance(
        dossier_id=dossier.id,
        version=version,
        state=ctx.engine.dump(workflow),
        completed=ctx.engine.is_completed(workflow),
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
        data={"start_data": dict(data), "state_sha256": ctx.engine.state_sha256(workflow)},
        model_version=version_label(version),
    )
    sync_tasks(ctx, dossier, instance, model, workflow)
    quotas.take_pending_slots(ctx)
    return instance


def save_workflow(ctx: ServiceContext, instance: ProcessInstance, workflow: Workflow) -> None:
    """Store the new state; at flush the lock_version check turns a stale write into a 409
    (StaleDataError, mapped by the API), never a lost update."""
    instance.state = ctx.engine.dump(workflow)
    instance.completed = ctx.engine.is_completed(workflow)
    instance.updated_at = ctx.now


def sync_tasks(
    ctx: ServiceContext,
    dossier: Dossier,
    instance: ProcessInstance,
    model: ParsedModel,
    workflow: Workflow,
) -> list[HumanTask]:
    """Make the inbox projection match the workflow's READY user tasks; return the live ones
    (open, or suspended by a hold)."""
    ready = {task.spiff_id: task for task in ctx.engine.ready_tasks(model, workflow)}
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
        title=info.title,
        lane=info.lane or "",
        jurisdiction_id=dossier.jurisdiction_id,
        unit_id=dossier.unit_id if info.lane == "unit" else None,
        form_schema=info.form_schema,
        form_ui_schema=info.form_ui_schema,
        state="open",
        # `due_days` are working days (weekends and the jurisdiction's days off skipped).
        due_at=due_after(ctx.session, dossier.jurisdiction_id, ctx.now, info.due_days)
        if info.due_days
        else None,
        created_at=ctx.now,
    )


def apply_outcome(
    ctx: ServiceContext, dossier: Dossier, workflow: Workflow, decision: str | None
) -> str:
    """Set the dossier's status from where the workflow now stands; return it."""
    if ctx.engine.is_completed(workflow):
        outcome = ctx.engine.result_data(workflow).get("outcome")
        new_status = "approved" if outcome == "approved" else "rejected"
    elif decision == "return":
        new_status = "returned"
    else:
        new_status = "in_progress"
    check_transition(dossier.status, new_status)
    dossier.status = new_status
    if ctx.engine.is_completed(workflow):
        dossier.closed_at = ctx.now
    if new_status == "rejected":
        quotas.release_all(ctx, dossier, RELEASED_REJECTED)
    return new_status


def close_dossier(ctx: ServiceContext, dossier: Dossier, status: str) -> None:
    """End a dossier outside its workflow (withdrawn, excluded): its tasks leave every inbox."""
    dossier.status = status
    dossier.closed_at = ctx.now
    live_tasks = ctx.session.scalars(
        select(HumanTask).where(
            HumanTask.dossier_id == dossier.id, HumanTask.state.in_(LIVE_TASK_STATES)
        )
    )
    for task in live_tasks:
        task.state = "cancelled"
        task.completed_at = ctx.now
