"""A jurisdiction's reviewing roles (issue 17): the lanes its chain may name and the roles its
administrators grant. Who may read or change them is decided in services.roles."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, fields, validate

from ..domain.roles import MAX_LEVEL, MAX_NAME, ROLE_KEY
from ..services import roles as service
from . import bp
from .context import use_case
from .schemas import RequestSchema

_LEVEL = validate.Range(min=2, max=MAX_LEVEL)
_NAME = validate.Length(min=1, max=MAX_NAME)


class RoleQuery(RequestSchema):
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=64))


class RoleIn(RequestSchema):
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=64))
    key = fields.String(
        required=True,
        validate=validate.Regexp(ROLE_KEY),
        metadata={"description": "Lane name and grant key, e.g. vu_tccb"},
    )
    name_vi = fields.String(required=True, validate=_NAME)
    name_en = fields.String(required=True, validate=_NAME)
    level = fields.Integer(
        required=True,
        strict=True,
        validate=_LEVEL,
        metadata={"description": "Chain level: units are 1, the national levels above 99"},
    )
    places_holds = fields.Boolean(load_default=False, metadata={"description": "X2"})


class RoleChangeIn(RequestSchema):
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name_vi = fields.String(validate=_NAME)
    name_en = fields.String(validate=_NAME)
    level = fields.Integer(strict=True, validate=_LEVEL)
    places_holds = fields.Boolean()


class RoleOut(Schema):
    key = fields.String()
    name_vi = fields.String()
    name_en = fields.String()
    level = fields.Integer()
    places_holds = fields.Boolean()
    builtin = fields.Boolean(
        metadata={"description": "unit, central, president: every jurisdiction has them"}
    )


class RolePage(Schema):
    items = fields.List(fields.Nested(RoleOut))
    next_cursor = fields.String(allow_none=True)


ROLE_QUERY = RoleQuery()
ROLE_IN = RoleIn()
ROLE_CHANGE_IN = RoleChangeIn()
ROLE_OUT = RoleOut()
ROLE_PAGE = RolePage()


@bp.get("/roles")
def list_roles():
    query = ROLE_QUERY.load(request.args)
    with use_case() as ctx:
        found = service.list_roles(ctx, query["jurisdiction"])
        return ROLE_PAGE.dump({"items": found, "next_cursor": None})


@bp.post("/roles")
def create_role():
    body = ROLE_IN.load(request.get_json(silent=True) or {})
    with use_case() as ctx:
        role = service.create_role(
            ctx,
            body["jurisdiction"],
            body["key"],
            body["name_vi"],
            body["name_en"],
            body["level"],
            body["places_holds"],
        )
        return ROLE_OUT.dump(role), 201


@bp.patch("/roles/<key>")
def update_role(key: str):
    body = ROLE_CHANGE_IN.load(request.get_json(silent=True) or {})
    jurisdiction = body.pop("jurisdiction")
    with use_case() as ctx:
        return ROLE_OUT.dump(service.update_role(ctx, jurisdiction, key, body))


# (method, path, summary, request schema, success status, response schema, error statuses);
# openapi.py adds these to the OpenAPI document. QUERY_SCHEMAS: (method, path): schema.
OPERATIONS: list = [
    (
        "get",
        "/roles",
        "Các vai trò của một địa phương (lane của quy trình, vai trò để cấp): vai trò riêng "
        "của địa phương và các vai trò có sẵn unit, central, president (builtin); người có "
        "quyền ở địa phương đó xem được",
        None,
        200,
        RolePage,
        (401, 403, 404, 422),
    ),
    (
        "post",
        "/roles",
        "Tạo vai trò của địa phương mình quản trị (key, tên tiếng Việt, tiếng Anh, cấp để "
        "kiểm tra thứ tự chuỗi); 409 khi đã có",
        RoleIn,
        201,
        RoleOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "patch",
        "/roles/{key}",
        "Đổi tên, cấp hoặc quyền đặt vướng mắc của một vai trò (key giữ nguyên)",
        RoleChangeIn,
        200,
        RoleOut,
        (401, 403, 404, 422),
    ),
]
QUERY_SCHEMAS: dict = {("get", "/roles"): RoleQuery}
