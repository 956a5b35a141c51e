"""T4: the yearly report every seed owes that is built from a round's award statistics:
dossiers by status, by the level they wait at, by award form; the share of women among the
individuals proposed; how long decided dossiers took. Read from the dossiers as they stand."""

from __future__ import annotations

from sqlalchemy import func, select

from ...domain.errors import Invalid, problem
from ...domain.reports import DECIDED_STATUSES, processing_days, share
from ...domain.rounds import is_round
from ...persistence.models import Dossier, HumanTask, Jurisdiction, Nominee
from ..context import ServiceContext
from ..settings_admin import require_reader


def award_statistics(ctx: ServiceContext, jurisdiction_id: str | None, round_: str) -> dict:
    """The round's figures in the jurisdiction (drafts are not yet proposals: left out)."""
    if not is_round(round_):
        raise Invalid("invalid_report", details={"round": problem("not_a_round")})
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    mine = (
        Dossier.jurisdiction_id == jurisdiction_id,
        Dossier.round == round_,
        Dossier.status != "draft",
    )
    return {
        "jurisdiction": jurisdiction_id,
        "jurisdiction_name": ctx.session.get(Jurisdiction, jurisdiction_id).name,
        "round": round_,
        "by_status": _grouped(ctx, Dossier.status, mine),
        "by_award_form": _grouped(ctx, Dossier.award_form, mine),
        "by_level": _by_level(ctx, mine),
        "women": _women(ctx, mine),
        "processing_days": processing_days(_spans(ctx, mine)),
    }


def _grouped(ctx: ServiceContext, column, where) -> dict[str, int]:
    stmt = select(column, func.count()).where(*where).group_by(column).order_by(column)
    return {key: count for key, count in ctx.session.execute(stmt)}


def _by_level(ctx: ServiceContext, where) -> dict[str, int]:
    """Dossiers in progress by the lane of their open task (the level they wait at)."""
    stmt = (
        select(HumanTask.lane, func.count(func.distinct(HumanTask.dossier_id)))
        .join(Dossier, Dossier.id == HumanTask.dossier_id)
        .where(*where, HumanTask.state == "open")
        .group_by(HumanTask.lane)
        .order_by(HumanTask.lane)
    )
    return {lane: count for lane, count in ctx.session.execute(stmt)}


def _women(ctx: ServiceContext, where) -> dict:
    """Individuals proposed and how many are women (collectives have no sex)."""
    stmt = (
        select(Nominee.sex, func.count())
        .join(Dossier, Dossier.nominee_id == Nominee.id)
        .where(*where, Nominee.kind == "individual")
        .group_by(Nominee.sex)
    )
    counts = dict(ctx.session.execute(stmt).all())
    individuals = sum(counts.values())
    women = counts.get("female", 0)
    return {"individuals": individuals, "women": women, "share": share(women, individuals)}


def _spans(ctx: ServiceContext, where) -> list[tuple]:
    stmt = select(Dossier.submitted_at, Dossier.closed_at).where(
        *where,
        Dossier.status.in_(DECIDED_STATUSES),
        Dossier.submitted_at.is_not(None),
        Dossier.closed_at.is_not(None),
    )
    return [tuple(row) for row in ctx.session.execute(stmt)]
