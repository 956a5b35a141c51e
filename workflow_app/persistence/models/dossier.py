"""Nominees, their dossiers and the documents attached to a dossier."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.dossier import LIVE_STATUSES
from ...domain.vocabulary import DOSSIER_STATUSES
from .base import Base
from .organisation import Jurisdiction, Unit

# E2: one nominee per citizen id in a jurisdiction, decided by the database (rows without
# an id, collectives and those migrated from before, are not constrained).
CITIZEN_ID_PRESENT_SQL = "citizen_id IS NOT NULL"


class Nominee(Base):
    """An individual, collective, household or clan that a unit manages (X3)."""

    __tablename__ = "nominees"
    __table_args__ = (
        Index(
            "uq_nominees_jurisdiction_citizen_id",
            "jurisdiction_id",
            "citizen_id",
            unique=True,
            sqlite_where=text(CITIZEN_ID_PRESENT_SQL),
            postgresql_where=text(CITIZEN_ID_PRESENT_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # E2, S3: an individual's sex and citizen id (CCCD); a collective's staff and women.
    sex: Mapped[str | None] = mapped_column(String(8))
    citizen_id: Mapped[str | None] = mapped_column(String(12))
    staff_total: Mapped[int | None] = mapped_column(Integer)
    women_total: Mapped[int | None] = mapped_column(Integer)
    # A collective's kind of body (Đồng Nai III.1), read by eligibility tables.
    category: Mapped[str | None] = mapped_column(String(32))

    unit: Mapped[Unit] = relationship()


# X1: one live dossier (or award) per nominee and round, decided by the database; the
# statuses come from the domain rule (the migration keeps a literal snapshot of them).
LIVE_STATUSES_SQL = "status IN ({})".format(
    ", ".join(f"'{status}'" for status in DOSSIER_STATUSES if status in LIVE_STATUSES)
)


class Dossier(Base):
    """One nomination of one nominee for one award form in one round."""

    __tablename__ = "dossiers"
    __table_args__ = (
        Index(
            "uq_dossiers_live_nominee_round",
            "nominee_id",
            "round",
            unique=True,
            sqlite_where=text(LIVE_STATUSES_SQL),
            postgresql_where=text(LIVE_STATUSES_SQL),
        ),
        Index("ix_dossiers_jurisdiction_status", "jurisdiction_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    round: Mapped[str] = mapped_column(String(32))
    award_form: Mapped[str] = mapped_column(String(64))
    achievement_summary: Mapped[str] = mapped_column(Text, default="")
    claims_initiative: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    rule_set: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The chain's head, kept beside the dossier so a removed last event is noticed.
    history_length: Mapped[int] = mapped_column(Integer, default=0)
    history_head: Mapped[str] = mapped_column(String(64), default="0" * 64)
    # X2: where a held dossier resumes (in_progress or returned) when its last hold clears.
    status_before_hold: Mapped[str | None] = mapped_column(String(16))
    # E3: the proposed class of a Huân chương Lao động (1, 2 or 3); empty for other forms.
    labour_order_class: Mapped[int | None] = mapped_column(Integer)
    # R2: the period its achievements cover; optional for dossiers of older clients.
    achievement_from: Mapped[date | None] = mapped_column(Date)
    achievement_to: Mapped[date | None] = mapped_column(Date)
    # S4: the level's own lower form a sitting gave instead, when not selected for this one.
    awarded_form: Mapped[str | None] = mapped_column(String(64))

    nominee: Mapped[Nominee] = relationship(lazy="joined", innerjoin=True)
    unit: Mapped[Unit] = relationship()
    jurisdiction: Mapped[Jurisdiction] = relationship()
    documents: Mapped[list[Document]] = relationship(
        back_populates="dossier", order_by="Document.id", cascade="all, delete-orphan"
    )


class Document(Base):
    """A file of a dossier (D1-D4); the bytes live on disk under a generated name."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    original_filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    # K3: an uploaded PDF's signature as checked on upload: null (none), or {valid, signer,
    # signed_at, trusted, changed}.
    signature: Mapped[dict | None] = mapped_column(JSON)

    dossier: Mapped[Dossier] = relationship(back_populates="documents")
