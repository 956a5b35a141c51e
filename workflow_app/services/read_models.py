"""Read models: the shapes the API and pages show, assembled without touching the engine."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain.dossier import missing_documents
from ..domain.tasks import LIVE_TASK_STATES
from ..persistence.models import (
    Document,
    Dossier,
    Hold,
    HumanTask,
    ProcessInstance,
    ProcessModelVersion,
    QuotaCap,
    QuotaSlot,
    SelectionProposal,
    User,
)
from .context import ServiceContext
from .process_models import parsed_model
from .rule_sets import rule_set_titles


def _usernames(ctx: ServiceContext, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = ctx.session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
    return dict(rows.all())


def task_summaries(ctx: ServiceContext, tasks: list[HumanTask]) -> list[dict]:
    """Tasks as listed in an inbox, with who claimed each and, for a task a colleague
    assigned (issue 18), who did and why, and its follow-up day (one query for all names)."""
    people = {t.claimed_by_id for t in tasks} | {t.assigned_by_id for t in tasks}
    names = _usernames(ctx, people - {None})
    return [
        {
            "id": t.id,
            "dossier_id": t.dossier_id,
            "name": t.name,
            "title": t.title,
            "lane": t.lane,
            "state": t.state,
            "claimed_by": names.get(t.claimed_by_id),
            "assigned_by": names.get(t.assigned_by_id),
            "assignment_note": t.assignment_note,
            "follow_up_on": t.follow_up_on,
            "due_at": t.due_at,
            "created_at": t.created_at,
        }
        for t in tasks
    ]


def task_detail(ctx: ServiceContext, task: HumanTask) -> dict:
    """A task with its form's JSON Schema and UI schema and a short dossier summary."""
    instance = ctx.session.get(ProcessInstance, task.instance_id)
    model = parsed_model(ctx, instance.version)
    dossier = ctx.session.get(Dossier, task.dossier_id)
    return {
        **task_summaries(ctx, [task])[0],
        "form": {
            "schema": model.forms.get(task.form_schema) if task.form_schema else None,
            "ui_schema": model.forms.get(task.form_ui_schema) if task.form_ui_schema else None,
        },
        "dossier": {
            "id": dossier.id,
            "status": dossier.status,
            "round": dossier.round,
            "award_form": dossier.award_form,
            "nominee": dossier.nominee.name,
            "unit": dossier.unit_id,
        },
    }


def dossier_detail(ctx: ServiceContext, dossier: Dossier) -> dict:
    """Everything `GET /dossiers/{id}` promises: status, where it is, documents, model version."""
    return dossier_details(ctx, [dossier])[0]


def dossier_details(ctx: ServiceContext, dossiers: list[Dossier]) -> list[dict]:
    """The detail of each dossier of a page, with one query per kind of row, not per dossier."""
    ids = [d.id for d in dossiers]
    instances = _by(
        ctx,
        select(ProcessInstance)
        .where(ProcessInstance.dossier_id.in_(ids))
        .options(joinedload(ProcessInstance.version).joinedload(ProcessModelVersion.process_model)),
        "dossier_id",
    )
    open_tasks = _by(
        ctx,
        select(HumanTask)
        .where(HumanTask.dossier_id.in_(ids), HumanTask.state == "open")
        .order_by(HumanTask.id),
        "dossier_id",
    )
    holds = _by(
        ctx,
        select(Hold)
        .where(Hold.nominee_id.in_({d.nominee_id for d in dossiers}))
        .order_by(Hold.cleared_at.is_not(None), Hold.id),
        "nominee_id",
    )
    documents = _by(
        ctx,
        select(Document).where(Document.dossier_id.in_(ids)).order_by(Document.id),
        "dossier_id",
    )
    slots = _slots_of(ctx, ids)
    proposals = _by(  # S1: waiting for a level's sitting
        ctx,
        select(SelectionProposal).where(
            SelectionProposal.dossier_id.in_(ids), SelectionProposal.closed_at.is_(None)
        ),
        "dossier_id",
    )
    titles = rule_set_titles(ctx.session) if any(d.rule_set for d in dossiers) else {}
    summaries = dict(
        zip(
            [t.id for tasks in open_tasks.values() for t in tasks],
            task_summaries(ctx, [t for tasks in open_tasks.values() for t in tasks]),
            strict=True,
        )
    )
    return [
        _detail(
            d,
            instances.get(d.id, [None])[0],
            [summaries[t.id] for t in open_tasks.get(d.id, [])],
            holds.get(d.nominee_id, []),
            slots.get(d.id, []),
            documents.get(d.id, []),
            proposals.get(d.id, [None])[0],
        )
        | _law_of(d, titles)
        for d in dossiers
    ]


