"""Nominee identity (E2) and the facts the selection tie-break reads (S3)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Invalid, problem
from .vocabulary import INTEGER_MAX, NOMINEE_CATEGORIES

SEXES = ("female", "male")
# E2: the citizen id (CCCD) is exactly 12 digits.
CITIZEN_ID_DIGITS = 12
_CITIZEN_ID = re.compile(r"^[0-9]{12}$")

# Which identity fields belong to which kind of nominee: individuals carry sex and citizen
# id; collectives their staff and women totals (S3) and what kind of body they are (the
# category an eligibility table may read); households and clans neither.
INDIVIDUAL_FIELDS = ("sex", "citizen_id")
COLLECTIVE_FIELDS = ("staff_total", "women_total", "category")
HEAD_COUNT_FIELDS = ("staff_total", "women_total")


@dataclass(frozen=True)
class Identity:
    """What identifies a nominee beyond its name: all optional (rows from before E2 have none)."""

    sex: str | None = None
    citizen_id: str | None = None
    staff_total: int | None = None
    women_total: int | None = None
    category: str | None = None

    def given(self) -> dict:
        return {name: value for name, value in vars(self).items() if value is not None}


def normalised_citizen_id(value: str | None) -> str | None:
    """A citizen id as typed, without surrounding or grouping spaces; None when blank."""
    if value is None:
        return None
    compact = re.sub(r"\s+", "", value)
    return compact or None


def is_citizen_id(value: str) -> bool:
    return bool(_CITIZEN_ID.match(value))


def identity_problems(kind: str, identity: Identity) -> dict:
    """Field -> problem for each identity field that is wrong for this kind of nominee (E2)."""
    problems = {}
    allowed = {
        "individual": INDIVIDUAL_FIELDS,
        "collective": COLLECTIVE_FIELDS,
    }.get(kind, ())
    for name in identity.given():
        if name not in allowed:
            only = "only_individuals" if name in INDIVIDUAL_FIELDS else "only_collectives"
            problems[name] = problem(only)
    if identity.sex is not None and identity.sex not in SEXES and "sex" not in problems:
        problems["sex"] = problem("one_of", choices=SEXES)
    if identity.citizen_id is not None and "citizen_id" not in problems:
        if not is_citizen_id(identity.citizen_id):
            problems["citizen_id"] = problem("citizen_id_digits", digits=CITIZEN_ID_DIGITS)
    category = identity.category
    if category is not None and "category" not in problems and category not in NOMINEE_CATEGORIES:
        problems["category"] = problem("one_of", choices=NOMINEE_CATEGORIES)
    for name in HEAD_COUNT_FIELDS:
        value = getattr(identity, name)
        if value is not None and name not in problems and not 0 <= value <= INTEGER_MAX:
            problems[name] = problem("not_a_whole_number")
    staff, women = identity.staff_total, identity.women_total
    if not problems and staff is not None and women is not None and women > staff:
        problems["women_total"] = problem("women_over_staff", staff=staff)
    return problems


def check_identity(kind: str, identity: Identity) -> None:
    """Refuse an identity that breaks E2 (or S3's counts), naming each field."""
    problems = identity_problems(kind, identity)
    if problems:
        raise Invalid("invalid_nominee", details=problems)
