"""The OpenAPI document at /api/v1/openapi.json, generated from the marshmallow schemas."""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app

from ..domain.vocabulary import DOCUMENT_KINDS
from ..services.documents import SERVED_TYPES
from ..services.model_versions import CONTENT_TYPES
from . import (
    audit,
    bp,
    consultations,
    decisions,
    dry_runs,
    jurisdictions,
    postings,
    reports,
    roles,
    rule_sets,
    schemas,
    selections,
    settings,
    tasklist,
    users,
)

# (method, path, summary, request schema, success status, response schema, error statuses)
OPERATIONS = [
    (
        "post",
        "/tokens",
        "Đăng nhập, nhận bearer token",
        schemas.TokenIn,
        201,
        schemas.TokenOut,
        (401, 422, 429),  # 429: too many wrong passwords (Retry-After says when to retry)
    ),
    (
        "post",
        "/nominees",
        "Đăng ký đối tượng đề nghị khen thưởng (X3; E2: trùng số định danh là 409)",
        schemas.NomineeIn,
        201,
        schemas.NomineeOut,
        (401, 403, 409, 422),
    ),
    (
        "get",
        "/nominees",
        "Tìm đối tượng theo số định danh (citizen_id), trong phạm vi được xem (E2)",
        None,
        200,
        schemas.NomineePage,
        (401, 422),
    ),
    ("get", "/nominees/{id}", "Xem đối tượng", None, 200, schemas.NomineeOut, (401, 404)),
    (
        "post",
        "/dossiers",
        "Lập hồ sơ nháp (X1; E1: bảng đối tượng được đề nghị, 422 not_eligible; E3)",
        schemas.DossierIn,
        201,
        schemas.DossierOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/dossiers",
        "Danh sách hồ sơ (phân trang theo con trỏ)",
        None,
        200,
        schemas.DossierPage,
        (401, 422),
    ),
    ("get", "/dossiers/{id}", "Xem hồ sơ", None, 200, schemas.DossierOut, (401, 404)),
    (
        "post",
        "/dossiers/{id}/documents",
        "Đính kèm tài liệu (multipart: kind, file)",
        None,
        201,
        schemas.DocumentOut,
        (401, 403, 404, 409, 413, 422),
    ),
    ("get", "/dossiers/{id}/documents/{document_id}", "Tải tài liệu", None, 200, None, (401, 404)),
    (
        "post",
        "/dossiers/{id}/submit",
        "Nộp hồ sơ: kiểm tra D1-D4, khởi động quy trình",
        None,
        200,
        schemas.DossierOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "post",
        "/dossiers/{id}/withdraw",
        "Rút hồ sơ",
        schemas.WithdrawIn,
        200,
        schemas.DossierOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/dossiers/{id}/history",
        "Lịch sử có chuỗi băm (X4)",
        None,
        200,
        schemas.HistoryOut,
        (401, 404),
    ),
    (
        "get",
        "/dossiers/{id}/consultations",
        "Ý kiến các cơ quan được lấy ý kiến (C2) và văn bản trả lại quá hạn (C6)",
        None,
        200,
        consultations.ConsultationsOut,
        (401, 404),
    ),
    (
        "post",
        "/dossiers/{id}/replay",
        "Chạy lại lịch sử trên phiên bản quy trình đã ghim và so sánh trạng thái (X4)",
        None,
        200,
        schemas.ReplayOut,
        (401, 404),
    ),
    (
        "get",
        "/tasks",
        "Hộp công việc (scope=mine|group, limit, cursor)",
        None,
        200,
        schemas.TaskPage,
        (401, 422),
    ),
    (
        "get",
        "/tasks/{id}",
        "Xem công việc và biểu mẫu (JSON Schema)",
        None,
        200,
        schemas.TaskOut,
        (401, 404),
    ),
    (
        "post",
        "/tasks/{id}/claim",
        "Nhận xử lý công việc",
        None,
        200,
        schemas.TaskOut,
        (401, 403, 404, 409),
    ),
    (
        "post",
        "/tasks/{id}/unclaim",
        "Trả lại công việc cho nhóm",
        None,
        200,
        schemas.TaskOut,
        (401, 403, 404, 409),
    ),
    (
        "post",
        "/tasks/{id}/complete",
        "Hoàn thành công việc với dữ liệu biểu mẫu",
        schemas.CompleteIn,
        200,
        schemas.CompletionOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "post",
        "/holds",
        "Đặt vướng mắc cho đối tượng (X2): hồ sơ tạm dừng",
        schemas.HoldIn,
        201,
        schemas.HoldOut,
        (401, 403, 404, 422),
    ),
    (
        "post",
        "/holds/{id}/clear",
        "Gỡ vướng mắc; gỡ cái cuối cùng thì hồ sơ tiếp tục",
        schemas.HoldClearIn,
        200,
        schemas.HoldOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/holds",
        "Các vướng mắc của một đối tượng (nominee_id)",
        None,
        200,
        schemas.HoldPage,
        (401, 404, 422),
    ),
    (
        "get",
        "/quotas",
        "Chỉ tiêu: cap, used, holders (round)",
        None,
        200,
        schemas.QuotaPage,
        (401,),
    ),
    (
        "put",
        "/quotas",
        "Đặt chỉ tiêu (quản trị viên; cap null: không giới hạn)",
        schemas.QuotaIn,
        200,
        schemas.QuotaOut,
        (401, 403, 409, 422),
    ),
    (
        "get",
        "/process-models",
        "Quy trình: của địa phương mình, và (quản trị viên) mọi mẫu đi kèm đã phát hành",
        None,
        200,
        schemas.ProcessModelPage,
        (401,),
    ),
    (
        "get",
        "/process-models/{key}/versions/{n}",
        "Xem phiên bản: trạng thái, tệp, lỗi kiểm tra, người tạo/phát hành",
        None,
        200,
        schemas.ModelVersionOut,
        (401, 404),
    ),
    (
        "post",
        "/process-models/{key}/versions",
        "Tải lên phiên bản nháp (multipart, mỗi tệp BPMN/DMN/biểu mẫu là một phần 'files'). "
        "Phiên bản mới gồm các tệp của phiên bản mới nhất, tệp tải lên thay tệp cùng tên hoặc "
        "được thêm vào. Lỗi kiểm tra được lưu trong 'problems' (bản nháp vẫn được lưu); 422 khi "
        "không có tệp, tên tệp không phải .bpmn/.dmn/.json hoặc tệp không phải văn bản UTF-8",
        None,
        201,
        schemas.ModelVersionCreatedOut,
        (401, 403, 404, 413, 422),
    ),
    (
        "post",
        "/process-models/{key}/versions/{n}/publish",
        "Phát hành: hồ sơ mới chạy trên phiên bản này, hồ sơ đang chạy giữ phiên bản cũ; "
        "409 kèm 'problems' khi phiên bản còn lỗi (kiểm tra lại với chỉ tiêu hiện hành)",
        None,
        200,
        schemas.ModelVersionOut,
        (401, 403, 404, 409),
    ),
    (
        "post",
        "/process-models/{key}/clone",
        "Sao chép một phiên bản đã phát hành (mặc định: phiên bản đang phát hành) thành bản "
        "nháp v1 của quy trình mới trong địa phương mình quản trị",
        schemas.ModelCloneIn,
        201,
        schemas.ModelVersionCreatedOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/process-models/{key}/versions/{n}/files/{name}",
        "Nội dung một tệp của phiên bản (application/xml hoặc application/json)",
        None,
        200,
        None,
        (401, 404),
    ),
    (
        "get",
        "/process-models/{key}/compare",
        "So sánh hai phiên bản (from, to): công việc, lane, luồng, biểu mẫu, bảng DMN "
        "được thêm, bỏ, sửa (theo id)",
        None,
        200,
        schemas.ModelCompareOut,
        (401, 404, 422),
    ),
]

