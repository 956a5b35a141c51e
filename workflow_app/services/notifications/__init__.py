"""Issue 18: reviewers and units hear about work by mail. Mail is queued in an outbox table
in the transaction of its cause (outbox.py), sent by the task queue's worker at most once
(delivery.py), with a daily digest (digest.py), as each user chose (preferences.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...persistence.models import OutboxMail
from .delivery import MailNotSent, SmtpSettings, queued_ids, send_outbox_mail
from .digest import due_tasks, queue_digests
from .outbox import install, queue_assignment_notice, queue_for_new_tasks, queue_unit_notice
from .preferences import CHOICES, preferences_of, save_preferences

__all__ = [
    "CHOICES",
    "MailNotSent",
    "SmtpSettings",
    "due_tasks",
    "install",
    "outbox_page",
    "preferences_of",
    "queue_assignment_notice",
    "queue_digests",
    "queue_for_new_tasks",
    "queue_unit_notice",
    "queued_ids",
    "save_preferences",
    "send_outbox_mail",
]


def outbox_page(session: Session, jurisdictions: set[str], limit: int = 100) -> list[dict]:
    """The latest mails of these jurisdictions, for the administrators' outbox page (where
    `make run`, with no SMTP server, shows what was sent)."""
    stmt = (
        select(OutboxMail)
        .where(OutboxMail.listed_for.in_(sorted(jurisdictions)))
        .order_by(OutboxMail.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": mail.id,
            "kind": mail.kind,
            "to": mail.to_address,
            "status": mail.status,
            "attempts": mail.attempts,
            "last_error": mail.last_error,
            "subject": mail.subject,
            "body": mail.body,
            "transport": mail.transport,
            "created_at": mail.created_at,
            "sent_at": mail.sent_at,
        }
        for mail in session.scalars(stmt)
    ]
