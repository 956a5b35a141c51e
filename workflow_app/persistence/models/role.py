"""A jurisdiction's own reviewing roles (issue 17): the offices its lanes are named for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Role(Base):
    """A reviewing role of one jurisdiction: a lane name, its names and its chain level.
    Grants name it by key (`role_grants.role`); built-in roles have no row."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "key", name="uq_roles_jurisdiction_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(Integer)
    # X2: whether the role's holders may place and clear holds (HCMC: Sở Nội vụ).
    places_holds: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime)
