"""Award decisions and the papers made from templates (K1, K2): record a decision, read the
register, download the Quyết định (.docx), its list (.xlsx), a certificate, a dossier's Tờ
trình and a sitting's minutes; administrators upload a jurisdiction's templates."""

from __future__ import annotations

import io

from flask import current_app, request, send_file
from marshmallow import Schema, fields, validate

from ..domain.decisions import DECIDING_LEVELS, SYMBOL_MAX, DecisionInput
from ..domain.errors import Invalid, problem
from ..domain.vocabulary import AWARD_FORMS, INTEGER_MAX, NOMINEE_KINDS
from ..services.papers import award_money, pdf, render, signatures, templates
from ..services.papers import decisions as service
from . import bp
from .context import use_case
from .schemas import DocumentOut, RequestSchema, UtcDateTime, at_least, at_most, database_id

DOCX, XLSX = render.DOCX, render.XLSX


class DecisionIn(RequestSchema):
    level = fields.String(required=True, validate=validate.OneOf(DECIDING_LEVELS))
    award_form = fields.String(required=True, validate=validate.OneOf(AWARD_FORMS))
    number = fields.Integer(
        required=True, strict=True, validate=[at_least(1), at_most(INTEGER_MAX)]
    )
    symbol = fields.String(required=True, validate=validate.Length(min=1, max=SYMBOL_MAX))
    signed_on = fields.Date(required=True)
    signer_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    signer_title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    dossier_ids = fields.List(
        database_id(strict=True), required=True, validate=validate.Length(min=1, max=2000)
    )


class DecisionQuery(RequestSchema):
    round = fields.String(load_default=None, validate=validate.Length(max=32))
    jurisdiction = fields.String(load_default=None, validate=validate.Length(max=64))
    q = fields.String(load_default=None, validate=validate.Length(max=100))


class DecisionSummaryOut(Schema):
    id = fields.Integer()
    jurisdiction = fields.String()
    level = fields.String()
    authority = fields.String()
    number = fields.Integer()
    symbol = fields.String()
    reference = fields.String(metadata={"description": "Số và ký hiệu, như 123/QĐ-UBND"})
    signed_on = fields.Date()
    signer_name = fields.String()
    signer_title = fields.String()
    award_form = fields.String()
    round = fields.String()
    rule_set = fields.String()
    base_salary = fields.Integer(allow_none=True)
    recorded_by = fields.String()
    recorded_at = UtcDateTime()
    signed_at = UtcDateTime(allow_none=True, metadata={"description": "K3: null until signed"})
    signed_by = fields.String(allow_none=True)


class RegisterItemOut(DecisionSummaryOut):
    awardee_count = fields.Integer()
    total_amount = fields.Integer(metadata={"description": "Tổng tiền thưởng (đồng)"})


class AwardeeOut(Schema):
    position = fields.Integer()
    dossier_id = fields.Integer()
    nominee_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    unit = fields.String()
    award_class = fields.Integer(allow_none=True)
    coefficient = fields.Float(allow_none=True)
    amount = fields.Integer(allow_none=True, metadata={"description": "đồng"})


class DecisionOut(RegisterItemOut):
    awardees = fields.List(fields.Nested(AwardeeOut))


class DecisionPage(Schema):
    items = fields.List(fields.Nested(RegisterItemOut))
    next_cursor = fields.String(allow_none=True)


class CreatedOut(Schema):
    id = fields.Integer()
    reference = fields.String()


class AwardOut(DecisionSummaryOut):
    amount = fields.Integer(allow_none=True)
    dossier_id = fields.Integer()


class AwardsOut(Schema):
    items = fields.List(fields.Nested(AwardOut))


class TemplateOut(Schema):
    kind = fields.String()
    filename = fields.String(allow_none=True)
    sha256 = fields.String(allow_none=True)
    uploaded_by = fields.String(allow_none=True)
    uploaded_at = UtcDateTime(allow_none=True)
    bundled = fields.Boolean(metadata={"description": "true: mẫu mặc định kèm phần mềm"})
    placeholders = fields.List(fields.String())


class TemplatesOut(Schema):
    items = fields.List(fields.Nested(TemplateOut))


DECISION_IN, DECISION_QUERY = DecisionIn(), DecisionQuery()


def _file(name: str, content: bytes, mimetype: str):
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.post("/decisions")
def record_decision():
    body = DECISION_IN.load(request.get_json() or {})
    entry = DecisionInput(**{**body, "dossier_ids": tuple(body["dossier_ids"])})
    with use_case() as ctx:
        decision = service.record_decision(ctx, entry)
        return {"id": decision.id, "reference": f"{decision.number}/{decision.symbol}"}, 201


