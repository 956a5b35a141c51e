"""The append-only, hash-chained history of a dossier (X4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..packing import Digest, PackedJSON
from .base import Base


class HistoryEvent(Base):
    """One recorded fact; `hash` covers its content and the previous event's hash."""

    __tablename__ = "history_events"
    __table_args__ = (UniqueConstraint("dossier_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Looked up through the unique (dossier_id, seq) index: no index of its own.
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(40))
    task: Mapped[str | None] = mapped_column(String(100))
    # Issue 15: packed (compact JSON deflated against a preset dictionary), hashes as bytes;
    # both read back as before, so the chain hashes what it always hashed.
    data: Mapped[dict] = mapped_column(PackedJSON, default=dict)
    model_version: Mapped[str | None] = mapped_column(String(120))
    prev_hash: Mapped[str] = mapped_column(Digest)
    hash: Mapped[str] = mapped_column(Digest)
