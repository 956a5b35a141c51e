"""Sign-in attempts, kept in the database so rate limits hold across app processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class LoginAttempt(Base):
    """One try at signing in: the name typed, where from, when, and whether it worked."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))  # as typed, lower-cased: may not exist
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


# The reviewer inbox sorts open tasks by due date or by age, a page at a time (keyset).
# These indexes serve those orders for each lane and jurisdiction; they are declared here,
# beside the web sign-in table of the same migration (b7e1c0a4d3f2), on the task table.
def _inbox_indexes() -> tuple[Index, ...]:
    from .process import OPEN_ONLY, HumanTask

    columns = (HumanTask.lane, HumanTask.jurisdiction_id)
    return (
        Index("ix_human_tasks_inbox_due", *columns, HumanTask.due_at, HumanTask.id, **OPEN_ONLY),
        Index(
            "ix_human_tasks_inbox_age", *columns, HumanTask.created_at, HumanTask.id, **OPEN_ONLY
        ),
        Index("ix_human_tasks_unit_due", HumanTask.unit_id, HumanTask.due_at, **OPEN_ONLY),
    )


INBOX_INDEXES = _inbox_indexes()
