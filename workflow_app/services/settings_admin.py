"""A jurisdiction's settings as its administrators edit them: who may edit or read them, the
hold kinds (X2) and the holiday calendar. Caps live in quotas.py, deadlines in deadlines.py.
Every change is kept, with what it was and became, in the same transaction (setting_changes)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import extract, or_, select
from sqlalchemy.orm import Session

from ..domain.errors import REQUIRED, Invalid, NotAllowed, NotFound, NotSignedIn, problem
from ..persistence.models import HoldKind, Holiday, Jurisdiction, SettingChange
from .context import ServiceContext
from .setting_changes import record_change, setting_history

SUBJECTS = (
    "quota_cap",
    "round_deadline",
    "hold_kind",
    "holiday",
    "rule_set",
    "award_coefficient",
    "base_salary",
)
# R1: the rule sets are national: their changes show in every jurisdiction's history.
NATIONAL_SUBJECTS = ("rule_set", "award_coefficient", "base_salary")
HOLD_KIND_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


# --- who may edit, who may read ------------------------------------------------------------


def administered(ctx: ServiceContext) -> list[str]:
    """The jurisdictions the user administers, sorted (a national grant edits none)."""
    return sorted(ctx.actor.administered_jurisdictions()) if ctx.actor else []


def require_admin(ctx: ServiceContext, jurisdiction_id: str | None) -> str:
    """The jurisdiction an admin edits: the one named, or their only one; any other is 403."""
    mine = administered(ctx)
    if not jurisdiction_id and len(mine) == 1:
        return mine[0]
    if not jurisdiction_id or jurisdiction_id not in mine:
        raise NotAllowed("not_settings_admin", jurisdiction=jurisdiction_id or "")
    return jurisdiction_id


def require_reader(ctx: ServiceContext, jurisdiction_id: str | None) -> str:
    """Anyone working in the jurisdiction (or nationally) may read its settings."""
    if ctx.actor is None:
        raise NotSignedIn()
    places = {g.jurisdiction_id for g in ctx.actor.grants}
    if not jurisdiction_id:
        own = sorted(j for j in places if j)
        if len(own) != 1:
            raise Invalid("jurisdiction_required", details={"jurisdiction": REQUIRED})
        jurisdiction_id = own[0]
    if ctx.session.get(Jurisdiction, jurisdiction_id) is None:
        raise NotFound()
    if None not in places and jurisdiction_id not in places:
        raise NotAllowed("not_in_jurisdiction", jurisdiction=jurisdiction_id)
    return jurisdiction_id


def history(
    ctx: ServiceContext, jurisdiction_id: str | None, subject: str | None = None
) -> list[SettingChange]:
    """The changes of one kind of setting (or of all), newest first: its admins and
    auditors may read them (X4). A national admin asks for a national table's alone."""
    national_only = ctx.actor is not None and not any(g.jurisdiction_id for g in ctx.actor.grants)
    if subject in NATIONAL_SUBJECTS and not jurisdiction_id and national_only:
        return national_history(ctx, subject)
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    if not any(ctx.actor.holds(role, jurisdiction_id) for role in ("admin", "auditor")):
        raise NotAllowed("history_admins_auditors_only")
    if subject is not None and subject not in SUBJECTS:
        choice = problem("one_of", choices=SUBJECTS)
        raise Invalid("invalid_setting_subject", details={"subject": choice})
    subjects = [subject] if subject else SUBJECTS
    changes = [
        change
        for s in subjects
        for change in setting_history(ctx, None if s in NATIONAL_SUBJECTS else jurisdiction_id, s)
    ]
    return sorted(changes, key=lambda c: (c.changed_at, c.id), reverse=True)


def national_history(ctx: ServiceContext, subject: str) -> list[SettingChange]:
    """The changes of a national table (rule sets, award money), newest first: any
    administrator or auditor reads them, nationally or in a jurisdiction."""
    if ctx.actor is None:
        raise NotSignedIn()
    if not any(g.role in ("admin", "auditor") for g in ctx.actor.grants):
        raise NotAllowed("history_admins_auditors_only")
    if subject not in NATIONAL_SUBJECTS:
        choice = problem("one_of", choices=NATIONAL_SUBJECTS)
        raise Invalid("invalid_setting_subject", details={"subject": choice})
    return setting_history(ctx, None, subject)


# --- hold kinds (X2) -----------------------------------------------------------------------


