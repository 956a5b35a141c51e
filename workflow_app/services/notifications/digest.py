"""The daily digest: each reviewer who wants it gets one mail listing their open tasks that
are overdue or fall due within a day. Queued once per user and day, however often it runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...persistence.models import Dossier, HumanTask, NotificationPreference, OutboxMail, User
from ..accounts import actor_for
from ..tasks import offered_to
from .delivery import dossier_label
from .outbox import _mail
from .preferences import wants

DUE_WITHIN = timedelta(days=1)


def queue_digests(session: Session, now: datetime) -> int:
    """Queue today's digest for every opted-in user with tasks due; the number queued."""
    queued = 0
    for user in _digest_readers(session):
        key = f"digest:{user.id}:{now:%Y-%m-%d}"
        if session.scalar(select(OutboxMail.id).where(OutboxMail.dedupe_key == key)):
            continue
        items = due_tasks(session, user, now)
        if items:
            session.add(_digest(user, key, items, now))
            queued += 1
    return queued


def _digest_readers(session: Session) -> list[User]:
    stmt = (
        select(User)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.active.is_(True), User.email.is_not(None), User.email != "")
        .where(wants("daily_digest"))
        .order_by(User.id)
    )
    return list(session.scalars(stmt))


def due_tasks(session: Session, user: User, now: datetime) -> list[dict]:
    """The user's open tasks (offered to their roles, or claimed by them) due by tomorrow,
    overdue first."""
    stmt = (
        select(HumanTask, Dossier)
        .join(Dossier, Dossier.id == HumanTask.dossier_id)
        .where(HumanTask.state == "open", HumanTask.due_at.is_not(None))
        .where(HumanTask.due_at <= now + DUE_WITHIN)
        .where(or_(offered_to(actor_for(user)), HumanTask.claimed_by_id == user.id))
        .order_by(HumanTask.due_at, HumanTask.id)
    )
    return [
        {
            "task_id": task.id,
            "title": task.title,
            "dossier": dossier_label(dossier),
            "due_at": task.due_at.isoformat(),
            "overdue": task.due_at < now,
        }
        for task, dossier in session.execute(stmt)
    ]


def _digest(user: User, key: str, items: list[dict], now: datetime) -> OutboxMail:
    return _mail(
        user,
        "digest",
        key,
        # The outbox page of the reader's own jurisdiction lists it (a national user: none).
        listed_for=next((g.jurisdiction_id for g in user.grants if g.jurisdiction_id), None),
        params={"day": f"{now:%d/%m/%Y}", "tasks": items},
    )
