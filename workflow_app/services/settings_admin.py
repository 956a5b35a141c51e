"""A jurisdiction's settings as its administrators edit them: who may edit or read them, the
hold kinds (X2) and the holiday calendar. Caps live in quotas.py, deadlines in deadlines.py.
Every change is kept, with what it was and became, in the same transaction (setting_changes)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import extract, or_, select
from sqlalchemy.orm import Session

from ..domain.errors import Invalid, NotAllowed, NotFound
from ..persistence.models import HoldKind, Holiday, Jurisdiction, SettingChange
from .context import ServiceContext
from .setting_changes import record_change, setting_history

SUBJECTS = ("quota_cap", "round_deadline", "hold_kind", "holiday")
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
        raise NotAllowed(
            "Chỉ quản trị viên của địa phương mới sửa được thiết lập này.",
            {"jurisdiction": jurisdiction_id or ""},
        )
    return jurisdiction_id


def require_reader(ctx: ServiceContext, jurisdiction_id: str | None) -> str:
    """Anyone working in the jurisdiction (or nationally) may read its settings."""
    if ctx.actor is None:
        raise NotAllowed("Chưa đăng nhập.")
    places = {g.jurisdiction_id for g in ctx.actor.grants}
    if not jurisdiction_id:
        own = sorted(j for j in places if j)
        if len(own) != 1:
            raise Invalid("Cần chọn địa phương.", {"jurisdiction": "Bắt buộc nhập."})
        jurisdiction_id = own[0]
    if ctx.session.get(Jurisdiction, jurisdiction_id) is None:
        raise NotFound("Không tìm thấy địa phương.")
    if None not in places and jurisdiction_id not in places:
        raise NotAllowed("Bạn không làm việc ở địa phương này.", {"jurisdiction": jurisdiction_id})
    return jurisdiction_id


def history(
    ctx: ServiceContext, jurisdiction_id: str | None, subject: str | None = None
) -> list[SettingChange]:
    """The changes of one kind of setting (or of all four), newest first: its admins and
    auditors may read them (X4)."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    if not any(ctx.actor.holds(role, jurisdiction_id) for role in ("admin", "auditor")):
        raise NotAllowed("Chỉ quản trị viên và thanh tra xem được lịch sử thay đổi.")
    if subject is not None and subject not in SUBJECTS:
        raise Invalid("Loại thiết lập không hợp lệ.", {"subject": f"Một trong: {SUBJECTS}"})
    subjects = [subject] if subject else SUBJECTS
    changes = [c for s in subjects for c in setting_history(ctx, jurisdiction_id, s)]
    return sorted(changes, key=lambda c: (c.changed_at, c.id), reverse=True)


# --- hold kinds (X2) -----------------------------------------------------------------------


def hold_kinds(ctx: ServiceContext, jurisdiction_id: str | None) -> list[HoldKind]:
    """The national kinds, then the jurisdiction's own, each by key."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    stmt = select(HoldKind).where(
        or_(HoldKind.jurisdiction_id.is_(None), HoldKind.jurisdiction_id == jurisdiction_id)
    )
    kinds = ctx.session.scalars(stmt)
    return sorted(kinds, key=lambda k: (k.jurisdiction_id is not None, k.key))


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
        raise Invalid("Thông tin chưa hợp lệ.", {field: f"Bắt buộc nhập, tối đa {longest} ký tự."})
    return value


def add_hold_kind(
    ctx: ServiceContext, jurisdiction_id: str | None, key: str, label: str, rule: str
) -> HoldKind:
    """A kind of the admin's own jurisdiction; its key is never reused (holds keep it)."""
    jurisdiction_id = require_admin(ctx, jurisdiction_id)
    key = (key or "").strip()
    if not HOLD_KIND_KEY.match(key):
        raise Invalid(
            "Mã loại vướng mắc không hợp lệ.",
            {"key": "2-40 ký tự: chữ thường không dấu, số và dấu gạch ngang."},
        )
    if ctx.session.get(HoldKind, key) is not None:
        raise Invalid(f"Mã loại vướng mắc «{key}» đã được dùng.", {"key": "Chọn mã khác."})
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
        raise NotFound("Không tìm thấy loại vướng mắc.")
    if kind.jurisdiction_id is None:
        raise NotAllowed("Loại vướng mắc toàn quốc không sửa được ở địa phương.", {"key": key})
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
        raise Invalid("Ngày không hợp lệ.", {"day": "Ngày theo dạng dd/mm/yyyy."})
    taken = ctx.session.scalar(
        select(Holiday).where(
            Holiday.day == day,
            or_(Holiday.jurisdiction_id.is_(None), Holiday.jurisdiction_id == jurisdiction_id),
        )
    )
    if taken is not None:
        where = "toàn quốc" if taken.jurisdiction_id is None else "của địa phương"
        raise Invalid(
            f"Ngày {day:%d/%m/%Y} đã là ngày nghỉ {where} ({taken.name}).",
            {"day": "Ngày nghỉ đã có."},
        )
    holiday = Holiday(jurisdiction_id=jurisdiction_id, day=day, name=_text(name, "name", 200))
    ctx.session.add(holiday)
    record_change(ctx, jurisdiction_id, "holiday", day.isoformat(), None, _holiday_facts(holiday))
    ctx.session.flush()
    return holiday


def remove_holiday(ctx: ServiceContext, holiday_id: int) -> Holiday:
    """Take back one of the jurisdiction's own days off (national holidays stay)."""
    holiday = ctx.session.get(Holiday, holiday_id)
    if holiday is None:
        raise NotFound("Không tìm thấy ngày nghỉ.")
    if holiday.jurisdiction_id is None:
        raise NotAllowed("Ngày nghỉ lễ toàn quốc không xoá được ở địa phương.")
    require_admin(ctx, holiday.jurisdiction_id)
    key = holiday.day.isoformat()
    record_change(ctx, holiday.jurisdiction_id, "holiday", key, _holiday_facts(holiday), None)
    ctx.session.delete(holiday)
    ctx.session.flush()
    return holiday
