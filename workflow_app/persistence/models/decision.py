"""Award decisions and the papers around them (K1, K2): the register of decisions with their
awardees, the award-money table and base salary, and the templates an administrator uploads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Decision(Base):
    """K1: one Quyết định khen thưởng: số, ký hiệu, date, issuing authority, signer, award
    form, and its list of awardees. Numbers are unique per issuing authority and year."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("issuer", "year", "number", name="uq_decisions_issuer_year_number"),
        Index("ix_decisions_jurisdiction_round", "jurisdiction_id", "round"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    level: Mapped[str] = mapped_column(String(32))
    issuer: Mapped[str] = mapped_column(String(100))  # domain.decisions.issuer_key
    authority_name: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(50))
    signed_on: Mapped[date] = mapped_column(Date)
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str] = mapped_column(String(200))
    award_form: Mapped[str] = mapped_column(String(64))
    round: Mapped[str] = mapped_column(String(32))
    rule_set: Mapped[str] = mapped_column(String(64))
    base_salary: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    # K3: the decision's PDF signed with the jurisdiction's certificate, once signed.
    signed_pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by: Mapped[str | None] = mapped_column(String(100))

    awardees: Mapped[list[DecisionAwardee]] = relationship(
        back_populates="decision", order_by="DecisionAwardee.position"
    )


class DecisionAwardee(Base):
    """One line of a decision's list: the dossier, its nominee as named on the paper, and the
    award money fixed when the decision was recorded. A dossier is in one decision at most."""

    __tablename__ = "decision_awardees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    coefficient: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    amount: Mapped[int | None] = mapped_column(Integer)  # đồng

    decision: Mapped[Decision] = relationship(back_populates="awardees")


class AwardCoefficient(Base):
    """K1: award money as a multiple of the base salary, per rule set, award form, nominee kind
    and (Huân chương) class; 0 for no class."""

    __tablename__ = "award_coefficients"
    __table_args__ = (
        UniqueConstraint(
            "rule_set", "award_form", "nominee_kind", "award_class", name="uq_award_coefficients"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_set: Mapped[str] = mapped_column(String(64))
    award_form: Mapped[str] = mapped_column(String(64))
    nominee_kind: Mapped[str] = mapped_column(String(32))
    award_class: Mapped[int] = mapped_column(Integer, default=0)
    coefficient: Mapped[Decimal] = mapped_column(Numeric(6, 2))


class BaseSalary(Base):
    """K1: the base salary (lương cơ sở) from the day it took effect."""

    __tablename__ = "base_salaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    amount: Mapped[int] = mapped_column(Integer)


class PaperTemplate(Base):
    """K2: a .docx template an administrator uploaded for a jurisdiction; the newest of a kind
    is in force, earlier ones stay as its history."""

    __tablename__ = "paper_templates"
    __table_args__ = (Index("ix_paper_templates_kind", "jurisdiction_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)


class TrustedRoot(Base):
    """K3: a root certificate a jurisdiction's administrator trusts for signed documents."""

    __tablename__ = "trusted_roots"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "sha256", name="uq_trusted_roots"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    subject: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(DateTime)


class SigningCredential(Base):
    """K3: the jurisdiction's PKCS#12 (key and certificate), encrypted with the app's secret;
    the newest is in force."""

    __tablename__ = "signing_credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
