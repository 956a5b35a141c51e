"""What each reviewer keeps of their inbox: named filters, and the dossier columns shown."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class InboxView(Base):
    """A named inbox filter of one user (the query string of the inbox page, as a dict)."""

    __tablename__ = "inbox_views"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class InboxColumns(Base):
    """The dossier fields one user chose to see as inbox columns, in order."""

    __tablename__ = "inbox_columns"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    columns: Mapped[list] = mapped_column(JSON)
