"""Dossier documents: bytes on disk under a generated name, checksum and size in the database."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import BinaryIO

from ..domain.dossier import DOCUMENT_KINDS
from ..domain.errors import Conflict, Invalid, NotFound, TooLarge
from ..persistence.models import Document
from .context import ServiceContext
from .dossiers import get_dossier, require_unit_member
from .history import record_event

ALLOWED_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024


class DocumentTooLarge(TooLarge):
    """The upload is over the size limit (HTTP 413)."""


def _write_stream(stream: BinaryIO, target: Path, max_bytes: int) -> tuple[int, str]:
    """Copy the upload to `target`, hashing as we go; refuse it past `max_bytes`."""
    digest, size = hashlib.sha256(), 0
    with target.open("xb") as out:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise DocumentTooLarge(mb=max_bytes // (1024 * 1024))
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


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
        raise Conflict("Chỉ bổ sung tài liệu khi hồ sơ ở dạng nháp hoặc bị trả lại.")
    errors = {}
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = problem("one_of", choices=DOCUMENT_KINDS)
    if not filename or not filename.lower().endswith(ALLOWED_EXTENSIONS):
        errors["file"] = f"Chỉ nhận tệp {', '.join(ALLOWED_EXTENSIONS)}."
    if errors:
        raise Invalid("Tài liệu không hợp lệ.", errors)
    ctx.upload_dir.mkdir(parents=True, exist_ok=True)
    stored_name = uuid.uuid4().hex
    target = ctx.upload_dir / stored_name
    try:
        size, sha256 = _write_stream(stream, target, max_bytes)
        if size == 0:
            raise Invalid("Tệp rỗng.", {"file": "Tệp không có nội dung."})
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    document = Document(
        dossier=dossier,
        kind=kind,
        original_filename=Path(filename).name[:255],
        stored_name=stored_name,
        content_type=(content_type or "application/octet-stream")[:100],
        size=size,
        sha256=sha256,
        uploaded_by_id=ctx.actor_id,
        uploaded_at=ctx.now,
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
        },
    )
    return document


def document_path(ctx: ServiceContext, dossier_id: int, document_id: int) -> tuple[Document, Path]:
    """Where a readable dossier's document lives on disk."""
    dossier = get_dossier(ctx, dossier_id)
    document = next((d for d in dossier.documents if d.id == document_id), None)
    if document is None:
        raise NotFound("Không tìm thấy tài liệu.")
    return document, ctx.upload_dir / document.stored_name
