"""Jurisdictions and units through a reorganisation (M1): list them, merge a jurisdiction into
its successor, retire a unit into the one taking it over."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..services import reorganisation
from . import bp
from .context import use_case
from .schemas import RequestSchema


class JurisdictionOut(Schema):
    key = fields.String(attribute="id")
    name = fields.String()
    status = fields.String()  # active, merged
    successor = fields.String(attribute="successor_id", allow_none=True)
    merged_on = fields.Date(allow_none=True)


class JurisdictionList(Schema):
    items = fields.List(fields.Nested(JurisdictionOut))
    next_cursor = fields.String(allow_none=True)


class MergeIn(RequestSchema):
    into = fields.String(required=True, validate=validate.Length(min=1, max=64))
    effective_on = fields.Date(required=True)


class CapCarried(Schema):
    round = fields.String()
    award_form = fields.String()
    level = fields.String()
    before = fields.Integer(allow_none=True)  # the successor's own cap (None: none or no row)
    carried = fields.Integer(allow_none=True)  # the merged jurisdiction's cap
    cap = fields.Integer(allow_none=True)  # what holds now
    used = fields.Integer()
    review = fields.Boolean()  # both had one: summed, to be reviewed


class DeadlineCarried(Schema):
    round = fields.String()
    before = fields.String(allow_none=True)
    carried = fields.String()
    deadline = fields.String()
    review = fields.Boolean()


class MergeOut(Schema):
    jurisdiction = fields.String()
    into = fields.String()
    effective_on = fields.String()
    units = fields.List(fields.String())
    nominees = fields.Integer()
    dossiers = fields.List(fields.Integer())
    caps = fields.List(fields.Nested(CapCarried))
    deadlines = fields.List(fields.Nested(DeadlineCarried))
    hold_kinds = fields.List(fields.String())
    postings = fields.List(fields.Integer())  # P1: open postings, now the successor's
    unstaffed_lanes = fields.List(fields.String())


class UnitQuery(RequestSchema):
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=64))


class UnitOut(Schema):
    key = fields.String(attribute="id")
    name = fields.String()
    jurisdiction = fields.String(attribute="jurisdiction_id")
    status = fields.Function(lambda unit: "retired" if unit.retired_on else "active")
    retired_on = fields.Date(allow_none=True)
    successor = fields.String(attribute="successor_id", allow_none=True)


class UnitList(Schema):
    items = fields.List(fields.Nested(UnitOut))
    next_cursor = fields.String(allow_none=True)


class RetireIn(RequestSchema):
    successor = fields.String(required=True, validate=validate.Length(min=1, max=100))
    effective_on = fields.Date(required=True)


class RetireOut(Schema):
    unit = fields.String()
    successor = fields.String()
    effective_on = fields.String()
    nominees = fields.Integer()
    dossiers = fields.List(fields.Integer())
    members = fields.List(fields.String())


# openapi.py adds these to the OpenAPI document.
OPERATIONS: list = [
    (
        "get",
        "/jurisdictions",
        "Danh sách tỉnh, thành phố, bộ: trạng thái (active, merged) và nơi tiếp nhận (M1)",
        None,
        200,
        JurisdictionList,
        (401,),
    ),
    (
        "post",
        "/jurisdictions/{key}/merge",
        "Sáp nhập vào địa bàn khác (quản trị của cả hai): chuyển đơn vị, hồ sơ đang xử lý, "
        "chỉ tiêu và hạn nộp; địa bàn cũ chỉ còn để tra cứu (M1)",
        MergeIn,
        200,
        MergeOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/units",
        "Đơn vị của một địa bàn, kể cả đơn vị đã giải thể (quản trị, kiểm tra viên)",
        None,
        200,
        UnitList,
        (401, 403, 422),
    ),
    (
        "post",
        "/units/{key}/retire",
        "Giải thể đơn vị, chuyển đối tượng, hồ sơ đang xử lý và người dùng sang đơn vị tiếp "
        "nhận (M1)",
        RetireIn,
        200,
        RetireOut,
        (401, 403, 404, 409, 422),
    ),
]
QUERY_SCHEMAS: dict = {("get", "/units"): UnitQuery}

MERGE_IN, MERGE_OUT = MergeIn(), MergeOut()
RETIRE_IN, RETIRE_OUT = RetireIn(), RetireOut()
JURISDICTION_LIST, UNIT_QUERY, UNIT_LIST = JurisdictionList(), UnitQuery(), UnitList()


@bp.get("/jurisdictions")
def list_jurisdictions():
    with use_case() as ctx:
        items = reorganisation.list_jurisdictions(ctx)
        return JURISDICTION_LIST.dump({"items": items, "next_cursor": None})


@bp.post("/jurisdictions/<key>/merge")
def merge_jurisdiction(key: str):
    body = MERGE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        summary = reorganisation.merge_jurisdiction(ctx, key, body["into"], body["effective_on"])
        return MERGE_OUT.dump(summary)


@bp.get("/units")
def list_units():
    query = UNIT_QUERY.load(request.args)
    with use_case() as ctx:
        items = reorganisation.list_units(ctx, query["jurisdiction"])
        return UNIT_LIST.dump({"items": items, "next_cursor": None})


@bp.post("/units/<key>/retire")
def retire_unit(key: str):
    body = RETIRE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        summary = reorganisation.retire_unit(ctx, key, body["successor"], body["effective_on"])
        return RETIRE_OUT.dump(summary)
