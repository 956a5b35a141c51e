"""Reorganisation (M1): merges of jurisdictions and the dossiers each merge or retired unit
moved, kept so auditors of the old jurisdiction still find what left it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class JurisdictionMerge(Base):
    """One merge: who merged what into what, from when, and what was carried over."""

    __tablename__ = "jurisdiction_merges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), unique=True)
    successor_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    merged_by: Mapped[str] = mapped_column(String(100))
    merged_at: Mapped[datetime] = mapped_column(DateTime)
    # What moved and what an administrator should review (summed caps, both deadlines).
    summary: Mapped[dict] = mapped_column(JSON, default=dict)


class DossierMove(Base):
    """A dossier that went on elsewhere: to the successor jurisdiction (a merge) or to the
    unit that took over a retired one."""

    __tablename__ = "dossier_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    reason: Mapped[str] = mapped_column(String(16))  # merge, unit_retired
    from_jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    to_jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    from_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    merge_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction_merges.id"))
    moved_at: Mapped[datetime] = mapped_column(DateTime)