@bp.get("/decisions")
def list_decisions():
    query = DECISION_QUERY.load(request.args)
    with use_case() as ctx:
        items = service.list_decisions(ctx, query["round"], query["jurisdiction"], query["q"])
        return DecisionPage().dump({"items": items, "next_cursor": None})


@bp.get("/decisions/<int:decision_id>")
def get_decision(decision_id: int):
    with use_case() as ctx:
        return DecisionOut().dump(service.decision_detail(ctx, decision_id))


@bp.get("/decisions/<int:decision_id>/document.docx")
def decision_document(decision_id: int):
    with use_case() as ctx:
        name, content = render.decision_docx(ctx, decision_id)
    return _file(name, content, DOCX)


@bp.get("/decisions/<int:decision_id>/list.xlsx")
def decision_list(decision_id: int):
    with use_case() as ctx:
        name, content = render.decision_xlsx(ctx, decision_id)
    return _file(name, content, XLSX)


@bp.get("/decisions/<int:decision_id>/certificates/<int:dossier_id>.docx")
def decision_certificate(decision_id: int, dossier_id: int):
    with use_case() as ctx:
        name, content = render.certificate_docx(ctx, decision_id, dossier_id)
    return _file(name, content, DOCX)


@bp.get("/dossiers/<int:dossier_id>/to-trinh.docx")
def dossier_to_trinh(dossier_id: int):
    with use_case() as ctx:
        name, content = render.to_trinh_docx(ctx, dossier_id)
    return _file(name, content, DOCX)


@bp.post("/dossiers/<int:dossier_id>/to-trinh")
def attach_to_trinh(dossier_id: int):
    with use_case() as ctx:
        return DocumentOut().dump(render.attach_to_trinh(ctx, dossier_id)), 201


@bp.get("/dossiers/<int:dossier_id>/decisions")
def dossier_decisions(dossier_id: int):
    with use_case() as ctx:
        return AwardsOut().dump({"items": service.decisions_of_dossier(ctx, dossier_id)})


@bp.get("/nominees/<int:nominee_id>/awards")
def nominee_awards(nominee_id: int):
    with use_case() as ctx:
        return AwardsOut().dump({"items": service.past_awards(ctx, nominee_id)})


@bp.get("/selections/<int:sitting_id>/minutes.docx")
def sitting_minutes(sitting_id: int):
    with use_case() as ctx:
        name, content = render.minutes_docx(ctx, sitting_id)
    return _file(name, content, DOCX)


def _template_item(item: dict) -> dict:
    current = item["current"]
    return {
        "kind": item["kind"],
        "filename": current.filename if current else None,
        "sha256": current.sha256 if current else None,
        "uploaded_by": current.uploaded_by if current else None,
        "uploaded_at": current.uploaded_at if current else None,
        "bundled": current is None,
        "placeholders": item["placeholders"],
    }


@bp.get("/jurisdictions/<key>/paper-templates")
def paper_templates(key: str):
    with use_case() as ctx:
        items = [_template_item(i) for i in templates.templates_overview(ctx, key)]
        return TemplatesOut().dump({"items": items})


@bp.post("/jurisdictions/<key>/paper-templates")
def upload_paper_template(key: str):
    kind = request.form.get("kind", "")
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("file_missing", details={"file": problem("file_part_required")})
    content = upload.read()
    with use_case() as ctx:
        row = templates.upload_template(ctx, key, kind, upload.filename or "", content)
        item = {"kind": row.kind, "current": row, "placeholders": templates.placeholders(kind)}
        return TemplateOut().dump(_template_item(item)), 201


@bp.get("/jurisdictions/<key>/paper-templates/<kind>.docx")
def download_paper_template(key: str, kind: str):
    with use_case() as ctx:
        templates.require_admin(ctx, key)
        if kind not in templates.PAPER_KINDS:
            raise Invalid(
                "invalid", details={"kind": problem("one_of", choices=templates.PAPER_KINDS)}
            )
        content = templates.template_bytes(ctx, key, kind)
    return _file(f"mau-{kind}.docx", content, DOCX)


class SignedOut(Schema):
    id = fields.Integer()
    signed_at = UtcDateTime()
    signed_by = fields.String()


class RootOut(Schema):
    id = fields.Integer()
    subject = fields.String()
    sha256 = fields.String()
    added_by = fields.String()
    added_at = UtcDateTime()


class RootsOut(Schema):
    items = fields.List(fields.Nested(RootOut))


class CredentialOut(Schema):
    subject = fields.String()
    uploaded_by = fields.String()
    uploaded_at = UtcDateTime()


def _upload_part() -> bytes:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("file_missing", details={"file": problem("file_part_required")})
    return upload.read()


@bp.get("/decisions/<int:decision_id>/document.pdf")
def decision_pdf(decision_id: int):
    with use_case() as ctx:
        name, content = pdf.decision_pdf(ctx, decision_id)
    return _file(name, content, "application/pdf")


