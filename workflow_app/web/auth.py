"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..persistence.models import User
from ..runtime import app_now as now
from ..services.login_guard import LoginPolicy, sign_in
from .context import database
from .session import LOCALES, web_user

bp = Blueprint("auth", __name__)


def safe_next(target: str | None, default: str = "inbox.index") -> str:
    """Only same-site paths are followed after sign-in or a switch; anything else goes home."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for(default)


def _policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(
        max_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        max_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
    )


def _refused(username: str, locked: bool):
    """The same words whichever half was wrong; a lock-out says only when to try again."""
    if locked:
        minutes = current_app.config["LOGIN_WINDOW_MINUTES"]
        message = _(
            "Đăng nhập tạm khóa do nhập sai nhiều lần. Hãy thử lại sau %(minutes)d phút.",
            minutes=minutes,
        )
        return render_template("login.html", username=username, error=message), 429
    message = _("Tên đăng nhập hoặc mật khẩu không đúng.")
    return render_template("login.html", username=username, error=message), 401


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    if request.method == "GET":
        return render_template("login.html", username="")
    username = request.form.get("username", "")
    with database().unit_of_work() as db_session:
        result = sign_in(
            db_session,
            username,
            request.form.get("password", ""),
            request.remote_addr or "",
            now(),
            _policy(),
        )
        user = result.user and web_user(result.user)
    if user is None:
        return _refused(username, result.locked)
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
        with database().unit_of_work() as db_session:
            db_session.get(User, current_user.id).locale = locale
    return redirect(safe_next(request.form.get("next")))
