"""Selection at a capped level (S1-S5): the proposals waiting for a sitting, the sittings and
each candidate's row in a sitting's ranking."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

OPEN_SQL = "closed_at IS NULL"


class SelectionProposal(Base):
    """S1: a dossier approved at a capped step waits here for its level's sitting (the
    projection of the workflow's `selection_decided` catch event, as human_tasks is of its
    user tasks). Closed when a sitting decides, or the dossier is withdrawn or excluded."""

    __tablename__ = "selection_proposals"
    __table_args__ = (
        Index(
            "uq_selection_proposals_open",
            "dossier_id",
            unique=True,
            sqlite_where=text(OPEN_SQL),
            postgresql_where=text(OPEN_SQL),
        ),
        Index("ix_selection_proposals_queue", "jurisdiction_id", "round", "award_form", "level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    round: Mapped[str] = mapped_column(String(32))
    award_form: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(32))
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    proposed_by: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # selected, not_selected, withdrawn, excluded, rejected
    outcome: Mapped[str | None] = mapped_column(String(32))
    sitting_id: Mapped[int | None] = mapped_column(ForeignKey("selection_sittings.id"))


class SelectionSitting(Base):
    """S5: one sitting of a level's council for one (round, award form): who held it, the
    council's numbers, the threshold and cap that applied, and its ranking."""

    __tablename__ = "selection_sittings"
    __table_args__ = (
        Index("ix_selection_sittings_cap", "jurisdiction_id", "round", "award_form", "level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    round: Mapped[str] = mapped_column(String(32))
    award_form: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(Date)
    members_total: Mapped[int] = mapped_column(Integer)
    members_present: Mapped[int] = mapped_column(Integer)
    threshold_percent: Mapped[float] = mapped_column(Float)
    cap: Mapped[int | None] = mapped_column(Integer)  # None: no cap (Q4)
    used_before: Mapped[int] = mapped_column(Integer)
    held_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    candidates: Mapped[list[SittingCandidate]] = relationship(
        back_populates="sitting", order_by="SittingCandidate.rank"
    )


class SittingCandidate(Base):
    """S2-S4: one candidate's votes, share, rank and result in a sitting."""

    __tablename__ = "selection_candidates"
    __table_args__ = (UniqueConstraint("sitting_id", "dossier_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("selection_sittings.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    votes_for: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    share: Mapped[float] = mapped_column(Float)
    selected: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))
    # S4: the level's own lower form given instead (only for one not selected).
    lower_award_form: Mapped[str | None] = mapped_column(String(64))

    sitting: Mapped[SelectionSitting] = relationship(back_populates="candidates")
