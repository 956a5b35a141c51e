"""Administrators' process-model pages: the models, a model's versions, one version (problems,
files, upload, publish), the comparison of two versions, and the in-browser BPMN modeler.
Who may read or change what is decided by services.model_versions."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...domain.errors import Conflict, DomainError, Invalid, NotAllowed
from ...domain.model_files import file_kind
from ...messages import message_for
from ...messages.model_problems import shown_problems
from ...services import model_versions as models
from ...services.model_compare import compare_versions
from ...services.roles import levels_of
from ..context import web_use_case
from ..diagram_labels import lane_labels_for
from ..errors import describe, field_messages, status_of
from . import admin_jurisdictions, bp


def _version_row(ctx, version) -> dict:
    return {
        "number": version.version,
        "status": version.status,
        "created_by": models.username(ctx, version.created_by_id),
        "created_at": version.created_at,
        "published_by": models.username(ctx, version.published_by_id),
        "published_at": version.published_at,
        "problems": len(version.problems or []),
    }


def _model_row(ctx, model) -> dict:
    in_use = models.version_in_use(ctx, model)
    published = next((v.version for v in model.versions if v.status == "published"), None)
    return {
        "key": model.key,
        "name": model.name,
        "jurisdiction": model.jurisdiction_id,
        "template": models.is_template(model),
        "may_change": models.may_change(ctx, model),
        "versions": [_version_row(ctx, v) for v in model.versions],
        "in_use": in_use.version if in_use else None,
        "published": published,
    }


def _models_page(values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        rows = [_model_row(ctx, m) for m in models.visible_models(ctx)]
        return render_template(
            "admin/models.html",
            models=rows,
            sources=[r for r in rows if r["published"]],
            jurisdictions=admin_jurisdictions(),
            values=values,
            errors=errors,
        ), status


@bp.get("/models", endpoint="models")
def models_index():
    return _models_page({"source": request.args.get("source", "")}, {})


def _clone_errors(error: DomainError) -> dict:
    """The refusal beside the field it is about: the jurisdiction, the new key, or the form."""
    if isinstance(error, NotAllowed):
        return {"jurisdiction": describe(error)}
    if "new_key" in error.params:
        return {"new_key": describe(error)}
    return {"_form": describe(error)}


@bp.post("/models/clone")
def model_clone():
    """Start a jurisdiction's own model (draft v1) from a published version it may read."""
    form = request.form
    values = {k: v.strip() for k, v in form.items() if k != "csrf_token"}
    source_key, _sep, number = values.get("source", "").partition("@")
    try:
        with web_use_case() as ctx:
            version = models.clone_model(
                ctx,
                source_key,
                values.get("new_key", ""),
                values.get("jurisdiction", ""),
                int(number) if number.isdigit() else None,
            )
            key, created = version.process_model.key, version.version
    except (Invalid, Conflict, NotAllowed) as error:
        return _models_page(values, _clone_errors(error), status_of(error))
    flash(_("Đã sao chép quy trình thành %(key)s (bản nháp %(n)s).", key=key, n=created), "success")
    return redirect(url_for("admin.version", key=key, number=created))


@bp.get("/models/<key>")
def model(key: str):
    with web_use_case() as ctx:
        found = models.readable_model(ctx, key)
        row = _model_row(ctx, found)
        numbers = [v["number"] for v in row["versions"]]
        return render_template(
            "admin/model.html",
            model=row,
            compare_from=numbers[-2] if len(numbers) > 1 else numbers[0],
            compare_to=numbers[-1],
        )


@bp.get("/models/<key>/compare")
def compare(key: str):
    old_number = request.args.get("from", type=int)
    new_number = request.args.get("to", type=int)
    with web_use_case() as ctx:
        found = models.readable_model(ctx, key)
        if old_number is None or new_number is None:
            raise Invalid("compare_needs_two_versions")
        old = models.model_version(found, old_number)
        new = models.model_version(found, new_number)
        return render_template(
            "admin/compare.html", model=_model_row(ctx, found), diff=compare_versions(old, new)
        )


def _version_page(key: str, number: int, refused: list | None = None, status: int = 200):
    with web_use_case() as ctx:
        found = models.readable_model(ctx, key)
        version = models.model_version(found, number)
        files = [{"name": f.name, "kind": f.kind, "size": len(f.content)} for f in version.files]
        return render_template(
            "admin/version.html",
            model=_model_row(ctx, found),
            version=_version_row(ctx, version),
            problems=shown_problems(version.problems),
            refused=refused,
            files=files,
            bpmn_files=[f["name"] for f in files if f["kind"] == "bpmn"],
            jurisdictions=admin_jurisdictions(),
        ), status


@bp.get("/models/<key>/versions/<int:number>")
def version(key: str, number: int):
    return _version_page(key, number)


