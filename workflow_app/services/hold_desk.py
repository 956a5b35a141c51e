"""What the dossier and nominee pages need to place and clear holds (X2) in the browser:
whether this user may, the kinds they may choose, the nominee's open holds. The rules stay
in services.holds; this only reads."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import or_, select

from ..persistence.models import HoldKind, Nominee
from .context import ServiceContext
from .holds import open_holds
from .roles import hold_roles


def may_manage_holds(ctx: ServiceContext, jurisdiction_id: str) -> bool:
    """X2: the jurisdiction's hold-placing roles (HCMC: `so_noi_vu`) and its `admin`."""
    roles = hold_roles(ctx.session, jurisdiction_id)
    return any(ctx.actor.holds(role, jurisdiction_id) for role in roles)


def _usable_kinds(ctx: ServiceContext, jurisdiction_id: str) -> list[SimpleNamespace]:
    stmt = select(HoldKind).where(
        HoldKind.active.is_(True),
        or_(HoldKind.jurisdiction_id.is_(None), HoldKind.jurisdiction_id == jurisdiction_id),
    )
    kinds = sorted(ctx.session.scalars(stmt), key=lambda k: (k.jurisdiction_id is not None, k.key))
    return [SimpleNamespace(kind=k.key, kind_row=k) for k in kinds]


def hold_desk(ctx: ServiceContext, nominee_id: int) -> dict | None:
    """The hold forms' data for this nominee, or None when this user may not use them."""
    nominee = ctx.session.get(Nominee, nominee_id)
    if nominee is None or ctx.actor is None:
        return None
    if not may_manage_holds(ctx, nominee.jurisdiction_id):
        return None
    return {
        "nominee_id": nominee.id,
        "nominee": nominee.name,
        "kinds": _usable_kinds(ctx, nominee.jurisdiction_id),
        "open": open_holds(ctx, nominee.id),
    }
