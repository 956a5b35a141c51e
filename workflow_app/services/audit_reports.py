"""What an auditor reads (X4): who decided what, when, why, on which rules, at which step.

Read-only use cases over the hash-chained history. Auditors (and administrators) read a
whole jurisdiction; nobody else reaches these pages. The timeline, the path taken and the
diff of two steps are computed from the recorded events alone, so they show the dossier as
it was at each moment, not as it is now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists, or_, select

from ..domain.access import Actor
from ..domain.errors import Invalid, NotAllowed, NotFound
from ..domain.working_days import limit_for, working_days_between
from ..persistence.models import Dossier, HistoryEvent, Holiday, Nominee, ProcessInstance
from .context import ServiceContext
from .process_models import parsed_model
from .reorganisation import audited_scope, audits_related

AUDIT_ROLES = ("auditor", "admin")
# Events a unit causes; the other events carry their lane, or are the system's own.
UNIT_EVENTS = {"dossier_created", "document_added", "dossier_submitted", "dossier_withdrawn"}
CLOSING_EVENTS = {"dossier_approved", "dossier_rejected", "dossier_withdrawn", "dossier_excluded"}
SEARCH_LIMIT = 200


# --- who may audit ------------------------------------------------------------------------


def audit_scope(actor: Actor | None) -> set[str | None]:
    """The jurisdictions this user audits (None in the set: every jurisdiction)."""
    if actor is None:
        return set()
    return set().union(*(actor.jurisdictions_for(role) for role in AUDIT_ROLES))


def may_audit(actor: Actor | None) -> bool:
    return bool(audit_scope(actor))


def require_auditor(ctx: ServiceContext) -> set[str | None]:
    """The auditor's scope; anyone else is refused (the pages are read-only but not public)."""
    scope = audit_scope(ctx.actor)
    if not scope:
        raise NotAllowed("auditors_only")
    return scope


def scope_clause(scope: set[str | None]):
    return None if None in scope else Dossier.jurisdiction_id.in_(scope)


def _with_merged(ctx: ServiceContext, scope: set[str | None]):
    """M1: the scope plus what was merged into, or moved out of, the audited jurisdictions."""
    clause = scope_clause(scope)
    audited = {j for j in ctx.actor.jurisdictions_for("auditor") if j}
    if clause is None or not audited:
        return clause
    return clause | audited_scope(ctx, audited)


def audited_dossier(ctx: ServiceContext, dossier_id: int) -> Dossier:
    """A dossier of the auditor's jurisdictions; 404 for any other, never revealing which."""
    scope = require_auditor(ctx)
    dossier = ctx.session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound()
    if not (None in scope or dossier.jurisdiction_id in scope or audits_related(ctx, dossier)):
        raise NotFound()
    return dossier


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    nominee: str = ""
    unit: str = ""
    round: str = ""
    award_form: str = ""
    status: str = ""
    reviewer: str = ""  # the actor of any event of the dossier
    date_from: date | None = None  # any event of the dossier on or after this day...
    date_to: date | None = None  # ...and on or before this one


def day_bounds(date_from: date | None, date_to: date | None) -> tuple[datetime, datetime]:
    """A period of whole days as [start, end) datetimes (open ends: all time)."""
    start = datetime.combine(date_from or date(1900, 1, 1), time.min)
    end = datetime.combine((date_to or date(9998, 12, 31)) + timedelta(days=1), time.min)
    return start, end


def _event_clause(filters: SearchFilters):
    conditions = [HistoryEvent.dossier_id == Dossier.id]
    if filters.reviewer:
        conditions.append(HistoryEvent.actor == filters.reviewer)
    if filters.date_from or filters.date_to:
        start, end = day_bounds(filters.date_from, filters.date_to)
        conditions += [HistoryEvent.at >= start, HistoryEvent.at < end]
    return exists().where(and_(*conditions)) if len(conditions) > 1 else None


def search_dossiers(ctx: ServiceContext, filters: SearchFilters) -> list[Dossier]:
    """Dossiers of the auditor's jurisdictions matching every filter given, newest first."""
    scope = require_auditor(ctx)
    stmt = select(Dossier).join(Nominee, Nominee.id == Dossier.nominee_id)
    columns = {
        Dossier.unit_id: filters.unit,
        Dossier.round: filters.round,
        Dossier.award_form: filters.award_form,
        Dossier.status: filters.status,
    }
    clauses = [column == value for column, value in columns.items() if value]
    if filters.nominee:
        clauses.append(Nominee.name.ilike(f"%{filters.nominee.strip()}%"))
    clauses += [c for c in (_with_merged(ctx, scope), _event_clause(filters)) if c is not None]
    stmt = stmt.where(*clauses).order_by(Dossier.id.desc()).limit(SEARCH_LIMIT)
    return list(ctx.session.scalars(stmt))


