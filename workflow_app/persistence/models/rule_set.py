"""Rule sets (R1) and when a dossier reached each level (T5)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class RuleSet(Base):
    """The implementing decree in force over a span of dates, and what differs under it: its
    hold kinds (X2), council thresholds (S2) and posting period (P1). National data."""

    __tablename__ = "rule_sets"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(500))
    applies_from: Mapped[date | None] = mapped_column(Date)  # None: from the start
    applies_until: Mapped[date | None] = mapped_column(Date)  # None: until replaced
    hold_kinds: Mapped[list] = mapped_column(JSON)  # the national hold kinds it knows
    council_thresholds: Mapped[dict] = mapped_column(JSON)  # award form -> minimum % of members
    posting_working_days: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class DossierReceipt(Base):
    """T5: when a task of a lane was first offered for the dossier, i.e. when that level
    received it. Written once per (dossier, lane), in the step's transaction."""

    __tablename__ = "dossier_receipts"
    __table_args__ = (
        UniqueConstraint("dossier_id", "lane", name="uq_dossier_receipts_dossier_lane"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    lane: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime)
