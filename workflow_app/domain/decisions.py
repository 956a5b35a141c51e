"""Award decisions (K1): who may issue one, what a number and symbol look like, which dossiers
one decision may cover, and the award money (a coefficient times the base salary)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from .errors import REQUIRED, Conflict, Invalid, problem
from .vocabulary import NATIONAL_LANES

# The levels that decide an award form somewhere (C5-C7, E3, the ministry chain): a decision
# is recorded by the level whose approval ended the dossier's chain.
DECIDING_LEVELS = ("so_gddt", "so_noi_vu", "ubnd", "central", "president")
SYMBOL_MAX = 50
# K1: award money is rounded up to the next 10,000 đồng (Decree 98/2023 Art. 73; kept by 152).
MONEY_STEP = Decimal(10_000)


def issuer_key(jurisdiction_id: str, level: str) -> str:
    """The issuing authority whose numbers run per year: a jurisdiction's level, or a national
    level (the Prime Minister, the President) once for the whole country."""
    return level if level in NATIONAL_LANES else f"{jurisdiction_id}:{level}"


def reference(number: int, symbol: str) -> str:
    """Số và ký hiệu as printed: `123/QĐ-UBND`."""
    return f"{number}/{symbol}"


@dataclass(frozen=True)
class DecisionInput:
    """What the deciding level types: the paper's header and its list of dossiers."""

    level: str
    award_form: str
    number: int
    symbol: str
    signed_on: date
    signer_name: str
    signer_title: str
    dossier_ids: tuple[int, ...]


def check_input(entry: DecisionInput, today: date) -> None:
    """The decision's own fields; each wrong one is named (422)."""
    errors = {}
    if entry.level not in DECIDING_LEVELS:
        errors["level"] = problem("one_of", choices=DECIDING_LEVELS)
    if entry.number < 1:
        errors["number"] = problem("minimum", min=1)
    symbol = entry.symbol.strip()
    if not symbol:
        errors["symbol"] = REQUIRED
    elif len(symbol) > SYMBOL_MAX or "/" in symbol or not symbol.isprintable():
        errors["symbol"] = problem("decision_symbol")
    if entry.signed_on > today:
        errors["signed_on"] = problem("not_in_future")
    for name in ("signer_name", "signer_title"):
        if not getattr(entry, name).strip():
            errors[name] = REQUIRED
    if not entry.dossier_ids:
        errors["dossier_ids"] = REQUIRED
    elif len(set(entry.dossier_ids)) != len(entry.dossier_ids):
        errors["dossier_ids"] = problem("duplicate_dossier_in_list")
    if errors:
        raise Invalid("invalid_decision", details=errors)


@dataclass(frozen=True)
class Awardee:
    """One dossier as a decision sees it."""

    dossier_id: int
    status: str
    award_form: str
    round: str
    deciding_level: str | None  # the lane whose approval ended its chain
    decided_in: str | None  # the reference of a decision that already lists it


def check_awardees(entry: DecisionInput, awardees: Iterable[Awardee]) -> str:
    """K1: every dossier is approved by this level for this award form, in one round, and in
    no other decision (X1: one achievement, one award). Returns the decision's round."""
    awardees = list(awardees)
    wrong = [a.dossier_id for a in awardees if a.status != "approved"]
    if wrong:
        raise Conflict(
            "decision_not_approved", dossiers=_names(wrong), details={"dossier_ids": wrong}
        )
    wrong = [
        a.dossier_id
        for a in awardees
        if a.award_form != entry.award_form or a.deciding_level != entry.level
    ]
    if wrong:
        raise Conflict(
            "decision_other_level", dossiers=_names(wrong), details={"dossier_ids": wrong}
        )
    listed = [a for a in awardees if a.decided_in]
    if listed:
        raise Conflict(
            "decision_already_listed",
            dossiers=_names([a.dossier_id for a in listed]),
            decision=listed[0].decided_in,
            details={"dossier_ids": [a.dossier_id for a in listed]},
        )
    rounds = sorted({a.round for a in awardees})
    if len(rounds) > 1:
        raise Conflict("decision_mixed_rounds", rounds=", ".join(rounds))
    return rounds[0]


def _names(dossier_ids: list[int]) -> str:
    return ", ".join(f"HS-{i}" for i in dossier_ids)


def award_money(coefficient: Decimal | None, base_salary: int | None) -> int | None:
    """K1: coefficient x base salary in force on the decision date, rounded up to 10,000 đồng;
    None where the table has no row (no money for that form and kind)."""
    if coefficient is None or base_salary is None:
        return None
    amount = Decimal(coefficient) * Decimal(base_salary)
    return int((amount / MONEY_STEP).to_integral_value(rounding=ROUND_CEILING) * MONEY_STEP)


# The award-money table of Decree 98/2023 Art. 71-72 (kept by Decree 152/2025): (award form,
# nominee kind, Labour Order class or 0) -> coefficient of the base salary. Seed data only:
# the table lives in the database and an administrator edits it.
DEFAULT_COEFFICIENTS = {
    ("giay-khen-so", "individual", 0): "0.3",
    ("giay-khen-so", "household", 0): "0.3",
    ("giay-khen-so", "collective", 0): "0.6",
    ("bang-khen-ubnd", "individual", 0): "1.0",
    ("bang-khen-ubnd", "household", 0): "1.0",
    ("bang-khen-ubnd", "collective", 0): "2.0",
    ("bang-khen-bo", "individual", 0): "1.0",
    ("bang-khen-bo", "household", 0): "1.0",
    ("bang-khen-bo", "collective", 0): "2.0",
    ("co-thi-dua-bo", "collective", 0): "8.0",
    ("bang-khen-thu-tuong", "individual", 0): "1.5",
    ("bang-khen-thu-tuong", "household", 0): "1.5",
    ("bang-khen-thu-tuong", "collective", 0): "3.0",
    ("huan-chuong-lao-dong", "individual", 1): "9.0",
    ("huan-chuong-lao-dong", "collective", 1): "18.0",
    ("huan-chuong-lao-dong", "individual", 2): "7.5",
    ("huan-chuong-lao-dong", "collective", 2): "15.0",
    ("huan-chuong-lao-dong", "individual", 3): "4.5",
    ("huan-chuong-lao-dong", "collective", 3): "9.0",
}
# The base salary (lương cơ sở) by the day it took effect: Decree 24/2023, Decree 73/2024.
DEFAULT_BASE_SALARIES = ((date(2023, 7, 1), 1_800_000), (date(2024, 7, 1), 2_340_000))
