"""A unit's drafts (issue 18): pick a nominee the unit already registered instead of retyping
it, and change a draft before it is submitted. The same laws as at creation apply to the
changed draft (T1-T3 an open round, E1, E3, X1, R2); only a draft can be changed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain.dossier import LIVE_STATUSES, labour_order_class_problem
from ..domain.errors import Conflict, DuplicateDossier, Invalid, NotAllowed, problem
from ..domain.rounds import check_round_open, is_round
from ..domain.rule_sets import achievement_period_problems
from ..domain.vocabulary import AWARD_FORMS
from ..persistence.models import Dossier, Nominee
from .context import ServiceContext
from .deadlines import deadline_for
from .dossiers import check_served_discipline, get_dossier
from .eligibility import check_eligible_now
from .history import record_event

PICKABLE = 500
EDITABLE = (
    "round",
    "award_form",
    "achievement_summary",
    "claims_initiative",
    "labour_order_class",
    "achievement_from",
    "achievement_to",
)


def own_nominees(ctx: ServiceContext, unit_ids: list[str]) -> list[dict]:
    """X3: the nominees registered by the units this user works for, by name, with the facts
    the new-dossier form fills in when one is picked."""
    mine = [u for u in unit_ids if u in ctx.actor.unit_ids()]
    stmt = select(Nominee).where(Nominee.unit_id.in_(mine)).order_by(Nominee.name, Nominee.id)
    return [
        {
            "id": n.id,
            "unit": n.unit_id,
            "kind": n.kind,
            "name": n.name,
            "sex": n.sex or "",
            "citizen_id": n.citizen_id or "",
            "staff_total": "" if n.staff_total is None else n.staff_total,
            "women_total": "" if n.women_total is None else n.women_total,
        }
        for n in ctx.session.scalars(stmt.limit(PICKABLE))
    ]


def editable_draft(ctx: ServiceContext, dossier_id: int) -> Dossier:
    """The draft, if this user is of its unit: 404 unseen, 403 another unit, 409 submitted."""
    dossier = get_dossier(ctx, dossier_id)
    if not ctx.actor.holds("unit", dossier.jurisdiction_id, dossier.unit_id):
        raise NotAllowed("not_own_nominee")
    if dossier.status != "draft":
        raise Conflict("dossier_not_draft", status=dossier.status)
    return dossier


def _problems(changes: dict) -> dict:
    errors = {}
    if not is_round(changes["round"]):
        errors["round"] = problem("not_a_round")
    if changes["award_form"] not in AWARD_FORMS:
        errors["award_form"] = problem("one_of", choices=AWARD_FORMS)
    elif wrong := labour_order_class_problem(changes["award_form"], changes["labour_order_class"]):
        errors["labour_order_class"] = wrong
    errors.update(
        achievement_period_problems(changes["achievement_from"], changes["achievement_to"])
    )
    return errors


def _check_no_other_live(ctx: ServiceContext, dossier: Dossier, round_: str) -> None:
    """X1: no other live dossier of the nominee in the round it moves to."""
    stmt = select(Dossier.award_form).where(
        Dossier.nominee_id == dossier.nominee_id,
        Dossier.round == round_,
        Dossier.status.in_(LIVE_STATUSES),
        Dossier.id != dossier.id,
    )
    if (live_form := ctx.session.scalar(stmt.limit(1))) is not None:
        raise DuplicateDossier(round=round_, award_form=live_form)


def edit_draft(ctx: ServiceContext, dossier_id: int, changes: dict) -> Dossier:
    """Change a draft's proposal; every rule of creation is checked again first."""
    dossier = editable_draft(ctx, dossier_id)
    changes = {k: changes.get(k, getattr(dossier, k)) for k in EDITABLE}
    if errors := _problems(changes):
        raise Invalid("invalid_dossier", details=errors)
    nominee = dossier.nominee
    deadline = deadline_for(ctx.session, dossier.jurisdiction_id, changes["round"])
    check_round_open(changes["round"], deadline, ctx.now)  # T1-T3: 409 round_closed
    check_served_discipline(ctx, nominee.id, changes["achievement_from"])  # R2
    check_eligible_now(
        ctx,
        dossier.jurisdiction_id,
        changes["award_form"],
        nominee.kind,
        changes["round"],
        nominee.category,
    )  # E1
    _check_no_other_live(ctx, dossier, changes["round"])
    changed = {k: v for k, v in changes.items() if getattr(dossier, k) != v}
    for name, value in changed.items():
        setattr(dossier, name, value)
    if changed:
        record_event(ctx, dossier, "dossier_edited", data=_plain(changed))
    return dossier


def _plain(changed: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in changed.items()}
