"""A jurisdiction's settings on admin pages: caps (Q1-Q4), round deadlines (T1-T3), hold
kinds (X2) and its holiday calendar, each page with the history of its changes. Who may edit
what is decided by the services; these views only read forms and show results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain.errors import Conflict, Invalid, problem
from ...domain.quota import chain_order
from ...domain.rounds import is_past, rounds_around
from ...domain.vocabulary import AWARD_FORMS
from ...services import deadlines as deadline_service
from ...services import quotas
from ...services import settings_admin as settings
from ...services.context import ServiceContext
from ...services.process_models import published_reserved_levels
from ..context import web_use_case
from ..errors import describe as describe_refusal
from ..errors import status_of
from ..formatting import AWARD_LABELS, LANE_LABELS, fmt_date, fmt_datetime, fmt_number, round_label
from . import admin_jurisdictions, bp

# page (endpoint) -> (template, history subject)
PAGES = {
    "caps": ("admin/caps.html", "quota_cap"),
    "deadlines": ("admin/deadlines.html", "round_deadline"),
    "hold_kinds": ("admin/hold_kinds.html", "hold_kind"),
    "holidays": ("admin/holidays.html", "holiday"),
}
FIELD_LABELS = {
    "cap": _l("Chỉ tiêu"),
    "deadline": _l("Hạn nộp"),
    "label": _l("Tên"),
    "rule": _l("Căn cứ"),
    "active": _l("Trạng thái"),
    "day": _l("Ngày"),
    "name": _l("Tên ngày nghỉ"),
}


# --- reading the pages ---------------------------------------------------------------------


def _round_choices(now: datetime) -> list[str]:
    return rounds_around(now.year, before=1, after=5)


def _local(moment: datetime) -> datetime:
    """A stored naive-UTC moment in the pages' time zone (Vietnam time)."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(current_app.config["WEB_TIMEZONE"]))


def _caps(ctx: ServiceContext, jurisdiction: str) -> dict:
    # Q1-Q3: the levels offered are those the published model reserves slots at.
    reserved = published_reserved_levels(ctx, jurisdiction)
    return {
        "caps": quotas.admin_caps(ctx, jurisdiction),
        "rounds": _round_choices(ctx.now),
        "award_forms": AWARD_FORMS,
        "levels": chain_order(reserved or ()),
        "reserved": reserved,
    }


def _deadlines(ctx: ServiceContext, jurisdiction: str) -> dict:
    rows = [
        {"row": row, "local": _local(row.deadline), "past": is_past(row.deadline, ctx.now)}
        for row in deadline_service.round_deadlines(ctx, jurisdiction)
    ]
    return {"deadlines": rows, "rounds": _round_choices(ctx.now)}


def _hold_kinds(ctx: ServiceContext, jurisdiction: str) -> dict:
    kinds = settings.hold_kinds(ctx, jurisdiction)
    return {
        "national": [k for k in kinds if k.jurisdiction_id is None],
        "own": [k for k in kinds if k.jurisdiction_id is not None],
    }


def _holidays(ctx: ServiceContext, jurisdiction: str) -> dict:
    year = request.values.get("year", type=int) or ctx.now.year
    year = min(max(year, settings.FIRST_YEAR), settings.LAST_YEAR)
    national, own = settings.holidays(ctx, jurisdiction, year)
    return {"national": national, "own": own, "year": year}


LOADERS: dict[str, Callable[[ServiceContext, str], dict]] = {
    "caps": _caps,
    "deadlines": _deadlines,
    "hold_kinds": _hold_kinds,
    "holidays": _holidays,
}


# The national tables (R1, K1): every admin reads them, a national admin changes them.
NATIONAL_PAGES = ("rule_sets", "award_money")


def _render(page: str, status: int = 200, error: str | None = None):
    template, subject = PAGES[page]
    with web_use_case() as ctx:
        jurisdiction = _shown_jurisdiction(ctx, page)
        data = LOADERS[page](ctx, jurisdiction)
        if jurisdiction is None:
            changes = [describe(c) for c in settings.national_history(ctx, subject)]
        else:
            changes = [describe(c) for c in settings.history(ctx, jurisdiction, subject)]
        page_html = render_template(
            template,
            page=page,
            jurisdiction=jurisdiction,
            jurisdictions=admin_jurisdictions(),
            changes=changes,
            error=error,
            form=request.form if request.method == "POST" else {},
            **data,
        )
    return page_html, status


def _shown_jurisdiction(ctx: ServiceContext, page: str) -> str | None:
    """The jurisdiction named, else the admin's first; None for a national admin on a
    national page (the other pages need a jurisdiction: 403)."""
    mine = admin_jurisdictions()
    if not mine and page in NATIONAL_PAGES:
        return None
    shown = request.values.get("jurisdiction") or (mine[0] if mine else None)
    return settings.require_admin(ctx, shown)


# --- the history, readable -----------------------------------------------------------------


def _value(field: str, value) -> str:
    if field == "cap":
        return _("Không giới hạn") if value is None else fmt_number(value)
    if field == "deadline":
        return fmt_datetime(value)
    if field == "day":
        return fmt_date(value)
    if field == "active":
        return _("Đang dùng") if value else _("Ngừng dùng")
    return str(value if value is not None else "")