@bp.get("/models/<key>/versions/<int:number>/files/<name>")
def download_model_file(key: str, number: int, name: str):
    """The file's content as an attachment (the administrator edits it offline)."""
    with web_use_case() as ctx:
        found = models.model_version(models.readable_model(ctx, key), number)
        file = models.version_file(found, name)
        content, kind = file.content, file.kind
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(
        content,
        content_type=models.CONTENT_TYPES[kind],
        headers={"Content-Disposition": disposition},
    )


def _new_draft(key: str, uploads: dict[str, bytes]) -> int:
    """Store the uploads as a new draft over the latest version; its number."""
    with web_use_case() as ctx:
        draft = models.upload_version(ctx, models.writable_model(ctx, key), uploads)
        return draft.version


def _upload_refusal(error: Invalid) -> str:
    """The refusal naming each uploaded file that is wrong and why."""
    notes = field_messages(error)
    if "_form" in notes:
        return notes["_form"]
    return message_for(error) + " " + "; ".join(f"{name}: {note}" for name, note in notes.items())


@bp.post("/models/<key>/versions")
def model_upload(key: str):
    """Upload one or more files: a new draft, merged over the latest version."""
    uploads = {f.filename: f.read() for f in request.files.getlist("files") if f.filename}
    back = request.form.get("back", type=int)
    try:
        created = _new_draft(key, uploads)
    except Invalid as error:
        flash(_upload_refusal(error), "error")
        if back:
            return redirect(url_for("admin.version", key=key, number=back))
        return redirect(url_for("admin.model", key=key))
    flash(_("Đã lưu bản nháp phiên bản %(n)s.", n=created), "success")
    return redirect(url_for("admin.version", key=key, number=created))


@bp.post("/models/<key>/versions/<int:number>/publish")
def model_publish(key: str, number: int):
    """Publish: new dossiers of the jurisdiction start on this version; refused with problems."""
    try:
        with web_use_case() as ctx:
            models.publish(ctx, models.model_version(models.writable_model(ctx, key), number))
    except Conflict as error:
        problems = (error.details or {}).get("problems")
        if problems:
            return _version_page(key, number, refused=shown_problems(problems), status=409)
        flash(describe(error), "error")
        return redirect(url_for("admin.version", key=key, number=number))
    flash(
        _("Đã phát hành phiên bản %(n)s: hồ sơ mới sẽ chạy theo phiên bản này.", n=number),
        "success",
    )
    return redirect(url_for("admin.version", key=key, number=number))


def _bpmn_name(version, wanted: str | None) -> str:
    names = [f.name for f in version.files if f.kind == "bpmn"]
    if wanted in names:
        return wanted
    if not names:
        raise Invalid("version_without_bpmn")
    return names[0]


def _named(version, suffix: str) -> list[str]:
    return sorted(f.name for f in version.files if f.name.endswith(suffix))


def _lane_roles(ctx, jurisdiction_id: str) -> list[str]:
    """Issue 17: a lane names one of the model's jurisdiction's roles, lowest level first."""
    levels = levels_of(ctx.session, jurisdiction_id)
    return sorted(levels, key=lambda key: (levels[key], key))


@bp.get("/models/<key>/versions/<int:number>/modeler")
def modeler(key: str, number: int):
    """The bpmn-js modeler on one BPMN file of the version, with our properties panel."""
    with web_use_case() as ctx:
        found = models.readable_model(ctx, key)
        version = models.model_version(found, number)
        name = _bpmn_name(version, request.args.get("file"))
        return render_template(
            "admin/modeler.html",
            model=_model_row(ctx, found),
            version=_version_row(ctx, version),
            file_name=name,
            forms=_named(version, ".schema.json"),
            ui_forms=_named(version, ".uischema.json"),
            lane_roles=_lane_roles(ctx, found.jurisdiction_id),
            lane_labels=lane_labels_for(_lane_roles(ctx, found.jurisdiction_id)),
            element=request.args.get("element", ""),
        )


@bp.post("/models/<key>/versions/<int:number>/modeler/check")
def modeler_check(key: str, number: int):
    """Lint as you edit: the problems the drawing would be saved with, by the same checks as
    publishing; nothing is stored (the modeler posts its XML a moment after each change)."""
    name = request.args.get("file", "")
    if file_kind(name) != "bpmn":
        raise Invalid("modeler_saves_bpmn_only", file=name)
    with web_use_case() as ctx:
        found = models.writable_model(ctx, key)
        models.model_version(found, number)  # 404 for a version that does not exist
        problems = models.draft_problems(ctx, found, name, request.get_data())
    return jsonify({"problems": shown_problems(problems)})


@bp.post("/models/<key>/versions/<int:number>/modeler")
def modeler_save(key: str, number: int):
    """Save the modeler's XML as a new draft; answers where its page is (with its problems)."""
    name = request.args.get("file", "")
    if file_kind(name) != "bpmn":
        raise Invalid("modeler_saves_bpmn_only", file=name)
    created = _new_draft(key, {name: request.get_data()})
    return jsonify(
        {"version": created, "url": url_for("admin.version", key=key, number=created)}
    ), 201
