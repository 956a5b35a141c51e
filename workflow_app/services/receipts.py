"""T5: when each level first received a dossier (a task of its lane was first offered).

A round's deadline is for reaching the receiving level; these receipts, written in the
step's own transaction, keep that fact after the dossier is returned or held."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..persistence.models import DossierReceipt
from .context import ServiceContext

UNIT_LANE = "unit"  # the proposing unit's own lane; every other lane is a receiving level


def note_receipts(ctx: ServiceContext, dossier_id: int, lanes: Iterable[str]) -> None:
    """Record that these lanes received the dossier now, unless they received it before."""
    lanes = {lane for lane in lanes if lane}
    if not lanes:
        return
    known = set(
        ctx.session.scalars(
            select(DossierReceipt.lane).where(
                DossierReceipt.dossier_id == dossier_id, DossierReceipt.lane.in_(lanes)
            )
        )
    )
    # A step flushes once, at commit: receipts it noted already are still pending here.
    known |= {
        row.lane
        for row in ctx.session.new
        if isinstance(row, DossierReceipt) and row.dossier_id == dossier_id
    }
    for lane in sorted(lanes - known):
        ctx.session.add(DossierReceipt(dossier_id=dossier_id, lane=lane, received_at=ctx.now))


def received_above_unit(session: Session, dossier_id: int) -> datetime | None:
    """When a level above the unit (the receiving level and beyond) first had the dossier."""
    return session.scalar(
        select(func.min(DossierReceipt.received_at)).where(
            DossierReceipt.dossier_id == dossier_id, DossierReceipt.lane != UNIT_LANE
        )
    )


def receipts_of(session: Session, dossier_id: int) -> list[DossierReceipt]:
    """Each level's first receipt of the dossier, earliest first (for its page and export)."""
    stmt = select(DossierReceipt).where(DossierReceipt.dossier_id == dossier_id)
    return list(session.scalars(stmt.order_by(DossierReceipt.received_at, DossierReceipt.id)))
