"""The bundled report models (bpmn/<jurisdiction>/reports/) and each jurisdiction's report
duty (T4: the day it is due, who receives it). Versioned like the award chains: an edit is a
new version, a running report stays on the version it started with."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ...domain.errors import Conflict
from ...domain.reorganisation import MERGED
from ...engine.specs import content_hash, file_kind
from ...persistence.models import ProcessModel, ProcessModelVersion, ReportDuty
from ..context import ServiceContext
from ..process_models import add_version, ensure_jurisdiction, publish_version
from ..roles import sync_declared_roles


@dataclass(frozen=True)
class ReportBundle:
    key: str
    name: str
    jurisdiction_id: str
    jurisdiction_name: str
    process_id: str
    due_month: int
    due_day: int
    recipient: str
    files: dict[str, str]
    roles: tuple = ()


def read_report_bundles(root: Path) -> list[ReportBundle]:
    """Every bpmn/<dir>/reports/model.json with its BPMN and forms/<dir>/reports/*.json."""
    bundles = []
    for manifest_path in sorted((root / "bpmn").glob("*/reports/model.json")):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        folder = manifest_path.parent
        files = {
            p.name: p.read_text(encoding="utf-8")
            for p in sorted(folder.iterdir())
            if p.is_file() and file_kind(p.name) in ("bpmn", "dmn")
        }
        forms_dir = root / "forms" / folder.parent.name / "reports"
        for p in sorted(forms_dir.glob("*.json")) if forms_dir.is_dir() else []:
            files[p.name] = p.read_text(encoding="utf-8")
        month, day = (int(part) for part in manifest["due"].split("-"))
        bundles.append(
            ReportBundle(
                manifest["key"],
                manifest["name"],
                manifest["jurisdiction"],
                manifest.get("jurisdiction_name", manifest["jurisdiction"]),
                manifest["process_id"],
                month,
                day,
                manifest["recipient"],
                files,
                tuple(manifest.get("roles", ())),
            )
        )
    return bundles


def import_report_bundle(ctx: ServiceContext, bundle: ReportBundle) -> ProcessModelVersion | None:
    """Publish the bundle as a new version unless unchanged; keep the jurisdiction's duty."""
    session = ctx.session
    found = ensure_jurisdiction(session, bundle.jurisdiction_id, bundle.jurisdiction_name)
    if found.status == MERGED:  # M1: read-only; its reports keep their pinned versions
        return None
    sync_declared_roles(session, bundle.jurisdiction_id, bundle.roles, ctx.now)
    _ensure_duty(ctx, bundle)
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
    if latest is not None and latest.content_hash == content_hash(bundle.files):
        return None
    # A report model is no award chain: add_version checks it as one (a duty names it), so
    # no hold handling or quota reservation is asked of it; an administrator's edit the same.
    version = add_version(ctx, model, bundle.process_id, bundle.files)
    session.flush()
    if not version.problems:
        publish_version(ctx, version)
    return version


def _ensure_duty(ctx: ServiceContext, bundle: ReportBundle) -> None:
    """The duty comes from the bundle the first time; an administrator's later edit stays."""
    if ctx.session.get(ReportDuty, bundle.jurisdiction_id) is None:
        ctx.session.add(
            ReportDuty(
                jurisdiction_id=bundle.jurisdiction_id,
                process_model_key=bundle.key,
                due_month=bundle.due_month,
                due_day=bundle.due_day,
                recipient=bundle.recipient,
                title=bundle.name,
            )
        )
        ctx.session.flush()


def import_all(ctx: ServiceContext, root: Path) -> list[str]:
    """Import every report bundle under `root`; the keys of the versions published."""
    published = []
    for bundle in read_report_bundles(root):
        version = import_report_bundle(ctx, bundle)
        if version is not None and version.status == "published":
            published.append(f"{bundle.key}@{version.version}")
    return published


def duty_of(ctx: ServiceContext, jurisdiction_id: str) -> ReportDuty:
    duty = ctx.session.get(ReportDuty, jurisdiction_id)
    if duty is None:
        raise Conflict("no_report_duty", jurisdiction=jurisdiction_id)
    return duty


def published_report_version(ctx: ServiceContext, duty: ReportDuty) -> ProcessModelVersion:
    """The version a new report of the jurisdiction starts on."""
    stmt = (
        select(ProcessModelVersion)
        .join(ProcessModel)
        .where(
            ProcessModel.key == duty.process_model_key,
            ProcessModelVersion.status == "published",
        )
    )
    version = ctx.session.scalar(stmt)
    if version is None:
        raise Conflict("no_published_model", jurisdiction=duty.jurisdiction_id)
    return version
