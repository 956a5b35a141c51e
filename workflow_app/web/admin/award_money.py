"""The award money page (K1): the coefficient table per rule set, award form and nominee kind,
and the base salary by the day it took effect; each change kept in the settings history.
Added to the settings pages; the rules stay in services/papers/award_money.py."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain.errors import Invalid, problem
from ...domain.vocabulary import AWARD_FORMS, NOMINEE_KINDS
from ...services import rule_sets as rule_set_service
from ...services.context import ServiceContext
from ...services.papers import award_money as money
from . import bp, settings

settings.PAGES["award_money"] = ("admin/award_money.html", "award_coefficient")
settings.FIELD_LABELS.update({"coefficient": _l("Hệ số"), "amount": _l("Mức lương cơ sở")})


def _award_money(ctx: ServiceContext, jurisdiction: str) -> dict:
    return {
        **money.table(ctx),
        "rule_sets": rule_set_service.list_rule_sets(ctx),
        "award_forms": AWARD_FORMS,
        "nominee_kinds": NOMINEE_KINDS,
        "may_edit_national": ctx.actor.administers_nationally(),
    }


settings.LOADERS["award_money"] = _award_money


def _whole(name: str) -> int:
    text = request.form.get(name, "").strip()
    if not text.isdigit():
        raise Invalid("invalid", details={name: problem("not_a_whole_number")})
    return int(text)


@bp.get("/award-money")
def award_money():
    return settings._render("award_money")


@bp.post("/award-money/coefficients")
def set_coefficient():
    def change(ctx: ServiceContext) -> None:
        money.set_coefficient(
            ctx,
            request.form.get("rule_set", ""),
            request.form.get("award_form", ""),
            request.form.get("nominee_kind", ""),
            _whole("award_class"),
            request.form.get("coefficient", "").strip().replace(",", "."),
        )

    return settings._act("award_money", change, _("Đã lưu hệ số tiền thưởng."))


@bp.post("/award-money/base-salaries")
def set_base_salary():
    def change(ctx: ServiceContext) -> None:
        try:
            day = date.fromisoformat(request.form.get("effective_from", ""))
        except ValueError:
            raise Invalid("invalid", details={"effective_from": problem("not_a_date")}) from None
        money.set_base_salary(ctx, day, _whole("amount"))

    return settings._act("award_money", change, _("Đã lưu mức lương cơ sở."))
