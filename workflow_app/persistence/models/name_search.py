"""The nominee names the inbox can be searched by, each once, folded (issue 15)."""

from __future__ import annotations

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class FoldedName(Base):
    """One folded nominee name ("tran van minh") that some task carries.

    Names repeat (many "Nguyễn Văn An"), so a substring search first finds the few distinct
    names that match, then the tasks that carry them (an equality index on human_tasks):
    trigram lists over a million tasks would be long for every common syllable.
    """

    __tablename__ = "folded_names"
    __table_args__ = (
        # Trigrams on PostgreSQL (pg_trgm); on SQLite a plain index the search does not use.
        Index(
            "ix_folded_names_trgm",
            "folded",
            postgresql_using="gin",
            postgresql_ops={"folded": "gin_trgm_ops"},
        ),
    )

    folded: Mapped[str] = mapped_column(String(300), primary_key=True)
