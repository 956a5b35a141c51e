"""Process models and versions: import the bundled files, find what a dossier runs on."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Conflict
from ..domain.reorganisation import MERGED
from ..engine.specs import ModelInvalid, ParsedModel, content_hash, file_kind
from ..persistence.models import (
    Jurisdiction,
    ModelFile,
    ProcessModel,
    ProcessModelVersion,
    ReportDuty,
)
from .context import ServiceContext
from .model_checks import capped_levels, from_engine, model_reserved_levels, version_problems
from .roles import bundle_roles, levels_of, sync_declared_roles


@dataclass(frozen=True)
class Bundle:
    """A model as found on disk: bpmn/<jurisdiction>/ plus forms/<jurisdiction>/."""

    key: str
    name: str
    jurisdiction_id: str
    process_id: str
    files: dict[str, str]
    jurisdiction_name: str
    # Issue 17: the reviewing roles its lanes name, created or updated on import.
    roles: tuple[dict, ...] = ()


def read_bundles(root: Path) -> list[Bundle]:
    """Read every bpmn/<dir>/model.json with its BPMN, DMN and the matching forms."""
    bundles = []
    for manifest_path in sorted((root / "bpmn").glob("*/model.json")):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        folder = manifest_path.parent
        files = {
            p.name: p.read_text(encoding="utf-8")
            for p in sorted(folder.iterdir())
            if p.is_file() and file_kind(p.name) in ("bpmn", "dmn")
        }
        forms_dir = root / "forms" / folder.name
        for p in sorted(forms_dir.glob("*.json")) if forms_dir.is_dir() else []:
            files[p.name] = p.read_text(encoding="utf-8")
        bundles.append(
            Bundle(
                manifest["key"],
                manifest["name"],
                manifest["jurisdiction"],
                manifest["process_id"],
                files,
                manifest.get("jurisdiction_name", manifest["jurisdiction"]),
                tuple(manifest.get("roles", ())),
            )
        )
    return bundles


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_version(
    ctx: ServiceContext, model: ProcessModel, process_id: str, files: dict[str, str]
) -> ProcessModelVersion:
    """Store a new draft version with its files; parse problems are kept, not raised."""
    number = 1 + max((v.version for v in model.versions), default=0)
    version = ProcessModelVersion(
        process_model=model,
        version=number,
        status="draft",
        process_id=process_id,
        content_hash=content_hash(files),
        problems=[],
        created_by_id=ctx.actor_id,
        created_at=ctx.now,
    )
    for name, content in sorted(files.items()):
        version.files.append(
            ModelFile(name=name, kind=file_kind(name), content=content, sha256=_sha256(content))
        )
    ctx.session.add(version)

    def parse() -> ParsedModel:
        return ctx.engine.specs.get(version.content_hash, process_id, lambda: files)

    version.problems = files_problems(ctx, model, files, parse)
    return version


def files_problems(
    ctx: ServiceContext, model: ProcessModel, files: dict[str, str], parse
) -> list[dict]:
    """Every reason `files` could not be published as a version of `model` (SpiffWorkflow's
    parse by `parse()`, then model_checks against the jurisdiction's caps and roles): the
    one list a stored draft, the publish re-check and the modeler's lint all give."""
    try:
        parsed = parse()
    except ModelInvalid as error:
        return from_engine(error.problems)
    capped = capped_levels(ctx.session, model.jurisdiction_id)
    lanes = levels_of(ctx.session, model.jurisdiction_id)
    award_chain = not is_report_model(ctx.session, model.key)
    return version_problems(parsed, files, capped, lanes, award_chain)


def is_report_model(session: Session, key: str) -> bool:
    """A yearly-report model (issue 14): a jurisdiction's report duty runs on it."""
    stmt = select(ReportDuty.jurisdiction_id).where(ReportDuty.process_model_key == key)
    return session.scalar(stmt.limit(1)) is not None


def publish_version(ctx: ServiceContext, version: ProcessModelVersion) -> None:
    """Make `version` the one new dossiers start on; running dossiers keep theirs."""
    if version.problems:
        raise Conflict("version_has_problems", details={"problems": version.problems})
    for other in version.process_model.versions:
        if other.status == "published" and other is not version:
            other.status = "retired"
    version.status = "published"
    version.published_by_id = ctx.actor_id
    version.published_at = ctx.now


def ensure_jurisdiction(
    session: Session, jurisdiction_id: str, name: str, kind: str = "province"
) -> Jurisdiction:
    """Find the jurisdiction, creating it the first time a model or the demo names it."""
    jurisdiction = session.get(Jurisdiction, jurisdiction_id)
    if jurisdiction is None:
        jurisdiction = Jurisdiction(id=jurisdiction_id, name=name, kind=kind)
        session.add(jurisdiction)
        session.flush()
    return jurisdiction


def import_bundle(ctx: ServiceContext, bundle: Bundle) -> ProcessModelVersion | None:
    """Publish the bundle as a new version unless its content is already the latest."""
    session = ctx.session
    found = ensure_jurisdiction(session, bundle.jurisdiction_id, bundle.jurisdiction_name)
    if found.status == MERGED:  # M1: read-only; its dossiers keep their pinned versions
        return None
    model = session.scalar(select(ProcessModel).where(ProcessModel.key == bundle.key))
    if model is None:
        model = ProcessModel(
            key=bundle.key,
            name=bundle.name,
            jurisdiction_id=bundle.jurisdiction_id,
            created_at=ctx.now,
        )
        session.add(model)
        session.flush()
    latest = model.versions[-1] if model.versions else None
    unchanged = latest is not None and latest.content_hash == content_hash(bundle.files)
    # Issue 17: the roles its lanes name, before its lanes are checked; an unchanged bundle
    # only adds missing ones, so an administrator's renames are kept.
    roles = bundle_roles(bundle.roles, bundle.files)
    sync_declared_roles(session, bundle.jurisdiction_id, roles, ctx.now, update=not unchanged)
    if unchanged:
        return None
    version = add_version(ctx, model, bundle.process_id, bundle.files)
    session.flush()
    if version.problems:  # kept as a draft for the administrator to fix
        return version
    publish_version(ctx, version)
    jurisdiction = session.get(Jurisdiction, bundle.jurisdiction_id)
    if jurisdiction.process_model_key is None:
        jurisdiction.process_model_key = model.key
    return version


def find_published_version(
    session: Session, jurisdiction: Jurisdiction
) -> ProcessModelVersion | None:
    stmt = (
        select(ProcessModelVersion)
        .join(ProcessModel)
        .where(
            ProcessModel.key == jurisdiction.process_model_key,
            ProcessModelVersion.status == "published",
        )
    )
    return session.scalar(stmt)


def published_version(session: Session, jurisdiction: Jurisdiction) -> ProcessModelVersion:
    """The version a new dossier of `jurisdiction` starts on."""
    version = find_published_version(session, jurisdiction)
    if version is None:
        raise Conflict("no_published_model", jurisdiction=jurisdiction.id)
    return version


def parsed_model(ctx: ServiceContext, version: ProcessModelVersion) -> ParsedModel:
    """The cached specs of a version; the files are read from the database only on a miss."""

    def load_files() -> dict[str, str]:
        return {f.name: f.content for f in version.files}

    return ctx.engine.specs.get(version.content_hash, version.process_id, load_files)


def version_label(version: ProcessModelVersion) -> str:
    """How history events name the pinned model: `hcm-award-chain@3`."""
    return f"{version.process_model.key}@{version.version}"


def published_reserved_levels(ctx: ServiceContext, jurisdiction_id: str) -> set[str] | None:
    """Levels the jurisdiction's published model reserves quota slots at; None: no model."""
    jurisdiction = ctx.session.get(Jurisdiction, jurisdiction_id)
    version = find_published_version(ctx.session, jurisdiction) if jurisdiction else None
    if version is None:
        return None
    return model_reserved_levels(parsed_model(ctx, version))


def read_bundle(root: Path, jurisdiction_id: str) -> Bundle:
    """The bundle of one jurisdiction (tests and benchmarks use HCMC's)."""
    return next(b for b in read_bundles(root) if b.jurisdiction_id == jurisdiction_id)
