"""Roles (issue 17): the reviewing roles of a chain are each jurisdiction's own data, named
for the offices that work its lanes (HCMC's `so_gddt`, Bộ Y tế's `vu_tccb` ...), as
Camunda's candidate groups and SpiffArena's groups are. Only these are built in:

- `unit`: every jurisdiction's nominating units (C1, X3), granted in one unit; the bottom
  of every chain (level 1), so no jurisdiction has to declare it;
- `admin` and `auditor`: rights over a jurisdiction, never a lane;
- `central` and `president`: the national levels (C6, E3), above every jurisdiction.

A jurisdiction's role carries its level: the chain-order check (C1-C6) lets a step hand a
dossier on only to the same or a higher level."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import REQUIRED, FieldProblem, Invalid, problem

UNIT = "unit"
NATIONAL_LANES = ("central", "president")
BUILTIN_ROLES = (UNIT, "central", "president", "admin", "auditor")
# Where the built-in lanes sit among a jurisdiction's levels: units at the bottom, the
# national levels above any level a jurisdiction may give its own roles.
UNIT_LEVEL = 1
MAX_LEVEL = 99
BUILTIN_LEVELS = {UNIT: UNIT_LEVEL, "central": 100, "president": 101}
ROLE_KEY = re.compile(r"^[a-z][a-z0-9_]{1,31}$")  # role_grants.role is 32 wide
MAX_NAME = 200


@dataclass(frozen=True)
class RoleInfo:
    """One reviewing role of a jurisdiction, as the rules see it."""

    key: str
    name_vi: str
    name_en: str
    level: int
    places_holds: bool = False


def is_reviewing(role: str) -> bool:
    """A jurisdiction's own role (not a unit, not national, not admin or auditor)."""
    return role not in BUILTIN_ROLES


def lane_levels(roles: Iterable[RoleInfo]) -> dict[str, int]:
    """Every lane a jurisdiction's chain may use, with its level (the built-ins included)."""
    return {**{r.key: r.level for r in roles}, **BUILTIN_LEVELS}


def role_problems(key: str, name_vi: str, name_en: str, level: object) -> dict[str, FieldProblem]:
    """What is wrong with a role asked for, field by field (empty: nothing)."""
    problems: dict[str, FieldProblem] = {}
    if not ROLE_KEY.match(key or ""):
        problems["key"] = problem("role_key_format")
    elif key in BUILTIN_ROLES:
        problems["key"] = problem("role_key_builtin")
    for field, name in (("name_vi", name_vi), ("name_en", name_en)):
        if not (name or "").strip():
            problems[field] = REQUIRED
        elif len(name.strip()) > MAX_NAME:
            problems[field] = problem("too_long", max=MAX_NAME)
    if isinstance(level, bool) or not isinstance(level, int) or not 2 <= level <= MAX_LEVEL:
        problems["level"] = problem("role_level_range", min=UNIT_LEVEL + 1, max=MAX_LEVEL)
    return problems


def check_role(key: str, name_vi: str, name_en: str, level: object) -> None:
    """Refuse (422, each field named) a role that is not well formed."""
    problems = role_problems(key, name_vi, name_en, level)
    if problems:
        raise Invalid(details={"fields": problems})
