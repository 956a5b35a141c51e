"""Use cases of a unit: nominees, dossiers, submission and withdrawal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError

from ..domain.dossier import (
    LIVE_STATUSES,
    check_transition,
    labour_order_class_problem,
)
from ..domain.errors import (
    Conflict,
    DuplicateDossier,
    Invalid,
    NotAllowed,
    NotFound,
    problem,
)
from ..domain.quota import RELEASED_WITHDRAWN
from ..domain.rounds import check_round_open, is_round
from ..domain.rule_sets import achievement_period_problems, counting_discipline
from ..domain.submission import check_submittable
from ..domain.vocabulary import AWARD_FORMS, NATIONAL_LANES
from ..persistence.models import Dossier, HumanTask, Nominee
from . import quotas
from .context import ServiceContext
from .deadlines import deadline_for
from .eligibility import check_eligible, check_eligible_now
from .history import lock_dossier, record_event
from .holds import open_holds, served_disciplines, stop_dossier
from .nominees import get_nominee
from .process_models import published_version, version_label
from .reorganisation import audited_scope, audits_related
from .rule_sets import holds_applying, stamp_rule_set
from .steps import close_dossier, start_instance


def create_dossier(
    ctx: ServiceContext,
    nominee_id: int,
    round_: str,
    award_form: str,
    achievement_summary: str,
    claims_initiative: bool,
    labour_order_class: int | None = None,
    achievement_period: tuple[date | None, date | None] = (None, None),
) -> Dossier:
    """Open a draft; X3 (own nominees), E1 (eligibility), E3 (the Labour Order's class),
    X1 (one live dossier a round), T1-T3 (an open round) and R2 (an achievement period after
    any served discipline), all checked before anything is written."""
    nominee = ctx.session.get(Nominee, nominee_id)
    if nominee is None or nominee.jurisdiction_id not in _unit_jurisdictions(ctx.actor):
        get_nominee(ctx, nominee_id)  # 404 unless this user may see it
    if not ctx.actor.holds("unit", nominee.jurisdiction_id, nominee.unit_id):
        raise NotAllowed("not_own_nominee")
    errors = {}
    if not is_round(round_):
        errors["round"] = problem("not_a_round")
    if award_form not in AWARD_FORMS:
        errors["award_form"] = problem("one_of", choices=AWARD_FORMS)
    elif class_problem := labour_order_class_problem(award_form, labour_order_class):
        errors["labour_order_class"] = class_problem
    errors.update(achievement_period_problems(*achievement_period))
    if errors:
        raise Invalid("invalid_dossier", details=errors)
    deadline = deadline_for(ctx.session, nominee.jurisdiction_id, round_)
    check_round_open(round_, deadline, ctx.now)  # T1-T3: 409 round_closed
    check_served_discipline(ctx, nominee.id, achievement_period[0])
    check_eligible_now(
        ctx, nominee.jurisdiction_id, award_form, nominee.kind, round_, nominee.category
    )
    _check_no_live_dossier(ctx, nominee.id, round_, award_form)
    _check_not_awarded(ctx, nominee.id, round_)
    dossier = Dossier(
        nominee=nominee,
        unit_id=nominee.unit_id,
        jurisdiction_id=nominee.jurisdiction_id,
        round=round_,
        award_form=award_form,
        achievement_summary=achievement_summary,
        claims_initiative=claims_initiative,
        labour_order_class=labour_order_class,
        achievement_from=achievement_period[0],
        achievement_to=achievement_period[1],
        status="draft",
        created_by_id=ctx.actor_id,
        created_at=ctx.now,
    )
    ctx.session.add(dossier)
    try:
        ctx.session.flush()
    except IntegrityError as error:  # a concurrent request created the same dossier
        raise DuplicateDossier(round=round_, award_form=award_form) from error
    record_event(ctx, dossier, "dossier_created", data=_dossier_facts(dossier))
    return dossier


def _check_no_live_dossier(
    ctx: ServiceContext, nominee_id: int, round_: str, award_form: str
) -> None:
    """X1: one achievement, one award form: no second live dossier for the same round."""
    stmt = select(Dossier.award_form).where(
        Dossier.nominee_id == nominee_id,
        Dossier.round == round_,
        Dossier.status.in_(LIVE_STATUSES),
    )
    live_form = ctx.session.scalar(stmt)
    if live_form is not None:  # named by the form it already holds, whichever was asked
        raise DuplicateDossier(round=round_, award_form=live_form)


def _check_not_awarded(ctx: ServiceContext, nominee_id: int, round_: str) -> None:
    """X1, nor two awards for the same round: the lower form a sitting gave instead (S4) is
    this round's award of the nominee (an approved dossier stays live, so X1 names it)."""
    stmt = select(Dossier.id, Dossier.awarded_form).where(
        Dossier.nominee_id == nominee_id,
        Dossier.round == round_,
        Dossier.awarded_form.is_not(None),
    )
    awarded = ctx.session.execute(stmt.limit(1)).first()
    if awarded is not None:
        dossier_id, lower_form = awarded
        raise Conflict(
            "already_awarded",
            round=round_,
            award_form=lower_form,
            dossier=dossier_id,
            details={"dossier_id": dossier_id},
        )


def _dossier_facts(dossier: Dossier) -> dict:
    facts = {
        "nominee_id": dossier.nominee_id,
        "nominee_name": dossier.nominee.name,
        "nominee_kind": dossier.nominee.kind,
        "unit": dossier.unit_id,
        "round": dossier.round,
        "award_form": dossier.award_form,
        "claims_initiative": dossier.claims_initiative,
        "achievement_summary": dossier.achievement_summary,
    }
    if dossier.labour_order_class is not None:  # E3: the proposed class
        facts["labour_order_class"] = dossier.labour_order_class
    if dossier.achievement_from is not None:  # R2: the period its achievements cover
        facts["achievement_from"] = dossier.achievement_from.isoformat()
        facts["achievement_to"] = dossier.achievement_to.isoformat()
    return facts


def check_served_discipline(ctx: ServiceContext, nominee_id: int, starts: date | None) -> None:
    """R2: after a discipline has been served, achievements count only from the day it
    ended; a period starting earlier is refused, naming the hold."""
    discipline = counting_discipline(starts, served_disciplines(ctx, nominee_id))
    if discipline is not None:
        raise Invalid(
            "achievement_before_discipline_end",
            hold=discipline.reference,
            ended_on=discipline.ended_on,
            details={
                "achievement_from": problem(
                    "achievement_after_discipline", ended_on=discipline.ended_on
                ),
                "hold_id": discipline.hold_id,
            },
        )


def reached_central(ctx: ServiceContext, dossier_id: int) -> bool:
    stmt = select(exists().where(HumanTask.dossier_id == dossier_id, HumanTask.lane == "central"))
    return bool(ctx.session.scalar(stmt))


def get_dossier(ctx: ServiceContext, dossier_id: int, for_update: bool = False) -> Dossier:
    """The dossier if this user may read it; 404 otherwise, never revealing which.

    `for_update` takes its row lock, for use cases that append to its history.
    """
    if for_update:
        dossier = lock_dossier(ctx.session, dossier_id)
    else:
        dossier = ctx.session.get(Dossier, dossier_id)
    if (
        dossier is None
        or not ctx.actor.may_read_dossier(
            dossier.jurisdiction_id,
            dossier.unit_id,
            dossier.status,
            reached_central(ctx, dossier.id),
        )
        and not audits_related(ctx, dossier)
    ):
        raise NotFound()
    return dossier


def require_unit_member(ctx: ServiceContext, dossier: Dossier) -> None:
    if not ctx.actor.holds("unit", dossier.jurisdiction_id, dossier.unit_id):
        raise NotAllowed("not_dossier_unit")


def submit_dossier(ctx: ServiceContext, dossier_id: int) -> Dossier:
    """Send a complete draft up the chain: start its workflow on the published version."""
    dossier = get_dossier(ctx, dossier_id, for_update=True)
    require_unit_member(ctx, dossier)
    deadline = deadline_for(ctx.session, dossier.jurisdiction_id, dossier.round)
    kinds = [d.kind for d in dossier.documents]
    check_submittable(
        dossier.status, kinds, dossier.claims_initiative, dossier.round, deadline, ctx.now
    )
    version = published_version(ctx.session, dossier.jurisdiction)
    # E1 again: the draft may predate the published model or an edit of its table.
    nominee = dossier.nominee
    check_eligible(ctx, version, dossier.award_form, nominee.kind, dossier.round, nominee.category)
    check_served_discipline(ctx, dossier.nominee_id, dossier.achievement_from)  # R2 again
    check_transition(dossier.status, "in_progress")
    dossier.status = "in_progress"
    dossier.submitted_at = ctx.now
    stamp_rule_set(ctx, dossier)  # R1: kept for good
    record_event(
        ctx,
        dossier,
        "dossier_submitted",
        data={
            **_dossier_facts(dossier),
            "rule_set": dossier.rule_set,
            "documents": [
                {"id": d.id, "kind": d.kind, "sha256": d.sha256, "size": d.size}
                for d in dossier.documents
            ],
        },
        model_version=version_label(version),
    )
    start_instance(ctx, dossier, version, start_data(dossier))
    holds = holds_applying(ctx.session, dossier, open_holds(ctx, dossier.nominee_id))
    if holds:  # X2: submitted while a hold is open: it waits at its first step
        stop_dossier(ctx, dossier, holds)
    return dossier


def start_data(dossier: Dossier) -> dict:
    """The facts a model may route on; names match the BPMN and DMN variables."""
    return {
        "dossier_id": dossier.id,
        "jurisdiction": dossier.jurisdiction_id,
        "unit": dossier.unit_id,
        "round": dossier.round,
        "award_form": dossier.award_form,
        "nominee_kind": dossier.nominee.kind,
        "claims_initiative": dossier.claims_initiative,
        "rule_set": dossier.rule_set,  # R1: a model may route on the dossier's own rule set
    }


def withdraw_dossier(ctx: ServiceContext, dossier_id: int, reason: str = "") -> Dossier:
    """The unit takes its dossier back; its open tasks leave every inbox."""
    dossier = get_dossier(ctx, dossier_id, for_update=True)
    require_unit_member(ctx, dossier)
    check_transition(dossier.status, "withdrawn")
    close_dossier(ctx, dossier, "withdrawn")
    record_event(ctx, dossier, "dossier_withdrawn", data={"reason": reason})
    quotas.release_all(ctx, dossier, RELEASED_WITHDRAWN)
    return dossier


def list_dossiers(
    ctx: ServiceContext,
    status: str | None = None,
    round_: str | None = None,
    award_form: str | None = None,
    limit: int = 50,
    after_id: int | None = None,
) -> list[Dossier]:
    """The dossiers this user may read, newest id last, keyset-paged by id."""
    actor = ctx.actor
    overseen = _jurisdictions_of(actor, ("admin", "auditor"))
    reviewed = {j for j in actor.reviews_in() if j}  # issue 17: any of its own roles
    clauses = [
        Dossier.unit_id.in_(actor.unit_ids()),
        Dossier.jurisdiction_id.in_(overseen),
        Dossier.jurisdiction_id.in_(reviewed) & (Dossier.status != "draft"),
    ]
    audited = _jurisdictions_of(actor, ("auditor",))
    if audited:  # M1: what was moved out of, or merged into, the audited jurisdictions
        clauses.append(audited_scope(ctx, audited))
    if any(actor.jurisdictions_for(role) for role in NATIONAL_LANES):  # once they reach it
        central = select(HumanTask.dossier_id).where(HumanTask.lane == "central")
        clauses.append(Dossier.id.in_(central))
    stmt = select(Dossier).where(or_(*clauses))
    for column, value in (
        (Dossier.status, status),
        (Dossier.round, round_),
        (Dossier.award_form, award_form),
    ):
        if value:
            stmt = stmt.where(column == value)
    if after_id:
        stmt = stmt.where(Dossier.id > after_id)
    return list(ctx.session.scalars(stmt.order_by(Dossier.id).limit(limit)))


def _jurisdictions_of(actor, roles: tuple[str, ...]) -> set[str]:
    return {j for role in roles for j in actor.jurisdictions_for(role) if j}


def _unit_jurisdictions(actor) -> set[str]:
    return {g.jurisdiction_id for g in actor.grants if g.role == "unit"}
