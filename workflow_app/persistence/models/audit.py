"""What the last audit proved of each dossier, so the next one replays only what moved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AuditCheckpoint(Base):
    """A dossier verified (chain and replay) at `history_length` events ending in `head_hash`,
    its stored state hashing to `state_hash`. `seal` is an HMAC of these under the app's
    secret key: a row written by hand to vouch for a tampered dossier does not verify, so a
    checkpoint can only ever save a replay, never hide a change."""

    __tablename__ = "audit_checkpoints"

    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True
    )
    history_length: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    state_hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(String(64))
    verified_at: Mapped[datetime] = mapped_column(DateTime)
