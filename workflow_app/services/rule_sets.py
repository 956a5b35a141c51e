"""Rule sets (R1): which implementing decree a dossier follows, and the table of them that an
administrator edits (every change kept in the settings history, as a national setting).

Other areas read a dossier's own rule set through `dossier_rule_set` (its hold kinds, council
thresholds and posting period), never the one in force today."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Invalid, NotAllowed, NotFound, NotSignedIn, problem
from ..domain.legal_time import local_day
from ..domain.rule_sets import (
    RULE_SET_KEY_PATTERN,
    hold_applies,
    overlapping,
    rule_set_on,
    span_problems,
)
from ..domain.vocabulary import AWARD_FORMS
from ..persistence.models import Dossier, Hold, HoldKind, RuleSet
from .context import ServiceContext
from .setting_changes import record_change

SUBJECT = "rule_set"  # its rows in the settings history (national: no jurisdiction)
KEY = re.compile(RULE_SET_KEY_PATTERN)
FIELDS = (
    "title",
    "legal_basis",
    "applies_from",
    "applies_until",
    "hold_kinds",
    "council_thresholds",
    "posting_working_days",
)
LONGEST_POSTING = 60  # working days; P1 asks for at least 10


# --- reading --------------------------------------------------------------------------------


def all_rule_sets(session: Session) -> list[RuleSet]:
    """Every rule set, the oldest span first."""
    rows = session.scalars(select(RuleSet))
    return sorted(rows, key=lambda r: (r.applies_from or date.min, r.key))


def rule_set_on_day(session: Session, day: date) -> RuleSet | None:
    """R1: the rule set in force on a Vietnamese calendar day."""
    return rule_set_on(all_rule_sets(session), day)


def rule_set_key_on(session: Session, day: date) -> str:
    """R1: the key of the rule set in force on `day` (a decision's award money follows it);
    a day no rule set covers is a refusal to fix in the table, not a guess."""
    found = rule_set_on_day(session, day)
    if found is None:
        raise Invalid("no_rule_set_on_day", day=day, details={"signed_on": problem("no_rule_set")})
    return found.key


def dossier_rule_set(session: Session, dossier: Dossier) -> RuleSet | None:
    """The rule set the dossier keeps (None for a draft: it has none yet)."""
    return session.get(RuleSet, dossier.rule_set) if dossier.rule_set else None


def posting_working_days(session: Session, dossier: Dossier) -> int | None:
    """P1: how many working days the dossier's rule set posts candidates for."""
    rule_set = dossier_rule_set(session, dossier)
    return rule_set.posting_working_days if rule_set else None


def law_threshold(ctx: ServiceContext, award_form: str) -> float:
    """S2, R1: the minimum vote share the rule set in force today sets for an award form (a
    floor under the jurisdiction's own threshold table); 0 where it sets none."""
    rule_set = rule_set_on_day(ctx.session, local_day(ctx.now))
    thresholds = rule_set.council_thresholds if rule_set else {}
    return float(thresholds.get(award_form) or 0)


def rule_set_titles(session: Session) -> dict[str, str]:
    """key -> its title, for pages that show a dossier's rule set by name, not key."""
    return {r.key: r.title for r in session.scalars(select(RuleSet))}


def list_rule_sets(ctx: ServiceContext) -> list[RuleSet]:
    """Anyone signed in may read the law the app applies."""
    if ctx.actor is None:
        raise NotSignedIn()
    return all_rule_sets(ctx.session)


# --- applying -------------------------------------------------------------------------------


def stamp_rule_set(ctx: ServiceContext, dossier: Dossier) -> RuleSet | None:
    """R1: the receiving level receives a new dossier the day it is submitted: it takes the
    rule set in force that day (in Vietnam) and keeps it."""
    dossier.rule_set = rule_set_key_today(ctx)
    return dossier_rule_set(ctx.session, dossier)


def rule_set_key_today(ctx: ServiceContext) -> str | None:
    """The key of the rule set a dossier received now would take."""
    rule_set = rule_set_on_day(ctx.session, local_day(ctx.now))
    return rule_set.key if rule_set else None


def holds_applying(session: Session, dossier: Dossier, holds: list[Hold]) -> list[Hold]:
    """R1, X2: the holds that stop this dossier under its own rule set."""
    if not holds:
        return []
    rule_set = dossier_rule_set(session, dossier)
    kinds = None if rule_set is None else list(rule_set.hold_kinds)
    return [
        hold for hold in holds if hold_applies(hold.kind, _is_national(session, hold.kind), kinds)
    ]


def _is_national(session: Session, kind_key: str) -> bool:
    kind = session.get(HoldKind, kind_key)
    return kind is None or kind.jurisdiction_id is None


# --- editing (a national administrator: the decrees are national) --------------------------


def _require_national_admin(ctx: ServiceContext) -> None:
    if ctx.actor is None:
        raise NotSignedIn()
    if not ctx.actor.administers_nationally():
        raise NotAllowed("rule_sets_admins_only")


def _facts(rule_set: RuleSet) -> dict:
    facts = {name: getattr(rule_set, name) for name in FIELDS}
    for name in ("applies_from", "applies_until"):
        facts[name] = facts[name].isoformat() if facts[name] else None
    facts["hold_kinds"] = list(facts["hold_kinds"])
    facts["council_thresholds"] = dict(facts["council_thresholds"])
    return facts


def add_rule_set(ctx: ServiceContext, key: str, values: dict) -> RuleSet:
    """A new rule set (a later decree), from the day it applies."""
    _require_national_admin(ctx)
    key = (key or "").strip()
    if not KEY.match(key):
        raise Invalid("invalid_rule_set", details={"key": problem("rule_set_key_format")})
    if ctx.session.get(RuleSet, key) is not None:
        raise Invalid("rule_set_key_taken", key=key, details={"key": problem("choose_another")})
    rule_set = RuleSet(key=key, hold_kinds=[], council_thresholds={}, posting_working_days=10)
    required = {"title": None, "legal_basis": None}
    _apply(ctx, rule_set, {**required, **values})
    ctx.session.add(rule_set)
    record_change(ctx, None, SUBJECT, key, None, _facts(rule_set))
    ctx.session.flush()
    return rule_set


def update_rule_set(ctx: ServiceContext, key: str, values: dict) -> RuleSet:
    """Change a rule set's span or what differs under it. Dossiers keep the key they were
    stamped with; only dossiers received afterwards follow a changed span."""
    _require_national_admin(ctx)
    rule_set = ctx.session.get(RuleSet, key)
    if rule_set is None:
        raise NotFound()
    before = _facts(rule_set)
    _apply(ctx, rule_set, values)
    record_change(ctx, None, SUBJECT, key, before, _facts(rule_set))
    ctx.session.flush()
    return rule_set


def _apply(ctx: ServiceContext, rule_set: RuleSet, values: dict) -> None:
    """Check every given field, then set them all, or none (422 naming each field)."""
    checked, errors = {}, {}
    for name, value in values.items():
        if name not in FIELDS:
            continue
        try:
            checked[name] = _CHECKS[name](ctx, value)
        except _FieldError as error:
            errors[name] = error.problem
    starts = checked.get("applies_from", rule_set.applies_from)
    ends = checked.get("applies_until", rule_set.applies_until)
    errors.update(span_problems(starts, ends))
    if not errors:
        probe = RuleSet(key=rule_set.key, applies_from=starts, applies_until=ends)
        clashes = overlapping(all_rule_sets(ctx.session), probe)
        if clashes:
            errors["applies_from"] = problem("rule_set_spans_overlap", keys=clashes)
    if errors:
        raise Invalid("invalid_rule_set", details=errors)
    for name, value in checked.items():
        setattr(rule_set, name, value)
    rule_set.updated_by, rule_set.updated_at = ctx.actor_name, ctx.now


class _FieldError(Exception):
    def __init__(self, field_problem):
        super().__init__(str(field_problem))
        self.problem = field_problem


def _text(longest: int):
    def check(ctx: ServiceContext, value) -> str:
        value = (value or "").strip() if isinstance(value, str) or value is None else ""
        if not value or len(value) > longest:
            raise _FieldError(problem("required_max", max=longest))
        return value

    return check


def _day(ctx: ServiceContext, value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _FieldError(problem("not_a_date")) from None


def _hold_kinds(ctx: ServiceContext, value) -> list[str]:
    national = set(
        ctx.session.scalars(select(HoldKind.key).where(HoldKind.jurisdiction_id.is_(None)))
    )
    keys = list(dict.fromkeys(value or []))
    if not all(isinstance(k, str) and k in national for k in keys):
        raise _FieldError(problem("one_of", choices=sorted(national)))
    return keys


def _thresholds(ctx: ServiceContext, value) -> dict:
    value = value or {}
    if not isinstance(value, dict):
        raise _FieldError(problem("invalid_value"))
    for form, share in value.items():
        if form not in AWARD_FORMS:
            raise _FieldError(problem("one_of", choices=AWARD_FORMS))
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 100:
            raise _FieldError(problem("percent_0_100"))
    return dict(value)


def _posting_days(ctx: ServiceContext, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LONGEST_POSTING:
        raise _FieldError(problem("working_days_range", min=1, max=LONGEST_POSTING))
    return value


_CHECKS = {
    "title": _text(300),
    "legal_basis": _text(500),
    "applies_from": _day,
    "applies_until": _day,
    "hold_kinds": _hold_kinds,
    "council_thresholds": _thresholds,
    "posting_working_days": _posting_days,
}