# --- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One event as an auditor reads it, with the dossier's documents and rules at that time."""

    seq: int
    at: datetime
    actor: str
    role: str | None
    type: str
    task: str | None
    decision: str | None
    reason: str | None
    form: dict | None
    documents: tuple[dict, ...]
    model_version: str | None
    rule_set: str | None
    hash: str
    prev_hash: str


def _role(event: Mapping) -> str | None:
    data = event["data"] or {}
    if data.get("lane"):
        return data["lane"]
    if event["type"] in UNIT_EVENTS:
        return "unit"
    return "system" if event["actor"] == "system" else None


def _reason(event: Mapping) -> str | None:
    data = event["data"] or {}
    form = data.get("form") or {}
    return form.get("reason") or data.get("reason") or None


def timeline(events: Iterable[Mapping]) -> list[TimelineEntry]:
    """Each event with the documents attached up to it and the model and rule set in force."""
    documents: list[dict] = []
    model_version = rule_set = None
    entries = []
    for event in events:
        data = event["data"] or {}
        if event["type"] == "document_added":
            documents.append({k: data.get(k) for k in ("kind", "filename", "sha256", "size")})
        rule_set = data.get("rule_set") or rule_set
        model_version = event["model_version"] or model_version
        form = data.get("form") if event["type"] == "task_completed" else None
        entries.append(
            TimelineEntry(
                seq=event["seq"],
                at=event["at"],
                actor=event["actor"],
                role=_role(event),
                type=event["type"],
                task=event["task"],
                decision=(form or {}).get("decision"),
                reason=_reason(event),
                form=form,
                documents=tuple(documents),
                model_version=model_version,
                rule_set=rule_set,
                hash=event["hash"],
                prev_hash=event["prev_hash"],
            )
        )
    return entries


def event_rows(ctx: ServiceContext, dossier_id: int) -> list[dict]:
    """The dossier's events as plain mappings, in chain order."""
    stmt = select(HistoryEvent).where(HistoryEvent.dossier_id == dossier_id)
    rows = ctx.session.scalars(stmt.order_by(HistoryEvent.seq, HistoryEvent.id))
    return [
        {c: getattr(e, c) for c in ("dossier_id", "seq", "at", "actor", "type", "task")}
        | {"data": e.data, "model_version": e.model_version}
        | {"prev_hash": e.prev_hash, "hash": e.hash}
        for e in rows
    ]


# --- the path taken, step by step ---------------------------------------------------------


@dataclass(frozen=True)
class PathAt:
    """The path up to one event: visits per BPMN element (each return counts again), the
    completions, and where the tokens stand (the open tasks) at that moment."""

    seq: int
    visits: dict[str, int] = field(default_factory=dict)
    completions: dict[str, int] = field(default_factory=dict)
    current: tuple[str, ...] = ()


def path_at(events: Iterable[Mapping], seq: int) -> PathAt:
    """Replay the task projection of the history up to `seq`, in order."""
    visits: Counter = Counter()
    completions: Counter = Counter()
    open_tasks: Counter = Counter()
    for event in events:
        if event["seq"] > seq:
            break
        name = event["task"]
        if event["type"] == "task_created" and name:
            visits[name] += 1
            open_tasks[name] += 1
        elif event["type"] == "task_completed" and name:
            completions[name] += 1
            open_tasks[name] = max(open_tasks[name] - 1, 0)
        elif event["type"] in CLOSING_EVENTS:
            open_tasks.clear()  # a closed dossier has no token left
    current = tuple(sorted(name for name, count in open_tasks.items() if count > 0))
    return PathAt(seq, dict(visits), dict(completions), current)


# --- what changed between two steps -------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: object
    after: object

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _form_of(events: Iterable[Mapping], seq: int) -> dict:
    for event in events:
        if event["seq"] == seq and event["type"] == "task_completed":
            return (event["data"] or {}).get("form") or {}
    raise Invalid("not_completed_steps", seq=seq)


def form_diff(events: list[Mapping], seq_a: int, seq_b: int) -> list[FieldChange]:
    """The form data of two completed steps, field by field (a missing field is None)."""
    before, after = _form_of(events, seq_a), _form_of(events, seq_b)
    names = sorted(set(before) | set(after))
    return [FieldChange(name, before.get(name), after.get(name)) for name in names]


# --- time spent at each level against its limit -------------------------------------------


@dataclass(frozen=True)
class StepTime:
    """One task from its creation to its completion (or to now, while it is open)."""

    dossier_id: int
    round: str
    task: str
    lane: str | None
    actor: str | None
    decision: str | None
    created_at: datetime
    completed_at: datetime | None
    working_days: int
    limit: int | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.working_days > self.limit