@bp.post("/decisions/<int:decision_id>/sign")
def sign_decision(decision_id: int):
    with use_case() as ctx:
        decision = pdf.sign_decision(ctx, decision_id, current_app.config["SECRET_KEY"])
        return SignedOut().dump(decision)


@bp.get("/jurisdictions/<key>/trusted-roots")
def list_trusted_roots(key: str):
    with use_case() as ctx:
        templates.require_admin(ctx, key)
        return RootsOut().dump({"items": signatures.trusted_roots(ctx, key)})


@bp.post("/jurisdictions/<key>/trusted-roots")
def add_trusted_root(key: str):
    content = _upload_part()
    with use_case() as ctx:
        return RootOut().dump(signatures.add_trusted_root(ctx, key, content)), 201


@bp.delete("/jurisdictions/<key>/trusted-roots/<int:root_id>")
def remove_trusted_root(key: str, root_id: int):
    with use_case() as ctx:
        signatures.remove_trusted_root(ctx, key, root_id)
    return "", 204


@bp.post("/jurisdictions/<key>/signing-credential")
def set_signing_credential(key: str):
    content, passphrase = _upload_part(), request.form.get("passphrase", "")
    with use_case() as ctx:
        credential = signatures.set_signing_credential(
            ctx, key, content, passphrase, current_app.config["SECRET_KEY"]
        )
        return CredentialOut().dump(credential), 201


class CoefficientIn(RequestSchema):
    rule_set = fields.String(required=True, validate=validate.Length(min=1, max=64))
    award_form = fields.String(required=True, validate=validate.OneOf(AWARD_FORMS))
    nominee_kind = fields.String(required=True, validate=validate.OneOf(NOMINEE_KINDS))
    award_class = fields.Integer(load_default=0, strict=True, validate=validate.OneOf((0, 1, 2, 3)))
    coefficient = fields.Float(
        required=True,
        allow_none=True,
        validate=validate.Range(min=0, max=999, min_inclusive=False),
        metadata={"description": "null: bỏ dòng này (không có tiền thưởng)"},
    )


class BaseSalaryIn(RequestSchema):
    effective_from = fields.Date(required=True)
    amount = fields.Integer(required=True, strict=True, validate=[at_least(1), at_most(10**9)])


class CoefficientOut(Schema):
    rule_set = fields.String()
    award_form = fields.String()
    nominee_kind = fields.String()
    award_class = fields.Integer()
    coefficient = fields.Float()


class BaseSalaryOut(Schema):
    effective_from = fields.Date()
    amount = fields.Integer()


class MoneyChangeOut(Schema):
    subject = fields.String()
    subject_key = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    changed_by = fields.String()
    changed_at = UtcDateTime()


class AwardMoneyOut(Schema):
    coefficients = fields.List(fields.Nested(CoefficientOut))
    base_salaries = fields.List(fields.Nested(BaseSalaryOut))
    history = fields.List(fields.Nested(MoneyChangeOut))


@bp.get("/award-money")
def get_award_money():
    with use_case() as ctx:
        return AwardMoneyOut().dump(award_money.table(ctx))


@bp.put("/award-money/coefficients")
def put_coefficient():
    body = CoefficientIn().load(request.get_json() or {})
    value = "" if body["coefficient"] is None else str(body["coefficient"])
    with use_case() as ctx:
        award_money.set_coefficient(
            ctx,
            body["rule_set"],
            body["award_form"],
            body["nominee_kind"],
            body["award_class"],
            value,
        )
        return AwardMoneyOut().dump(award_money.table(ctx))


@bp.put("/award-money/base-salaries")
def put_base_salary():
    body = BaseSalaryIn().load(request.get_json() or {})
    with use_case() as ctx:
        award_money.set_base_salary(ctx, body["effective_from"], body["amount"])
        return AwardMoneyOut().dump(award_money.table(ctx))


