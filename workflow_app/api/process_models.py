"""Process models (issue 4): list, read versions and files, upload a draft, publish, clone,
compare. Who may do what is decided in services.model_versions."""

from __future__ import annotations

from flask import Response, request

from ..domain.errors import Conflict
from ..messages.model_problems import shown_problems
from ..services import model_versions as models
from ..services.model_compare import compare_versions
from . import bp
from .context import use_case
from .schemas import (
    ModelCloneIn,
    ModelCompareOut,
    ModelCompareQuery,
    ModelVersionCreatedOut,
    ModelVersionOut,
    ProcessModelPage,
)

CLONE_IN = ModelCloneIn()
COMPARE_OUT = ModelCompareOut()
COMPARE_QUERY = ModelCompareQuery()
CREATED_OUT = ModelVersionCreatedOut()
VERSION_OUT = ModelVersionOut()
MODEL_PAGE = ProcessModelPage()


def _created(version) -> dict:
    return CREATED_OUT.dump(
        {
            "key": version.process_model.key,
            "jurisdiction": version.process_model.jurisdiction_id,
            "version": version.version,
            "status": version.status,
            "problems": shown_problems(version.problems),
        }
    )


def _version_body(ctx, version) -> dict:
    return VERSION_OUT.dump(
        {
            "key": version.process_model.key,
            "version": version.version,
            "status": version.status,
            "process_id": version.process_id,
            "files": version.files,
            "problems": shown_problems(version.problems),
            "created_by": models.username(ctx, version.created_by_id),
            "created_at": version.created_at,
            "published_by": models.username(ctx, version.published_by_id),
            "published_at": version.published_at,
        }
    )


@bp.get("/process-models")
def list_process_models():
    with use_case() as ctx:
        items = [
            {
                "key": m.key,
                "name": m.name,
                "jurisdiction_id": m.jurisdiction_id,
                "template": models.is_template(m),
                "versions": m.versions,
            }
            for m in models.visible_models(ctx)
        ]
        return MODEL_PAGE.dump({"items": items, "next_cursor": None})


@bp.get("/process-models/<key>/versions/<int:number>")
def get_model_version(key: str, number: int):
    with use_case() as ctx:
        version = models.model_version(models.readable_model(ctx, key), number)
        return _version_body(ctx, version)


@bp.get("/process-models/<key>/versions/<int:number>/files/<name>")
def get_model_file(key: str, number: int, name: str):
    with use_case() as ctx:
        version = models.model_version(models.readable_model(ctx, key), number)
        file = models.version_file(version, name)
        return Response(file.content, content_type=models.CONTENT_TYPES[file.kind])


@bp.post("/process-models/<key>/versions")
def post_model_version(key: str):
    uploads = {f.filename: f.read() for f in request.files.getlist("files")}
    with use_case() as ctx:
        version = models.upload_version(ctx, models.writable_model(ctx, key), uploads)
        return _created(version), 201


@bp.post("/process-models/<key>/versions/<int:number>/publish")
def publish_model_version(key: str, number: int):
    with use_case() as ctx:
        version = models.model_version(models.writable_model(ctx, key), number)
        try:
            models.publish(ctx, version)
        except Conflict as refused:  # each problem worded in the caller's language
            if "problems" in refused.details:
                refused.details["problems"] = shown_problems(refused.details["problems"])
            raise
        return _version_body(ctx, version)


@bp.post("/process-models/<key>/clone")
def clone_process_model(key: str):
    body = CLONE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        version = models.clone_model(
            ctx, key, body["new_key"], body["jurisdiction"], body["version"]
        )
        return _created(version), 201


@bp.get("/process-models/<key>/compare")
def compare_model_versions(key: str):
    query = COMPARE_QUERY.load(request.args)
    with use_case() as ctx:
        model = models.readable_model(ctx, key)
        old = models.model_version(model, query["from_"])
        new = models.model_version(model, query["to"])
        return COMPARE_OUT.dump(compare_versions(old, new))
