"""Who is signed in (flask-login), their language, and sign-out after inactivity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, logout_user

from ..domain.access import Actor
from ..messages.locale import LOCALES  # noqa: F401  (the language switch offers these)
from ..runtime import app_now as now
from ..services.sessions import SessionUser, resume_session
from .context import use_case_as
from .extensions import login_manager

_QUIET_PREFIXES = ("/api/", "/static/", "/vendor/", "/healthz")


@dataclass
class WebUser(UserMixin):
    """The signed-in user as pages see them; the key ends old sessions on a credential change."""

    id: int
    username: str
    display_name: str
    locale: str
    actor: Actor
    key: str

    def get_id(self) -> str:
        return self.key

    def has_role(self, role: str) -> bool:
        return any(grant.role == role for grant in self.actor.grants)


def web_user(user: SessionUser) -> WebUser:
    return WebUser(user.id, user.username, user.display_name, user.locale, user.actor, user.key)


@login_manager.user_loader
def _load_user(session_id: str) -> WebUser | None:
    with use_case_as(None) as ctx:
        user = resume_session(ctx, session_id)
    return user and web_user(user)


def _idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["WEB_SESSION_IDLE_MINUTES"])


def _expire_idle_session() -> None:
    """Sign out a session unused for longer than the idle limit; note the last activity."""
    if request.path.startswith(_QUIET_PREFIXES) or not current_user.is_authenticated:
        return
    moment = now()
    seen = session.get("seen")
    if seen and moment - datetime.fromisoformat(seen) > _idle_limit():
        logout_user()
        locale = session.get("locale")
        session.clear()
        if locale:
            session["locale"] = locale
        flash(_("Phiên làm việc đã hết hạn do lâu không thao tác. Vui lòng đăng nhập lại."))
        return
    session["seen"] = moment.isoformat()
    session.permanent = True


def register(app: Flask) -> None:
    app.permanent_session_lifetime = timedelta(minutes=app.config["WEB_SESSION_IDLE_MINUTES"])
    app.before_request(_expire_idle_session)
