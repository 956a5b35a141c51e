"""Process models, their versions and files, running instances and the task inbox."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..packing import PackedJSON, pack_state, unpack_state
from .base import Base


class ProcessModel(Base):
    """A jurisdiction's chain, e.g. `hcm-award-chain`; its versions hold the files."""

    __tablename__ = "process_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    versions: Mapped[list[ProcessModelVersion]] = relationship(
        back_populates="process_model", order_by="ProcessModelVersion.version"
    )


class ProcessModelVersion(Base):
    """A numbered, immutable set of BPMN, DMN and form files (draft, published, retired)."""

    __tablename__ = "process_model_versions"
    __table_args__ = (UniqueConstraint("process_model_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_model_id: Mapped[int] = mapped_column(ForeignKey("process_models.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    process_id: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    process_model: Mapped[ProcessModel] = relationship(back_populates="versions")
    files: Mapped[list[ModelFile]] = relationship(
        back_populates="version", order_by="ModelFile.name", cascade="all, delete-orphan"
    )


class ModelFile(Base):
    """One BPMN, DMN or form file of a version, stored in the database."""

    __tablename__ = "model_files"
    __table_args__ = (UniqueConstraint("version_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("process_model_versions.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))

    version: Mapped[ProcessModelVersion] = relationship(back_populates="files")


class StoredState(TypeDecorator):
    """A workflow's serialized state, deflated against a preset dictionary on both databases
    (persistence/packing.py: a BLOB in SQLite's TEXT column, `bytea` on PostgreSQL, whose
    TOAST would compress it less). Rows written before (plain or zlib) read back as they are."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(LargeBinary() if dialect.name == "postgresql" else Text())

    def process_bind_param(self, value, dialect):
        return None if value is None else pack_state(value)

    def process_result_value(self, value, dialect):
        return None if value is None else unpack_state(value)


class ProcessInstance(Base):
    """A dossier's running workflow, pinned to the version it started on.

    `lock_version` is the optimistic lock: a completion based on a stale read
    updates no row and becomes a 409, never a lost update.
    """

    __tablename__ = "process_instances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("process_model_versions.id"))
    state: Mapped[str] = mapped_column(StoredState)
    completed: Mapped[bool] = mapped_column(default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    version: Mapped[ProcessModelVersion] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}


# The inbox indexes cover open tasks only (issue 15: index where it is searched).
OPEN_ONLY = {"sqlite_where": text("state = 'open'"), "postgresql_where": text("state = 'open'")}


class HumanTask(Base):
    """The inbox's projection of a READY user task; the inbox never loads a workflow."""

    __tablename__ = "human_tasks"
    __table_args__ = (
        # Searched only while open: partial indexes, so finished tasks cost no index space.
        Index("ix_human_tasks_inbox", "lane", "jurisdiction_id", "id", **OPEN_ONLY),
        Index("ix_human_tasks_claimed", "claimed_by_id", "id", **OPEN_ONLY),
        Index("ix_human_tasks_dossier", "dossier_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    spiff_task_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str] = mapped_column(String(32))
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    form_schema: Mapped[str | None] = mapped_column(String(200))
    form_ui_schema: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="open")
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict | None] = mapped_column(PackedJSON)  # issue 15: packed, as history's
    # C2: which instance of a multi-instance step this task is (the consulted agency's key).
    instance_key: Mapped[str | None] = mapped_column(String(100))
    # Issue 15: the nominee's name folded for search ("tran van minh"), see domain.name_search.
    nominee_folded: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Tasklist: assigned to `claimed_by` by a colleague (who, and why); a follow-up date.
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignment_note: Mapped[str | None] = mapped_column(Text)
    follow_up_on: Mapped[date | None] = mapped_column(Date)

    claimed_by = relationship("User", foreign_keys=[claimed_by_id])
    assigned_by = relationship("User", foreign_keys=[assigned_by_id])
    completed_by = relationship("User", foreign_keys=[completed_by_id])


# Issue 15: the open tasks of the folded names a search found (see FoldedName); a unit's
# inbox by due date, and its capped counts, without walking the unit's other lanes.
Index("ix_human_tasks_nominee", HumanTask.nominee_folded, **OPEN_ONLY)
Index(
    "ix_human_tasks_unit_inbox",
    HumanTask.lane,
    HumanTask.unit_id,
    HumanTask.due_at,
    HumanTask.id,
    **OPEN_ONLY,
)
