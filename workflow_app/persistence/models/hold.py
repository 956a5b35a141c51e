"""Disciplinary holds (X2) on nominees, and the kinds of hold (data, editable)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class HoldKind(Base):
    """A reason a nominee may not be considered: the HCMC five plus `press-allegation`."""

    __tablename__ = "hold_kinds"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    rule: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # None: a national kind (the seeded ones); else a kind one jurisdiction's admin added.
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.id"))


class Hold(Base):
    """An open (or cleared) hold: while one is open, no dossier of the nominee moves."""

    __tablename__ = "holds"
    __table_args__ = (Index("ix_holds_nominee_open", "nominee_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"))
    kind: Mapped[str] = mapped_column(ForeignKey("hold_kinds.key"))
    reference: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    placed_by: Mapped[str] = mapped_column(String(100))
    placed_at: Mapped[datetime] = mapped_column(DateTime)
    cleared_by: Mapped[str | None] = mapped_column(String(100))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime)
    clear_reference: Mapped[str | None] = mapped_column(String(200))
    # R2: how it ended: `dismissed`, or `disciplined` with the day the discipline ended.
    outcome: Mapped[str | None] = mapped_column(String(16))
    discipline_ended_on: Mapped[date | None] = mapped_column(Date)
    # Its kind's row: a jurisdiction's own kinds have no translated label in the UI, only this.
    kind_row: Mapped[HoldKind] = relationship(lazy="joined", viewonly=True)