def _law_of(dossier: Dossier, titles: dict[str, str]) -> dict:
    """R1: the rule set the dossier keeps, by its title; R2: its achievement period."""
    return {
        "rule_set_title": titles.get(dossier.rule_set) if dossier.rule_set else None,
        "achievement_from": dossier.achievement_from,
        "achievement_to": dossier.achievement_to,
    }


def _by(ctx: ServiceContext, stmt, key: str) -> dict:
    """Rows of `stmt` grouped by one of their attributes, in query order."""
    grouped: dict = {}
    for row in ctx.session.scalars(stmt).unique():
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def _detail(dossier, instance, open_tasks, holds, slots, documents, proposal=None) -> dict:
    model_ref = None
    waiting = proposal is not None and dossier.status == "in_progress"  # X2: held is not
    if instance is not None:
        model_ref = {"key": instance.version.process_model.key, "version": instance.version.version}
    return {
        "id": dossier.id,
        "status": dossier.status,
        "round": dossier.round,
        "award_form": dossier.award_form,
        "achievement_summary": dossier.achievement_summary,
        "claims_initiative": dossier.claims_initiative,
        "labour_order_class": dossier.labour_order_class,  # E3
        "awarded_form": dossier.awarded_form,  # S4: a lower form given instead
        "nominee": dossier.nominee,
        "unit": {"id": dossier.unit.id, "name": dossier.unit.name},
        "jurisdiction": dossier.jurisdiction_id,
        "process_model": model_ref,
        "open_tasks": open_tasks,
        "holds": holds,  # X2: every hold of the nominee, open ones first
        "quota_slots": slots,
        "waiting_for": "selection" if waiting else None,
        "selection": proposal,
        "documents": documents,
        "missing_documents": missing_documents(
            [d.kind for d in documents], dossier.claims_initiative
        ),
        "rule_set": dossier.rule_set,
        "created_at": dossier.created_at,
        "submitted_at": dossier.submitted_at,
        "closed_at": dossier.closed_at,
    }


def _slots_of(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, list[dict]]:
    """The quota slots each dossier holds now (Q1-Q3)."""
    rows = ctx.session.execute(
        select(
            QuotaSlot.dossier_id,
            QuotaCap.level,
            QuotaCap.round,
            QuotaCap.award_form,
            QuotaCap.cap,
            QuotaCap.used,
            QuotaSlot.reserved_at,
        )
        .join(QuotaSlot, QuotaSlot.quota_cap_id == QuotaCap.id)
        .where(QuotaSlot.dossier_id.in_(dossier_ids), QuotaSlot.released_at.is_(None))
    )
    slots: dict[int, list[dict]] = {}
    for row in rows:
        fields = dict(row._mapping)
        slots.setdefault(fields.pop("dossier_id"), []).append(fields)
    return slots


def live_tasks_by_dossier(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, list]:
    """Where each listed dossier is now: its open or suspended steps, in one query."""
    if not dossier_ids:
        return {}
    stmt = select(HumanTask).where(
        HumanTask.dossier_id.in_(dossier_ids), HumanTask.state.in_(LIVE_TASK_STATES)
    )
    return _by(ctx, stmt, "dossier_id")


def task_completion(ctx: ServiceContext, task: HumanTask) -> dict:
    """Who completed a task and when, for the page a late reviewer sees."""
    user = ctx.session.get(User, task.completed_by_id) if task.completed_by_id else None
    return {
        "completed_by": user.display_name if user else None,
        "completed_at": task.completed_at.isoformat() if task.completed_at else None,
    }
