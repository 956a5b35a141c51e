"""Users and role grants of the administrator's jurisdictions: the list with a create form,
and a user's page (grants, grant/revoke, deactivate/reactivate, password reset, history).
Who may change whom is decided in services.user_admin; these views only read the forms."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain.errors import Conflict, DomainError, Invalid, NotAllowed
from ...services import user_admin
from ...services.roles import jurisdiction_roles
from ...services.user_admin import GrantSpec
from ..context import web_use_case
from ..errors import describe, field_messages, status_of
from ..formatting import LANE_LABELS
from . import admin_jurisdictions, bp

ROLE_LABELS = {  # the lanes' roles as every page names them, and the two others
    **LANE_LABELS,
    "admin": _l("Quản trị viên"),
    "auditor": _l("Kiểm tra viên"),
}
ACTION_LABELS = {
    "created": _l("Tài khoản được tạo"),
    "deactivated": _l("Tài khoản bị khóa"),
    "activated": _l("Tài khoản được mở khóa"),
    "password_reset": _l("Mật khẩu được đặt lại"),
    "granted": _l("Được cấp vai trò"),
    "revoked": _l("Bị thu hồi vai trò"),
}
_PASSWORDS = ("password", "csrf_token")


def _typed(form) -> dict:
    """What the administrator typed, to show again; never the password."""
    return {k: v for k, v in form.items() if k not in _PASSWORDS}


def _beside(error: DomainError, prefix: str = "") -> dict:
    """Each refused field's note under its form field's name (`_form` for the rest)."""
    notes = field_messages(error)
    return {(k if k == "_form" else prefix + k): note for k, note in notes.items()}


def _spec(form) -> GrantSpec:
    """The grant a form asks for; the unit only counts for the `unit` role."""
    jurisdictions = admin_jurisdictions()
    jurisdiction = form.get("jurisdiction") or (jurisdictions[0] if jurisdictions else None)
    role = form.get("role", "")
    return GrantSpec(role, jurisdiction, form.get("unit") or None if role == "unit" else None)


def _own_roles(ctx) -> dict[str, str]:
    """Issue 17: the reviewing roles of the administrator's jurisdictions, lowest first, with
    the name their administrator gave them in the page's language."""
    english = str(get_locale() or "vi").startswith("en")
    roles = [r for j in admin_jurisdictions() for r in jurisdiction_roles(ctx.session, j)]
    return {r.key: r.name_en if english else r.name_vi for r in reversed(roles)}


def _choices(ctx) -> dict:
    units = user_admin.units_for_admin(ctx)
    own = _own_roles(ctx)
    keys = [*user_admin.GRANTABLE_ROLES, *reversed(own)]
    return {
        "roles": keys,
        "grantable_roles": keys,
        "role_labels": {**own, **ROLE_LABELS},
        "jurisdictions": admin_jurisdictions(),
        "units": units,
        "unit_names": {u.id: u.name for u in units},
    }


def _list_page(values: dict, errors: dict, status: int = 200):
    role = request.args.get("role", "")
    role = role if user_admin.ROLE_KEY.match(role) else ""
    jurisdiction = request.args.get("jurisdiction", "")
    jurisdiction = jurisdiction if jurisdiction in admin_jurisdictions() else ""
    search = request.args.get("q", "").strip()[:200]
    with web_use_case() as ctx:
        found = user_admin.list_users(ctx, jurisdiction or None, role or None, search)
        return render_template(
            "admin/users.html",
            users=found,
            query={"role": role, "q": search, "jurisdiction": jurisdiction},
            values=values,
            errors=errors,
            **_choices(ctx),
        ), status


@bp.get("/users")
def users():
    return _list_page({}, {})


@bp.post("/users")
def create_user():
    form = request.form
    try:
        with web_use_case() as ctx:
            found = user_admin.create_user(
                ctx,
                form.get("username", "").strip(),
                form.get("display_name", ""),
                form.get("password", ""),
                [_spec(form)],
            )
            username = found.user.username
    except Invalid as error:
        return _list_page(_typed(form), _beside(error), 422)
    except Conflict as error:
        return _list_page(_typed(form), {"username": describe(error)}, 409)
    flash(_("Đã tạo tài khoản %(username)s.", username=username), "success")
    return redirect(url_for("admin.user", username=username))


def _user_page(username: str, errors: dict | None = None, values: dict | None = None, status=200):
    with web_use_case() as ctx:
        found = user_admin.managed_user(ctx, username)
        return render_template(
            "admin/user.html",
            found=found,
            history=user_admin.user_history(ctx, found),
            action_labels=ACTION_LABELS,
            is_me=found.user.username == ctx.actor_name,
            errors=errors or {},
            values=values or {},
            **_choices(ctx),
        ), status


@bp.get("/users/<username>")
def user(username: str):
    return _user_page(username)


def _refused(username: str, error: NotAllowed | Conflict, values: dict | None = None):
    """A refusal the administrator can read beside the user's details (403 or 409)."""
    return _user_page(username, {"_form": describe(error)}, values, status_of(error))


@bp.post("/users/<username>/grants")
def grant_role(username: str):
    values = _typed(request.form)
    try:
        with web_use_case() as ctx:
            user_admin.grant_role(ctx, username, _spec(request.form))
    except Invalid as error:
        return _user_page(username, _beside(error, "grant_"), values, 422)
    except (NotAllowed, Conflict) as error:
        return _refused(username, error, values)
    flash(_("Đã cấp vai trò."), "success")
    return redirect(url_for("admin.user", username=username))


@bp.post("/users/<username>/grants/<int:grant_id>/revoke")
def revoke_grant(username: str, grant_id: int):
    try:
        with web_use_case() as ctx:
            user = user_admin.managed_user(ctx, username).user
            released = user_admin.revoke_grant(ctx, username, grant_id)
            visible = bool(user_admin.as_managed(ctx, user).grants)
    except (NotAllowed, Conflict) as error:
        return _refused(username, error)
    _flash_released(_("Đã thu hồi vai trò."), released)
    if not visible:  # no grant left here: the user is no longer this administrator's
        return redirect(url_for("admin.users"))
    return redirect(url_for("admin.user", username=username))


def _flash_released(message: str, released: list[int]) -> None:
    flash(message, "success")
    if released:
        flash(_("%(n)d công việc người này đang nhận đã trả về nhóm.", n=len(released)), "success")


def _set_active(username: str, active: bool, message: str):
    try:
        with web_use_case() as ctx:
            released = user_admin.set_active(ctx, username, active)
    except (NotAllowed, Conflict) as error:
        return _refused(username, error)
    _flash_released(message, released)
    return redirect(url_for("admin.user", username=username))


@bp.post("/users/<username>/deactivate")
def deactivate_user(username: str):
    return _set_active(username, False, _("Đã khóa tài khoản."))


@bp.post("/users/<username>/activate")
def activate_user(username: str):
    return _set_active(username, True, _("Đã mở khóa tài khoản."))


@bp.post("/users/<username>/password")
def reset_password(username: str):
    try:
        with web_use_case() as ctx:
            user_admin.reset_password(ctx, username, request.form.get("password", ""))
    except Invalid as error:
        return _user_page(username, _beside(error, "new_"), status=422)
    except (NotAllowed, Conflict) as error:
        return _refused(username, error)
    flash(
        _("Đã đặt lại mật khẩu. Các phiên đăng nhập cũ của người này đã hết hiệu lực."), "success"
    )
    return redirect(url_for("admin.user", username=username))
