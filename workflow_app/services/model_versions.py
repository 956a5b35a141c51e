"""Administrators' use cases on process models: list, read, upload a draft, publish, clone.

A model belongs to a jurisdiction; only that jurisdiction's administrators change it. The
bundled models (imported from bpmn/, created by no user) are templates: every administrator
may read and clone their published versions into their own jurisdiction.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from ..domain.errors import REQUIRED, Conflict, Invalid, NotAllowed, NotFound, problem
from ..engine.specs import file_kind, parse_model
from ..persistence.models import Jurisdiction, ModelFile, ProcessModel, ProcessModelVersion, User
from .context import ServiceContext
from .process_models import add_version, files_problems, parsed_model, publish_version

MODEL_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,98}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,190}$")
CONTENT_TYPES = {  # how a model file is served, by its kind
    "bpmn": "application/xml; charset=utf-8",
    "dmn": "application/xml; charset=utf-8",
    "form": "application/json; charset=utf-8",
}


def _jurisdictions(ctx: ServiceContext, role: str | None = None) -> set[str]:
    grants = ctx.actor.grants if ctx.actor else ()
    return {g.jurisdiction_id for g in grants if g.jurisdiction_id and role in (None, g.role)}


def is_template(model: ProcessModel) -> bool:
    """A bundled model: its first version came from `models import`, not from a user."""
    published = any(v.status == "published" for v in model.versions)
    return bool(model.versions) and model.versions[0].created_by_id is None and published


def _may_read(ctx: ServiceContext, model: ProcessModel) -> bool:
    if model.jurisdiction_id in _jurisdictions(ctx):
        return True
    return bool(_jurisdictions(ctx, "admin")) and is_template(model)


def visible_models(ctx: ServiceContext) -> list[ProcessModel]:
    """Admins: their jurisdiction's models and every template; others: their jurisdiction's."""
    models = ctx.session.scalars(select(ProcessModel).order_by(ProcessModel.key))
    return [m for m in models if _may_read(ctx, m)]


def _model(ctx: ServiceContext, key: str) -> ProcessModel:
    model = ctx.session.scalar(select(ProcessModel).where(ProcessModel.key == key))
    if model is None:
        raise NotFound()
    return model


def readable_model(ctx: ServiceContext, key: str) -> ProcessModel:
    """The model if the actor may read it; another jurisdiction's model is simply not found."""
    model = _model(ctx, key)
    if not _may_read(ctx, model):
        raise NotFound()
    return model


def writable_model(ctx: ServiceContext, key: str) -> ProcessModel:
    """The model if the actor administers its jurisdiction; anyone else is refused (403)."""
    model = _model(ctx, key)
    if not may_change(ctx, model):
        raise NotAllowed("model_admins_only")
    return model


def model_version(model: ProcessModel, number: int) -> ProcessModelVersion:
    for version in model.versions:
        if version.version == number:
            return version
    raise NotFound()


def version_file(version: ProcessModelVersion, name: str) -> ModelFile:
    for file in version.files:
        if file.name == name:
            return file
    raise NotFound()


def username(ctx: ServiceContext, user_id: int | None) -> str | None:
    """Who created or published a version; None: the bundle import (the system)."""
    user = ctx.session.get(User, user_id) if user_id else None
    return user.username if user else None


def _decoded(uploads: dict[str, bytes]) -> dict[str, str]:
    """The uploaded files as text, or Invalid naming each file that cannot be a model file."""
    if not uploads:
        raise Invalid("no_files_uploaded", details={"files": REQUIRED})
    files, errors = {}, {}
    for name, raw in uploads.items():
        if not FILE_NAME.match(name) or file_kind(name) is None:
            errors[name] = problem("model_file_name")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:  # NUL: binary, and PostgreSQL text cannot hold it
            errors[name] = problem("not_utf8")
        else:
            files[name] = text
    if errors:
        raise Invalid("unreadable_uploads", details=errors)
    return files


