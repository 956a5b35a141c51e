"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..runtime import app_now as now
from ..services.login_guard import LoginPolicy, LoginResult, sign_in
from ..services.sessions import choose_locale, session_user
from .context import web_use_case
from .errors import describe, status_of
from .session import LOCALES, web_user

bp = Blueprint("auth", __name__)


def safe_next(target: str | None, default: str = "inbox.index") -> str:
    """Only same-site paths are followed after sign-in or a switch; anything else goes home."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for(default)


def _refused(username: str, result: LoginResult):
    """The same words whichever half was wrong; a lock-out (the same limiter as API tokens')
    says only when to try again, as a sentence and as Retry-After."""
    error = result.refusal()
    page = render_template("login.html", username=username, error=describe(error))
    response = make_response(page, status_of(error))
    if result.locked:
        response.headers["Retry-After"] = str(result.retry_after)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    if request.method == "GET":
        return render_template("login.html", username="")
    username = request.form.get("username", "")
    with web_use_case() as ctx:
        result = sign_in(
            ctx.session,
            username,
            request.form.get("password", ""),
            request.remote_addr or "",
            now(),
            LoginPolicy.from_settings(current_app.config),
        )
        user = result.user and web_user(session_user(result.user))
    if user is None:
        return _refused(username, result)
    session.clear()  # a fresh session at sign-in: nothing carried over from before
    login_user(user)
    session["seen"] = now().isoformat()
    session.permanent = True
    return redirect(safe_next(request.args.get("next")))


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."))
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    """Switch between Vietnamese and English; a signed-in user keeps the choice."""
    locale = request.form.get("locale", "vi")
    if locale not in LOCALES:
        locale = "vi"
    session["locale"] = locale
    if current_user.is_authenticated:
        with web_use_case() as ctx:
            choose_locale(ctx, locale)
    return redirect(safe_next(request.form.get("next")))
