"""What a reviewer keeps of their inbox (issue 18): named filters saved per user, the dossier
fields chosen as extra columns, and the Tasklist filters (assigned to me, follow-up due).
Kept apart from services.inbox, whose paging and counting they only narrow."""

from __future__ import annotations

from sqlalchemy import Select, delete, func, select

from ..domain.errors import REQUIRED, Invalid, NotFound, problem
from ..persistence.models import Dossier, HumanTask, InboxColumns, InboxView, Nominee
from .context import ServiceContext

# The dossier fields a reviewer may add as columns, in the order they are shown.
COLUMNS = (
    "nominee_kind",
    "status",
    "submitted_at",
    "achievement_period",
    "claims_initiative",
    "rule_set",
    "follow_up_on",
)
# The inbox page's query parameters a saved filter keeps (never the page cursor).
VIEW_KEYS = (
    "scope",
    "round",
    "award_form",
    "lane",
    "unit",
    "overdue",
    "q",
    "sort",
    "assigned",
    "follow_up",
)
VIEW_NAME_MAX, VIEWS_MAX = 100, 30


def tasklist_filters(ctx: ServiceContext, stmt: Select, assigned: bool, follow_up: bool):
    """Narrow an inbox query: tasks a colleague assigned to me; tasks whose follow-up day
    has come."""
    if assigned:
        stmt = stmt.where(
            HumanTask.claimed_by_id == ctx.actor_id, HumanTask.assigned_by_id.is_not(None)
        )
    if follow_up:
        stmt = stmt.where(HumanTask.follow_up_on <= ctx.now.date())
    return stmt


def tasklist_counts(ctx: ServiceContext) -> dict[str, int]:
    """How many open tasks were assigned to me, and how many of mine are due a follow-up."""
    mine = select(func.count(HumanTask.id)).where(
        HumanTask.state == "open", HumanTask.claimed_by_id == ctx.actor_id
    )
    return {
        "assigned": ctx.session.scalar(mine.where(HumanTask.assigned_by_id.is_not(None))) or 0,
        "follow_up": ctx.session.scalar(mine.where(HumanTask.follow_up_on <= ctx.now.date())) or 0,
    }


# --- saved filters ---------------------------------------------------------------------


def saved_views(ctx: ServiceContext) -> list[dict]:
    stmt = select(InboxView).where(InboxView.user_id == ctx.actor_id).order_by(InboxView.name)
    return [{"id": v.id, "name": v.name, "query": v.query} for v in ctx.session.scalars(stmt)]


def save_view(ctx: ServiceContext, name: str, query: dict) -> InboxView:
    """Keep the inbox's current filter under a name (the same name replaces it)."""
    name = (name or "").strip()
    if not name or len(name) > VIEW_NAME_MAX:
        wrong = REQUIRED if not name else problem("too_long", max=VIEW_NAME_MAX)
        raise Invalid("invalid_inbox_view", details={"name": wrong})
    kept = {k: str(v)[:100] for k, v in query.items() if k in VIEW_KEYS and v}
    view = ctx.session.scalar(
        select(InboxView).where(InboxView.user_id == ctx.actor_id, InboxView.name == name)
    )
    if view is None:
        if len(saved_views(ctx)) >= VIEWS_MAX:
            raise Invalid("invalid_inbox_view", details={"name": problem("too_long", max=30)})
        view = InboxView(user_id=ctx.actor_id, name=name, created_at=ctx.now, query=kept)
        ctx.session.add(view)
    view.query = kept
    return view


def delete_view(ctx: ServiceContext, view_id: int) -> None:
    """Forget one of my saved filters (another user's is not found)."""
    gone = ctx.session.execute(
        delete(InboxView).where(InboxView.id == view_id, InboxView.user_id == ctx.actor_id)
    )
    if gone.rowcount != 1:
        raise NotFound()


# --- columns ---------------------------------------------------------------------------


def chosen_columns(ctx: ServiceContext) -> list[str]:
    row = ctx.session.get(InboxColumns, ctx.actor_id)
    return [c for c in (row.columns if row else []) if c in COLUMNS]


def choose_columns(ctx: ServiceContext, columns: list[str]) -> list[str]:
    """Keep the dossier fields this user wants as inbox columns (unknown names dropped)."""
    kept = [c for c in COLUMNS if c in set(columns)]
    row = ctx.session.get(InboxColumns, ctx.actor_id)
    if row is None:
        ctx.session.add(InboxColumns(user_id=ctx.actor_id, columns=kept))
    else:
        row.columns = kept
    return kept


def column_values(ctx: ServiceContext, task_ids: list[int], columns: list[str]) -> dict:
    """task id -> {column: value} for one inbox page: one query, only when columns are chosen."""
    if not columns or not task_ids:
        return {}
    stmt = (
        select(HumanTask.id, HumanTask.follow_up_on, Dossier, Nominee.kind)
        .join(Dossier, Dossier.id == HumanTask.dossier_id)
        .join(Nominee, Nominee.id == Dossier.nominee_id)
        .where(HumanTask.id.in_(task_ids))
    )
    values = {}
    for task_id, follow_up_on, dossier, kind in ctx.session.execute(stmt):
        every = {
            "nominee_kind": kind,
            "status": dossier.status,
            "submitted_at": dossier.submitted_at,
            "achievement_period": (dossier.achievement_from, dossier.achievement_to),
            "claims_initiative": dossier.claims_initiative,
            "rule_set": dossier.rule_set,
            "follow_up_on": follow_up_on,
        }
        values[task_id] = {c: every[c] for c in columns}
    return values
