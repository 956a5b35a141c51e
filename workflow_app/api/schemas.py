"""Marshmallow schemas for every request and response; the OpenAPI document is built from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from flask_babel import LazyString
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from ..domain.errors import problem
from ..domain.nominee import SEXES
from ..domain.roles import ROLE_KEY
from ..domain.vocabulary import (
    AWARD_FORMS,
    DOCUMENT_KINDS,
    DOSSIER_STATUSES,
    INTEGER_MAX,
    NOMINEE_CATEGORIES,
    NOMINEE_KINDS,
)
from ..messages import CATALOGUE, field_text
from ..messages.codes_admin import MODEL_PROBLEMS

REFUSAL_CODES = sorted(set(CATALOGUE) - set(MODEL_PROBLEMS))


def at_most(limit: int) -> validate.Range:
    """A number beyond what the database stores is a field problem (422), never a 500."""
    return validate.Range(
        max=limit, error=LazyString(lambda: field_text(problem("maximum", max=limit)))
    )


def at_least(limit: int) -> validate.Range:
    return validate.Range(
        min=limit, error=LazyString(lambda: field_text(problem("minimum", min=limit)))
    )


def database_id(**kwargs) -> fields.Integer:
    """An id sent in a body or a query (ids in paths are bounded by the route converter)."""
    return fields.Integer(validate=[at_least(1), at_most(INTEGER_MAX)], **kwargs)


class UtcDateTime(fields.DateTime):
    """An instant with its offset (`...+00:00`): stored times are naive UTC."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class RequestSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def refuse_nul(self, data, **kwargs):
        """PostgreSQL text cannot hold NUL: a field holding one is a problem, never a 500."""
        if isinstance(data, Mapping):
            names = [field.data_key or name for name, field in self.load_fields.items()]
            holding = [name for name in names if _holds_nul(data.get(name))]
            if holding:
                text = field_text(problem("invalid_value"))
                raise ValidationError({name: [text] for name in holding})
        return data


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class ErrorBody(Schema):
    code = fields.String(required=True, metadata={"enum": REFUSAL_CODES})
    message = fields.String(required=True)
    details = fields.Dict()


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


class TokenIn(RequestSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=100))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class GrantOut(Schema):
    role = fields.String()
    jurisdiction = fields.String(attribute="jurisdiction_id", allow_none=True)
    unit = fields.String(attribute="unit_id", allow_none=True)


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    locale = fields.String()
    grants = fields.List(fields.Nested(GrantOut))


class TokenOut(Schema):
    token = fields.String()
    user = fields.Nested(UserOut)


def head_count(**kwargs) -> fields.Integer:
    """A number of people: whole, at least 0, within what the database stores."""
    return fields.Integer(
        load_default=None,
        allow_none=True,
        strict=True,
        validate=[at_least(0), at_most(INTEGER_MAX)],
        **kwargs,
    )


class NomineeIn(RequestSchema):
    kind = fields.String(required=True, validate=validate.OneOf(NOMINEE_KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=100))
    external_ref = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=100)
    )
    # E2 (individuals) and S3 (collectives); the domain checks which fit which kind.
    sex = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=8),
        metadata={"enum": list(SEXES), "description": "Cá nhân: female | male"},
    )
    citizen_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=32),
        metadata={
            "description": "Cá nhân: số định danh (CCCD), đúng 12 chữ số; duy nhất "
            "trong địa phương (E2)",
            "example": "079203001234",
        },
    )
    staff_total = head_count(metadata={"description": "Tập thể: tổng số người"})
    women_total = head_count(metadata={"description": "Tập thể: số nữ (không quá staff_total)"})
    category = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=32),
        metadata={
            "enum": list(NOMINEE_CATEGORIES),
            "description": "Tập thể: loại cơ quan, tổ chức (Đồng Nai III.1), bảng "
            "eligibility đọc là nominee_category",
        },
    )


class NomineeOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    unit = fields.String(attribute="unit_id")
    jurisdiction = fields.String(attribute="jurisdiction_id")
    external_ref = fields.String(allow_none=True)
    sex = fields.String(allow_none=True)
    citizen_id = fields.String(allow_none=True)
    staff_total = fields.Integer(allow_none=True)
    women_total = fields.Integer(allow_none=True)
    category = fields.String(allow_none=True)


class NomineeQuery(RequestSchema):
    citizen_id = fields.String(validate=validate.Length(min=1, max=32))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String()


class DossierIn(RequestSchema):
    nominee_id = database_id(required=True, strict=True)
    round = fields.String(required=True, validate=validate.Length(min=1, max=32))
    award_form = fields.String(required=True, validate=validate.OneOf(AWARD_FORMS))
    achievement_summary = fields.String(load_default="", validate=validate.Length(max=20000))
    claims_initiative = fields.Boolean(load_default=False)
    labour_order_class = fields.Integer(
        load_default=None,
        allow_none=True,
        strict=True,
        metadata={
            "enum": [1, 2, 3],
            "description": "E3: hạng Huân chương Lao động đề nghị "
            "(1: hạng Nhất, 2: hạng Nhì, 3: hạng Ba); bắt buộc với huan-chuong-lao-dong, "
            "không dùng cho hình thức khác",
        },
    )
    # R2: the period the achievements cover (both or neither; from <= to).
    achievement_from = fields.Date(load_default=None, allow_none=True)
    achievement_to = fields.Date(load_default=None, allow_none=True)


class DossierQuery(RequestSchema):
    status = fields.String(validate=validate.OneOf(DOSSIER_STATUSES))
    round = fields.String()
    award_form = fields.String(validate=validate.OneOf(AWARD_FORMS))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String()


class WithdrawIn(RequestSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class DocumentIn(RequestSchema):
    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))


class SignatureOut(Schema):
    """K3: an uploaded PDF's signature as checked on upload."""

    valid = fields.Boolean(metadata={"description": "intact, and not changed after signing"})
    signer = fields.String(allow_none=True)
    signed_at = fields.String(allow_none=True, metadata={"description": "ISO 8601, as signed"})
    trusted = fields.Boolean(metadata={"description": "chain reaches a root the admin trusts"})
    changed = fields.Boolean(metadata={"description": "changed after signing"})


class DocumentOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    filename = fields.String(attribute="original_filename")
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = UtcDateTime()
    signature = fields.Nested(SignatureOut, allow_none=True)


class TaskSummaryOut(Schema):
    id = fields.Integer()
    dossier_id = fields.Integer()
    name = fields.String()
    title = fields.String()
    lane = fields.String()
    state = fields.String()
    claimed_by = fields.String(allow_none=True)
    # Issue 18: a task a colleague assigned to `claimed_by`, with their note; a follow-up day.
    assigned_by = fields.String(allow_none=True)
    assignment_note = fields.String(allow_none=True)
    follow_up_on = fields.Date(allow_none=True)
    due_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class FormOut(Schema):
    schema = fields.Dict(allow_none=True)
    ui_schema = fields.Dict(allow_none=True)


class TaskOut(TaskSummaryOut):
    form = fields.Nested(FormOut)
    dossier = fields.Dict()


class TaskQuery(RequestSchema):
    scope = fields.String(load_default="group", validate=validate.OneOf(("mine", "group")))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String()


class CompleteIn(RequestSchema):
    data = fields.Dict(required=True)


class DossierStatusOut(Schema):
    id = fields.Integer()
    status = fields.String()


class CompletionOut(TaskSummaryOut):
    """What a completion changed: the task, the dossier's status and the tasks it opened."""

    completed_at = UtcDateTime()
    completed_by = fields.String()
    dossier = fields.Nested(DossierStatusOut)
    next_tasks = fields.List(fields.Nested(TaskSummaryOut))


class ProcessModelRef(Schema):
    key = fields.String()
    version = fields.Integer()


class NamedRef(Schema):
    id = fields.String()
    name = fields.String()


