"""Dry runs (issue 4): run a version of a process model, usually a draft, against sample
dossiers with scripted decisions, in a transaction that is always rolled back. Who may do it
is decided in services.dry_run (an admin of the model's jurisdiction)."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..domain.vocabulary import AWARD_FORMS, DOSSIER_STATUSES, NOMINEE_KINDS
from ..messages.dry_run import shown_dry_run
from ..services import dry_run as service
from ..services.dry_run_samples import sample_rows
from . import bp
from .context import use_case
from .schemas import RequestSchema, database_id

STOP_KINDS = ("completed", "waiting", "error", "loop")


class DryRunIn(RequestSchema):
    samples = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=None,
        allow_none=True,
        metadata={"description": "Tên hồ sơ mẫu; bỏ trống (và không có dossier_ids): tất cả"},
    )
    dossier_ids = fields.List(
        database_id(strict=True),
        load_default=list,
        metadata={"description": "Hồ sơ có sẵn của địa phương: dữ liệu được chép sang hồ sơ thử"},
    )
    decisions = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=100)),
        values=fields.Raw(),
        load_default=dict,
        metadata={
            "description": "Ý kiến theo tên bước (approve/return/reject, hoặc danh sách theo "
            "từng lần gặp bước); thay kịch bản của hồ sơ mẫu"
        },
    )


class DryRunStepOut(Schema):
    task = fields.String()
    title = fields.String()
    lane = fields.String()
    decision = fields.String(allow_none=True)
    data = fields.Dict(metadata={"description": "Dữ liệu biểu mẫu đã dùng để hoàn thành bước"})
    status = fields.String(metadata={"enum": list(DOSSIER_STATUSES)})
    notes = fields.List(fields.String())


class DryRunStopOut(Schema):
    kind = fields.String(metadata={"enum": list(STOP_KINDS)})
    message = fields.String()
    outcome = fields.String(allow_none=True, metadata={"enum": ["approved", "rejected"]})
    task = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    lane = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    details = fields.Dict()


class DryRunOut(Schema):
    sample = fields.String()
    label = fields.String()
    dossier_id = fields.Integer(allow_none=True)
    nominee_kind = fields.String(metadata={"enum": list(NOMINEE_KINDS)})
    award_form = fields.String(metadata={"enum": list(AWARD_FORMS)})
    round = fields.String()
    unit = fields.String(allow_none=True)
    path = fields.List(fields.Nested(DryRunStepOut))
    stopped = fields.Nested(DryRunStopOut)
    status = fields.String(metadata={"enum": list(DOSSIER_STATUSES)})


class DryRunVersionOut(Schema):
    key = fields.String()
    version = fields.Integer()
    status = fields.String()
    jurisdiction = fields.String()


class DryRunResultOut(Schema):
    version = fields.Nested(DryRunVersionOut)
    runs = fields.List(fields.Nested(DryRunOut))


class DryRunSampleOut(Schema):
    name = fields.String()
    label = fields.String()
    nominee_kind = fields.String()
    round = fields.String(metadata={"description": "Một đợt, hoặc 'open': đợt sớm nhất còn hạn"})
    award_form = fields.String()
    claims_initiative = fields.Boolean()
    decisions = fields.Dict()


class DryRunSamplePage(Schema):
    items = fields.List(fields.Nested(DryRunSampleOut))
    next_cursor = fields.String(allow_none=True)


DRY_RUN_IN = DryRunIn()
RESULT_OUT = DryRunResultOut()
SAMPLE_PAGE = DryRunSamplePage()

# (method, path, summary, request schema, success status, response schema, error statuses);
# openapi.py adds these to the OpenAPI document. QUERY_SCHEMAS: (method, path): schema.
OPERATIONS: list = [
    (
        "post",
        "/process-models/{key}/versions/{n}/dry-run",
        "Chạy thử một phiên bản với hồ sơ mẫu (không lưu gì)",
        DryRunIn,
        200,
        DryRunResultOut,
        (401, 403, 404, 422),
    ),
    (
        "get",
        "/dry-run-samples",
        "Danh sách hồ sơ mẫu để chạy thử",
        None,
        200,
        DryRunSamplePage,
        (401,),
    ),
]
QUERY_SCHEMAS: dict = {}


@bp.post("/process-models/<key>/versions/<int:number>/dry-run")
def dry_run_version(key: str, number: int):
    body = DRY_RUN_IN.load((request.get_json(force=True) if request.data else None) or {})
    with use_case() as ctx:
        result = service.dry_run(
            ctx, key, number, body["samples"], body["dossier_ids"], body["decisions"]
        )
        return RESULT_OUT.dump(shown_dry_run(result))


@bp.get("/dry-run-samples")
def list_dry_run_samples():
    with use_case():
        return SAMPLE_PAGE.dump({"items": sample_rows(), "next_cursor": None})
