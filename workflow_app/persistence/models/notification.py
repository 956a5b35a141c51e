"""Issue 18: mail to reviewers and units, queued in the transaction of the event that causes it
(an outbox), and what each user chose to hear about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class OutboxMail(Base):
    """One mail to one user. Written with its cause, sent later by the queue's worker; the
    `queued -> sending` update is conditional, so a mail is sent at most once."""

    __tablename__ = "outbox_mails"
    __table_args__ = (Index("ix_outbox_mails_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # task_offered, task_assigned, digest...
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    to_address: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    # Whose outbox page lists it: the jurisdiction of its dossier (of its reader, a digest).
    # Not `jurisdiction_id`: a mail is no write into that jurisdiction (M1 freezes those).
    listed_for: Mapped[str | None] = mapped_column(String(64), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_tasks.id", ondelete="SET NULL"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id", ondelete="SET NULL"))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # One mail per cause and person (a digest: per day), whoever queues it twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    transport: Mapped[str | None] = mapped_column(String(16))  # smtp, or local (no SMTP set)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    task = relationship("HumanTask")


class NotificationPreference(Base):
    """What a user wants mailed; no row means everything (the default is on)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    task_offered: Mapped[bool] = mapped_column(Boolean, default=True)
    task_assigned: Mapped[bool] = mapped_column(Boolean, default=True)
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    unit_dossiers: Mapped[bool] = mapped_column(Boolean, default=True)
