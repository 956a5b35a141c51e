"""Jurisdictions, their units, users and the roles granted to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Jurisdiction(Base):
    """A province, city or ministry whose chain a dossier follows."""

    __tablename__ = "jurisdictions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="province")
    process_model_key: Mapped[str | None] = mapped_column(String(100))
    # M1: `merged` into `successor_id` from `merged_on`; a merged jurisdiction is read-only.
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    successor_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.id"))
    merged_on: Mapped[date | None] = mapped_column(Date)


class Unit(Base):
    """A school, office or agency that nominates the entities it manages (X3)."""

    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # M1: a retired unit (a district office) submits nothing; its successor took it over.
    retired_on: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))

    jurisdiction: Mapped[Jurisdiction] = relationship()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    email: Mapped[str | None] = mapped_column(String(320))  # issue 18: where notices go
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Named by every token and session; deactivation, reactivation and a new password bump
    # it, so the credentials handed out before stop working.
    credential_generation: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class RoleGrant(Base):
    """A role held in a jurisdiction (none: national) and, for `unit`, in one unit."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "jurisdiction_id", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.id"))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))

    user: Mapped[User] = relationship(back_populates="grants")
