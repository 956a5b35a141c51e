"""A jurisdiction's settings: round deadlines (T1-T3), hold kinds (X2), holidays, and the
history of every change to them and to the caps (PUT /quotas, in quotas.py)."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..services import deadlines as deadline_service
from ..services import settings_admin
from . import bp
from .context import use_case
from .schemas import RequestSchema, UtcDateTime


class JurisdictionQuery(RequestSchema):
    jurisdiction = fields.String(load_default=None)


class RoundDeadlineIn(RequestSchema):
    jurisdiction = fields.String(load_default=None, allow_none=True)
    round = fields.String(required=True, validate=validate.Length(min=1, max=32))
    # With an offset (+07:00) it is converted; without one it is UTC, as the API answers.
    deadline = fields.DateTime(required=True)


class RoundDeadlineOut(Schema):
    jurisdiction = fields.String(attribute="jurisdiction_id")
    round = fields.String()
    deadline = UtcDateTime()
    updated_by = fields.String()
    updated_at = UtcDateTime()


class HoldKindIn(RequestSchema):
    jurisdiction = fields.String(load_default=None, allow_none=True)
    key = fields.String(required=True, validate=validate.Length(min=1, max=40))
    label = fields.String(required=True, validate=validate.Length(min=1, max=300))
    rule = fields.String(required=True, validate=validate.Length(min=1, max=100))


class HoldKindPatch(RequestSchema):
    label = fields.String(validate=validate.Length(min=1, max=300))
    active = fields.Boolean(truthy={True}, falsy={False})


class HoldKindOut(Schema):
    key = fields.String()
    label = fields.String()
    rule = fields.String()
    active = fields.Boolean()
    jurisdiction = fields.String(attribute="jurisdiction_id", allow_none=True)
    national = fields.Function(lambda kind: kind.jurisdiction_id is None)


class HolidayQuery(JurisdictionQuery):
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


class HolidayIn(RequestSchema):
    jurisdiction = fields.String(load_default=None, allow_none=True)
    day = fields.Date(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class HolidayOut(Schema):
    id = fields.Integer()
    day = fields.Date()
    name = fields.String()
    jurisdiction = fields.String(attribute="jurisdiction_id", allow_none=True)
    national = fields.Function(lambda holiday: holiday.jurisdiction_id is None)


class SettingsHistoryQuery(JurisdictionQuery):
    subject = fields.String(load_default=None, validate=validate.OneOf(settings_admin.SUBJECTS))


class SettingChangeOut(Schema):
    id = fields.Integer()
    jurisdiction = fields.String(attribute="jurisdiction_id", allow_none=True)
    subject = fields.String()
    subject_key = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    changed_by = fields.String()
    changed_at = UtcDateTime()


def _list_of(item: type[Schema]) -> type[Schema]:
    name = item.__name__.removesuffix("Out") + "List"
    return Schema.from_dict({"items": fields.List(fields.Nested(item))}, name=name)


RoundDeadlineList = _list_of(RoundDeadlineOut)
HoldKindList = _list_of(HoldKindOut)
SettingChangeList = _list_of(SettingChangeOut)


class HolidayList(Schema):
    national = fields.List(fields.Nested(HolidayOut))
    items = fields.List(fields.Nested(HolidayOut), metadata={"description": "its own days"})


# (method, path, summary, request schema, success status, response schema, error statuses);
# openapi.py adds these to the OpenAPI document. QUERY_SCHEMAS: (method, path): schema.
OPERATIONS: list = [
    (
        "get",
        "/round-deadlines",
        "Hạn nộp hồ sơ của từng đợt (T1-T3) của địa phương",
        None,
        200,
        RoundDeadlineList,
        (401, 403, 404, 422),
    ),
    (
        "put",
        "/round-deadlines",
        "Đổi hạn nộp của một đợt hoặc thêm đợt (quản trị viên; ghi lịch sử)",
        RoundDeadlineIn,
        200,
        RoundDeadlineOut,
        (401, 403, 422),
    ),
    (
        "get",
        "/hold-kinds",
        "Các loại vướng mắc (X2): toàn quốc và của địa phương",
        None,
        200,
        HoldKindList,
        (401, 403, 404, 422),
    ),
    (
        "post",
        "/hold-kinds",
        "Thêm loại vướng mắc của địa phương (quản trị viên; ghi lịch sử)",
        HoldKindIn,
        201,
        HoldKindOut,
        (401, 403, 409, 422),
    ),
    (
        "patch",
        "/hold-kinds/{key}",
        "Đổi tên, ngừng hoặc dùng lại loại vướng mắc của địa phương (không xoá)",
        HoldKindPatch,
        200,
        HoldKindOut,
        (401, 403, 404, 422),
    ),
    (
        "get",
        "/holidays",
        "Ngày nghỉ lễ toàn quốc và ngày nghỉ riêng của địa phương",
        None,
        200,
        HolidayList,
        (401, 403, 404, 422),
    ),
    (
        "post",
        "/holidays",
        "Thêm ngày nghỉ của địa phương (quản trị viên; ghi lịch sử)",
        HolidayIn,
        201,
        HolidayOut,
        (401, 403, 409, 422),
    ),
    (
        "delete",
        "/holidays/{id}",
        "Xoá ngày nghỉ của địa phương (quản trị viên; ghi lịch sử)",
        None,
        204,
        None,
        (401, 403, 404),
    ),
    (
        "get",
        "/settings-history",
        "Lịch sử thay đổi chỉ tiêu, hạn nộp, loại vướng mắc, ngày nghỉ (quản trị viên, thanh tra)",
        None,
        200,
        SettingChangeList,
        (401, 403, 404, 422),
    ),
]
QUERY_SCHEMAS: dict = {
    ("get", "/round-deadlines"): JurisdictionQuery,
    ("get", "/hold-kinds"): JurisdictionQuery,
    ("get", "/holidays"): HolidayQuery,
    ("get", "/settings-history"): SettingsHistoryQuery,
}

JURISDICTION_QUERY = JurisdictionQuery()
DEADLINE_IN, DEADLINE_OUT = RoundDeadlineIn(), RoundDeadlineOut()
KIND_IN, KIND_PATCH, KIND_OUT = HoldKindIn(), HoldKindPatch(), HoldKindOut()
HOLIDAY_QUERY, HOLIDAY_IN, HOLIDAY_OUT = HolidayQuery(), HolidayIn(), HolidayOut()
HISTORY_QUERY = SettingsHistoryQuery()


@bp.get("/round-deadlines")
def list_round_deadlines():
    query = JURISDICTION_QUERY.load(request.args)
    with use_case() as ctx:
        rows = deadline_service.round_deadlines(ctx, query["jurisdiction"])
        return RoundDeadlineList().dump({"items": rows})


@bp.put("/round-deadlines")
def put_round_deadline():
    body = DEADLINE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        row = deadline_service.set_deadline(
            ctx, body["jurisdiction"], body["round"], body["deadline"]
        )
        return DEADLINE_OUT.dump(row)


@bp.get("/hold-kinds")
def list_hold_kinds():
    query = JURISDICTION_QUERY.load(request.args)
    with use_case() as ctx:
        kinds = settings_admin.hold_kinds(ctx, query["jurisdiction"])
        return HoldKindList().dump({"items": kinds})


@bp.post("/hold-kinds")
def add_hold_kind():
    body = KIND_IN.load(request.get_json() or {})
    with use_case() as ctx:
        kind = settings_admin.add_hold_kind(
            ctx, body["jurisdiction"], body["key"], body["label"], body["rule"]
        )
        return KIND_OUT.dump(kind), 201


@bp.patch("/hold-kinds/<key>")
def patch_hold_kind(key: str):
    body = KIND_PATCH.load(request.get_json() or {})
    with use_case() as ctx:
        kind = settings_admin.update_hold_kind(ctx, key, body.get("label"), body.get("active"))
        return KIND_OUT.dump(kind)


@bp.get("/holidays")
def list_holidays():
    query = HOLIDAY_QUERY.load(request.args)
    with use_case() as ctx:
        national, own = settings_admin.holidays(ctx, query["jurisdiction"], query["year"])
        return HolidayList().dump({"national": national, "items": own})


@bp.post("/holidays")
def add_holiday():
    body = HOLIDAY_IN.load(request.get_json() or {})
    with use_case() as ctx:
        holiday = settings_admin.add_holiday(ctx, body["jurisdiction"], body["day"], body["name"])
        return HOLIDAY_OUT.dump(holiday), 201


@bp.delete("/holidays/<int:holiday_id>")
def remove_holiday(holiday_id: int):
    with use_case() as ctx:
        settings_admin.remove_holiday(ctx, holiday_id)
        return "", 204


@bp.get("/settings-history")
def settings_history():
    query = HISTORY_QUERY.load(request.args)
    with use_case() as ctx:
        changes = settings_admin.history(ctx, query["jurisdiction"], query["subject"])
        return SettingChangeList().dump({"items": changes})
