"""Quota caps per (jurisdiction, round, award form, selecting level) and the slots they give."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class QuotaCap(Base):
    """Q1-Q4: how many dossiers a level may select. `used` is kept by a conditional update
    (`used < cap`), so two reviewers approving at once can never both take the last slot."""

    __tablename__ = "quota_caps"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "round", "award_form", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    round: Mapped[str] = mapped_column(String(32))
    award_form: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(32))
    cap: Mapped[int | None] = mapped_column(Integer)  # None: no cap (Q4), but the row is kept
    used: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    slots: Mapped[list[QuotaSlot]] = relationship(back_populates="quota_cap")


HELD_SQL = "released_at IS NULL"


class QuotaSlot(Base):
    """A slot a dossier holds under a cap until it is released (rejected, returned below,
    withdrawn, excluded)."""

    __tablename__ = "quota_slots"
    __table_args__ = (
        Index(
            "uq_quota_slots_held",
            "quota_cap_id",
            "dossier_id",
            unique=True,
            sqlite_where=text(HELD_SQL),
            postgresql_where=text(HELD_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quota_cap_id: Mapped[int] = mapped_column(ForeignKey("quota_caps.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    reserved_at: Mapped[datetime] = mapped_column(DateTime)
    reserved_by: Mapped[str] = mapped_column(String(100))
    released_at: Mapped[datetime | None] = mapped_column(DateTime)
    release_reason: Mapped[str | None] = mapped_column(String(40))

    quota_cap: Mapped[QuotaCap] = relationship(back_populates="slots")
