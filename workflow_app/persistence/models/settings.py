"""The history of administrators' changes to a jurisdiction's settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SettingChange(Base):
    """One change to a cap, round deadline, hold kind, holiday, user or role grant: what it
    was, what it became, who changed it and when. Rows are only ever added."""

    __tablename__ = "setting_changes"
    __table_args__ = (
        Index("ix_setting_changes_subject", "jurisdiction_id", "subject", "changed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.id"))
    subject: Mapped[str] = mapped_column(String(32))  # quota_cap, round_deadline, hold_kind...
    subject_key: Mapped[str] = mapped_column(String(300))  # which one, e.g. "tong-ket-2030/..."
    before: Mapped[dict | None] = mapped_column(JSON)  # None: it did not exist
    after: Mapped[dict | None] = mapped_column(JSON)  # None: it was removed
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
