"""Users and role grants of a jurisdiction, managed by its administrators (issue 4). Who may
see and change whom is decided in services.user_admin."""

from __future__ import annotations

from flask import request
from flask_babel import LazyString
from marshmallow import Schema, fields, validate

from ..domain.errors import problem
from ..domain.roles import ROLE_KEY
from ..messages import field_text
from ..services import user_admin
from ..services.user_admin import GrantSpec
from . import bp
from .context import use_case
from .schemas import RequestSchema, UtcDateTime


def _field_text(code: str, **params) -> LazyString:
    """A field problem's text, worded when a request is validated (in its language)."""
    return LazyString(lambda: field_text(problem(code, **params)))


_LENGTHS = {"min": user_admin.MIN_PASSWORD_LENGTH, "max": user_admin.MAX_PASSWORD_LENGTH}
_USERNAME = validate.Regexp(user_admin.USERNAME, error=_field_text("username_format"))
_PASSWORD = validate.Length(**_LENGTHS, error=_field_text("password_length_range", **_LENGTHS))


class UserQuery(RequestSchema):
    jurisdiction = fields.String(validate=validate.Length(min=1, max=64))
    role = fields.String(validate=validate.Regexp(ROLE_KEY))
    q = fields.String(load_default="", validate=validate.Length(max=200))


class UserGrantIn(RequestSchema):
    # issue 17: unit, admin, auditor or one of the jurisdiction's own roles (GET /roles)
    role = fields.String(required=True, validate=validate.Regexp(ROLE_KEY))
    # null: a national grant, which no provincial administrator may give (403)
    jurisdiction = fields.String(required=True, allow_none=True)
    unit = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class UserCreateIn(RequestSchema):
    username = fields.String(required=True, validate=_USERNAME)
    display_name = fields.String(
        required=True, validate=validate.Length(min=1, max=user_admin.MAX_DISPLAY_NAME)
    )
    password = fields.String(required=True, load_only=True, validate=_PASSWORD)
    grants = fields.List(fields.Nested(UserGrantIn), required=True, validate=validate.Length(min=1))


class UserPasswordIn(RequestSchema):
    password = fields.String(required=True, load_only=True, validate=_PASSWORD)


class ManagedGrantOut(Schema):
    id = fields.Integer()
    role = fields.String()
    jurisdiction = fields.String(attribute="jurisdiction_id")
    unit = fields.String(attribute="unit_id", allow_none=True)


class UserChangeOut(Schema):
    action = fields.String(
        metadata={
            "description": "created, deactivated, activated, password_reset, granted, revoked"
        }
    )
    jurisdiction = fields.String(attribute="jurisdiction_id")
    role = fields.String(allow_none=True)
    unit = fields.String(attribute="unit_id", allow_none=True)
    changed_by = fields.String()
    changed_at = UtcDateTime()


class ManagedUserOut(Schema):
    username = fields.String()
    display_name = fields.String()
    active = fields.Boolean()
    created_at = UtcDateTime()
    grants = fields.List(
        fields.Nested(ManagedGrantOut),
        metadata={"description": "Only the grants in the jurisdictions the caller administers"},
    )
    other_jurisdictions = fields.Integer(
        metadata={"description": "How many grants the user holds elsewhere (not shown)"}
    )
    released_tasks = fields.List(
        fields.Integer(),
        metadata={"description": "Claimed tasks put back in the group inbox by this change"},
    )
    history = fields.List(fields.Nested(UserChangeOut))


class ManagedUserPage(Schema):
    items = fields.List(fields.Nested(ManagedUserOut))


USER_QUERY = UserQuery()
GRANT_IN = UserGrantIn()
CREATE_IN = UserCreateIn()
PASSWORD_IN = UserPasswordIn()
GRANT_OUT = ManagedGrantOut()
USER_OUT = ManagedUserOut()
USER_PAGE = ManagedUserPage()


def _spec(body: dict) -> GrantSpec:
    return GrantSpec(body["role"], body["jurisdiction"], body.get("unit") or None)


def _user_data(found: user_admin.ManagedUser, **extra) -> dict:
    user = found.user
    return {
        "username": user.username,
        "display_name": user.display_name,
        "active": user.active,
        "created_at": user.created_at,
        "grants": found.grants,
        "other_jurisdictions": found.elsewhere,
        **extra,
    }


def _user_body(found: user_admin.ManagedUser, **extra) -> dict:
    return USER_OUT.dump(_user_data(found, **extra))


@bp.get("/users")
def list_users():
    query = USER_QUERY.load(request.args)
    with use_case() as ctx:
        found = user_admin.list_users(ctx, query.get("jurisdiction"), query.get("role"), query["q"])
        return USER_PAGE.dump({"items": [_user_data(u) for u in found]})