def hold_kinds(ctx: ServiceContext, jurisdiction_id: str | None) -> list[HoldKind]:
    """The national kinds, then the jurisdiction's own, each by key."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    stmt = select(HoldKind).where(
        or_(HoldKind.jurisdiction_id.is_(None), HoldKind.jurisdiction_id == jurisdiction_id)
    )
    kinds = ctx.session.scalars(stmt)
    return sorted(kinds, key=lambda k: (k.jurisdiction_id is not None, k.key))


def national_hold_kinds(ctx: ServiceContext) -> list[HoldKind]:
    """The kinds every jurisdiction shares (the rule sets choose among them), by key."""
    stmt = select(HoldKind).where(HoldKind.jurisdiction_id.is_(None)).order_by(HoldKind.key)
    return list(ctx.session.scalars(stmt))


def usable_hold_kind(session: Session, key: str, jurisdiction_id: str) -> HoldKind | None:
    """A kind a hold on a nominee of this jurisdiction may have: active, national or its own."""
    kind = session.get(HoldKind, key)
    if kind is None or not kind.active:
        return None
    return kind if kind.jurisdiction_id in (None, jurisdiction_id) else None


def _kind_facts(kind: HoldKind) -> dict:
    return {"label": kind.label, "rule": kind.rule, "active": kind.active}


def _text(value: str | None, field: str, longest: int) -> str:
    value = (value or "").strip()
    if not value or len(value) > longest:
        raise Invalid(details={field: problem("required_max", max=longest)})
    return value


def add_hold_kind(
    ctx: ServiceContext, jurisdiction_id: str | None, key: str, label: str, rule: str
) -> HoldKind:
    """A kind of the admin's own jurisdiction; its key is never reused (holds keep it)."""
    jurisdiction_id = require_admin(ctx, jurisdiction_id)
    key = (key or "").strip()
    if not HOLD_KIND_KEY.match(key):
        raise Invalid("invalid_hold_kind_key", details={"key": problem("hold_kind_key_format")})
    if ctx.session.get(HoldKind, key) is not None:
        raise Invalid("hold_kind_key_taken", key=key, details={"key": problem("choose_another")})
    kind = HoldKind(
        key=key,
        label=_text(label, "label", 300),
        rule=_text(rule, "rule", 100),
        active=True,
        jurisdiction_id=jurisdiction_id,
    )
    ctx.session.add(kind)
    record_change(ctx, jurisdiction_id, "hold_kind", key, None, _kind_facts(kind))
    ctx.session.flush()
    return kind


def update_hold_kind(
    ctx: ServiceContext, key: str, label: str | None = None, active: bool | None = None
) -> HoldKind:
    """Rename or (de)activate one of the jurisdiction's own kinds; national kinds are read-only
    and no kind is deleted (holds refer to it)."""
    kind = ctx.session.get(HoldKind, key)
    if kind is None:
        raise NotFound()
    if kind.jurisdiction_id is None:
        raise NotAllowed("national_hold_kind_read_only", key=key)
    require_admin(ctx, kind.jurisdiction_id)
    before = _kind_facts(kind)
    if label is not None:
        kind.label = _text(label, "label", 300)
    if active is not None:
        kind.active = bool(active)
    record_change(ctx, kind.jurisdiction_id, "hold_kind", key, before, _kind_facts(kind))
    ctx.session.flush()
    return kind


# --- holidays ------------------------------------------------------------------------------


def holidays(ctx: ServiceContext, jurisdiction_id: str | None, year: int | None = None):
    """(national public holidays, the jurisdiction's own days off), each by day."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    stmt = select(Holiday).where(
        or_(Holiday.jurisdiction_id.is_(None), Holiday.jurisdiction_id == jurisdiction_id)
    )
    if year is not None:
        stmt = stmt.where(extract("year", Holiday.day) == year)
    rows = list(ctx.session.scalars(stmt.order_by(Holiday.day)))
    return [h for h in rows if h.jurisdiction_id is None], [h for h in rows if h.jurisdiction_id]


def _holiday_facts(holiday: Holiday) -> dict:
    return {"day": holiday.day.isoformat(), "name": holiday.name}


def add_holiday(ctx: ServiceContext, jurisdiction_id: str | None, day: date, name: str) -> Holiday:
    """A day off of the jurisdiction's own: working-day limits there skip it."""
    jurisdiction_id = require_admin(ctx, jurisdiction_id)
    if not isinstance(day, date) or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Invalid("invalid_day", details={"day": problem("not_a_date")})
    taken = ctx.session.scalar(
        select(Holiday).where(
            Holiday.day == day,
            or_(Holiday.jurisdiction_id.is_(None), Holiday.jurisdiction_id == jurisdiction_id),
        )
    )
    if taken is not None:
        code = "holiday_taken_national" if taken.jurisdiction_id is None else "holiday_taken_local"
        raise Invalid(code, day=day, name=taken.name, details={"day": problem("holiday_exists")})
    holiday = Holiday(jurisdiction_id=jurisdiction_id, day=day, name=_text(name, "name", 200))
    ctx.session.add(holiday)
    record_change(ctx, jurisdiction_id, "holiday", day.isoformat(), None, _holiday_facts(holiday))
    ctx.session.flush()
    return holiday


def remove_holiday(ctx: ServiceContext, holiday_id: int) -> Holiday:
    """Take back one of the jurisdiction's own days off (national holidays stay)."""
    holiday = ctx.session.get(Holiday, holiday_id)
    if holiday is None:
        raise NotFound()
    if holiday.jurisdiction_id is None:
        raise NotAllowed("national_holiday_read_only")
    require_admin(ctx, holiday.jurisdiction_id)
    key = holiday.day.isoformat()
    record_change(ctx, holiday.jurisdiction_id, "holiday", key, _holiday_facts(holiday), None)
    ctx.session.delete(holiday)
    ctx.session.flush()
    return holiday
