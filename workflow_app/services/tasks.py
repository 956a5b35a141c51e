"""Reviewers' use cases: the inbox, claiming, and completing a task of the chain."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from ..domain.access import Actor
from ..domain.errors import Conflict, NotAllowed, NotFound
from ..domain.roles import NATIONAL_LANES, UNIT
from ..domain.tasks import check_actionable
from ..persistence.models import (
    Dossier,
    HumanTask,
    ProcessInstance,
    ProcessModelVersion,
    User,
)
from . import quotas
from .consultation import note_written_return
from .context import ServiceContext
from .deadlines import refuse_late_step
from .forms import validate_task_data
from .history import lock_dossier, record_event, record_task_completed
from .postings import refuse_while_posted, take_posting_requests
from .process_models import parsed_model, version_label
from .selection.delivery import propose
from .selection.proposals import proposed_level
from .steps import apply_outcome, save_state, sync_tasks


def my_lanes(actor: Actor) -> list[str]:
    """The lanes the user works (their granted roles but `admin` and `auditor`), units
    first and the national levels last, for the inbox's lane filter."""
    held = {g.role for g in actor.grants} - {"admin", "auditor"}
    rank = {UNIT: 0, **{lane: 2 for lane in NATIONAL_LANES}}
    return sorted(held, key=lambda lane: (rank.get(lane, 1), lane))


def offered_to(actor: Actor):
    """SQL for the open tasks whose lane role this user holds where the dossier is (issue 17:
    any role the user was granted, since a jurisdiction's roles are its own data)."""
    clauses = []
    if actor.unit_ids():
        clauses.append(and_(HumanTask.lane == UNIT, HumanTask.unit_id.in_(actor.unit_ids())))
    for lane in sorted({g.role for g in actor.grants} - {UNIT, "admin", "auditor"}):
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
        raise NotFound()
    if not _may_act(ctx.actor, task):
        from .dossiers import get_dossier

        get_dossier(ctx, task.dossier_id)  # readable dossiers reveal their tasks
    return task


def task_to_act_on(ctx: ServiceContext, task_id: int) -> HumanTask:
    """The task, if this user may act on it now: 403 outside its lane, 409 held or done."""
    task = get_task(ctx, task_id)
    _require_actor(ctx, task)
    _require_actionable(ctx, task, ctx.session.get(Dossier, task.dossier_id).status)
    return task


def _require_actionable(ctx: ServiceContext, task: HumanTask, dossier_status: str) -> None:
    """X2 and who acted first, decided once in the domain (`check_actionable`)."""
    who = task.completed_by.display_name if task.completed_by else None
    check_actionable(
        task.name, task.state, dossier_status, completed_by=who, completed_at=task.completed_at
    )


def _require_actor(ctx: ServiceContext, task: HumanTask) -> None:
    if not _may_act(ctx.actor, task):
        raise NotAllowed("not_lane_role", lane=task.lane)


def refuse_if_assigned_elsewhere(ctx: ServiceContext, task: HumanTask) -> None:
    """Tasklist: an assigned task is worked by its assignee; anyone else gets 409
    `task_assigned` naming them (services.task_assignment gives it back)."""
    if task.assigned_by_id is None or task.claimed_by_id in (None, ctx.actor_id):
        return
    holder = ctx.session.get(User, task.claimed_by_id)
    raise Conflict(
        "task_assigned",
        who=holder.display_name,
        details={"assignee": holder.username, "claimed_by": holder.username},
    )


def claim_task(ctx: ServiceContext, task_id: int) -> HumanTask:
    """Take a task for myself; a conditional update so two claims cannot both win."""
    task = task_to_act_on(ctx, task_id)
    refuse_if_assigned_elsewhere(ctx, task)
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
        if holder is None:
            raise Conflict("task_claimed_by_other", details={"claimed_by": None})
        raise Conflict(
            "task_claimed", who=holder.display_name, details={"claimed_by": holder.username}
        )
    ctx.session.refresh(task)
    record_event(
        ctx, _dossier(ctx, task), "task_claimed", task=task.name, data={"task_id": task.id}
    )
    return task


def unclaim_task(ctx: ServiceContext, task_id: int) -> HumanTask:
    """Give a claimed task back to the group."""
    task = task_to_act_on(ctx, task_id)
    if task.claimed_by_id not in (None, ctx.actor_id):
        raise Conflict("not_claimer")
    task.claimed_by_id = task.assigned_by_id = task.assignment_note = None
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
        raise NotFound()
    task, dossier, instance = row
    if not _may_act(ctx.actor, task):
        get_task(ctx, task_id)  # 404 if the dossier is not readable either
        _require_actor(ctx, task)
    return task, dossier, instance


def complete_task(ctx: ServiceContext, task_id: int, data: Mapping) -> dict:
    """Load, validate, step, project, take slots, record history; all or nothing.

    Returns what changed: the completed task, the dossier's new status, the next tasks.
    The step's writes go to the database in ONE flush, at commit (issue 15): no query of
    the step autoflushes, since none of them reads what the step itself wrote.
    """
    with ctx.session.no_autoflush:
        return _complete_task(ctx, task_id, data)


def _complete_task(ctx: ServiceContext, task_id: int, data: Mapping) -> dict:
    task, dossier, instance = _task_for_completion(ctx, task_id)
    _require_actionable(ctx, task, dossier.status)
    refuse_if_assigned_elsewhere(ctx, task)
    if task.claimed_by_id not in (None, ctx.actor_id):
        raise Conflict("task_claimed_by_other", details={"claimed_by": task.claimed_by_id})
    refuse_late_step(ctx, dossier, task.lane)
    refuse_while_posted(ctx, dossier)  # P3: not while its posting runs or a comment waits
    model = parsed_model(ctx, instance.version)
    clean = validate_task_data(model, task.form_schema, data)
    step = ctx.engine.complete(model, instance.state, task.spiff_task_id, clean)
    # S1: approving at a capped step proposes the dossier to the level's sitting; a model
    # drawn before sittings takes its slot at approval (Q1-Q3: a full cap is a 409 there).
    level = proposed_level(step)
    slots = [] if level else quotas.slots_to_take(ctx, dossier, step.slot_requests)
    label = version_label(instance.version)
    # X4: recorded with the hash of the state the step led to, which a replay must reproduce.
    record_task_completed(ctx, dossier, task, clean, step.state_sha256, label)
    note_written_return(ctx, dossier, task, clean)  # C6: dated in range; flagged if late
    task.state, task.completed_at, task.completed_by_id = "completed", ctx.now, ctx.actor_id
    task.data = clean
    save_state(ctx, instance, step)
    next_tasks = sync_tasks(ctx, dossier, instance, step)
    take_posting_requests(ctx, dossier, step, task.lane)  # P1: put forward for posting
    status = apply_outcome(ctx, dossier, step, clean.get("decision"))
    quotas.release_if_below(ctx, dossier, [t.lane for t in next_tasks])
    quotas.take_slots(ctx, dossier, slots)  # last, so the cap row is locked only until commit
    if status in ("approved", "rejected", "returned"):
        record_event(
            ctx,
            dossier,
            f"dossier_{status}",
            task=task.name,
            data={"reason": clean.get("reason", "")},
            model_version=label,
        )
    if level is not None:  # waits for the sitting, or goes on at once where none is needed
        next_tasks = propose(ctx, dossier, instance, level) or next_tasks
    return {"task": task, "dossier": dossier, "next_tasks": next_tasks}
