"""The units a user can pick from: to filter an inbox, or to open a dossier for."""

from __future__ import annotations

from sqlalchemy import select

from ..persistence.models import Unit
from .context import ServiceContext


def units_in_reach(ctx: ServiceContext) -> list[Unit]:
    """Units in the jurisdictions of the actor's grants; every unit for a national grant."""
    stmt = select(Unit).order_by(Unit.name)
    if not any(g.jurisdiction_id is None for g in ctx.actor.grants):
        jurisdictions = {g.jurisdiction_id for g in ctx.actor.grants if g.jurisdiction_id}
        stmt = stmt.where(Unit.jurisdiction_id.in_(jurisdictions))
    return list(ctx.session.scalars(stmt))


def own_units(ctx: ServiceContext) -> list[Unit]:
    """The units the actor belongs to, where they may open dossiers."""
    stmt = select(Unit).where(Unit.id.in_(ctx.actor.unit_ids())).order_by(Unit.name)
    return list(ctx.session.scalars(stmt))
