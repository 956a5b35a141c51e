"""Round deadlines (T1-T3): a dossier still at its unit, or on hold, when the deadline passes
drops out of the round. Safe to run in several processes: each exclusion is a conditional
update, so only one runner wins it and writes its history."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain.quota import RELEASED_EXCLUDED
from ..domain.rounds import default_deadline, misses_deadline
from ..persistence.models import Dossier, HumanTask, RoundDeadline
from . import quotas
from .context import ServiceContext
from .history import lock_dossier, record_event
from .steps import close_dossier

CANDIDATE_STATUSES = ("draft", "in_progress", "returned", "on_hold")


def deadline_for(session: Session, jurisdiction_id: str, round_: str) -> datetime | None:
    row = session.scalar(
        select(RoundDeadline.deadline).where(
            RoundDeadline.jurisdiction_id == jurisdiction_id, RoundDeadline.round == round_
        )
    )
    return row


def seed_deadlines(session: Session, jurisdiction_id: str, rounds: list[str], now: datetime):
    """Load the T1-T3 dates for a jurisdiction where none is set yet."""
    for round_ in rounds:
        if deadline_for(session, jurisdiction_id, round_) is None:
            session.add(
                RoundDeadline(
                    jurisdiction_id=jurisdiction_id,
                    round=round_,
                    deadline=default_deadline(round_),
                    updated_by="system",
                    updated_at=now,
                )
            )


def due_dossier_ids(session: Session, now: datetime) -> list[int]:
    """Dossiers of rounds whose deadline has passed that are still candidates to drop out."""
    stmt = (
        select(Dossier.id)
        .join(
            RoundDeadline,
            (RoundDeadline.jurisdiction_id == Dossier.jurisdiction_id)
            & (RoundDeadline.round == Dossier.round),
        )
        .where(RoundDeadline.deadline <= now, Dossier.status.in_(CANDIDATE_STATUSES))
        .order_by(Dossier.id)
    )
    return list(session.scalars(stmt))


def _open_lanes(session: Session, dossier_id: int) -> list[str]:
    return list(
        session.scalars(
            select(HumanTask.lane).where(
                HumanTask.dossier_id == dossier_id, HumanTask.state.in_(("open", "suspended"))
            )
        )
    )


def exclude_if_late(ctx: ServiceContext, dossier_id: int) -> bool:
    """Exclude one dossier if it missed its deadline; False if it moved on or another runner
    got there first."""
    dossier = lock_dossier(ctx.session, dossier_id)
    if not misses_deadline(dossier.status, _open_lanes(ctx.session, dossier_id)):
        return False
    won = ctx.session.execute(
        update(Dossier)
        .where(Dossier.id == dossier_id, Dossier.status == dossier.status)
        .values(status="excluded", closed_at=ctx.now)
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:
        return False
    ctx.session.refresh(dossier)
    close_dossier(ctx, dossier, "excluded")
    deadline = deadline_for(ctx.session, dossier.jurisdiction_id, dossier.round)
    record_event(
        ctx,
        dossier,
        "dossier_excluded",
        data={
            "reason": "deadline_passed",
            "round": dossier.round,
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    quotas.release_all(ctx, dossier, RELEASED_EXCLUDED)
    return True


def fire_due_deadlines(
    unit_of_work: Callable[[], AbstractContextManager[ServiceContext]], now: datetime
) -> int:
    """Exclude every late dossier, each in its own transaction; return how many this runner
    excluded."""
    with unit_of_work() as ctx:
        candidates = due_dossier_ids(ctx.session, now)
    excluded = 0
    for dossier_id in candidates:
        with unit_of_work() as ctx:
            excluded += exclude_if_late(ctx, dossier_id)
    return excluded
