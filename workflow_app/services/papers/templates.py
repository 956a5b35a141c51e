"""K2: the templates papers are made from: a jurisdiction's uploaded .docx where there is one,
the bundled default otherwise. An upload is refused when it is no Word file, its Jinja does
not parse, or it names a placeholder the paper does not provide (named in the refusal)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from functools import cache
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from sqlalchemy import select

from ...domain.errors import Invalid, NotAllowed, NotFound, problem
from ...persistence.models import Jurisdiction, PaperTemplate
from ..context import ServiceContext
from ..setting_changes import record_change
from .defaults import BUILDERS, default_template

PAPER_KINDS = tuple(BUILDERS)
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@cache
def offered(kind: str) -> frozenset[str]:
    """What a paper offers its template: the bundled default's placeholders (a list's rows
    are its loop variable `a`)."""
    template = DocxTemplate(io.BytesIO(default_template(kind)))
    return frozenset(template.get_undeclared_template_variables())


def placeholders(kind: str) -> list[str]:
    return sorted(offered(kind))


def template_bytes(ctx: ServiceContext, jurisdiction_id: str, kind: str) -> bytes:
    """The template in force for `kind` in a jurisdiction."""
    row = current_template(ctx, jurisdiction_id, kind)
    return row.content if row is not None else default_template(kind)


def current_template(ctx: ServiceContext, jurisdiction_id: str, kind: str) -> PaperTemplate | None:
    return ctx.session.scalar(
        select(PaperTemplate)
        .where(PaperTemplate.jurisdiction_id == jurisdiction_id, PaperTemplate.kind == kind)
        .order_by(PaperTemplate.id.desc())
        .limit(1)
    )


def check_template(kind: str, content: bytes) -> None:
    """Refuse a template that would fail when a paper is made from it."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise Invalid("template_broken", details={"file": problem("too_large_mb", mb=5)})
    try:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise zipfile.BadZipFile
        used = DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables()
    except TemplateError as error:
        raise Invalid("template_syntax", error=str(error)[:200]) from error
    except Exception as error:  # python-docx raises several kinds on a damaged package
        raise Invalid("template_broken", details={"file": problem("not_a_docx")}) from error
    unknown = sorted(set(used) - offered(kind))
    if unknown:
        raise Invalid(
            "template_unknown_placeholder",
            placeholders=", ".join(unknown),
            details={"unknown": unknown, "allowed": placeholders(kind)},
        )


def upload_template(
    ctx: ServiceContext, jurisdiction_id: str, kind: str, filename: str, content: bytes
) -> PaperTemplate:
    """An administrator's own template for a paper; the earlier ones stay as its history."""
    if kind not in PAPER_KINDS:
        raise Invalid("invalid", details={"kind": problem("one_of", choices=PAPER_KINDS)})
    require_admin(ctx, jurisdiction_id)
    if not filename.lower().endswith(".docx"):
        raise Invalid("template_broken", details={"file": problem("file_type", extensions=".docx")})
    check_template(kind, content)
    sha256 = hashlib.sha256(content).hexdigest()
    before = current_template(ctx, jurisdiction_id, kind)
    row = PaperTemplate(
        jurisdiction_id=jurisdiction_id,
        kind=kind,
        filename=Path(filename).name[:255],
        content=content,
        sha256=sha256,
        uploaded_by=ctx.actor_name,
        uploaded_at=ctx.now,
    )
    ctx.session.add(row)
    record_change(
        ctx,
        jurisdiction_id,
        "paper_template",
        kind,
        {"sha256": before.sha256, "filename": before.filename} if before else None,
        {"sha256": sha256, "filename": row.filename},
    )
    ctx.session.flush()
    return row


def require_admin(ctx: ServiceContext, jurisdiction_id: str) -> None:
    if ctx.session.get(Jurisdiction, jurisdiction_id) is None:
        raise NotFound()
    if jurisdiction_id not in ctx.actor.administered_jurisdictions():
        raise NotAllowed()


def templates_overview(ctx: ServiceContext, jurisdiction_id: str) -> list[dict]:
    """Each paper kind with the template in force (None: the bundled default)."""
    require_admin(ctx, jurisdiction_id)
    return [
        {
            "kind": kind,
            "current": current_template(ctx, jurisdiction_id, kind),
            "placeholders": placeholders(kind),
        }
        for kind in PAPER_KINDS
    ]
