"""The reviewer inbox read model: offered tasks, filtered, searched, sorted, keyset-paged.

Who is offered a task is `services.tasks.offered_to` (the lane's role in the dossier's
jurisdiction; a `unit` lane only to that unit). Only `open` tasks are listed: a dossier
on hold has its tasks `suspended` (X2) and they leave every inbox until it resumes.

Issue 15, at a million open tasks: a name search folds the text (accents optional), finds
the matching distinct names (`folded_names`), then the tasks that carry them, in one
statement; the counts stop at 1.000 ("1.000+"), so no request walks a whole lane.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select

from ..domain.name_search import COUNT_CAP, CappedCount, fold_name
from ..persistence.models import Dossier, FoldedName, HumanTask, Nominee, Unit, User
from .context import ServiceContext
from .inbox_views import tasklist_filters
from .tasks import offered_to

SORTS = ("due", "oldest", "newest")
SCOPES = ("group", "mine")
_DOSSIER_NUMBER = re.compile(r"^\s*(?:hs-?)?(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class InboxQuery:
    """What the reviewer asked for; every field comes from the page's filter form."""

    scope: str = "group"
    round: str | None = None
    award_form: str | None = None
    lane: str | None = None
    unit: str | None = None
    overdue: bool = False
    q: str = ""
    sort: str = "due"
    cursor: str | None = None
    limit: int = 25
    assigned: bool = False  # issue 18: assigned to me by a colleague
    follow_up: bool = False  # issue 18: follow-up day reached


@dataclass(frozen=True)
class InboxRow:
    task: HumanTask
    nominee: str
    round: str
    award_form: str
    unit: str
    claimed_by: str | None
    overdue: bool


@dataclass
class InboxPage:
    rows: list[InboxRow]
    next_cursor: str | None
    counts: dict[str, CappedCount] = field(default_factory=dict)


