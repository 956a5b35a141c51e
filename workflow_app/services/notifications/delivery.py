"""Send one outbox row: claim it with a conditional update (so a second run, or a second
worker, sends nothing), write it, hand it to SMTP, then mark it sent. A refused or
unreachable server puts the row back in the queue with the error, for the queue to retry."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import case, select, true, update
from sqlalchemy.orm import Session

from ...persistence.models import Dossier, HumanTask, OutboxMail, User
from .texts import MailFacts, compose

UnitOfWork = Callable[[], AbstractContextManager[Session]]
MAX_ATTEMPTS = 6  # the first try and the queue's five retries


@dataclass(frozen=True)
class SmtpSettings:
    """Where mail goes; no host: nowhere (the local outbox page shows it as sent)."""

    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    starttls: bool = True
    sender: str = "no-reply@example.invalid"
    base_url: str = "http://127.0.0.1:5000"
    timezone: str = "Asia/Ho_Chi_Minh"  # the time zone the mails' times are written in
    timeout: float = 20.0


class MailNotSent(Exception):
    """The SMTP server was down or refused; the row is queued again with the error."""


def send_outbox_mail(unit_of_work: UnitOfWork, settings: SmtpSettings, mail_id: int, now) -> str:
    """Send mail `mail_id` at most once: 'sent', or 'skipped' when another run has it."""
    try:
        with unit_of_work() as session:
            message = _claim(session, settings, mail_id)
    except Exception as error:  # a mail that cannot be written is not tried again and again
        with unit_of_work() as session:
            _record_failure(session, mail_id, error, final=True)
        raise
    if message is None:
        return "skipped"
    try:
        transport = _transmit(settings, message)
    except (OSError, smtplib.SMTPException) as error:
        with unit_of_work() as session:
            _record_failure(session, mail_id, error)
        raise MailNotSent(str(error)) from error
    with unit_of_work() as session:
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.status == "sending")
            .values(status="sent", sent_at=now, transport=transport, last_error=None)
        )
    return "sent"


def _claim(session: Session, settings: SmtpSettings, mail_id: int) -> EmailMessage | None:
    """`queued -> sending` only if still queued: of two runs, one wins and the other sends
    nothing. The mail is written now (the task's id and due date are known) and kept."""
    claimed = session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == "queued")
        .values(status="sending", attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    mail = session.get(OutboxMail, mail_id, populate_existing=True)
    mail.subject, mail.body = compose(_facts(session, settings, mail))
    return _message(settings, mail)


def _record_failure(session: Session, mail_id: int, error: Exception, final=False) -> None:
    """Back in the queue with the error, or `failed` after the last attempt."""
    given_up = true() if final else OutboxMail.attempts >= MAX_ATTEMPTS
    session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status.in_(("queued", "sending")))
        .values(
            status=case((given_up, "failed"), else_="queued"),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        .execution_options(synchronize_session=False)
    )


def _facts(session: Session, settings: SmtpSettings, mail: OutboxMail) -> MailFacts:
    user = session.get(User, mail.user_id)
    task = session.get(HumanTask, mail.task_id) if mail.task_id else None
    dossier = session.get(Dossier, mail.dossier_id) if mail.dossier_id else None
    return MailFacts(
        kind=mail.kind,
        locale=mail.locale,
        name=user.display_name,
        base_url=settings.base_url.rstrip("/"),
        params=mail.params or {},
        dossier=dossier_label(dossier) if dossier else "",
        dossier_id=mail.dossier_id,
        task_id=mail.task_id,
        due_at=task.due_at if task else None,
        timezone=settings.timezone,
    )


def dossier_label(dossier: Dossier) -> str:
    """How a mail names a dossier: its number and nominee."""
    return f"HS-{dossier.id} - {dossier.nominee.name}"


def _message(settings: SmtpSettings, mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{mail.id}")
    message.set_content(mail.body)  # UTF-8 text/plain: Vietnamese arrives as written
    return message


def _transmit(settings: SmtpSettings, message: EmailMessage) -> str:
    """Hand the message to the SMTP server; with none configured it stays in the outbox."""
    if not settings.host:
        return "local"
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password)
        smtp.send_message(message)
    return "smtp"


def queued_ids(session: Session, older_than: datetime | None = None, limit: int = 500):
    """Rows still queued (since before `older_than`): their queue message was lost (the queue
    was down at commit, say); the sweep enqueues them again (a claimed row is never resent)."""
    stmt = select(OutboxMail.id).where(OutboxMail.status == "queued")
    if older_than is not None:
        stmt = stmt.where(OutboxMail.created_at < older_than)
    return list(session.scalars(stmt.order_by(OutboxMail.id).limit(limit)))
