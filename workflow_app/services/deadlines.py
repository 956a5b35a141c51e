"""Round deadlines (T1-T3, T5): a dossier that has not reached the receiving level (Sở GDĐT
in HCMC) when the deadline passes drops out of the round; one received in time never does.
Safe to run in several processes: each exclusion is a conditional update, so only one runner
wins it and writes its history."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain.errors import Invalid, RoundClosed, problem
from ..domain.quota import RELEASED_EXCLUDED
from ..domain.rounds import (
    DEADLINE_CANDIDATES,
    default_deadline,
    is_past,
    is_round,
    misses_deadline,
    rounds_around,
)
from ..persistence.models import Dossier, DossierReceipt, RoundDeadline
from . import quotas
from .context import ServiceContext
from .history import lock_dossier, record_event
from .receipts import UNIT_LANE, received_above_unit
from .setting_changes import record_change
from .settings_admin import require_admin, require_reader
from .steps import close_dossier


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


def round_deadlines(ctx: ServiceContext, jurisdiction_id: str | None) -> list[RoundDeadline]:
    """Each round's deadline in the jurisdiction (naive UTC, the first moment too late)."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    stmt = select(RoundDeadline).where(RoundDeadline.jurisdiction_id == jurisdiction_id)
    return list(ctx.session.scalars(stmt.order_by(RoundDeadline.deadline, RoundDeadline.round)))


def _as_stored(deadline: datetime) -> datetime:
    """Deadlines are kept as naive UTC, like the app's clock they are compared with."""
    if deadline.tzinfo is not None:
        deadline = deadline.astimezone(UTC).replace(tzinfo=None)
    return deadline.replace(microsecond=0)


def set_deadline(
    ctx: ServiceContext, jurisdiction_id: str | None, round_: str, deadline: datetime
) -> RoundDeadline:
    """Change a round's deadline, or add a round (admin); the change is kept in the history.
    Dossiers still at their unit when it passes drop out of the round (T1-T3)."""
    jurisdiction_id = require_admin(ctx, jurisdiction_id)
    if not is_round(round_):
        raise Invalid("invalid_round", details={"round": problem("not_a_round")})
    if not isinstance(deadline, datetime) or not 2000 <= deadline.year <= 2100:
        raise Invalid("invalid_deadline", details={"deadline": problem("not_a_datetime")})
    deadline = _as_stored(deadline)
    row = ctx.session.scalar(
        select(RoundDeadline)
        .where(RoundDeadline.jurisdiction_id == jurisdiction_id, RoundDeadline.round == round_)
        .with_for_update()
    )
    before = None if row is None else {"deadline": row.deadline.isoformat()}
    if row is None:
        row = RoundDeadline(jurisdiction_id=jurisdiction_id, round=round_)
        ctx.session.add(row)
    row.deadline, row.updated_by, row.updated_at = deadline, ctx.actor_name, ctx.now
    after = {"deadline": deadline.isoformat()}
    record_change(ctx, jurisdiction_id, "round_deadline", round_, before, after)
    ctx.session.flush()
    return row


def due_dossier_ids(session: Session, now: datetime) -> list[int]:
    """Dossiers of rounds whose deadline has passed that never reached the receiving level
    in time (T5): the candidates to drop out."""
    received_in_time = (
        select(DossierReceipt.id)
        .where(
            DossierReceipt.dossier_id == Dossier.id,
            DossierReceipt.lane != UNIT_LANE,
            DossierReceipt.received_at < RoundDeadline.deadline,
        )
        .exists()
    )
    stmt = (
        select(Dossier.id)
        .join(
            RoundDeadline,
            (RoundDeadline.jurisdiction_id == Dossier.jurisdiction_id)
            & (RoundDeadline.round == Dossier.round),
        )
        .where(
            RoundDeadline.deadline <= now,
            Dossier.status.in_(DEADLINE_CANDIDATES),
            ~received_in_time,
        )
        .order_by(Dossier.id)
    )
    return list(session.scalars(stmt))


def _late(ctx: ServiceContext, dossier: Dossier) -> datetime | None:
    """The passed deadline a dossier is late for (T1-T3, T5), or None. One query when the
    deadline has not passed, which is the common case."""
    deadline = deadline_for(ctx.session, dossier.jurisdiction_id, dossier.round)
    if not is_past(deadline, ctx.now):
        return None
    received = received_above_unit(ctx.session, dossier.id)
    return deadline if misses_deadline(dossier.status, received, deadline) else None


def refuse_late_step(ctx: ServiceContext, dossier: Dossier, lane: str) -> None:
    """T1-T3 in the step's own transaction: once the deadline has passed, a dossier that never
    reached the receiving level takes no step forward at its unit (409 `round_closed`); the
    timer runner then excludes it. One received in time and returned since may go up again
    (T5). A step above the unit costs no query."""
    if lane != UNIT_LANE:
        return
    deadline = _late(ctx, dossier)
    if deadline is not None:
        raise RoundClosed(round=dossier.round, deadline=deadline)


def exclude_when_late(ctx: ServiceContext, dossier: Dossier) -> bool:
    """X2 and T1-T3: a dossier whose last hold is cleared after its deadline drops out of the
    round then and there, instead of resuming, unless it had reached the receiving level in
    time (T5); True if it dropped out."""
    return _late(ctx, dossier) is not None and exclude_if_late(ctx, dossier.id)


def exclude_if_late(ctx: ServiceContext, dossier_id: int) -> bool:
    """Exclude one dossier if it missed its deadline; False if it moved on or another runner
    got there first."""
    dossier = lock_dossier(ctx.session, dossier_id)
    if _late(ctx, dossier) is None:
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


def round_offer(
    session: Session, jurisdiction_id: str, rounds: list[str], now: datetime
) -> list[dict]:
    """T1-T3: each round with its deadline and whether new dossiers may still go into it; a
    round whose deadline has passed is listed as closed, never offered."""
    stmt = select(RoundDeadline.round, RoundDeadline.deadline).where(
        RoundDeadline.jurisdiction_id == jurisdiction_id, RoundDeadline.round.in_(rounds)
    )
    deadlines = dict(session.execute(stmt).tuples().all())
    return [
        {
            "round": round_,
            "deadline": deadlines.get(round_),
            "open": not is_past(deadlines.get(round_), now),
        }
        for round_ in rounds
    ]


def rounds_for(ctx: ServiceContext, jurisdiction_id: str | None) -> list[dict]:
    """The rounds a unit of the jurisdiction may be offered now (around this year), open
    ones first: what the new-dossier page and `GET /rounds` show."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    offer = round_offer(ctx.session, jurisdiction_id, rounds_around(ctx.now.year), ctx.now)
    return sorted(offer, key=lambda r: not r["open"])
