"""Queue mail in the transaction of its cause (the outbox): a task offered, a task assigned,
a unit's dossier returned or decided. Nothing here talks to SMTP; the queue's worker sends
each row later (delivery.py), so a rolled-back step leaves no mail behind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import and_, event, or_, select
from sqlalchemy.orm import Session, sessionmaker

from ...persistence.models import (
    Dossier,
    HistoryEvent,
    HumanTask,
    NotificationPreference,
    OutboxMail,
    ReportTask,
    RoleGrant,
    Unit,
    User,
)
from .preferences import wants

# The history events a unit hears about: its dossier came back, or was decided.
UNIT_NOTICES = {
    "dossier_returned": "returned",
    "dossier_approved": "approved",
    "dossier_rejected": "rejected",
    "dossier_not_selected": "not_selected",
    "dossier_excluded": "excluded",
}
# services/task_assignment.py records it, naming the assignee (None: back to the group).
ASSIGNED = "task_assigned"
_PENDING = "outbox_pending_ids"


def install(factory: sessionmaker, dispatch: Callable[[list[int]], None]) -> None:
    """Queue notices at every flush of the app's sessions, and hand the committed rows' ids
    to `dispatch` (the task queue) once their transaction has committed."""
    if event.contains(factory, "before_flush", _before_flush):
        return
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "after_commit", lambda session: _after_commit(session, dispatch))
    event.listen(factory, "after_rollback", lambda session: session.info.pop(_PENDING, None))


def _before_flush(session: Session, _context, _instances) -> None:
    """Every path that offers a task or decides a dossier writes these rows; so notices
    need no call in each use case, and a step that rolls back takes its mail with it."""
    new = list(session.new)
    tasks = [row for row in new if isinstance(row, HumanTask) and row.state == "open"]
    events = [row for row in new if isinstance(row, HistoryEvent)]
    reports = [row for row in new if isinstance(row, ReportTask) and row.state == "open"]
    with session.no_autoflush:
        if tasks:
            queue_for_new_tasks(session, tasks)
        if reports:
            queue_for_new_report_tasks(session, reports)
        notices = [e for e in events if e.type in UNIT_NOTICES]
        units = _unit_recipients(session, notices)  # a sitting decides many dossiers at once
        for history_event in events:
            if history_event.type in UNIT_NOTICES:
                queue_unit_notice(session, history_event, units)
            elif history_event.type == ASSIGNED and (history_event.data or {}).get("assignee"):
                _queue_assigned(session, history_event)


def _after_flush(session: Session, _context) -> None:
    ids = [row.id for row in session.new if isinstance(row, OutboxMail)]
    session.info.setdefault(_PENDING, []).extend(ids)


def _after_commit(session: Session, dispatch: Callable[[list[int]], None]) -> None:
    ids = session.info.pop(_PENDING, None)
    if ids:
        dispatch(ids)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _mail(user: User, kind: str, key: str | None, **fields) -> OutboxMail:
    return OutboxMail(
        kind=kind,
        user_id=user.id,
        to_address=user.email,
        locale=user.locale or "vi",
        dedupe_key=key,
        status="queued",
        attempts=0,
        created_at=_now(),
        **fields,
    )


# What a mail needs of its recipient: read as plain rows, not User objects, since a step asks
# once per lane it offers a task to (issue 15: the step's hot path).
_RECIPIENT = (User.id, User.email, User.locale)


class _Recipient(NamedTuple):
    id: int
    email: str
    locale: str | None


def _recipients(session: Session, choice: str, *where) -> list:
    """Active users with an address, holding the grant `where` describes, who want `choice`
    (rows with the user's id, email and locale)."""
    stmt = (
        select(*_RECIPIENT)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.active.is_(True), User.email.is_not(None), User.email != "", wants(choice))
        .where(*where)
        .distinct()
        .order_by(User.id)
    )
    return list(session.execute(stmt))


def _unit_recipients(session: Session, notices: list[HistoryEvent]) -> dict[str, list]:
    """Each noticed dossier's unit -> its opted-in unit users, read in one query."""
    dossiers = [session.get(Dossier, e.dossier_id) for e in notices]
    unit_ids = sorted({d.unit_id for d in dossiers if d is not None})
    if not unit_ids:
        return {}
    stmt = (
        select(RoleGrant.unit_id, *_RECIPIENT)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.active.is_(True), User.email.is_not(None), User.email != "")
        .where(wants("unit_dossiers"), RoleGrant.role == "unit", RoleGrant.unit_id.in_(unit_ids))
        .order_by(User.id)
    )
    units: dict[str, list] = {unit_id: [] for unit_id in unit_ids}
    for unit_id, *user in session.execute(stmt):
        user = _Recipient(*user)
        if user not in units[unit_id]:
            units[unit_id].append(user)
    return units


