"""Round deadlines per jurisdiction (T1-T3): by when dossiers must reach Sở GDĐT."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class RoundDeadline(Base):
    __tablename__ = "round_deadlines"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    round: Mapped[str] = mapped_column(String(32))
    deadline: Mapped[datetime] = mapped_column(DateTime)  # the first moment that is too late
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
