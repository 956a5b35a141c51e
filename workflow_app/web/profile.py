"""The user's own profile: the address notices go to, and which notices they want (issue 18)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain.errors import Invalid
from ..services import notifications
from .context import web_use_case
from .errors import field_messages

bp = Blueprint("profile", __name__)


def _page(values: dict, errors: dict, status: int = 200):
    return render_template("profile.html", values=values, errors=errors), status


@bp.get("/profile")
@login_required
def show():
    with web_use_case() as ctx:
        values = notifications.preferences_of(ctx.session, current_user.id)
    return _page(values, {})


@bp.post("/profile")
@login_required
def save():
    email = request.form.get("email", "")
    chosen = {choice: choice in request.form for choice in notifications.CHOICES}
    try:
        with web_use_case() as ctx:
            notifications.save_preferences(ctx.session, current_user.id, email, chosen)
    except Invalid as error:
        return _page({"email": email, **chosen}, field_messages(error), 422)
    flash(_("Đã lưu thông tin nhận thư."), "success")
    return redirect(url_for("profile.show"))