@bp.post("/users")
def create_user():
    body = CREATE_IN.load(request.get_json(silent=True) or {})
    with use_case() as ctx:
        found = user_admin.create_user(
            ctx,
            body["username"],
            body["display_name"],
            body["password"],
            [_spec(g) for g in body["grants"]],
        )
        return _user_body(found), 201


@bp.get("/users/<username>")
def get_user(username: str):
    with use_case() as ctx:
        found = user_admin.managed_user(ctx, username)
        return _user_body(found, history=user_admin.user_history(ctx, found))


def _set_active(username: str, active: bool):
    with use_case() as ctx:
        released = user_admin.set_active(ctx, username, active)
        found = user_admin.managed_user(ctx, username)
        return _user_body(found, released_tasks=released)


@bp.post("/users/<username>/deactivate")
def deactivate_user(username: str):
    return _set_active(username, False)


@bp.post("/users/<username>/activate")
def activate_user(username: str):
    return _set_active(username, True)


@bp.post("/users/<username>/grants")
def grant_role(username: str):
    body = GRANT_IN.load(request.get_json(silent=True) or {})
    with use_case() as ctx:
        return GRANT_OUT.dump(user_admin.grant_role(ctx, username, _spec(body))), 201


@bp.delete("/users/<username>/grants/<int:grant_id>")
def revoke_grant(username: str, grant_id: int):
    with use_case() as ctx:
        found = user_admin.managed_user(ctx, username)
        released = user_admin.revoke_grant(ctx, username, grant_id)
        return _user_body(user_admin.as_managed(ctx, found.user), released_tasks=released)


@bp.post("/users/<username>/password")
def reset_password(username: str):
    body = PASSWORD_IN.load(request.get_json(silent=True) or {})
    with use_case() as ctx:
        user_admin.reset_password(ctx, username, body["password"])
        return "", 204


_ADMIN_ONLY = "Chỉ quản trị viên; chỉ người dùng có quyền trong địa phương mình quản trị"
# (method, path, summary, request schema, success status, response schema, error statuses);
# openapi.py adds these to the OpenAPI document. QUERY_SCHEMAS: (method, path): schema.
OPERATIONS: list = [
    (
        "get",
        "/users",
        f"Người dùng của địa phương (jurisdiction, role, q). {_ADMIN_ONLY}; quyền ở địa "
        "phương khác chỉ được đếm (other_jurisdictions)",
        None,
        200,
        ManagedUserPage,
        (401, 403, 422),
    ),
    (
        "post",
        "/users",
        "Tạo người dùng với ít nhất một vai trò trong địa phương mình quản trị (mật khẩu ít "
        "nhất 10 ký tự, chỉ lưu bản băm); 409 khi tên đăng nhập đã có; 403 khi cấp quyền ở "
        "địa phương khác hoặc cấp trung ương",
        UserCreateIn,
        201,
        ManagedUserOut,
        (401, 403, 409, 422),
    ),
    (
        "get",
        "/users/{username}",
        f"Xem người dùng, các quyền trong địa phương mình và lịch sử thay đổi. {_ADMIN_ONLY} "
        "(người khác: 404)",
        None,
        200,
        ManagedUserOut,
        (401, 403, 404),
    ),
    (
        "post",
        "/users/{username}/deactivate",
        "Khóa tài khoản: không đăng nhập, không nhận token được nữa, phiên và token cũ hết "
        "hiệu lực, công việc đang nhận trả về nhóm. Không tự khóa mình; 403 khi tài khoản còn "
        "quyền ở địa phương khác",
        None,
        200,
        ManagedUserOut,
        (401, 403, 404),
    ),
    (
        "post",
        "/users/{username}/activate",
        "Mở khóa tài khoản",
        None,
        200,
        ManagedUserOut,
        (401, 403, 404),
    ),
    (
        "post",
        "/users/{username}/grants",
        "Cấp vai trò (role, jurisdiction, unit cho vai trò unit) trong địa phương mình quản "
        "trị; 403 khi địa phương/đơn vị không thuộc mình hoặc quyền cấp trung ương; 409 khi "
        "đã có",
        UserGrantIn,
        201,
        ManagedGrantOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "delete",
        "/users/{username}/grants/{id}",
        "Thu hồi một quyền trong địa phương mình quản trị (không tự thu hồi quyền quản trị "
        "cuối cùng); công việc đang nhận mà không còn quyền xử lý trả về nhóm",
        None,
        200,
        ManagedUserOut,
        (401, 403, 404),
    ),
    (
        "post",
        "/users/{username}/password",
        "Đặt lại mật khẩu (ít nhất 10 ký tự); phiên và token cũ hết hiệu lực; 403 khi tài "
        "khoản còn quyền ở địa phương khác",
        UserPasswordIn,
        204,
        None,
        (401, 403, 404, 422),
    ),
]
QUERY_SCHEMAS: dict = {("get", "/users"): UserQuery}
