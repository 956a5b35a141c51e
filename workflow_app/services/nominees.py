"""Nominees: the individuals, collectives, households and clans a unit manages (X3)."""

from __future__ import annotations

from ..domain.errors import Invalid, NotAllowed, NotFound, problem
from ..domain.vocabulary import NOMINEE_KINDS
from ..persistence.models import Nominee, Unit
from .context import ServiceContext


def create_nominee(
    ctx: ServiceContext, kind: str, name: str, unit_id: str, external_ref: str | None = None
) -> Nominee:
    """X3: a unit registers only entities it manages, so only its own users may do it."""
    if kind not in NOMINEE_KINDS:
        raise Invalid(
            "invalid_nominee_kind", details={"kind": problem("one_of", choices=NOMINEE_KINDS)}
        )
    unit = ctx.session.get(Unit, unit_id)
    if unit is None:
        raise Invalid("unknown_unit", unit=unit_id)
    if not ctx.actor.holds("unit", unit.jurisdiction_id, unit.id):
        raise NotAllowed("not_managing_unit")
    nominee = Nominee(
        kind=kind,
        name=name.strip(),
        unit_id=unit.id,
        jurisdiction_id=unit.jurisdiction_id,
        external_ref=external_ref,
        created_at=ctx.now,
    )
    ctx.session.add(nominee)
    ctx.session.flush()
    return nominee


def get_nominee(ctx: ServiceContext, nominee_id: int) -> Nominee:
    nominee = ctx.session.get(Nominee, nominee_id)
    actor = ctx.actor
    visible = nominee is not None and (
        actor.holds("unit", nominee.jurisdiction_id, nominee.unit_id)
        or any(
            actor.holds(role, nominee.jurisdiction_id)
            for role in ("so_gddt", "so_noi_vu", "ubnd", "admin", "auditor")
        )
    )
    if not visible:
        raise NotFound()
    return nominee
