"""Public posting (P1-P3): dossiers put forward for posting, the postings that publish them,
and the comments the public sent in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Posting(Base):
    """P1: one publication of a list of candidates on a channel, for a working-day period."""

    __tablename__ = "postings"
    __table_args__ = (Index("ix_postings_jurisdiction_status", "jurisdiction_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    # The lane (role) of the step that put the candidates forward: its holders run the posting.
    lane: Mapped[str] = mapped_column(String(64))
    channel_url: Mapped[str] = mapped_column(String(500))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, closed
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    candidates: Mapped[list[PostingCandidate]] = relationship(
        back_populates="posting", order_by="PostingCandidate.dossier_id"
    )
    comments: Mapped[list[PostingComment]] = relationship(order_by="PostingComment.id")

    @property
    def dossier_ids(self) -> list[int]:
        return [row.dossier_id for row in self.candidates]


class PostingCandidate(Base):
    """P1: a dossier whose chain asked for posting before its council considers it; waits
    here until a posting takes it (posting_id set). One row per dossier: a dossier returned
    after its posting is not posted twice."""

    __tablename__ = "posting_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    lane: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id"), index=True)

    posting: Mapped[Posting | None] = relationship(back_populates="candidates")


class PostingComment(Base):
    """P2: one comment received during a posting, about one of its dossiers: who, how, what,
    and how it was resolved (dismissed with a reason, or a hold opened)."""

    __tablename__ = "posting_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    logged_by: Mapped[str] = mapped_column(String(100))
    logged_at: Mapped[datetime] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(String(16))  # dismissed, hold
    reason: Mapped[str | None] = mapped_column(Text)
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("holds.id"))
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
