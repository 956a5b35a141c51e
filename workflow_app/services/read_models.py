"""Read models: the shapes the API and pages show, assembled without touching the engine."""

from __future__ import annotations

from sqlalchemy import select

from ..domain.dossier import missing_documents
from ..persistence.models import (
    Dossier,
    Hold,
    HumanTask,
    ProcessInstance,
    QuotaCap,
    QuotaSlot,
    User,
)
from .context import ServiceContext
from .process_models import parsed_model


def _usernames(ctx: ServiceContext, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = ctx.session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
    return dict(rows.all())


def task_summaries(ctx: ServiceContext, tasks: list[HumanTask]) -> list[dict]:
    """Tasks as listed in an inbox, with who claimed each (one query for all names)."""
    names = _usernames(ctx, {t.claimed_by_id for t in tasks if t.claimed_by_id})
    return [
        {
            "id": t.id,
            "dossier_id": t.dossier_id,
            "name": t.name,
            "title": t.title,
            "lane": t.lane,
            "state": t.state,
            "claimed_by": names.get(t.claimed_by_id),
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
    instance = ctx.session.scalar(
        select(ProcessInstance).where(ProcessInstance.dossier_id == dossier.id)
    )
    open_tasks = ctx.session.scalars(
        select(HumanTask)
        .where(HumanTask.dossier_id == dossier.id, HumanTask.state == "open")
        .order_by(HumanTask.id)
    ).all()
    model_ref = None
    if instance is not None:
        model_ref = {"key": instance.version.process_model.key, "version": instance.version.version}
    return {
        "id": dossier.id,
        "status": dossier.status,
        "round": dossier.round,
        "award_form": dossier.award_form,
        "achievement_summary": dossier.achievement_summary,
        "claims_initiative": dossier.claims_initiative,
        "nominee": dossier.nominee,
        "unit": {"id": dossier.unit.id, "name": dossier.unit.name},
        "jurisdiction": dossier.jurisdiction_id,
        "process_model": model_ref,
        "open_tasks": task_summaries(ctx, list(open_tasks)),
        "holds": _holds_of(ctx, dossier.nominee_id),
        "quota_slots": _slots_of(ctx, dossier.id),
        "documents": dossier.documents,
        "missing_documents": missing_documents(
            [d.kind for d in dossier.documents], dossier.claims_initiative
        ),
        "rule_set": dossier.rule_set,
        "created_at": dossier.created_at,
        "submitted_at": dossier.submitted_at,
        "closed_at": dossier.closed_at,
    }


def _holds_of(ctx: ServiceContext, nominee_id: int) -> list[Hold]:
    """X2: every hold of the nominee, open ones first."""
    stmt = select(Hold).where(Hold.nominee_id == nominee_id)
    return sorted(ctx.session.scalars(stmt), key=lambda h: (h.cleared_at is not None, h.id))


def _slots_of(ctx: ServiceContext, dossier_id: int) -> list[dict]:
    """The quota slots the dossier holds now (Q1-Q3)."""
    rows = ctx.session.execute(
        select(
            QuotaCap.level,
            QuotaCap.round,
            QuotaCap.award_form,
            QuotaCap.cap,
            QuotaCap.used,
            QuotaSlot.reserved_at,
        )
        .join(QuotaSlot, QuotaSlot.quota_cap_id == QuotaCap.id)
        .where(QuotaSlot.dossier_id == dossier_id, QuotaSlot.released_at.is_(None))
    )
    return [dict(row._mapping) for row in rows]
