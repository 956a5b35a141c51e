"""What is coming to a reviewer whose inbox is empty (issue 18): dossiers now at an earlier
level of a chain in which the reviewer's lane comes later, and the next round deadlines."""

from __future__ import annotations

from sqlalchemy import func, select

from ..domain.landing import lanes_before
from ..domain.rounds import rounds_around
from ..persistence.models import Dossier, HumanTask, Nominee
from .context import ServiceContext
from .deadlines import round_offer
from .roles import levels_of
from .tasks import my_lanes

SHOWN = 8


def _earlier(ctx: ServiceContext) -> dict[str, set[str]]:
    """jurisdiction -> the lanes whose dossiers will later reach one of my lanes there."""
    found: dict[str, set[str]] = {}
    for lane in my_lanes(ctx.actor):
        if lane == "unit":
            continue
        for jurisdiction in ctx.actor.jurisdictions_for(lane) - {None}:
            order = levels_of(ctx.session, jurisdiction)
            found.setdefault(jurisdiction, set()).update(lanes_before(order, lane))
    return found


def coming_up(ctx: ServiceContext) -> dict:
    """Per earlier lane, how many dossiers stand there, the nearest few, and deadlines."""
    earlier, counts, nearest = _earlier(ctx), {}, []
    for jurisdiction, lanes in sorted(earlier.items()):
        where = (
            HumanTask.state.in_(("open", "suspended")),
            HumanTask.jurisdiction_id == jurisdiction,
            HumanTask.lane.in_(lanes),
        )
        stmt = select(HumanTask.lane, func.count(HumanTask.id)).where(*where)
        counts.update(ctx.session.execute(stmt.group_by(HumanTask.lane)).tuples().all())
        rows = ctx.session.execute(
            select(HumanTask, Dossier.award_form, Dossier.round, Nominee.name)
            .join(Dossier, Dossier.id == HumanTask.dossier_id)
            .join(Nominee, Nominee.id == Dossier.nominee_id)
            .where(*where)
            .order_by(HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.id)
            .limit(SHOWN)
        )
        nearest += [
            {"task": t, "award_form": form, "round": round_, "nominee": name}
            for t, form, round_, name in rows
        ]
    return {"counts": counts, "nearest": nearest[:SHOWN], "deadlines": _deadlines(ctx, earlier)}


def _deadlines(ctx: ServiceContext, earlier: dict[str, set[str]]) -> list[dict]:
    """T1-T3: the next open rounds' deadlines in the jurisdictions I review."""
    upcoming = []
    for jurisdiction in sorted(earlier):
        offer = round_offer(ctx.session, jurisdiction, rounds_around(ctx.now.year), ctx.now)
        upcoming += [
            {**r, "jurisdiction": jurisdiction} for r in offer if r["open"] and r["deadline"]
        ]
    return sorted(upcoming, key=lambda r: r["deadline"])[:3]
