"""Reviewers' use cases: the inbox, claiming, and completing a task of the chain."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from ..domain.access import Actor
from ..domain.errors import Conflict, NotAllowed, NotFound
from ..domain.vocabulary import LANE_ROLES
from ..persistence.models import (
    Dossier,
    HumanTask,
    ProcessInstance,
    ProcessModelVersion,
    User,
)
from . import quotas
from .context import ServiceContext
from .forms import validate_task_data
from .history import lock_dossier, record_event
from .process_models import parsed_model, version_label
from .steps import apply_outcome, host_functions, save_workflow, sync_tasks


def offered_to(actor: Actor):
    """SQL for the open tasks whose lane role this user holds where the dossier is."""
    clauses = []
    for lane in LANE_ROLES:
        if lane == "unit":
            if actor.unit_ids():
                clauses.append(
                    and_(HumanTask.lane == "unit", HumanTask.unit_id.in_(actor.unit_ids()))
                )
            continue
        jurisdictions = actor.jurisdictions_for(lane)
        if None in jurisdictions:
            clauses.append(HumanTask.lane == lane)
        elif jurisdictions:
            clauses.append(
                and_(HumanTask.lane == lane, HumanTask.jurisdiction_id.in_(jurisdictions))
            )
    return or_(*clauses) if clauses else HumanTask.id.is_(None)


def inbox(ctx: ServiceContext, scope: str = "group", limit: int = 50, after_id: int | None = None):
    """Open tasks offered to my roles (`group`) or claimed by me (`mine`), keyset-paged by id."""
    stmt = select(HumanTask).where(HumanTask.state == "open")
    if scope == "mine":
        stmt = stmt.where(HumanTask.claimed_by_id == ctx.actor_id)
    else:
        stmt = stmt.where(offered_to(ctx.actor))
    if after_id is not None:
        stmt = stmt.where(HumanTask.id > after_id)
    return list(ctx.session.scalars(stmt.order_by(HumanTask.id).limit(limit)))


def _may_act(actor: Actor, task: HumanTask) -> bool:
    return actor.may_act_in_lane(task.lane, task.jurisdiction_id, task.unit_id)


def get_task(ctx: ServiceContext, task_id: int) -> HumanTask:
    """A task this user is offered (or may read through its dossier); 404 otherwise."""
    task = ctx.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("Không tìm thấy công việc.")
    if not _may_act(ctx.actor, task):
        from .dossiers import get_dossier

        get_dossier(ctx, task.dossier_id)  # readable dossiers reveal their tasks
    return task


def _who_and_when(ctx: ServiceContext, task: HumanTask) -> dict:
    user = ctx.session.get(User, task.completed_by_id) if task.completed_by_id else None
    return {
        "completed_by": user.display_name if user else None,
        "completed_at": task.completed_at.isoformat() if task.completed_at else None,
        "state": task.state,
    }


def _require_open(ctx: ServiceContext, task: HumanTask) -> None:
    if task.state == "suspended":
        raise Conflict(
            "Hồ sơ đang tạm dừng xét do đối tượng có vướng mắc (X2).", {"status": "on_hold"}
        )
    if task.state != "open":
        details = _who_and_when(ctx, task)
        who = details["completed_by"] or "hệ thống"
        raise Conflict(f"Công việc đã được xử lý bởi {who}.", details)


def _require_actor(ctx: ServiceContext, task: HumanTask) -> None:
    if not _may_act(ctx.actor, task):
        raise NotAllowed("Bạn không có vai trò xử lý bước này.")


def claim_task(ctx: ServiceContext, task_id: int) -> HumanTask:
    """Take a task for myself; a conditional update so two claims cannot both win."""
    task = get_task(ctx, task_id)
    _require_actor(ctx, task)
    _require_open(ctx, task)
    result = ctx.session.execute(
        update(HumanTask)
        .where(
            HumanTask.id == task.id,
            HumanTask.state == "open",
            or_(HumanTask.claimed_by_id.is_(None), HumanTask.claimed_by_id == ctx.actor_id),
        )
        .values(claimed_by_id=ctx.actor_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        ctx.session.refresh(task)
        holder = ctx.session.get(User, task.claimed_by_id) if task.claimed_by_id else None
        raise Conflict(
            f"Công việc đã được {holder.display_name if holder else 'người khác'} nhận.",
            {"claimed_by": holder.username if holder else None},
        )
    ctx.session.refresh(task)
    record_event(
        ctx, _dossier(ctx, task), "task_claimed", task=task.name, data={"task_id": task.id}
    )
    return task


def unclaim_task(ctx: ServiceContext, task_id: int) -> HumanTask:
    """Give a claimed task back to the group."""
    task = get_task(ctx, task_id)
    _require_actor(ctx, task)
    _require_open(ctx, task)
    if task.claimed_by_id not in (None, ctx.actor_id):
        raise Conflict("Chỉ người đã nhận mới trả lại được công việc.")
    task.claimed_by_id = None
    record_event(
        ctx, _dossier(ctx, task), "task_unclaimed", task=task.name, data={"task_id": task.id}
    )
    return task


def _dossier(ctx: ServiceContext, task: HumanTask) -> Dossier:
    return lock_dossier(ctx.session, task.dossier_id)


def _task_for_completion(ctx: ServiceContext, task_id: int):
    """The task with its dossier, instance and pinned version, in one query."""
    stmt = (
        select(HumanTask, Dossier, ProcessInstance)
        .join(Dossier, Dossier.id == HumanTask.dossier_id)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .options(joinedload(ProcessInstance.version).joinedload(ProcessModelVersion.process_model))
        .where(HumanTask.id == task_id)
        # Lock task, dossier and instance: a second completer waits, then sees the first's
        # commit (task completed -> 409) instead of appending to the history beside it.
        .with_for_update(of=[HumanTask, Dossier, ProcessInstance])
        .execution_options(populate_existing=True)
    )
    row = ctx.session.execute(stmt).first()
    if row is None:
        raise NotFound("Không tìm thấy công việc.")
    task, dossier, instance = row
    if not _may_act(ctx.actor, task):
        get_task(ctx, task_id)  # 404 if the dossier is not readable either
        raise NotAllowed("Bạn không có vai trò xử lý bước này.")
    return task, dossier, instance


def complete_task(ctx: ServiceContext, task_id: int, data: Mapping) -> dict:
    """Validate the form, run the engine step, project tasks/status/history; all or nothing.

    Returns what changed: the completed task, the dossier's new status, the next tasks.
    """
    task, dossier, instance = _task_for_completion(ctx, task_id)
    _require_open(ctx, task)
    if task.claimed_by_id not in (None, ctx.actor_id):
        raise Conflict("Công việc đang do người khác xử lý.", {"claimed_by": task.claimed_by_id})
    if dossier.status == "on_hold":
        raise Conflict("Hồ sơ đang tạm dừng xét (X2).", {"status": "on_hold"})
    model = parsed_model(ctx, instance.version)
    clean = validate_task_data(model, task.form_schema, data)
    label = version_label(instance.version)
    workflow = ctx.engine.load(model, instance.state, host_functions(ctx, dossier))
    ctx.engine.complete(workflow, task.spiff_task_id, clean)  # may ask for a quota slot
    # X4: recorded with the hash of the state the step led to, which a replay must reproduce.
    record_event(
        ctx,
        dossier,
        "task_completed",
        task=task.name,
        data={
            "task_id": task.id,
            "lane": task.lane,
            "form": clean,
            "state_sha256": ctx.engine.state_sha256(workflow),
        },
        model_version=label,
    )
    task.state, task.completed_at, task.completed_by_id = "completed", ctx.now, ctx.actor_id
    task.data = clean
    save_workflow(ctx, instance, workflow)
    next_tasks = sync_tasks(ctx, dossier, instance, model, workflow)
    status = apply_outcome(ctx, dossier, workflow, clean.get("decision"))
    quotas.release_if_below(ctx, dossier, [t.lane for t in next_tasks])
    quotas.take_pending_slots(ctx)  # last, so the cap row is locked only until commit
    if status in ("approved", "rejected", "returned"):
        record_event(
            ctx,
            dossier,
            f"dossier_{status}",
            task=task.name,
            data={"reason": clean.get("reason", "")},
            model_version=label,
        )
    return {"task": task, "dossier": dossier, "next_tasks": next_tasks}
