"""The holiday calendar that working-day limits are counted on (20 working days of appraisal)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Holiday(Base):
    """A day off in a jurisdiction; no jurisdiction means a national public holiday that
    every jurisdiction keeps (as a national role grant covers every jurisdiction)."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(200))
