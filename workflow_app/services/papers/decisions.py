"""K1: the register of award decisions. A deciding level records its Quyết định over the
dossiers it approved (one sitting's, or one day's); each awardee's money is fixed from the
coefficient table of the rule set in force and the base salary on the decision date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ...domain.decisions import (
    DECIDING_LEVELS,
    Awardee,
    DecisionInput,
    award_money,
    check_awardees,
    check_input,
    issuer_key,
    reference,
)
from ...domain.errors import Conflict, NotAllowed, NotFound
from ...domain.vocabulary import NATIONAL_LANES
from ...persistence.models import (
    AwardCoefficient,
    BaseSalary,
    Decision,
    DecisionAwardee,
    Dossier,
    HistoryEvent,
    Jurisdiction,
    Nominee,
    Unit,
)
from ..context import ServiceContext
from ..dossiers import get_dossier
from ..history import record_event
from ..nominees import get_nominee
from ..rule_sets import rule_set_key_on
from . import wording

# Who reads a jurisdiction's register besides the deciding level itself.
REGISTER_ROLES = ("so_gddt", "so_noi_vu", "ubnd", "admin", "auditor")


def deciding_levels(ctx: ServiceContext, dossier_ids: Iterable[int]) -> dict[int, str]:
    """The lane of each dossier's last completed step: the level whose approval ended it."""
    rows = ctx.session.execute(
        select(HistoryEvent.dossier_id, HistoryEvent.data)
        .where(
            HistoryEvent.dossier_id.in_(list(dossier_ids)),
            HistoryEvent.type == "task_completed",
        )
        .order_by(HistoryEvent.dossier_id, HistoryEvent.seq)
    )
    return {dossier_id: (data or {}).get("lane") for dossier_id, data in rows}


def _listed_in(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, str]:
    rows = ctx.session.execute(
        select(DecisionAwardee.dossier_id, Decision.number, Decision.symbol)
        .join(Decision, Decision.id == DecisionAwardee.decision_id)
        .where(DecisionAwardee.dossier_id.in_(dossier_ids))
    )
    return {dossier_id: reference(number, symbol) for dossier_id, number, symbol in rows}


def _dossiers(ctx: ServiceContext, dossier_ids: tuple[int, ...]) -> list[Dossier]:
    """The listed dossiers, locked, in the order given; 404 for one the user may not read."""
    return [get_dossier(ctx, dossier_id, for_update=True) for dossier_id in dossier_ids]


def coefficient_for(
    ctx: ServiceContext, rule_set: str, award_form: str, kind: str, award_class: int | None
) -> Decimal | None:
    return ctx.session.scalar(
        select(AwardCoefficient.coefficient).where(
            AwardCoefficient.rule_set == rule_set,
            AwardCoefficient.award_form == award_form,
            AwardCoefficient.nominee_kind == kind,
            AwardCoefficient.award_class == (award_class or 0),
        )
    )


def base_salary_on(ctx: ServiceContext, day: date) -> int | None:
    """The base salary in force on `day` (the newest that took effect by then)."""
    return ctx.session.scalar(
        select(BaseSalary.amount)
        .where(BaseSalary.effective_from <= day)
        .order_by(BaseSalary.effective_from.desc())
        .limit(1)
    )


def record_decision(ctx: ServiceContext, entry: DecisionInput) -> Decision:
    """K1: the deciding level records its decision over the dossiers it approved; each
    dossier's history gets `decision_recorded` (X4)."""
    check_input(entry, ctx.now.date())
    dossiers = _dossiers(ctx, entry.dossier_ids)
    jurisdiction_ids = {d.jurisdiction_id for d in dossiers}
    jurisdiction_id = dossiers[0].jurisdiction_id
    if len(jurisdiction_ids) > 1 or not ctx.actor.holds(entry.level, jurisdiction_id):
        raise NotAllowed()
    levels = deciding_levels(ctx, entry.dossier_ids)
    listed = _listed_in(ctx, list(entry.dossier_ids))
    round_ = check_awardees(
        entry,
        [
            Awardee(d.id, d.status, d.award_form, d.round, levels.get(d.id), listed.get(d.id))
            for d in dossiers
        ],
    )
    decision = _new_decision(ctx, entry, jurisdiction_id, round_)
    coefficients: dict = {}
    for position, dossier in enumerate(dossiers, start=1):
        _add_awardee(ctx, decision, dossier, position, coefficients)
    return decision


