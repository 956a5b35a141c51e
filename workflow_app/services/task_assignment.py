"""Tasklist use cases beside claim and complete: assign a task to a named colleague of its
lane (with a note), comment on it, set its follow-up date. As in Camunda Tasklist, the
assignee works an assigned task; others of the role see it but cannot take or complete it
until the assignee (or whoever assigned it) gives it back. Every change is in the history.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain.errors import REQUIRED, Conflict, Invalid, problem
from ..persistence.models import HistoryEvent, HumanTask, RoleGrant, User
from .accounts import actor_for
from .context import ServiceContext
from .history import lock_dossier, record_event
from .tasks import get_task, refuse_if_assigned_elsewhere, task_to_act_on

NOTE_MAX, COMMENT_MAX = 1000, 2000
TASK_ASSIGNED, TASK_COMMENTED, FOLLOW_UP_SET = "task_assigned", "task_commented", "follow_up_set"


def colleagues(ctx: ServiceContext, task: HumanTask) -> list[User]:
    """The active users who may work this task: its lane's role where its dossier is."""
    stmt = (
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == task.lane, User.active.is_(True))
        .distinct()
        .order_by(User.display_name, User.id)
    )
    return [
        user
        for user in ctx.session.scalars(stmt)
        if actor_for(user).may_act_in_lane(task.lane, task.jurisdiction_id, task.unit_id)
    ]


def _may_reassign(ctx: ServiceContext, task: HumanTask) -> None:
    """The assignee, whoever assigned it, or anyone while nobody holds it may reassign."""
    if task.claimed_by_id in (None, ctx.actor_id) or task.assigned_by_id == ctx.actor_id:
        return
    refuse_if_assigned_elsewhere(ctx, task)
    holder = ctx.session.get(User, task.claimed_by_id)
    raise Conflict("task_claimed", who=holder.display_name, details={"claimed_by": holder.username})


def _assignee(ctx: ServiceContext, task: HumanTask, username: str) -> User:
    user = next((u for u in colleagues(ctx, task) if u.username == username), None)
    if user is None:
        raise Invalid("assignee_not_in_lane", details={"assignee": problem("assignee_not_in_lane")})
    return user


def assign_task(
    ctx: ServiceContext, task_id: int, assignee: str | None, note: str = ""
) -> HumanTask:
    """Assign the task to a colleague of its lane (None: back to the group), with a note.

    The hook for notifications: called once per assignment, inside its transaction."""
    task = task_to_act_on(ctx, task_id)
    _may_reassign(ctx, task)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid("invalid_assignment", details={"note": problem("too_long", max=NOTE_MAX)})
    user = _assignee(ctx, task, assignee) if assignee else None
    task.claimed_by_id = user.id if user else None
    task.assigned_by_id = ctx.actor_id if user else None
    task.assignment_note = note if user else None
    record_event(
        ctx,
        lock_dossier(ctx.session, task.dossier_id),
        TASK_ASSIGNED,
        task=task.name,
        data={
            "task_id": task.id,
            "assignee": user.username if user else None,
            "assignee_name": user.display_name if user else None,
            "note": note,
        },
    )
    return task


def comment_on_task(ctx: ServiceContext, task_id: int, text: str) -> dict:
    """Add a comment to the task, kept in the dossier's history (who, when, what)."""
    task = task_to_act_on(ctx, task_id)
    text = (text or "").strip()
    if not text or len(text) > COMMENT_MAX:
        wrong = REQUIRED if not text else problem("too_long", max=COMMENT_MAX)
        raise Invalid("invalid_comment_text", details={"text": wrong})
    event = record_event(
        ctx,
        lock_dossier(ctx.session, task.dossier_id),
        TASK_COMMENTED,
        task=task.name,
        data={"task_id": task.id, "text": text},
    )
    return {"task_id": task.id, "seq": event.seq, "at": event.at, "author": ctx.actor_name}


def set_follow_up(ctx: ServiceContext, task_id: int, follow_up_on: date | None) -> HumanTask:
    """Set (or clear, with None) the day the task should be looked at again."""
    task = task_to_act_on(ctx, task_id)
    refuse_if_assigned_elsewhere(ctx, task)
    task.follow_up_on = follow_up_on
    record_event(
        ctx,
        lock_dossier(ctx.session, task.dossier_id),
        FOLLOW_UP_SET,
        task=task.name,
        data={
            "task_id": task.id,
            "follow_up_on": follow_up_on.isoformat() if follow_up_on else None,
        },
    )
    return task


def task_comments(ctx: ServiceContext, task_id: int) -> list[dict]:
    """The comments of one task, oldest first (read from the dossier's history)."""
    task = get_task(ctx, task_id)
    stmt = (
        select(HistoryEvent)
        .where(HistoryEvent.dossier_id == task.dossier_id, HistoryEvent.type == TASK_COMMENTED)
        .order_by(HistoryEvent.seq)
    )
    return [
        {"seq": e.seq, "at": e.at, "author": e.actor, "text": e.data.get("text", "")}
        for e in ctx.session.scalars(stmt)
        if e.data.get("task_id") == task.id
    ]


def task_panel(ctx: ServiceContext, task: HumanTask) -> dict:
    """What the task page shows of the Tasklist: who it is assigned to and by whom, the
    note, the follow-up date, the comments, and whom it could be assigned to."""
    assigned = task.assigned_by_id is not None and task.claimed_by_id is not None
    return {
        "assignee": task.claimed_by.display_name if assigned else None,
        "assigned_by": task.assigned_by.display_name if assigned and task.assigned_by else None,
        "note": task.assignment_note if assigned else None,
        "mine": assigned and task.claimed_by_id == ctx.actor_id,
        "elsewhere": assigned and task.claimed_by_id != ctx.actor_id,
        "may_reassign": task.claimed_by_id in (None, ctx.actor_id)
        or task.assigned_by_id == ctx.actor_id,
        "follow_up_on": task.follow_up_on,
        "follow_up_due": bool(task.follow_up_on and task.follow_up_on <= ctx.now.date()),
        "colleagues": [
            {"username": u.username, "display_name": u.display_name}
            for u in colleagues(ctx, task)
            if u.id != task.claimed_by_id
        ],
        "comments": task_comments(ctx, task.id),
    }