OPERATIONS += [
    (
        "get",
        "/dossiers/{id}/export",
        "Xuất toàn bộ lịch sử hồ sơ kèm mã băm để kiểm tra độc lập (kiểm tra viên, X4)",
        None,
        200,
        audit.ExportOut,
        (401, 403, 404),
    ),
    (
        "get",
        "/audit/decisions",
        "CSV mọi quyết định trong khoảng thời gian của địa bàn (kiểm tra viên)",
        None,
        200,
        None,
        (401, 403, 422),
    ),
]

# The administrators' resources declare their operations beside their routes.
OPERATIONS += dry_runs.OPERATIONS + settings.OPERATIONS + users.OPERATIONS + selections.OPERATIONS
OPERATIONS += rule_sets.OPERATIONS  # R1 and the rounds still open (T1-T3)
OPERATIONS += roles.OPERATIONS  # issue 17: each jurisdiction's own reviewing roles
OPERATIONS += postings.OPERATIONS  # P1-P3: public posting and its comments
OPERATIONS += jurisdictions.OPERATIONS  # M1: merged jurisdictions, retired units
OPERATIONS += decisions.OPERATIONS  # K1-K2: decisions and the papers made from templates
OPERATIONS += reports.OPERATIONS  # L1-L4, T4: targets and yearly reports
OPERATIONS += tasklist.OPERATIONS  # issue 18: assign, comment, follow up (Camunda Tasklist)

