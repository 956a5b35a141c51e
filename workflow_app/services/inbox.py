"""The reviewer inbox read model: offered tasks, filtered, searched, sorted, keyset-paged.

Who is offered a task is `services.tasks.offered_to` (the lane's role in the dossier's
jurisdiction; a `unit` lane only to that unit). Only `open` tasks are listed: a dossier
on hold has its tasks `suspended` (X2) and they leave every inbox until it resumes.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select

from ..persistence.models import Dossier, HumanTask, Nominee, Unit, User
from .context import ServiceContext
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
    counts: dict[str, int] = field(default_factory=dict)


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
    """Open tasks offered to me (or claimed by me), with the dossier facts a row shows."""
    stmt = (
        select(HumanTask, Dossier.round, Dossier.award_form, Nominee.name, Unit.name)
        .join(Dossier, Dossier.id == HumanTask.dossier_id)
        .join(Nominee, Nominee.id == Dossier.nominee_id)
        .join(Unit, Unit.id == Dossier.unit_id)
        .where(HumanTask.state == "open", offered_to(ctx.actor))
    )
    if query.scope == "mine":
        stmt = stmt.where(HumanTask.claimed_by_id == ctx.actor_id)
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
    elif text:
        # The matching dossiers first (one pass over names), then the page among them.
        pattern = f"%{_escape_like(text)}%"
        matching = (
            select(Dossier.id)
            .join(Nominee, Nominee.id == Dossier.nominee_id)
            .where(Nominee.name.ilike(pattern, escape="\\"))
        )
        stmt = stmt.where(HumanTask.dossier_id.in_(matching))
    return stmt


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


def _claimers(ctx: ServiceContext, tasks: list[HumanTask]) -> dict[int, str]:
    ids = {t.claimed_by_id for t in tasks if t.claimed_by_id}
    if not ids:
        return {}
    rows = ctx.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return dict(rows.tuples().all())


def inbox_counts(ctx: ServiceContext) -> dict[str, int]:
    """How many open tasks are offered to my roles, claimed by me, and overdue."""
    offered = select(func.count(HumanTask.id)).where(
        HumanTask.state == "open", offered_to(ctx.actor)
    )
    return {
        "group": ctx.session.scalar(offered) or 0,
        "mine": ctx.session.scalar(offered.where(HumanTask.claimed_by_id == ctx.actor_id)) or 0,
        "overdue": ctx.session.scalar(offered.where(HumanTask.due_at < ctx.now)) or 0,
    }


def inbox_page(ctx: ServiceContext, query: InboxQuery) -> InboxPage:
    """One page of the inbox in the order asked for, and the cursor of the next page."""
    sort = query.sort if query.sort in SORTS else "due"
    base, cursor, limit = _base(ctx, query), _decode(query.cursor), max(1, min(query.limit, 200))
    if sort == "due":
        rows = _page_by_due(ctx, base, cursor, limit + 1)
    else:
        rows = _page_by_age(ctx, base, cursor, limit + 1, newest=sort == "newest")
    more, rows = len(rows) > limit, rows[:limit]
    names = _claimers(ctx, [r[0] for r in rows])
    items = [
        InboxRow(
            task=task,
            nominee=nominee,
            round=round_,
            award_form=award_form,
            unit=unit,
            claimed_by=names.get(task.claimed_by_id),
            overdue=bool(task.due_at and task.due_at < ctx.now),
        )
        for task, round_, award_form, nominee, unit in rows
    ]
    next_cursor = _cursor_for(sort, items[-1].task) if more and items else None
    return InboxPage(items, next_cursor, inbox_counts(ctx))