class DossierOut(Schema):
    id = fields.Integer()
    status = fields.String()
    round = fields.String()
    award_form = fields.String()
    achievement_summary = fields.String()
    claims_initiative = fields.Boolean()
    labour_order_class = fields.Integer(allow_none=True)
    awarded_form = fields.String(
        allow_none=True,
        metadata={"description": "S4: hình thức thấp hơn cấp xét chọn tặng thay thế"},
    )
    nominee = fields.Nested(NomineeOut)
    unit = fields.Nested(NamedRef)
    jurisdiction = fields.String()
    process_model = fields.Nested(ProcessModelRef, allow_none=True)
    open_tasks = fields.List(fields.Nested(TaskSummaryOut))
    holds = fields.List(fields.Nested("HoldOut"))
    quota_slots = fields.List(fields.Nested("QuotaSlotOut"))
    # S1: "selection" while it waits for its level's sitting (in_progress, no open task).
    waiting_for = fields.String(allow_none=True, metadata={"enum": ["selection"]})
    selection = fields.Nested("ProposalOut", allow_none=True)
    documents = fields.List(fields.Nested(DocumentOut))
    missing_documents = fields.List(fields.String())
    rule_set = fields.String(allow_none=True)
    rule_set_title = fields.String(allow_none=True)  # R1: e.g. "Nghị định 152/2025/NĐ-CP"
    achievement_from = fields.Date(allow_none=True)  # R2
    achievement_to = fields.Date(allow_none=True)
    created_at = UtcDateTime()
    submitted_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)


class ProposalOut(Schema):
    """S1: where a proposed dossier waits: the level whose sitting will decide, since when."""

    level = fields.String()
    proposed_at = UtcDateTime()


class HistoryEventOut(Schema):
    seq = fields.Integer()
    at = UtcDateTime()
    actor = fields.String()
    type = fields.String()
    task = fields.String(allow_none=True)
    data = fields.Dict()
    model_version = fields.String(allow_none=True)
    hash = fields.String()
    prev_hash = fields.String()


class HistoryOut(Schema):
    dossier_id = fields.Integer()
    verified = fields.Boolean()
    broken_at = fields.Integer(allow_none=True)
    events = fields.List(fields.Nested(HistoryEventOut))