QUERY_SCHEMAS = {
    ("get", "/tasks"): schemas.TaskQuery,
    ("get", "/dossiers"): schemas.DossierQuery,
    ("get", "/nominees"): schemas.NomineeQuery,
    ("get", "/holds"): schemas.HoldQuery,
    ("get", "/quotas"): schemas.QuotaQuery,
    ("get", "/process-models/{key}/compare"): schemas.ModelCompareQuery,
    **dry_runs.QUERY_SCHEMAS,
    **selections.QUERY_SCHEMAS,
    **settings.QUERY_SCHEMAS,
    **rule_sets.QUERY_SCHEMAS,
    **roles.QUERY_SCHEMAS,
    **postings.QUERY_SCHEMAS,
    **users.QUERY_SCHEMAS,
    **jurisdictions.QUERY_SCHEMAS,
    **decisions.QUERY_SCHEMAS,
    **reports.QUERY_SCHEMAS,
}
_BINARY = {"type": "string", "format": "binary"}
# The uploads read multipart parts (request.form, request.files), not a JSON body.
MULTIPART_BODIES = {
    ("post", "/dossiers/{id}/documents"): {
        "type": "object",
        "required": ["kind", "file"],
        "properties": {"kind": {"type": "string", "enum": list(DOCUMENT_KINDS)}, "file": _BINARY},
    },
    ("post", "/process-models/{key}/versions"): {
        "type": "object",
        "required": ["files"],
        "properties": {"files": {"type": "array", "items": _BINARY, "minItems": 1}},
    },
    **decisions.MULTIPART_BODIES,
}
# The successes that are files, not JSON: the types each may be served with.
FILE_RESPONSES = {
    ("get", "/dossiers/{id}/documents/{document_id}"): {
        *SERVED_TYPES.values(),
        "application/octet-stream",
    },
    ("get", "/process-models/{key}/versions/{n}/files/{name}"): set(CONTENT_TYPES.values()),
    ("get", "/audit/decisions"): {"text/csv; charset=utf-8"},
    **decisions.FILE_RESPONSES,
    **reports.FILE_RESPONSES,
}
PATH_PARAMETERS = {
    "id": "integer",
    "document_id": "integer",
    "cid": "integer",
    "key": "string",
    "n": "integer",
    "name": "string",
    "username": "string",
    "round": "string",
    "day": "string",
    "dossier_id": "integer",
    "kind": "string",
}


def _operation(method, path, summary, request_schema, status, response_schema, errors) -> dict:
    operation: dict = {"summary": summary, "responses": {}}
    if path != "/tokens":
        operation["security"] = [{"bearer": []}]
    if request_schema is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": request_schema}},
        }
    if (method, path) in MULTIPART_BODIES:
        operation["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": MULTIPART_BODIES[(method, path)]}},
        }
    if (method, path) in QUERY_SCHEMAS:
        operation["parameters"] = [{"in": "query", "schema": QUERY_SCHEMAS[(method, path)]}]
    success = {"description": "OK"}
    if response_schema is not None:
        success["content"] = {"application/json": {"schema": response_schema}}
    if (method, path) in FILE_RESPONSES:
        success["content"] = {media: {} for media in sorted(FILE_RESPONSES[(method, path)])}
    operation["responses"][str(status)] = success
    if request_schema is not None:
        errors = (400, *errors)  # a body that is not JSON is 400 `malformed`, whatever the route
    if "requestBody" in operation:
        errors = (413, *errors)  # any body beyond MAX_CONTENT_LENGTH is `payload_too_large`
    if "/documents" in path and method == "post":
        errors = (507, *errors)  # the upload disk is full: `storage_full`
    errors = (503, *errors)  # the database cannot be reached: `service_unavailable`, Retry-After
    for code in sorted(set(errors)):
        operation["responses"][str(code)] = {
            "description": "Lỗi",
            "content": {"application/json": {"schema": schemas.ErrorOut}},
        }
    return operation


def build_spec() -> dict:
    """Assemble the OpenAPI 3 document from OPERATIONS."""
    spec = APISpec(
        title="Workflow khen thưởng - API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        servers=[{"url": "/api/v1"}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    paths: dict[str, dict] = {}
    for method, path, *rest in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(method, path, *rest)
    for path, operations in paths.items():
        parameters = [
            {"in": "path", "name": name, "required": True, "schema": {"type": kind}}
            for name, kind in PATH_PARAMETERS.items()
            if "{" + name + "}" in path
        ]
        spec.path(path=path, operations=operations, parameters=parameters or None)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_document():
    if "openapi" not in current_app.extensions:
        current_app.extensions["openapi"] = build_spec()
    return current_app.extensions["openapi"]
