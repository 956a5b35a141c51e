"""The change history of a jurisdiction's settings: every admin change is one row."""

from __future__ import annotations

from sqlalchemy import select

from ..persistence.models import SettingChange
from .context import ServiceContext


def record_change(
    ctx: ServiceContext,
    jurisdiction_id: str | None,
    subject: str,
    subject_key: str,
    before: dict | None,
    after: dict | None,
) -> SettingChange | None:
    """Keep what a setting was and became, in the transaction that changes it; no-op edits
    leave no row."""
    if before == after:
        return None
    change = SettingChange(
        jurisdiction_id=jurisdiction_id,
        subject=subject,
        subject_key=subject_key,
        before=before,
        after=after,
        changed_by=ctx.actor_name,
        changed_at=ctx.now,
    )
    ctx.session.add(change)
    return change


def setting_history(
    ctx: ServiceContext,
    jurisdiction_id: str | None,
    subject: str,
    subject_key: str | None = None,
    limit: int = 200,
) -> list[SettingChange]:
    """The newest changes first, of one subject (and optionally one key) of a jurisdiction."""
    stmt = select(SettingChange).where(
        SettingChange.jurisdiction_id.is_(None)
        if jurisdiction_id is None
        else SettingChange.jurisdiction_id == jurisdiction_id,
        SettingChange.subject == subject,
    )
    if subject_key is not None:
        stmt = stmt.where(SettingChange.subject_key == subject_key)
    stmt = stmt.order_by(SettingChange.changed_at.desc(), SettingChange.id.desc()).limit(limit)
    return list(ctx.session.scalars(stmt))
