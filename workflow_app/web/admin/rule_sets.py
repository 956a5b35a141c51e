"""The rule sets page (R1): which decree applies from which day, with its hold kinds, council
thresholds and posting period, and the history of changes. Added to the settings pages."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain.errors import Invalid, problem
from ...domain.vocabulary import AWARD_FORMS
from ...services import rule_sets as rule_set_service
from ...services import settings_admin
from ...services.context import ServiceContext
from . import bp, settings

settings.PAGES["rule_sets"] = ("admin/rule_sets.html", rule_set_service.SUBJECT)
settings.FIELD_LABELS.update(
    {
        "title": _l("Tên văn bản"),
        "legal_basis": _l("Căn cứ pháp lý"),
        "applies_from": _l("Áp dụng từ"),
        "applies_until": _l("Áp dụng đến"),
        "hold_kinds": _l("Loại vướng mắc"),
        "council_thresholds": _l("Tỷ lệ phiếu tối thiểu"),
        "posting_working_days": _l("Số ngày làm việc công khai"),
    }
)


def _rule_sets(ctx: ServiceContext, jurisdiction: str) -> dict:
    return {
        "rule_sets": rule_set_service.list_rule_sets(ctx),
        "national_kinds": settings_admin.national_hold_kinds(ctx),
        "award_forms": AWARD_FORMS,
        "may_edit_national": ctx.actor.administers_nationally(),
    }


settings.LOADERS["rule_sets"] = _rule_sets


def _optional_day(name: str):
    text = request.form.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid("invalid_rule_set", details={name: problem("not_a_date")}) from None


def _whole(name: str) -> int:
    text = request.form.get(name, "").strip()
    if not text.isdigit():
        raise Invalid("invalid_rule_set", details={name: problem("not_a_whole_number")})
    return int(text)


def _thresholds() -> dict:
    """award form -> minimum share (%), from one field per form; a blank field: none set."""
    shares = {}
    for form in AWARD_FORMS:
        text = request.form.get(f"threshold-{form}", "").strip()
        if not text:
            continue
        try:
            shares[form] = float(text)
        except ValueError:
            raise Invalid("invalid_rule_set", details={form: problem("percent_0_100")}) from None
    return shares


def _values() -> dict:
    return {
        "title": request.form.get("title", ""),
        "legal_basis": request.form.get("legal_basis", ""),
        "applies_from": _optional_day("applies_from"),
        "applies_until": _optional_day("applies_until"),
        "hold_kinds": request.form.getlist("hold_kinds"),
        "council_thresholds": _thresholds(),
        "posting_working_days": _whole("posting_working_days"),
    }


@bp.get("/rule-sets")
def rule_sets():
    return settings._render("rule_sets")


@bp.post("/rule-sets/<key>")
def update_rule_set(key: str):
    def change(ctx: ServiceContext) -> None:
        rule_set_service.update_rule_set(ctx, key, _values())

    return settings._act("rule_sets", change, _("Đã lưu bộ quy tắc."))


@bp.post("/rule-sets")
def add_rule_set():
    def change(ctx: ServiceContext) -> None:
        rule_set_service.add_rule_set(ctx, request.form.get("key", ""), _values())

    return settings._act("rule_sets", change, _("Đã thêm bộ quy tắc."))