def _new_decision(
    ctx: ServiceContext, entry: DecisionInput, jurisdiction_id: str, round_: str
) -> Decision:
    jurisdiction = ctx.session.get(Jurisdiction, jurisdiction_id)
    issuer = issuer_key(jurisdiction_id, entry.level)
    year = entry.signed_on.year
    if ctx.session.scalar(
        select(Decision.id).where(
            Decision.issuer == issuer, Decision.year == year, Decision.number == entry.number
        )
    ):
        raise Conflict("decision_number_taken", reference=reference(entry.number, entry.symbol))
    rule_set = rule_set_key_on(ctx.session, entry.signed_on)  # R1: the table is its home
    decision = Decision(
        jurisdiction_id=jurisdiction_id,
        level=entry.level,
        issuer=issuer,
        authority_name=wording.authority_name(entry.level, jurisdiction.name, jurisdiction.kind),
        year=year,
        number=entry.number,
        symbol=entry.symbol.strip(),
        signed_on=entry.signed_on,
        signer_name=entry.signer_name.strip(),
        signer_title=entry.signer_title.strip(),
        award_form=entry.award_form,
        round=round_,
        rule_set=rule_set,
        base_salary=base_salary_on(ctx, entry.signed_on),
        recorded_by=ctx.actor_name,
        recorded_at=ctx.now,
    )
    ctx.session.add(decision)
    try:
        with ctx.session.begin_nested():  # two recorders of one number at once: one wins
            ctx.session.flush()
    except IntegrityError as error:
        raise Conflict(
            "decision_number_taken", reference=reference(entry.number, entry.symbol)
        ) from error
    return decision


def _add_awardee(
    ctx: ServiceContext, decision: Decision, dossier: Dossier, position: int, known: dict
) -> None:
    """One line of the list, its money fixed now; `known` keeps the coefficients read."""
    key = (dossier.nominee.kind, dossier.labour_order_class)
    if key not in known:
        known[key] = coefficient_for(ctx, decision.rule_set, decision.award_form, *key)
    coefficient = known[key]
    amount = award_money(coefficient, decision.base_salary)
    ctx.session.add(
        DecisionAwardee(
            decision_id=decision.id,
            dossier_id=dossier.id,
            nominee_id=dossier.nominee_id,
            position=position,
            coefficient=coefficient,
            amount=amount,
        )
    )
    record_event(
        ctx,
        dossier,
        "decision_recorded",
        data={
            "decision_id": decision.id,
            "reference": reference(decision.number, decision.symbol),
            "signed_on": decision.signed_on.isoformat(),
            "signer": decision.signer_name,
            "authority": decision.authority_name,
            "amount": amount,
        },
    )


def _may_read(ctx: ServiceContext, decision: Decision) -> bool:
    if ctx.actor.holds(decision.level, decision.jurisdiction_id):
        return True
    return any(ctx.actor.holds(role, decision.jurisdiction_id) for role in REGISTER_ROLES)


def get_decision(ctx: ServiceContext, decision_id: int) -> Decision:
    decision = ctx.session.get(Decision, decision_id)
    if decision is None or not _may_read(ctx, decision):
        raise NotFound()
    return decision


def _readable_clause(ctx: ServiceContext):
    jurisdictions = {
        j for role in REGISTER_ROLES for j in ctx.actor.jurisdictions_for(role) if j is not None
    }
    clauses = [Decision.jurisdiction_id.in_(jurisdictions)]
    for level in NATIONAL_LANES:
        if None in ctx.actor.jurisdictions_for(level):
            clauses.append(Decision.level == level)
    return or_(*clauses)


def list_decisions(
    ctx: ServiceContext,
    round_: str | None = None,
    jurisdiction: str | None = None,
    search: str | None = None,
    limit: int = 200,
) -> list[dict]:
    """The register: newest first, with each decision's awardee count and money total."""
    counts = (
        select(
            DecisionAwardee.decision_id,
            func.count().label("awardees"),
            func.coalesce(func.sum(DecisionAwardee.amount), 0).label("total"),
        )
        .group_by(DecisionAwardee.decision_id)
        .subquery()
    )
    stmt = (
        select(Decision, counts.c.awardees, counts.c.total)
        .join(counts, counts.c.decision_id == Decision.id)
        .where(_readable_clause(ctx))
    )
    if round_:
        stmt = stmt.where(Decision.round == round_)
    if jurisdiction:
        stmt = stmt.where(Decision.jurisdiction_id == jurisdiction)
    if search:
        stmt = stmt.where(_search_clause(search.strip()))
    stmt = stmt.order_by(Decision.signed_on.desc(), Decision.id.desc()).limit(limit)
    return [
        {**summary(decision), "awardee_count": count, "total_amount": int(total or 0)}
        for decision, count, total in ctx.session.execute(stmt)
    ]


def _search_clause(text: str):
    """A number, a symbol, a signer or an awardee's name."""
    pattern = f"%{text.replace('%', '').replace('_', '')}%"
    named = (
        select(DecisionAwardee.decision_id)
        .join(Nominee, Nominee.id == DecisionAwardee.nominee_id)
        .where(Nominee.name.ilike(pattern))
    )
    number = text.split("/")[0]
    clauses = [
        Decision.symbol.ilike(pattern),
        Decision.signer_name.ilike(pattern),
        Decision.id.in_(named),
    ]
    if number.isdigit() and len(number) < 10:
        clauses.append(Decision.number == int(number))
    return or_(*clauses)


