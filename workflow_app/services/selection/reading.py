"""What the sittings' pages and API read (S1, S5): the levels a reviewer sits at with their
cap and queue, the waiting candidates, and a sitting's minutes."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ...domain.errors import NotFound
from ...domain.roles import is_reviewing
from ...persistence.models import (
    Dossier,
    Nominee,
    QuotaCap,
    SelectionProposal,
    SelectionSitting,
)
from ..context import ServiceContext
from .delivery import cap_row
from .sittings import (
    READ_ROLES,
    check_key,
    lower_form_for,
    sitting_jurisdiction,
    threshold_for,
    waiting_rows,
)


def sitting_roles(actor) -> set[str]:
    """The user's roles that may sit for a level: a jurisdiction's own reviewing roles (the
    lanes above the unit, below the centre; issue 17: data, so any role not built in)."""
    return {g.role for g in actor.grants if is_reviewing(g.role)} if actor else set()


def may_sit(actor) -> bool:
    """Is the user a reviewer of a level that may select under a cap (the nav's link)?"""
    return bool(sitting_roles(actor))


def may_read_sitting(actor, level: str) -> bool:
    """May the user open a sitting of `level` seen in a dossier's history (the dossier's own
    jurisdiction): its reviewers, administrators and auditors, as get_sitting (no dead link)."""
    return bool(actor) and bool({g.role for g in actor.grants} & {level, *READ_ROLES})


def candidates(
    ctx: ServiceContext, round_: str, award_form: str, level: str, jurisdiction: str | None = None
) -> dict:
    """What the sitting's page and `GET /selections/candidates` show: cap, used, threshold
    and every waiting candidate with the facts S3 reads."""
    jurisdiction = sitting_jurisdiction(ctx, level, jurisdiction, READ_ROLES)
    check_key(round_, award_form)
    cap = cap_row(ctx, jurisdiction, round_, award_form, level)
    rows = waiting_rows(ctx, (jurisdiction, round_, award_form, level))
    return {
        "jurisdiction": jurisdiction,
        "round": round_,
        "award_form": award_form,
        "level": level,
        "cap": cap.cap if cap else None,
        "used": cap.used if cap else 0,
        "threshold_percent": threshold_for(ctx, jurisdiction, award_form),
        "lower_award_form": lower_form_for(ctx, jurisdiction, level, award_form)[0],
        "items": [_candidate_item(p, d, n) for p, d, n in rows],
    }


def _candidate_item(proposal: SelectionProposal, dossier: Dossier, nominee: Nominee) -> dict:
    return {
        "dossier_id": dossier.id,
        "nominee": nominee,
        "unit": dossier.unit_id,
        "proposed_at": proposal.proposed_at,
    }


def get_sitting(ctx: ServiceContext, sitting_id: int) -> dict:
    """A sitting and its ranking (its minutes, S5), for the level's reviewers, the
    jurisdiction's administrators and auditors; 404 for anyone else."""
    row = ctx.session.get(SelectionSitting, sitting_id)
    if row is None or not any(
        ctx.actor.holds(role, row.jurisdiction_id) for role in (row.level, *READ_ROLES)
    ):
        raise NotFound()
    names = dict(
        ctx.session.execute(
            select(Dossier.id, Nominee)
            .join(Nominee, Nominee.id == Dossier.nominee_id)
            .where(Dossier.id.in_([c.dossier_id for c in row.candidates]))
        ).all()
    )
    return {
        "id": row.id,
        "jurisdiction": row.jurisdiction_id,
        "round": row.round,
        "award_form": row.award_form,
        "level": row.level,
        "held_on": row.held_on,
        "members_total": row.members_total,
        "members_present": row.members_present,
        "threshold_percent": row.threshold_percent,
        "cap": row.cap,
        "used_before": row.used_before,
        "held_by": row.held_by,
        "created_at": row.created_at,
        "ranking": [
            {
                "dossier_id": c.dossier_id,
                "nominee": names.get(c.dossier_id),
                "votes_for": c.votes_for,
                "rank": c.rank,
                "share": round(c.share, 4),
                "selected": c.selected,
                "reason": c.reason,
                "lower_award_form": c.lower_award_form,
            }
            for c in row.candidates
        ],
    }


def overview(ctx: ServiceContext) -> list[dict]:
    """S1: every capped (round, award form, level) this user sits at, with cap, used and how
    many candidates wait; and any queue that waits where no cap is set any more."""
    seats = {
        (jurisdiction, role)
        for role in sitting_roles(ctx.actor)
        for jurisdiction in ctx.actor.jurisdictions_for(role)
        if jurisdiction is not None
    }
    if not seats:
        return []
    jurisdictions = {j for j, _ in seats}
    caps = ctx.session.scalars(
        select(QuotaCap).where(
            QuotaCap.jurisdiction_id.in_(jurisdictions), QuotaCap.cap.is_not(None)
        )
    )
    rows = {
        (c.jurisdiction_id, c.round, c.award_form, c.level): {"cap": c.cap, "used": c.used}
        for c in caps
        if (c.jurisdiction_id, c.level) in seats
    }
    queue_key = (
        SelectionProposal.jurisdiction_id,
        SelectionProposal.round,
        SelectionProposal.award_form,
        SelectionProposal.level,
    )
    waiting = ctx.session.execute(
        select(*queue_key, func.count())
        .join(Dossier, Dossier.id == SelectionProposal.dossier_id)
        .where(
            SelectionProposal.closed_at.is_(None),
            SelectionProposal.jurisdiction_id.in_(jurisdictions),
            Dossier.status == "in_progress",
        )
        .group_by(*queue_key)
    )
    counts = {tuple(row[:4]): row[4] for row in waiting if (row[0], row[3]) in seats}
    for key in counts.keys() - rows.keys():
        rows[key] = {"cap": None, "used": 0}
    return [
        {
            "jurisdiction": key[0],
            "round": key[1],
            "award_form": key[2],
            "level": key[3],
            **rows[key],
            "waiting": counts.get(key, 0),
        }
        for key in sorted(rows, key=lambda k: (k[0], k[1], k[2], k[3]))
    ]


def sittings_held(ctx: ServiceContext, limit: int = 20) -> list[SelectionSitting]:
    """The latest sittings of the levels this user sits at (or audits)."""
    clauses = [
        (SelectionSitting.jurisdiction_id == j) & (SelectionSitting.level == role)
        for role in sitting_roles(ctx.actor)
        for j in ctx.actor.jurisdictions_for(role)
        if j is not None
    ]
    if not clauses:
        return []
    stmt = select(SelectionSitting).where(or_(*clauses))
    return list(ctx.session.scalars(stmt.order_by(SelectionSitting.id.desc()).limit(limit)))
