"""K1: the award-money table (coefficient per rule set, award form, nominee kind and class) and
the base salary by effective date. National data, edited by administrators, every change kept
in the settings history (jurisdiction none); decisions already recorded keep their money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from ...domain.errors import Invalid, NotAllowed, problem
from ...domain.vocabulary import AWARD_FORMS, NOMINEE_KINDS
from ...persistence.models import AwardCoefficient, BaseSalary
from ..context import ServiceContext
from ..setting_changes import record_change, setting_history

MAX_COEFFICIENT = Decimal("1000")
MAX_SALARY = 1_000_000_000


def _require_admin(ctx: ServiceContext) -> None:
    """Any administrator reads the table (their decisions use it)."""
    if not (ctx.actor.administered_jurisdictions() or ctx.actor.administers_nationally()):
        raise NotAllowed()


def _require_national_admin(ctx: ServiceContext) -> None:
    """K2: coefficients and base salaries are national law: a national administrator sets
    them, never a province's."""
    if not ctx.actor.administers_nationally():
        raise NotAllowed("award_money_national_admins_only")


def table(ctx: ServiceContext) -> dict:
    """Every coefficient and base salary, with the latest changes to either."""
    coefficients = ctx.session.scalars(
        select(AwardCoefficient).order_by(
            AwardCoefficient.rule_set,
            AwardCoefficient.award_form,
            AwardCoefficient.nominee_kind,
            AwardCoefficient.award_class,
        )
    )
    salaries = ctx.session.scalars(select(BaseSalary).order_by(BaseSalary.effective_from))
    history = [
        *setting_history(ctx, None, "award_coefficient", limit=50),
        *setting_history(ctx, None, "base_salary", limit=50),
    ]
    return {
        "coefficients": [
            {
                "rule_set": c.rule_set,
                "award_form": c.award_form,
                "nominee_kind": c.nominee_kind,
                "award_class": c.award_class,
                "coefficient": float(c.coefficient),
            }
            for c in coefficients
        ],
        "base_salaries": [
            {"effective_from": s.effective_from, "amount": s.amount} for s in salaries
        ],
        "history": sorted(history, key=lambda c: (c.changed_at, c.id), reverse=True),
    }


def set_coefficient(
    ctx: ServiceContext, rule_set: str, award_form: str, kind: str, award_class: int, value: str
) -> None:
    """Set (or, with an empty value, remove) one coefficient."""
    _require_national_admin(ctx)
    errors = {}
    if not rule_set or len(rule_set) > 64:
        errors["rule_set"] = problem("required_max", max=64)
    if award_form not in AWARD_FORMS:
        errors["award_form"] = problem("one_of", choices=AWARD_FORMS)
    if kind not in NOMINEE_KINDS:
        errors["nominee_kind"] = problem("one_of", choices=NOMINEE_KINDS)
    if award_class not in (0, 1, 2, 3):
        errors["award_class"] = problem("one_of", choices=(0, 1, 2, 3))
    coefficient = _coefficient(value, errors)
    if errors:
        raise Invalid("invalid", details=errors)
    key = (rule_set, award_form, kind, award_class)
    row = ctx.session.scalar(
        select(AwardCoefficient).where(
            AwardCoefficient.rule_set == rule_set,
            AwardCoefficient.award_form == award_form,
            AwardCoefficient.nominee_kind == kind,
            AwardCoefficient.award_class == award_class,
        )
    )
    before = {"coefficient": str(row.coefficient)} if row else None
    if coefficient is None and row is not None:
        ctx.session.delete(row)
    elif coefficient is not None and row is None:
        ctx.session.add(
            AwardCoefficient(**dict(zip(_KEYS, key, strict=True)), coefficient=coefficient)
        )
    elif coefficient is not None:
        row.coefficient = coefficient
    after = {"coefficient": str(coefficient)} if coefficient is not None else None
    record_change(ctx, None, "award_coefficient", "/".join(map(str, key)), before, after)


_KEYS = ("rule_set", "award_form", "nominee_kind", "award_class")


def _coefficient(value: str, errors: dict) -> Decimal | None:
    if value in ("", None):
        return None
    try:
        coefficient = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        errors["coefficient"] = problem("invalid_value")
        return None
    if not 0 < coefficient < MAX_COEFFICIENT:
        errors["coefficient"] = problem("maximum", max=int(MAX_COEFFICIENT))
        return None
    return coefficient


def set_base_salary(ctx: ServiceContext, effective_from: date, amount: int) -> None:
    """The base salary from a day on (a new decree); decisions before it keep theirs."""
    _require_national_admin(ctx)
    if not 0 < amount <= MAX_SALARY:
        raise Invalid("invalid", details={"amount": problem("maximum", max=MAX_SALARY)})
    row = ctx.session.scalar(select(BaseSalary).where(BaseSalary.effective_from == effective_from))
    before = {"amount": row.amount} if row else None
    if row is None:
        ctx.session.add(BaseSalary(effective_from=effective_from, amount=amount))
    else:
        row.amount = amount
    record_change(ctx, None, "base_salary", effective_from.isoformat(), before, {"amount": amount})