def upload_version(
    ctx: ServiceContext, model: ProcessModel, uploads: dict[str, bytes]
) -> ProcessModelVersion:
    """A new draft: the latest version's files with the uploaded ones replacing or added.

    Problems (XML that does not parse, a lane that is not a role...) are stored with the
    draft, so the administrator sees them all at once and fixes them in the next upload.
    """
    files = _decoded(uploads)
    latest = model.versions[-1]
    merged = {f.name: f.content for f in latest.files} | files
    version = add_version(ctx, model, latest.process_id, merged)
    ctx.session.flush()
    return version


def publish(ctx: ServiceContext, version: ProcessModelVersion) -> None:
    """Re-check against today's caps, then publish: new dossiers of the model's jurisdiction
    start on this version (a jurisdiction follows the model it last published)."""
    if version.status == "published":
        raise Conflict(
            "version_already_published", version=version.version, details={"status": "published"}
        )
    files = {f.name: f.content for f in version.files}
    version.problems = files_problems(  # issue 17: the lanes are the jurisdiction's roles
        ctx, version.process_model, files, lambda: parsed_model(ctx, version)
    )
    publish_version(ctx, version)
    jurisdiction = ctx.session.get(Jurisdiction, version.process_model.jurisdiction_id)
    jurisdiction.process_model_key = version.process_model.key


def draft_problems(
    ctx: ServiceContext, model: ProcessModel, name: str, content: bytes
) -> list[dict]:
    """The modeler's lint as you edit: the problems the draft that saving `content` as file
    `name` would create, by the same checks as publishing (files_problems), saving nothing.
    Parsed outside the spec cache: unsaved drawings would push out the models dossiers run on."""
    files = {f.name: f.content for f in model.versions[-1].files} | _decoded({name: content})
    process_id = model.versions[-1].process_id
    return files_problems(ctx, model, files, lambda: parse_model(files, process_id))


def _clone_source(model: ProcessModel, number: int | None) -> ProcessModelVersion:
    if number is not None:
        version = model_version(model, number)
    else:
        version = next((v for v in model.versions if v.status == "published"), None)
    if version is None or version.published_at is None:
        raise Conflict("clone_needs_published", version=number)
    return version


def clone_model(
    ctx: ServiceContext, key: str, new_key: str, jurisdiction_id: str, number: int | None
) -> ProcessModelVersion:
    """Start a jurisdiction's own model as draft v1 from a published version it may read.

    The files are copied unchanged: lanes keep their role names, so the new jurisdiction's
    users holding those roles receive the tasks once the draft is published.
    """
    source = _clone_source(readable_model(ctx, key), number)
    if jurisdiction_id not in _jurisdictions(ctx, "admin"):
        raise NotAllowed("clone_outside_jurisdiction")
    if not MODEL_KEY.match(new_key):
        raise Invalid("invalid_model_key", new_key=new_key)
    if ctx.session.scalar(select(ProcessModel.id).where(ProcessModel.key == new_key)):
        raise Conflict("model_key_taken", new_key=new_key)
    model = ProcessModel(
        key=new_key,
        name=source.process_model.name,
        jurisdiction_id=jurisdiction_id,
        created_at=ctx.now,
    )
    ctx.session.add(model)
    ctx.session.flush()
    files = {f.name: f.content for f in source.files}
    version = add_version(ctx, model, source.process_id, files)
    ctx.session.flush()
    return version


def may_change(ctx: ServiceContext, model: ProcessModel) -> bool:
    """Whether the actor may upload, edit and publish versions of `model` (its admins)."""
    return model.jurisdiction_id in _jurisdictions(ctx, "admin")


def version_in_use(ctx: ServiceContext, model: ProcessModel) -> ProcessModelVersion | None:
    """The version new dossiers of the model's jurisdiction start on, if it is this model's."""
    jurisdiction = ctx.session.get(Jurisdiction, model.jurisdiction_id)
    if jurisdiction is None or jurisdiction.process_model_key != model.key:
        return None
    return next((v for v in model.versions if v.status == "published"), None)
