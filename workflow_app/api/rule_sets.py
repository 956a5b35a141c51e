"""Rule sets by date (R1), edited by administrators with history, and the rounds a unit may
still file into (T1-T3)."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..domain.vocabulary import AWARD_FORMS
from ..services import deadlines as deadline_service
from ..services import rule_sets as rule_set_service
from . import bp
from .context import use_case
from .schemas import RequestSchema, UtcDateTime

THRESHOLDS = fields.Dict(
    keys=fields.String(validate=validate.OneOf(AWARD_FORMS)),
    values=fields.Float(validate=validate.Range(min=0, max=100)),
    metadata={"description": "S2: hình thức khen thưởng -> tỷ lệ phiếu tối thiểu (% tổng số)"},
)


class RuleSetPatch(RequestSchema):
    title = fields.String(validate=validate.Length(min=1, max=300))
    legal_basis = fields.String(validate=validate.Length(min=1, max=500))
    applies_from = fields.Date(allow_none=True)
    applies_until = fields.Date(allow_none=True)
    hold_kinds = fields.List(fields.String(validate=validate.Length(min=1, max=40)))
    council_thresholds = THRESHOLDS
    posting_working_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=60))


class RuleSetIn(RuleSetPatch):
    key = fields.String(required=True, validate=validate.Length(min=2, max=40))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    legal_basis = fields.String(required=True, validate=validate.Length(min=1, max=500))


class RuleSetOut(Schema):
    key = fields.String()
    title = fields.String()
    legal_basis = fields.String()
    applies_from = fields.Date(allow_none=True)
    applies_until = fields.Date(allow_none=True)
    hold_kinds = fields.List(fields.String())
    council_thresholds = fields.Dict(keys=fields.String(), values=fields.Float())
    posting_working_days = fields.Integer()
    updated_by = fields.String()
    updated_at = UtcDateTime()


class RuleSetList(Schema):
    items = fields.List(fields.Nested(RuleSetOut))


class RoundQuery(RequestSchema):
    jurisdiction = fields.String(load_default=None)


class RoundOut(Schema):
    round = fields.String()
    deadline = UtcDateTime(allow_none=True)
    open = fields.Boolean(metadata={"description": "false: hạn đã qua, không nhận hồ sơ mới"})


class RoundList(Schema):
    items = fields.List(fields.Nested(RoundOut))


OPERATIONS: list = [
    (
        "get",
        "/rule-sets",
        "Các bộ quy tắc theo thời gian (R1): Nghị định 98/2023, Nghị định 152/2025...",
        None,
        200,
        RuleSetList,
        (401,),
    ),
    (
        "post",
        "/rule-sets",
        "Thêm bộ quy tắc (quản trị viên; ghi lịch sử)",
        RuleSetIn,
        201,
        RuleSetOut,
        (401, 403, 422),
    ),
    (
        "patch",
        "/rule-sets/{key}",
        "Sửa thời gian áp dụng hoặc nội dung bộ quy tắc (quản trị viên; ghi lịch sử)",
        RuleSetPatch,
        200,
        RuleSetOut,
        (401, 403, 404, 422),
    ),
    (
        "get",
        "/rounds",
        "Các đợt của địa phương: còn nhận hồ sơ (open) hay đã đóng, với hạn nộp (T1-T3)",
        None,
        200,
        RoundList,
        (401, 403, 404, 422),
    ),
]
QUERY_SCHEMAS: dict = {("get", "/rounds"): RoundQuery}

RULE_SET_IN, RULE_SET_PATCH, RULE_SET_OUT = RuleSetIn(), RuleSetPatch(), RuleSetOut()
ROUND_QUERY = RoundQuery()


@bp.get("/rule-sets")
def list_rule_sets():
    with use_case() as ctx:
        return RuleSetList().dump({"items": rule_set_service.list_rule_sets(ctx)})


@bp.post("/rule-sets")
def add_rule_set():
    body = RULE_SET_IN.load(request.get_json() or {})
    with use_case() as ctx:
        rule_set = rule_set_service.add_rule_set(ctx, body.pop("key"), body)
        return RULE_SET_OUT.dump(rule_set), 201


@bp.patch("/rule-sets/<key>")
def patch_rule_set(key: str):
    body = RULE_SET_PATCH.load(request.get_json() or {})
    with use_case() as ctx:
        return RULE_SET_OUT.dump(rule_set_service.update_rule_set(ctx, key, body))


@bp.get("/rounds")
def list_rounds():
    query = ROUND_QUERY.load(request.args)
    with use_case() as ctx:
        return RoundList().dump({"items": deadline_service.rounds_for(ctx, query["jurisdiction"])})
