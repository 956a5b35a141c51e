"""Nominees: the individuals, collectives, households and clans a unit manages (X3), one
record per person in a jurisdiction (E2)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound, problem
from ..domain.nominee import Identity, check_identity, normalised_citizen_id
from ..domain.vocabulary import NOMINEE_KINDS
from ..persistence.models import Nominee, Unit
from .context import ServiceContext

# Roles that see every nominee of their jurisdiction (units see their own).
# Who reads a jurisdiction's nominees besides their units: its admins and auditors, and
# the holders of any of its own reviewing roles (issue 17: those are data).
READER_ROLES = ("admin", "auditor")


def create_nominee(
    ctx: ServiceContext,
    kind: str,
    name: str,
    unit_id: str,
    external_ref: str | None = None,
    identity: Identity | None = None,
) -> Nominee:
    """X3: a unit registers only entities it manages, so only its own users may do it;
    E2: a person is registered once per jurisdiction, whichever unit registered it first."""
    if kind not in NOMINEE_KINDS:
        raise Invalid(
            "invalid_nominee_kind", details={"kind": problem("one_of", choices=NOMINEE_KINDS)}
        )
    identity = _normalised(identity or Identity())
    check_identity(kind, identity)
    unit = ctx.session.get(Unit, unit_id)
    if unit is None:
        raise Invalid("unknown_unit", unit=unit_id)
    if not ctx.actor.holds("unit", unit.jurisdiction_id, unit.id):
        raise NotAllowed("not_managing_unit")
    _check_not_registered(ctx, unit.jurisdiction_id, identity.citizen_id)
    nominee = Nominee(
        kind=kind,
        name=name.strip(),
        unit_id=unit.id,
        jurisdiction_id=unit.jurisdiction_id,
        external_ref=external_ref,
        created_at=ctx.now,
        **identity.given(),
    )
    ctx.session.add(nominee)
    if identity.citizen_id is None:
        ctx.session.flush()
        return nominee
    try:
        with ctx.session.begin_nested():
            ctx.session.flush()
    except IntegrityError as error:  # E2: another request registered the same id meanwhile
        if nominee in ctx.session:
            ctx.session.expunge(nominee)
        _check_not_registered(ctx, unit.jurisdiction_id, identity.citizen_id)
        raise Conflict("conflict") from error
    return nominee


def nominee_for_new_dossier(
    ctx: ServiceContext, kind: str, name: str, unit_id: str, identity: Identity
) -> Nominee:
    """The nominee of a dossier a unit opens from its form: the unit's own record of the same
    person when the citizen id names one (nominated again, in another round), else a new
    record; another unit's record of the person is still refused by `create_nominee` (E2)."""
    citizen_id = normalised_citizen_id(identity.citizen_id)
    unit = ctx.session.get(Unit, unit_id)
    known = citizen_id and unit and registered_with(ctx, unit.jurisdiction_id, citizen_id)
    if known and known.unit_id == unit_id and known.kind == kind:
        if not ctx.actor.holds("unit", unit.jurisdiction_id, unit.id):
            raise NotAllowed("not_managing_unit")
        return known
    return create_nominee(ctx, kind, name, unit_id, identity=identity)


def _normalised(identity: Identity) -> Identity:
    return Identity(
        sex=identity.sex or None,
        citizen_id=normalised_citizen_id(identity.citizen_id),
        staff_total=identity.staff_total,
        women_total=identity.women_total,
        category=identity.category or None,
    )


def registered_with(ctx: ServiceContext, jurisdiction_id: str, citizen_id: str) -> Nominee | None:
    stmt = select(Nominee).where(
        Nominee.jurisdiction_id == jurisdiction_id, Nominee.citizen_id == citizen_id
    )
    return ctx.session.scalar(stmt)


def _check_not_registered(
    ctx: ServiceContext, jurisdiction_id: str, citizen_id: str | None
) -> None:
    """E2, X1: a second record of the same person is refused, naming the first one, so the
    units can agree on who nominates (the database's partial unique index guarantees it)."""
    if citizen_id is None:
        return
    first = registered_with(ctx, jurisdiction_id, citizen_id)
    if first is not None:
        raise Conflict(
            "duplicate_nominee",
            citizen_id=citizen_id,
            nominee_id=first.id,
            name=first.name,
            unit_name=first.unit.name,
            details={"nominee": {"id": first.id, "name": first.name, "unit": first.unit_id}},
        )


def _may_see(ctx: ServiceContext, nominee: Nominee) -> bool:
    actor = ctx.actor
    return (
        actor.holds("unit", nominee.jurisdiction_id, nominee.unit_id)
        or any(actor.holds(role, nominee.jurisdiction_id) for role in READER_ROLES)
        or nominee.jurisdiction_id in actor.reviews_in()
    )


def get_nominee(ctx: ServiceContext, nominee_id: int) -> Nominee:
    nominee = ctx.session.get(Nominee, nominee_id)
    if nominee is None or not _may_see(ctx, nominee):
        raise NotFound()
    return nominee


def find_nominees(
    ctx: ServiceContext,
    citizen_id: str | None = None,
    limit: int = 50,
    after_id: int | None = None,
) -> list[Nominee]:
    """The nominees this user may see (own units; every one of a jurisdiction where the user
    reviews, administers or audits), optionally only the one with a citizen id (E2)."""
    actor = ctx.actor
    jurisdictions = {j for role in READER_ROLES for j in actor.jurisdictions_for(role)}
    jurisdictions |= actor.reviews_in()
    visible = [Nominee.unit_id.in_(actor.unit_ids())]
    if None in jurisdictions:  # a national grant sees every jurisdiction
        visible.append(Nominee.id.is_not(None))
    elif jurisdictions:
        visible.append(Nominee.jurisdiction_id.in_(jurisdictions))
    stmt = select(Nominee).where(or_(*visible)).order_by(Nominee.id).limit(limit)
    if citizen_id is not None:
        stmt = stmt.where(Nominee.citizen_id == normalised_citizen_id(citizen_id))
    if after_id is not None:
        stmt = stmt.where(Nominee.id > after_id)
    return list(ctx.session.scalars(stmt))