def holidays_of(ctx: ServiceContext, jurisdiction_id: str) -> set[date]:
    """The jurisdiction's calendar: the national public holidays and its own days off."""
    stmt = select(Holiday.day).where(
        or_(Holiday.jurisdiction_id.is_(None), Holiday.jurisdiction_id == jurisdiction_id)
    )
    return set(ctx.session.scalars(stmt))


def _due_days(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, dict[str, int | None]]:
    """Each dossier's pinned model's `due_days` per user task (parsed once per version)."""
    instances = ctx.session.scalars(
        select(ProcessInstance).where(ProcessInstance.dossier_id.in_(dossier_ids))
    )
    by_version: dict[int, dict[str, int | None]] = {}
    found = {}
    for instance in instances:
        if instance.version_id not in by_version:
            tasks = parsed_model(ctx, instance.version).user_tasks
            by_version[instance.version_id] = {k: v.due_days for k, v in tasks.items()}
        found[instance.dossier_id] = by_version[instance.version_id]
    return found


def _pair_steps(events: Iterable):
    """Match each task_created to the next task_completed of the same task, in order."""
    waiting: dict[str, list] = {}
    for event in events:
        if event.type == "task_created":
            waiting.setdefault(event.task, []).append(event)
        elif event.type == "task_completed" and waiting.get(event.task):
            yield waiting[event.task].pop(0), event
    for left in waiting.values():
        yield from ((created, None) for created in left)


def step_times(ctx: ServiceContext, date_from: date | None, date_to: date | None):
    """Every step of the auditor's dossiers that started in the period, with its working
    days (task_created to task_completed, on the jurisdiction's calendar) and its limit."""
    scope = require_auditor(ctx)
    start, end = day_bounds(date_from, date_to)
    stmt = (
        select(HistoryEvent, Dossier.round, Dossier.jurisdiction_id)
        .join(Dossier, Dossier.id == HistoryEvent.dossier_id)
        .where(HistoryEvent.type.in_(("task_created", "task_completed")))
        .order_by(HistoryEvent.dossier_id, HistoryEvent.seq)
    )
    if (clause := scope_clause(scope)) is not None:
        stmt = stmt.where(clause)
    rows = ctx.session.execute(stmt).all()
    due = _due_days(ctx, sorted({row[0].dossier_id for row in rows}))
    calendars: dict[str, set[date]] = {}
    times = []
    for dossier_id in sorted({row[0].dossier_id for row in rows}):
        mine = [row for row in rows if row[0].dossier_id == dossier_id]
        jurisdiction = mine[0].jurisdiction_id
        holidays = calendars.setdefault(jurisdiction, holidays_of(ctx, jurisdiction))
        pairs = _pair_steps([row[0] for row in mine])
        for created, done in pairs:
            if start <= created.at < end:
                times.append(_step_time(created, done, mine[0].round, due, holidays, ctx))
    return times


def _step_time(created, done, round_: str, due: Mapping, holidays, ctx) -> StepTime:
    lane = (created.data or {}).get("lane")
    ended = done.at if done is not None else ctx.now.replace(tzinfo=None)
    form = ((done.data or {}).get("form") or {}) if done is not None else {}
    return StepTime(
        dossier_id=created.dossier_id,
        round=round_,
        task=created.task,
        lane=lane,
        actor=done.actor if done is not None else None,
        decision=form.get("decision"),
        created_at=created.at,
        completed_at=done.at if done is not None else None,
        working_days=working_days_between(created.at, ended, holidays),
        limit=limit_for(lane, due.get(created.dossier_id, {}).get(created.task)),
    )


@dataclass
class Tally:
    """Who did what, summed for one reviewer, level or round."""

    steps: int = 0
    decisions: Counter = field(default_factory=Counter)
    working_days: int = 0
    over: int = 0

    @property
    def average_days(self) -> float:
        return round(self.working_days / self.steps, 1) if self.steps else 0.0


def tallies(times: Iterable[StepTime]) -> dict[str, dict[str, Tally]]:
    """The steps summed per reviewer (completed ones), per level and per round."""
    result: dict[str, dict[str, Tally]] = {"reviewer": {}, "lane": {}, "round": {}}
    for step in times:
        keys = {"reviewer": step.actor, "lane": step.lane or "", "round": step.round}
        for group, key in keys.items():
            if key is None:
                continue
            tally = result[group].setdefault(key, Tally())
            tally.steps += 1
            tally.working_days += step.working_days
            tally.over += step.over
            if step.decision:
                tally.decisions[step.decision] += 1
    return result
