"""Round deadlines (T1-T3): a dossier still at its unit, or on hold, when the deadline passes
drops out of the round. Safe to run in several processes: each exclusion is a conditional
update, so only one runner wins it and writes its history."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain.errors import Invalid, RoundClosed, problem
from ..domain.quota import RELEASED_EXCLUDED
from ..domain.rounds import default_deadline, is_past, is_round, misses_deadline
from ..domain.tasks import LIVE_TASK_STATES
from ..persistence.models import Dossier, HumanTask, RoundDeadline
from . import quotas
from .context import ServiceContext
from .history import lock_dossier, record_event
from .setting_changes import record_change
from .settings_admin import require_admin, require_reader
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
                HumanTask.dossier_id == dossier_id, HumanTask.state.in_(LIVE_TASK_STATES)
            )
        )
    )


def _late(ctx: ServiceContext, dossier: Dossier) -> datetime | None:
    """The passed deadline a dossier is late for (T1-T3), or None. One query when the
    deadline has not passed, which is the common case."""
    deadline = deadline_for(ctx.session, dossier.jurisdiction_id, dossier.round)
    if not is_past(deadline, ctx.now):
        return None
    late = misses_deadline(dossier.status, _open_lanes(ctx.session, dossier.id))
    return deadline if late else None


def refuse_late_step(ctx: ServiceContext, dossier: Dossier, lane: str) -> None:
    """T1-T3 in the step's own transaction: once the deadline has passed, a dossier still at
    its unit takes no step forward (409 `round_closed`); the timer runner then excludes it.
    The runner alone would let a step made after the deadline carry the dossier past it.
    A step of a lane the deadline cannot concern (above the unit) costs no query."""
    if not misses_deadline(dossier.status, [lane]):
        return
    deadline = _late(ctx, dossier)
    if deadline is not None:
        raise RoundClosed(round=dossier.round, deadline=deadline)


def exclude_when_late(ctx: ServiceContext, dossier: Dossier) -> bool:
    """X2 and T1-T3: a dossier whose last hold is cleared after its deadline drops out of the
    round then and there, instead of resuming; True if it did."""
    return _late(ctx, dossier) is not None and exclude_if_late(ctx, dossier.id)


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