def _side(facts: dict | None, fields: list[str], missing: str) -> str:
    if facts is None:
        return missing
    return "; ".join(f"{FIELD_LABELS.get(f, f)}: {_value(f, facts.get(f))}" for f in fields)


def _what(subject: str, key: str) -> str:
    if subject == "quota_cap" and key.count("/") == 2:
        round_, award_form, level = key.split("/")
        award = AWARD_LABELS.get(award_form, award_form)
        return f"{round_label(round_)} · {award} · {LANE_LABELS.get(level, level)}"
    if subject == "round_deadline":
        return round_label(key)
    if subject == "holiday":
        return fmt_date(key)
    return key


def describe(change) -> dict:
    """One history row as people read it: when, who, what, before -> after (only the fields
    that changed)."""
    before, after = change.before, change.after
    fields = [
        f
        for f in (after or before or {})
        if before is None or after is None or before.get(f) != after.get(f)
    ]
    return {
        "when": change.changed_at,
        "who": change.changed_by,
        "what": _what(change.subject, change.subject_key),
        "before": _side(before, fields, _("(chưa có)")),
        "after": _side(after, fields, _("(đã xoá)")),
    }


# --- changing a setting --------------------------------------------------------------------


def _act(page: str, action: Callable[[ServiceContext], None], done: str, **shown):
    """Run one change in its own transaction; a refused change keeps nothing and shows the
    page again with the reason (422 invalid, 409 in conflict with the slots already held)."""
    try:
        with web_use_case() as ctx:
            action(ctx)
    except (Invalid, Conflict) as error:
        return _render(page, status_of(error), describe_refusal(error))
    flash(done, "success")
    jurisdiction = request.form.get("jurisdiction")
    return redirect(url_for(f"admin.{page}", jurisdiction=jurisdiction, **shown))


def _cap_value(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None  # Q4: no cap
    try:
        return int(text)
    except ValueError:
        raise Invalid("invalid_cap", details={"cap": problem("not_a_whole_number")}) from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid("invalid_day", details={"day": problem("not_a_date")}) from None


def _deadline(day_text: str, time_text: str) -> datetime:
    """The date and time typed in Vietnam time, as an aware moment."""
    try:
        moment = time.fromisoformat(time_text.strip() or "00:00")
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        choose = problem("not_a_datetime")
        raise Invalid("invalid_deadline", details={"deadline": choose}) from None
    return datetime.combine(day, moment, ZoneInfo(current_app.config["WEB_TIMEZONE"]))


@bp.get("/caps")
def caps():
    return _render("caps")


@bp.post("/caps")
def set_cap():
    form = request.form

    def change(ctx: ServiceContext) -> None:
        jurisdiction = settings.require_admin(ctx, form.get("jurisdiction") or None)
        quotas.set_cap(
            ctx,
            form.get("round", ""),
            form.get("award_form", ""),
            form.get("level", ""),
            _cap_value(form.get("cap", "")),
            jurisdiction,
        )

    return _act("caps", change, _("Đã lưu chỉ tiêu."))


@bp.get("/deadlines")
def deadlines():
    return _render("deadlines")


@bp.post("/deadlines")
def set_deadline():
    form = request.form

    def change(ctx: ServiceContext) -> None:
        moment = _deadline(form.get("date", ""), form.get("time", ""))
        deadline_service.set_deadline(
            ctx, form.get("jurisdiction") or None, form.get("round", ""), moment
        )

    return _act("deadlines", change, _("Đã lưu hạn nộp."))


@bp.get("/hold-kinds")
def hold_kinds():
    return _render("hold_kinds")


@bp.post("/hold-kinds")
def add_hold_kind():
    form = request.form

    def change(ctx: ServiceContext) -> None:
        settings.add_hold_kind(
            ctx,
            form.get("jurisdiction") or None,
            form.get("key", ""),
            form.get("label", ""),
            form.get("rule", ""),
        )

    return _act("hold_kinds", change, _("Đã thêm loại vướng mắc."))


@bp.post("/hold-kinds/<key>")
def update_hold_kind(key: str):
    form = request.form
    active = {"deactivate": False, "activate": True}.get(form.get("action", ""))
    label = form.get("label") if form.get("action") == "rename" else None

    def change(ctx: ServiceContext) -> None:
        settings.update_hold_kind(ctx, key, label=label, active=active)

    return _act("hold_kinds", change, _("Đã lưu loại vướng mắc."))


@bp.get("/holidays")
def holidays():
    return _render("holidays")


@bp.post("/holidays")
def add_holiday():
    form = request.form

    def change(ctx: ServiceContext) -> None:
        day = _day(form.get("day", ""))
        settings.add_holiday(ctx, form.get("jurisdiction") or None, day, form.get("name", ""))

    year = form.get("day", "")[:4]
    return _act("holidays", change, _("Đã thêm ngày nghỉ."), year=year if year.isdigit() else None)


@bp.post("/holidays/<int:holiday_id>/delete")
def remove_holiday(holiday_id: int):
    def change(ctx: ServiceContext) -> None:
        settings.remove_holiday(ctx, holiday_id)

    return _act("holidays", change, _("Đã xoá ngày nghỉ."), year=request.form.get("year"))