_FILE = (401, 404)
OPERATIONS: list = [
    (
        "post",
        "/decisions",
        "Ghi quyết định khen thưởng (K1): số, ký hiệu, ngày ký, người ký, danh sách hồ sơ "
        "đã được chính cấp này phê duyệt; tiền thưởng theo bảng hệ số và lương cơ sở",
        DecisionIn,
        201,
        CreatedOut,
        (401, 403, 404, 409, 422),
    ),
    ("get", "/decisions", "Sổ quyết định khen thưởng", None, 200, DecisionPage, (401, 422)),
    ("get", "/decisions/{id}", "Quyết định và danh sách", None, 200, DecisionOut, _FILE),
    ("get", "/decisions/{id}/document.docx", "Quyết định (.docx)", None, 200, None, _FILE),
    (
        "get",
        "/decisions/{id}/list.xlsx",
        "Danh sách kèm quyết định (.xlsx)",
        None,
        200,
        None,
        _FILE,
    ),
    (
        "get",
        "/decisions/{id}/certificates/{dossier_id}.docx",
        "Giấy chứng nhận của một người/tập thể được khen (.docx)",
        None,
        200,
        None,
        _FILE,
    ),
    (
        "get",
        "/dossiers/{id}/to-trinh.docx",
        "Tờ trình và danh sách (.docx)",
        None,
        200,
        None,
        _FILE,
    ),
    (
        "post",
        "/dossiers/{id}/to-trinh",
        "Đính kèm Tờ trình sinh từ mẫu vào hồ sơ (D1)",
        None,
        201,
        DocumentOut,
        (401, 403, 404, 409),
    ),
    ("get", "/dossiers/{id}/decisions", "Quyết định có hồ sơ này", None, 200, AwardsOut, _FILE),
    ("get", "/nominees/{id}/awards", "Các lần được khen thưởng", None, 200, AwardsOut, _FILE),
    ("get", "/selections/{id}/minutes.docx", "Biên bản họp xét (.docx)", None, 200, None, _FILE),
    (
        "get",
        "/jurisdictions/{key}/paper-templates",
        "Mẫu văn bản của địa phương (K2)",
        None,
        200,
        TemplatesOut,
        (401, 403, 404),
    ),
    (
        "post",
        "/jurisdictions/{key}/paper-templates",
        "Tải lên mẫu .docx (K2); từ chối tệp hỏng hoặc trường trộn lạ",
        None,
        201,
        TemplateOut,
        (401, 403, 404, 422),
    ),
    (
        "get",
        "/jurisdictions/{key}/paper-templates/{kind}.docx",
        "Tải mẫu đang dùng (.docx)",
        None,
        200,
        None,
        (401, 403, 404, 422),
    ),
]
_ADMIN = (401, 403, 404)
OPERATIONS += [
    (
        "get",
        "/decisions/{id}/document.pdf",
        "Quyết định (.pdf; đã ký nếu đã ký)",
        None,
        200,
        None,
        _FILE,
    ),
    (
        "post",
        "/decisions/{id}/sign",
        "Ký số quyết định bằng chứng thư của địa phương (K3), có hình dấu chữ ký",
        None,
        200,
        SignedOut,
        (401, 403, 404, 409),
    ),
    (
        "get",
        "/jurisdictions/{key}/trusted-roots",
        "Chứng thư gốc tin cậy (K3)",
        None,
        200,
        RootsOut,
        _ADMIN,
    ),
    (
        "post",
        "/jurisdictions/{key}/trusted-roots",
        "Thêm chứng thư gốc tin cậy (PEM hoặc DER)",
        None,
        201,
        RootOut,
        (*_ADMIN, 409, 422),
    ),
    (
        "delete",
        "/jurisdictions/{key}/trusted-roots/{id}",
        "Bỏ một gốc tin cậy",
        None,
        204,
        None,
        _ADMIN,
    ),
    (
        "post",
        "/jurisdictions/{key}/signing-credential",
        "Tải lên chứng thư ký số PKCS#12 của địa phương (lưu mã hóa)",
        None,
        201,
        CredentialOut,
        (*_ADMIN, 422),
    ),
]
OPERATIONS += [
    (
        "get",
        "/award-money",
        "Bảng hệ số tiền thưởng và mức lương cơ sở (K1), với lịch sử thay đổi",
        None,
        200,
        AwardMoneyOut,
        (401,),
    ),
    (
        "put",
        "/award-money/coefficients",
        "Đặt (hoặc bỏ, với null) một hệ số tiền thưởng; quản trị viên",
        CoefficientIn,
        200,
        AwardMoneyOut,
        (401, 403, 422),
    ),
    (
        "put",
        "/award-money/base-salaries",
        "Mức lương cơ sở từ một ngày; quản trị viên",
        BaseSalaryIn,
        200,
        AwardMoneyOut,
        (401, 403, 422),
    ),
]
QUERY_SCHEMAS = {("get", "/decisions"): DecisionQuery}
FILE_RESPONSES = {
    (method, path): {DOCX if path.endswith(".docx") else XLSX}
    for method, path, *_ in OPERATIONS
    if path.endswith((".docx", ".xlsx"))
}
FILE_RESPONSES[("get", "/decisions/{id}/document.pdf")] = {"application/pdf"}
MULTIPART_BODIES = {
    ("post", "/jurisdictions/{key}/trusted-roots"): {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}},
    },
    ("post", "/jurisdictions/{key}/signing-credential"): {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "passphrase": {"type": "string"},
        },
    },
    ("post", "/jurisdictions/{key}/paper-templates"): {
        "type": "object",
        "required": ["kind", "file"],
        "properties": {
            "kind": {"type": "string", "enum": list(templates.PAPER_KINDS)},
            "file": {"type": "string", "format": "binary"},
        },
    },
}