class ReplayOut(Schema):
    """A replay's verdict: `mismatch_at` is the seq of the first event the history and the
    replay (or the hash chain, or the stored state) disagree at; `reason` says how."""

    dossier_id = fields.Integer()
    verified = fields.Boolean()
    steps = fields.Integer()
    mismatch_at = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """A list answer: {items: [...], next_cursor}."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "next_cursor": fields.String(allow_none=True),
        },
        name=f"{item_schema.__name__.removesuffix('Out')}Page",
    )


NomineePage = page_of(NomineeOut)
DossierPage = page_of(DossierOut)
NomineePage = page_of(NomineeOut)
TaskPage = page_of(TaskSummaryOut)


class HoldIn(RequestSchema):
    nominee_id = database_id(required=True, strict=True)
    # National kinds or the nominee's jurisdiction's own: services.holds decides (X2).
    kind = fields.String(required=True, validate=validate.Length(min=1, max=40))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=200))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class HoldClearIn(RequestSchema):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=200))
    # R2: how it ended; `disciplined` needs the day the discipline ended.
    outcome = fields.String(
        load_default="dismissed", validate=validate.OneOf(["dismissed", "disciplined"])
    )
    discipline_ended_on = fields.Date(load_default=None, allow_none=True)


class HoldQuery(RequestSchema):
    nominee_id = database_id(required=True)


class HoldOut(Schema):
    id = fields.Integer()
    nominee_id = fields.Integer()
    kind = fields.String()
    reference = fields.String()
    note = fields.String()
    placed_by = fields.String()
    placed_at = UtcDateTime()
    cleared_by = fields.String(allow_none=True)
    cleared_at = UtcDateTime(allow_none=True)
    clear_reference = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True, metadata={"enum": ["dismissed", "disciplined"]})
    discipline_ended_on = fields.Date(allow_none=True)
    open = fields.Function(lambda hold: hold.cleared_at is None)


class QuotaHolderOut(Schema):
    dossier_id = fields.Integer()
    nominee = fields.String()
    reserved_at = UtcDateTime()


class QuotaOut(Schema):
    jurisdiction = fields.String()
    round = fields.String()
    award_form = fields.String()
    level = fields.String()
    cap = fields.Integer(allow_none=True)
    used = fields.Integer()
    holders = fields.List(fields.Nested(QuotaHolderOut))
    updated_by = fields.String()
    updated_at = UtcDateTime()


class QuotaQuery(RequestSchema):
    round = fields.String()


class QuotaIn(RequestSchema):
    round = fields.String(required=True)
    award_form = fields.String(required=True, validate=validate.OneOf(AWARD_FORMS))
    # issue 17: a role of the jurisdiction; the service checks its chain reserves there
    level = fields.String(required=True, validate=validate.Regexp(ROLE_KEY))
    cap = fields.Integer(
        required=True,
        allow_none=True,
        strict=True,
        validate=[validate.Range(min=0), at_most(INTEGER_MAX)],
    )
    jurisdiction = fields.String(load_default=None, allow_none=True)


HoldPage = page_of(HoldOut)
QuotaPage = page_of(QuotaOut)


class QuotaSlotOut(Schema):
    level = fields.String()
    round = fields.String()
    award_form = fields.String()
    cap = fields.Integer(allow_none=True)
    used = fields.Integer()
    reserved_at = UtcDateTime()


class ModelVersionSummaryOut(Schema):
    version = fields.Integer()
    status = fields.String(metadata={"enum": ["draft", "published", "retired"]})
    published_at = UtcDateTime(allow_none=True)


class ProcessModelOut(Schema):
    key = fields.String()
    name = fields.String()
    jurisdiction = fields.String(attribute="jurisdiction_id")
    template = fields.Boolean(
        metadata={"description": "A bundled template: any administrator may copy it"}
    )
    versions = fields.List(fields.Nested(ModelVersionSummaryOut))


ProcessModelPage = page_of(ProcessModelOut)


class ModelProblemOut(Schema):
    code = fields.String(metadata={"enum": sorted(MODEL_PROBLEMS)})
    params = fields.Dict(metadata={"description": "What fills the message"})
    message = fields.String(metadata={"description": "In the caller's language"})
    file = fields.String(allow_none=True)
    element = fields.String(allow_none=True)


class ModelFileOut(Schema):
    name = fields.String()
    kind = fields.String()
    sha256 = fields.String()


class ModelVersionOut(Schema):
    key = fields.String()
    version = fields.Integer()
    status = fields.String()
    process_id = fields.String()
    files = fields.List(fields.Nested(ModelFileOut))
    problems = fields.List(fields.Nested(ModelProblemOut))
    created_by = fields.String(allow_none=True)
    created_at = UtcDateTime()
    published_by = fields.String(allow_none=True)
    published_at = UtcDateTime(allow_none=True)


class ModelVersionCreatedOut(Schema):
    key = fields.String()
    jurisdiction = fields.String()
    version = fields.Integer()
    status = fields.String()
    problems = fields.List(fields.Nested(ModelProblemOut))


class ModelCloneIn(RequestSchema):
    new_key = fields.String(required=True, validate=validate.Length(min=2, max=100))
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=64))
    version = database_id(load_default=None, allow_none=True, strict=True)


class ModelCompareQuery(RequestSchema):
    from_ = database_id(required=True, data_key="from")
    to = database_id(required=True)


class ChangeSetOut(Schema):
    added = fields.List(fields.String())
    removed = fields.List(fields.String())
    changed = fields.List(fields.String())


class ModelCompareOut(Schema):
    from_ = fields.Integer(data_key="from", attribute="from")
    to = fields.Integer()
    tasks = fields.Nested(ChangeSetOut)
    lanes = fields.Nested(ChangeSetOut)
    flows = fields.Nested(ChangeSetOut)
    forms = fields.Nested(ChangeSetOut)
    dmn_tables = fields.Nested(ChangeSetOut)