def _lane_holders(lane: str, jurisdiction_id: str, unit_id: str | None):
    """Who a task of `lane` is offered to: the lane's role where the dossier is (a national
    grant covers every jurisdiction); a unit's task goes to that unit only (X3)."""
    if lane == "unit":
        return and_(RoleGrant.role == "unit", RoleGrant.unit_id == unit_id)
    return and_(
        RoleGrant.role == lane,
        or_(RoleGrant.jurisdiction_id == jurisdiction_id, RoleGrant.jurisdiction_id.is_(None)),
    )


def queue_for_new_tasks(session: Session, tasks: Iterable[HumanTask]) -> int:
    """Queue an `offered` mail to each opted-in holder of each new task's lane; the number."""
    groups: dict[tuple, list[HumanTask]] = {}
    for task in tasks:
        groups.setdefault((task.lane, task.jurisdiction_id, task.unit_id), []).append(task)
    queued = 0
    for (lane, jurisdiction_id, unit_id), group in groups.items():
        users = _recipients(session, "task_offered", _lane_holders(lane, jurisdiction_id, unit_id))
        for task in group:
            for user in users:
                session.add(_offered(user, task))
                queued += 1
    return queued


def queue_for_new_report_tasks(session: Session, tasks: Iterable[ReportTask]) -> int:
    """A yearly report's step is a task too (L1-L3, T4): offered the same way, the mail
    linking to the report."""
    queued = 0
    for task in tasks:
        holders = _lane_holders(task.lane, task.jurisdiction_id, task.unit_id)
        report = task.report
        if report is None or report.id is None:  # not written yet: nothing to link to
            continue
        unit = session.get(Unit, report.unit_id)
        params = {
            "title": task.title,
            "report": f"{unit.name if unit else report.unit_id} - {report.year}",
            "path": f"/reports/{report.id}",
        }
        for user in _recipients(session, "task_offered", holders):
            key = f"report-offered:{task.spiff_task_id}:{user.id}"
            session.add(
                _mail(
                    user, "report_task_offered", key, listed_for=task.jurisdiction_id, params=params
                )
            )
            queued += 1
    return queued


def _offered(user: User, task: HumanTask) -> OutboxMail:
    return _mail(
        user,
        "task_offered",
        f"offered:{task.spiff_task_id}:{user.id}",
        task=task,
        dossier_id=task.dossier_id,
        listed_for=task.jurisdiction_id,
        params={"title": task.title},
    )


def _queue_assigned(session: Session, history_event: HistoryEvent) -> None:
    """A `task_assigned` event: the assignee hears who gave them the task (not oneself)."""
    data = history_event.data
    task = session.get(HumanTask, data.get("task_id"))
    assignee = session.scalar(select(User).where(User.username == data["assignee"]))
    if task is None or assignee is None or assignee.username == history_event.actor:
        return
    giver = session.scalar(select(User.display_name).where(User.username == history_event.actor))
    key = f"assigned:{history_event.dossier_id}:{history_event.seq}:{assignee.id}"
    queue_assignment_notice(session, task, assignee, giver, data.get("note") or "", key)


def queue_assignment_notice(
    session: Session,
    task: HumanTask,
    assignee: User,
    assigned_by: str | None = None,
    note: str = "",
    key: str | None = None,
) -> OutboxMail | None:
    """A colleague gave `task` to `assignee`: tell them, if they want it and have an address.
    The `task_assigned` history event already calls it (see `_before_flush`); call it
    yourself only for an assignment that records no such event."""
    if not assignee.email or not assignee.active:
        return None
    row = session.get(NotificationPreference, assignee.id)
    if row is not None and not row.task_assigned:
        return None
    mail = _mail(
        assignee,
        "task_assigned",
        key,  # a task may be given to the same person again, and each time is news
        task=task,
        dossier_id=task.dossier_id,
        listed_for=task.jurisdiction_id,
        params={"title": task.title, "assigned_by": assigned_by or "", "note": note[:1000]},
    )
    session.add(mail)
    return mail


def queue_unit_notice(
    session: Session, history_event: HistoryEvent, units: dict[str, list] | None = None
) -> int:
    """The dossier's unit hears that it was returned or decided (with the reason given).
    `units`: each unit's recipients already read in this flush."""
    dossier = session.get(Dossier, history_event.dossier_id)
    if dossier is None:
        return 0
    units = {} if units is None else units
    if dossier.unit_id not in units:
        holders = _lane_holders("unit", "", dossier.unit_id)
        units[dossier.unit_id] = _recipients(session, "unit_dossiers", holders)
    users = units[dossier.unit_id]
    outcome = UNIT_NOTICES[history_event.type]
    reason = (history_event.data or {}).get("reason") or ""
    for user in users:
        session.add(
            _mail(
                user,
                f"dossier_{outcome}",
                f"{history_event.type}:{dossier.id}:{history_event.seq}:{user.id}",
                dossier_id=dossier.id,
                listed_for=dossier.jurisdiction_id,
                params={"outcome": outcome, "reason": str(reason)[:1000]},
            )
        )
    return len(users)
