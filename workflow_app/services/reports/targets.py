"""L1: a jurisdiction's targets per indicator and milestone year; its administrator edits
them and every change is kept with who, when, before and after (setting_changes)."""

from __future__ import annotations

from sqlalchemy import select

from ...domain.errors import Invalid, NotAllowed, NotSignedIn
from ...domain.reports import Target, target_problems
from ...persistence.models import ReportTarget
from ..context import ServiceContext
from ..setting_changes import record_change, setting_history
from ..settings_admin import require_reader

SUBJECT = "report_target"
# L1, Lạng Sơn plan II.2: 60% / 80% of staff recognised "Công dân học tập" by 2025 / 2030;
# of those, 70% / 90% with the digital skills required and 60% / 80% proficient.
LANG_SON_TARGETS = [
    ("learning_citizens_share", 60.0, 2025),
    ("learning_citizens_share", 80.0, 2030),
    ("digital_skills_share", 70.0, 2025),
    ("digital_skills_share", 90.0, 2030),
    ("proficient_share", 60.0, 2025),
    ("proficient_share", 80.0, 2030),
]


def require_signed_in(ctx: ServiceContext) -> None:
    if ctx.actor is None:
        raise NotSignedIn()


def target_rows(ctx: ServiceContext, jurisdiction_id: str) -> list[ReportTarget]:
    stmt = select(ReportTarget).where(ReportTarget.jurisdiction_id == jurisdiction_id)
    return list(ctx.session.scalars(stmt.order_by(ReportTarget.indicator, ReportTarget.by_year)))


def targets_of(ctx: ServiceContext, jurisdiction_id: str) -> list[Target]:
    return [Target(r.indicator, r.share, r.by_year) for r in target_rows(ctx, jurisdiction_id)]


def _facts(row: ReportTarget) -> dict:
    return {"indicator": row.indicator, "share": row.share, "by_year": row.by_year}


def set_target(
    ctx: ServiceContext, jurisdiction_id: str, indicator: str, share: float, by_year: int
) -> ReportTarget:
    """Create or change one target (its administrator only), keeping the change."""
    require_signed_in(ctx)
    if not ctx.actor.holds("admin", jurisdiction_id) or jurisdiction_id is None:
        raise NotAllowed("not_settings_admin", jurisdiction=jurisdiction_id or "")
    problems = target_problems(indicator, share, by_year)
    if problems:
        raise Invalid("invalid_target", details=problems)
    return _store(ctx, jurisdiction_id, indicator, share, by_year)


def _store(ctx, jurisdiction_id: str, indicator: str, share: float, by_year: int):
    row = ctx.session.scalar(
        select(ReportTarget).where(
            ReportTarget.jurisdiction_id == jurisdiction_id,
            ReportTarget.indicator == indicator,
            ReportTarget.by_year == by_year,
        )
    )
    before = _facts(row) if row else None
    if row is None:
        row = ReportTarget(jurisdiction_id=jurisdiction_id, indicator=indicator, by_year=by_year)
        ctx.session.add(row)
    row.share, row.updated_by, row.updated_at = share, ctx.actor_name, ctx.now
    record_change(ctx, jurisdiction_id, SUBJECT, f"{indicator}/{by_year}", before, _facts(row))
    return row


def target_history(ctx: ServiceContext, jurisdiction_id: str):
    return setting_history(ctx, jurisdiction_id, SUBJECT)


def seed_targets(ctx: ServiceContext, jurisdiction_id: str, targets) -> None:
    """Load the plan's targets that are not there yet; later edits are kept."""
    if target_rows(ctx, jurisdiction_id):
        return
    for indicator, share, by_year in targets:
        _store(ctx, jurisdiction_id, indicator, share, by_year)
    ctx.session.flush()


def readable_jurisdiction(ctx: ServiceContext, jurisdiction_id: str | None) -> str:
    """Anyone working in the jurisdiction (or nationally) may read its targets."""
    return require_reader(ctx, jurisdiction_id)