def _encode(phase: str, value: datetime | None, task_id: int) -> str:
    raw = json.dumps([phase, value.isoformat() if value else None, task_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> tuple[str, datetime | None, int] | None:
    """A cursor from the page, or None when absent or tampered with."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        phase, value, task_id = json.loads(raw)
        return str(phase), datetime.fromisoformat(value) if value else None, int(task_id)
    except (ValueError, TypeError):
        return None


def _base(ctx: ServiceContext, query: InboxQuery) -> Select:
    """Open tasks offered to me (or claimed by me). The dossier facts a row shows are read
    for the page's rows only (`_shown`): a search's matches are sorted before the page is
    cut, and joining them all to dossiers, nominees and units would cost more."""
    stmt = select(HumanTask).where(HumanTask.state == "open", offered_to(ctx.actor))
    if query.round or query.award_form:
        stmt = stmt.join(Dossier, Dossier.id == HumanTask.dossier_id)
    if query.scope == "mine":
        stmt = stmt.where(HumanTask.claimed_by_id == ctx.actor_id)
    stmt = tasklist_filters(ctx, stmt, query.assigned, query.follow_up)
    return _filtered(ctx, stmt, query)


def _filtered(ctx: ServiceContext, stmt: Select, query: InboxQuery) -> Select:
    for column, value in (
        (Dossier.round, query.round),
        (Dossier.award_form, query.award_form),
        (HumanTask.lane, query.lane),
        (Dossier.unit_id, query.unit),
    ):
        if value:
            stmt = stmt.where(column == value)
    if query.overdue:
        stmt = stmt.where(HumanTask.due_at < ctx.now)
    text = query.q.strip()
    if number := _DOSSIER_NUMBER.match(text):  # "HS-12" or "12": the dossier, by its key
        # By task id: the planner then fetches those few rows instead of walking the order.
        of_dossier = select(HumanTask.id).where(HumanTask.dossier_id == int(number.group(1)))
        stmt = stmt.where(HumanTask.id.in_(of_dossier))
    elif folded := fold_name(text):
        # Issue 15: accents optional ("tran van minh" finds "Trần Văn Minh"). The few distinct
        # names that match (trigram index on PostgreSQL), then the tasks that carry them.
        pattern = f"%{_escape_like(folded)}%"
        names = select(FoldedName.folded).where(FoldedName.folded.like(pattern, escape="\\"))
        stmt = stmt.where(HumanTask.nominee_folded.in_(names))
    return stmt


def _searching(query: InboxQuery) -> bool:
    return bool(fold_name(query.q)) and not _DOSSIER_NUMBER.match(query.q.strip())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _after(stmt: Select, column, value, task_id: int, descending: bool = False) -> Select:
    """Keyset condition: rows strictly after (value, id) in the page order."""
    if descending:
        return stmt.where(or_(column < value, and_(column == value, HumanTask.id < task_id)))
    return stmt.where(or_(column > value, and_(column == value, HumanTask.id > task_id)))


def _fetch(ctx: ServiceContext, stmt: Select, limit: int) -> list:
    return list(ctx.session.execute(stmt.limit(limit)).all())


def _page_by_due(ctx: ServiceContext, base: Select, cursor, limit: int) -> list:
    """Due soonest first; tasks with no due date after all the others (two index scans)."""
    rows: list = []
    if cursor is None or cursor[0] == "d":
        dated = base.where(HumanTask.due_at.is_not(None))
        if cursor is not None:
            dated = _after(dated, HumanTask.due_at, cursor[1], cursor[2])
        rows = _fetch(ctx, dated.order_by(HumanTask.due_at, HumanTask.id), limit)
    if len(rows) < limit:
        undated = base.where(HumanTask.due_at.is_(None))
        if cursor is not None and cursor[0] == "n":
            undated = undated.where(HumanTask.id > cursor[2])
        rows += _fetch(ctx, undated.order_by(HumanTask.id), limit - len(rows))
    return rows


def _page_by_due_once(ctx: ServiceContext, base: Select, cursor, limit: int) -> list:
    """The same order in one statement (undated last), so a name search runs once."""
    if cursor is not None and cursor[0] == "n":
        base = base.where(HumanTask.due_at.is_(None), HumanTask.id > cursor[2])
    elif cursor is not None:
        due, task_id = HumanTask.due_at, HumanTask.id
        after = or_(due > cursor[1], and_(due == cursor[1], task_id > cursor[2]))
        base = base.where(or_(due.is_(None), after))
    return _fetch(ctx, base.order_by(HumanTask.due_at.asc().nulls_last(), HumanTask.id), limit)


def _page_by_age(ctx: ServiceContext, base: Select, cursor, limit: int, newest: bool) -> list:
    if cursor is not None:
        base = _after(base, HumanTask.created_at, cursor[1], cursor[2], descending=newest)
    order = (
        (HumanTask.created_at.desc(), HumanTask.id.desc())
        if newest
        else (HumanTask.created_at, HumanTask.id)
    )
    return _fetch(ctx, base.order_by(*order), limit)


def _cursor_for(sort: str, task: HumanTask) -> str:
    if sort == "due":
        return _encode("d", task.due_at, task.id) if task.due_at else _encode("n", None, task.id)
    return _encode("a", task.created_at, task.id)


def _shown(ctx: ServiceContext, tasks: list[HumanTask]) -> dict[int, tuple[str, ...]]:
    """Each page dossier's round, award form, nominee and unit names, by dossier id."""
    if not tasks:
        return {}
    rows = ctx.session.execute(
        select(Dossier.id, Dossier.round, Dossier.award_form, Nominee.name, Unit.name)
        .join(Nominee, Nominee.id == Dossier.nominee_id)
        .join(Unit, Unit.id == Dossier.unit_id)
        .where(Dossier.id.in_({t.dossier_id for t in tasks}))
    )
    return {dossier_id: tuple(facts) for dossier_id, *facts in rows}


def _row(ctx: ServiceContext, task, round_, award_form, nominee, unit, claimed_by) -> InboxRow:
    overdue = bool(task.due_at and task.due_at < ctx.now)
    return InboxRow(
        task=task,
        nominee=nominee,
        round=round_,
        award_form=award_form,
        unit=unit,
        claimed_by=claimed_by,
        overdue=overdue,
    )


def _claimers(ctx: ServiceContext, tasks: list[HumanTask]) -> dict[int, str]:
    ids = {t.claimed_by_id for t in tasks if t.claimed_by_id}
    if not ids:
        return {}
    rows = ctx.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return dict(rows.tuples().all())


def _counted(stmt: Select):
    """How many rows `stmt` finds, counting stops after COUNT_CAP + 1 (issue 15)."""
    limited = stmt.limit(COUNT_CAP + 1).subquery()
    return select(func.count()).select_from(limited).scalar_subquery()


def inbox_counts(ctx: ServiceContext) -> dict[str, CappedCount]:
    """How many open tasks are offered to my roles, claimed by me, and overdue; each up to
    the cap ("1.000+"), in one statement that reads only what is committed."""
    offered = select(HumanTask.id).where(HumanTask.state == "open", offered_to(ctx.actor))
    wanted = {
        "group": offered,
        "mine": offered.where(HumanTask.claimed_by_id == ctx.actor_id),
        "overdue": offered.where(HumanTask.due_at < ctx.now),
    }
    counted = ctx.session.execute(select(*(_counted(s) for s in wanted.values()))).one()
    return {name: CappedCount.of(n) for name, n in zip(wanted, counted, strict=True)}


def inbox_page(ctx: ServiceContext, query: InboxQuery) -> InboxPage:
    """One page of the inbox in the order asked for, and the cursor of the next page."""
    sort = query.sort if query.sort in SORTS else "due"
    base, cursor, limit = _base(ctx, query), _decode(query.cursor), max(1, min(query.limit, 200))
    if sort == "due" and _searching(query):
        rows = _page_by_due_once(ctx, base, cursor, limit + 1)
    elif sort == "due":
        rows = _page_by_due(ctx, base, cursor, limit + 1)
    else:
        rows = _page_by_age(ctx, base, cursor, limit + 1, newest=sort == "newest")
    more, rows = len(rows) > limit, rows[:limit]
    tasks = [r[0] for r in rows]
    names, shown = _claimers(ctx, tasks), _shown(ctx, tasks)
    items = [
        _row(ctx, task, *shown[task.dossier_id], claimed_by=names.get(task.claimed_by_id))
        for task in tasks
    ]
    next_cursor = _cursor_for(sort, items[-1].task) if more and items else None
    return InboxPage(items, next_cursor, inbox_counts(ctx))
