"""Dossier documents: bytes on disk under a generated name, checksum and size in the database."""

from __future__ import annotations

import errno
import hashlib
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..domain.dossier import DOCUMENT_KINDS
from ..domain.errors import Conflict, Invalid, NotFound, StorageFull, TooLarge, problem
from ..persistence.models import Document
from .context import ServiceContext
from .dossiers import get_dossier, require_unit_member
from .history import record_event
from .papers.signatures import check_upload

ALLOWED_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024
PARTIAL_SUFFIX = ".partial"


class DocumentTooLarge(TooLarge):
    """The upload is over the size limit (HTTP 413)."""


def _label(text: str | None) -> str:
    """What the uploader sent, kept only to show: no control characters (and PostgreSQL
    text cannot hold NUL)."""
    return "".join(ch for ch in text or "" if ch.isprintable())


def _write_stream(stream: BinaryIO, target: Path, max_bytes: int) -> tuple[int, str]:
    """Copy the upload to `target`, hashing as we go; refuse it past `max_bytes`; fsync so a
    committed row never points at bytes still in the page cache."""
    digest, size = hashlib.sha256(), 0
    try:
        with target.open("xb") as out:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise DocumentTooLarge(mb=max_bytes // (1024 * 1024))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull() from error
        raise
    return size, digest.hexdigest()


def _keep_after_commit(session: Session, partial: Path, final: Path) -> None:
    """The file gets its real name only once the row is committed; a rollback deletes it.
    A crash in between leaves a `.partial` file that `documents sweep` settles."""

    settled = False

    def keep(_session: Session) -> None:
        nonlocal settled
        if not settled:
            settled = True
            partial.replace(final)
            _fsync_folder(final.parent)

    def drop(_session: Session, _previous) -> None:
        nonlocal settled
        if not settled and not _session.in_transaction():  # the use case, not a savepoint
            settled = True
            partial.unlink(missing_ok=True)

    event.listen(session, "after_commit", keep)
    event.listen(session, "after_soft_rollback", drop)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def add_document(
    ctx: ServiceContext,
    dossier_id: int,
    kind: str,
    filename: str,
    stream: BinaryIO,
    content_type: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Attach a file to a draft or returned dossier; the user's file name is only a label."""
    dossier = get_dossier(ctx, dossier_id, for_update=True)
    require_unit_member(ctx, dossier)
    if dossier.status not in ("draft", "returned"):
        raise Conflict("documents_locked")
    errors = {}
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = problem("one_of", choices=DOCUMENT_KINDS)
    if not filename or not filename.lower().endswith(ALLOWED_EXTENSIONS):
        errors["file"] = problem("file_type", extensions=ALLOWED_EXTENSIONS)
    if errors:
        raise Invalid("invalid_document", details=errors)
    ctx.upload_dir.mkdir(parents=True, exist_ok=True)
    stored_name = uuid.uuid4().hex
    partial = ctx.upload_dir / (stored_name + PARTIAL_SUFFIX)
    try:
        size, sha256 = _write_stream(stream, partial, max_bytes)
        if size == 0:
            raise Invalid("empty_file", details={"file": problem("no_content")})
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _keep_after_commit(ctx.session, partial, ctx.upload_dir / stored_name)
    signature = check_upload(ctx, dossier.jurisdiction_id, filename, partial)  # K3
    document = Document(
        dossier=dossier,
        kind=kind,
        original_filename=_label(Path(filename).name)[:255],
        stored_name=stored_name,
        content_type=_label(content_type)[:100] or "application/octet-stream",
        size=size,
        sha256=sha256,
        uploaded_by_id=ctx.actor_id,
        uploaded_at=ctx.now,
        signature=signature,
    )
    ctx.session.add(document)
    ctx.session.flush()
    record_event(
        ctx,
        dossier,
        "document_added",
        data={
            "document_id": document.id,
            "kind": kind,
            "sha256": sha256,
            "size": size,
            "filename": document.original_filename,
            **({"signature": signature} if signature else {}),  # K3: what was checked
        },
    )
    return document


def document_path(ctx: ServiceContext, dossier_id: int, document_id: int) -> tuple[Document, Path]:
    """Where a readable dossier's document lives on disk."""
    dossier = get_dossier(ctx, dossier_id)
    document = next((d for d in dossier.documents if d.id == document_id), None)
    if document is None:
        raise NotFound()
    return document, ctx.upload_dir / document.stored_name


# A stored document is served with the type of its extension, never with what the uploader's
# browser claimed, so an upload cannot become a page of this site. Only these open inline.
SERVED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
INLINE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg")


def served_type(filename: str, inline: bool = False) -> str | None:
    """The content type to serve a document with; None when it may not open inline."""
    suffix = Path(filename).suffix.lower()
    if inline and suffix not in INLINE_EXTENSIONS:
        return None
    return SERVED_TYPES.get(suffix, "application/octet-stream")


@dataclass
class SweepReport:
    """What `documents sweep` found: rows without their file, files without their row."""

    recovered: list[str] = field(default_factory=list)  # committed, renamed before a crash
    missing: list[tuple[int, str]] = field(default_factory=list)  # (document id, stored name)
    orphans: list[str] = field(default_factory=list)  # files no row names
    removed: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.missing and not self.orphans


def sweep_documents(
    session: Session, upload_dir: Path, now: datetime, remove_orphans: bool = False
) -> SweepReport:
    """Reconcile the document rows and the upload folder, both ways.

    A `.partial` file whose row was committed is an upload a crash stopped between commit and
    rename: it gets its name. Other files no row names are orphans (a partial younger than
    an hour may be an upload in flight and is left alone); with `remove_orphans` they go.
    """
    report = SweepReport()
    rows = dict(session.execute(select(Document.stored_name, Document.id)).all())
    for stored_name, document_id in sorted(rows.items(), key=lambda row: row[1]):
        final = upload_dir / stored_name
        partial = upload_dir / (stored_name + PARTIAL_SUFFIX)
        if not final.exists() and partial.exists():
            partial.replace(final)
            report.recovered.append(stored_name)
        elif not final.exists():
            report.missing.append((document_id, stored_name))
    for path in sorted(upload_dir.iterdir()) if upload_dir.is_dir() else []:
        name = path.name.removesuffix(PARTIAL_SUFFIX)
        if not path.is_file() or name in rows and path.name == name:
            continue
        if path.name.endswith(PARTIAL_SUFFIX) and _younger_than_an_hour(path, now):
            continue
        report.orphans.append(path.name)
        if remove_orphans:
            path.unlink(missing_ok=True)
            report.removed.append(path.name)
    return report


def _younger_than_an_hour(path: Path, now: datetime) -> bool:
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    return now - modified < timedelta(hours=1)
