"""A jurisdiction's own reviewing roles (issue 17): the list with its built-in lanes, a form to
create a role, one to rename it or move its level, and the history of changes. What may be
changed is decided in services.roles; these views only read the forms."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...domain.errors import Conflict, Invalid, NotAllowed, NotFound
from ...services import roles as service
from ...services.setting_changes import setting_history
from ..context import web_use_case
from ..errors import describe, field_messages, status_of
from . import admin_jurisdictions, bp
from .settings import describe as describe_change


def _jurisdiction() -> str:
    """The jurisdiction asked for if the user administers it, else their first."""
    mine = admin_jurisdictions()
    asked = request.values.get("jurisdiction", "")
    return asked if asked in mine else mine[0]


def _level(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _page(values: dict, errors: dict, status: int = 200):
    jurisdiction = _jurisdiction()
    with web_use_case() as ctx:
        roles = service.list_roles(ctx, jurisdiction)
        changes = [describe_change(c) for c in setting_history(ctx, jurisdiction, "role")]
        html = render_template(
            "admin/roles.html",
            roles=roles,
            jurisdiction=jurisdiction,
            jurisdictions=admin_jurisdictions(),
            changes=changes,
            values=values,
            errors=errors,
        )
    return html, status


@bp.get("/roles")
def roles():
    return _page({}, {})


def _refused(error, values: dict):
    """The refusal beside its fields (422), or above the form (403, 409)."""
    notes = field_messages(error) if isinstance(error, Invalid) else {}
    return _page(values, notes or {"_form": describe(error)}, status_of(error))


@bp.post("/roles")
def create_role():
    form = request.form
    values = {k: v for k, v in form.items() if k != "csrf_token"}
    try:
        with web_use_case() as ctx:
            service.create_role(
                ctx,
                _jurisdiction(),
                form.get("key", "").strip(),
                form.get("name_vi", ""),
                form.get("name_en", ""),
                _level(form.get("level")),
                form.get("places_holds") == "on",
            )
    except (Invalid, Conflict, NotAllowed) as error:
        return _refused(error, values)
    flash(_("Đã tạo vai trò %(role)s.", role=form.get("key", "")), "success")
    return redirect(url_for("admin.roles", jurisdiction=_jurisdiction()))


@bp.post("/roles/<key>")
def update_role(key: str):
    form = request.form
    changes = {
        "name_vi": form.get("name_vi"),
        "name_en": form.get("name_en"),
        "level": _level(form.get("level")) if form.get("level") else None,
        "places_holds": form.get("places_holds") == "on",
    }
    try:
        with web_use_case() as ctx:
            service.update_role(ctx, _jurisdiction(), key, changes)
    except (Invalid, Conflict, NotAllowed, NotFound) as error:
        return _refused(error, {})
    flash(_("Đã lưu vai trò %(role)s.", role=key), "success")
    return redirect(url_for("admin.roles", jurisdiction=_jurisdiction()))
