"""Who a browser session belongs to: the user it was opened for, and their chosen language."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.access import Actor
from ..persistence.models import User
from .accounts import actor_for, session_key, user_for_session
from .context import ServiceContext


@dataclass(frozen=True)
class SessionUser:
    """What a session keeps of its user, so pages never hold a database row."""

    id: int
    username: str
    display_name: str
    locale: str
    actor: Actor
    key: str  # names the credential generation: a new one ends the sessions opened before


def session_user(user: User) -> SessionUser:
    """The session's view of a user who has just signed in."""
    return SessionUser(
        user.id,
        user.username,
        user.display_name,
        user.locale or "vi",
        actor_for(user),
        session_key(user),
    )


def resume_session(ctx: ServiceContext, key: str) -> SessionUser | None:
    """The user a session was opened for, unless deactivated or their credentials renewed."""
    user = user_for_session(ctx.session, key)
    return session_user(user) if user is not None else None


def choose_locale(ctx: ServiceContext, locale: str) -> None:
    """Keep the signed-in user's language for their next sessions (the edge checks the code)."""
    user = ctx.session.get(User, ctx.actor_id) if ctx.actor_id else None
    if user is not None:
        user.locale = locale