def summary(decision: Decision) -> dict:
    return {
        "id": decision.id,
        "jurisdiction": decision.jurisdiction_id,
        "level": decision.level,
        "authority": decision.authority_name,
        "number": decision.number,
        "symbol": decision.symbol,
        "reference": reference(decision.number, decision.symbol),
        "signed_on": decision.signed_on,
        "signer_name": decision.signer_name,
        "signer_title": decision.signer_title,
        "award_form": decision.award_form,
        "round": decision.round,
        "rule_set": decision.rule_set,
        "base_salary": decision.base_salary,
        "recorded_by": decision.recorded_by,
        "recorded_at": decision.recorded_at,
        "signed_at": decision.signed_at,
        "signed_by": decision.signed_by,
    }


def awardee_rows(ctx: ServiceContext, decision: Decision) -> list[dict]:
    """The decision's list as printed: name, kind, unit, class, coefficient, money."""
    rows = ctx.session.execute(
        select(DecisionAwardee, Nominee, Unit.name, Dossier.labour_order_class)
        .join(Nominee, Nominee.id == DecisionAwardee.nominee_id)
        .join(Dossier, Dossier.id == DecisionAwardee.dossier_id)
        .join(Unit, Unit.id == Nominee.unit_id)
        .where(DecisionAwardee.decision_id == decision.id)
        .order_by(DecisionAwardee.position)
    )
    return [
        {
            "position": awardee.position,
            "dossier_id": awardee.dossier_id,
            "nominee_id": nominee.id,
            "name": nominee.name,
            "kind": nominee.kind,
            "unit": unit_name,
            "award_class": award_class,
            "coefficient": awardee.coefficient,
            "amount": awardee.amount,
        }
        for awardee, nominee, unit_name, award_class in rows
    ]


def decision_detail(ctx: ServiceContext, decision_id: int) -> dict:
    decision = get_decision(ctx, decision_id)
    awardees = awardee_rows(ctx, decision)
    return {
        **summary(decision),
        "awardees": awardees,
        "awardee_count": len(awardees),
        "total_amount": sum(a["amount"] or 0 for a in awardees),
    }


def decisions_of_dossier(ctx: ServiceContext, dossier_id: int) -> list[dict]:
    """The decision that lists a readable dossier (at most one), for its page and JSON."""
    get_dossier(ctx, dossier_id)
    rows = ctx.session.execute(
        select(Decision, DecisionAwardee.amount)
        .join(DecisionAwardee, DecisionAwardee.decision_id == Decision.id)
        .where(DecisionAwardee.dossier_id == dossier_id)
    )
    return [{**summary(decision), "amount": amount} for decision, amount in rows]


def past_awards(ctx: ServiceContext, nominee_id: int) -> list[dict]:
    """Every award a nominee received, oldest first (the nominee's page, GET /nominees/{id})."""
    get_nominee(ctx, nominee_id)
    rows = ctx.session.execute(
        select(Decision, DecisionAwardee.amount, DecisionAwardee.dossier_id)
        .join(DecisionAwardee, DecisionAwardee.decision_id == Decision.id)
        .where(DecisionAwardee.nominee_id == nominee_id)
        .order_by(Decision.signed_on, Decision.id)
    )
    return [
        {**summary(decision), "amount": amount, "dossier_id": dossier_id}
        for decision, amount, dossier_id in rows
    ]


def awaiting_decision(ctx: ServiceContext, level: str) -> list[dict]:
    """Approved dossiers this level ended and no decision lists yet (the record page's list)."""
    jurisdictions = {j for j in ctx.actor.jurisdictions_for(level) if j is not None}
    if not jurisdictions:
        return []
    listed = select(DecisionAwardee.dossier_id)
    dossiers = list(
        ctx.session.scalars(
            select(Dossier)
            .where(
                Dossier.jurisdiction_id.in_(jurisdictions),
                Dossier.status == "approved",
                Dossier.id.not_in(listed),
            )
            .order_by(Dossier.id)
            .limit(1000)
        )
    )
    levels = deciding_levels(ctx, [d.id for d in dossiers])
    return [
        {
            "dossier_id": d.id,
            "name": d.nominee.name,
            "kind": d.nominee.kind,
            "award_form": d.award_form,
            "round": d.round,
            "jurisdiction": d.jurisdiction_id,
        }
        for d in dossiers
        if levels.get(d.id) == level
    ]


def may_read_register(actor) -> bool:
    """Does the user see a register of decisions (the nav's link)?"""
    if actor is None:
        return False
    roles = (*REGISTER_ROLES, *NATIONAL_LANES)
    return any(actor.jurisdictions_for(role) for role in roles)


def levels_deciding(actor) -> list[str]:
    """The deciding levels this user holds (the record page offers each)."""
    return [level for level in DECIDING_LEVELS if actor and actor.jurisdictions_for(level)]
