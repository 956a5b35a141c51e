"""Which language a request is answered in, for pages and the API alike."""

from __future__ import annotations

from flask import g, has_request_context, request, session
from flask_login import current_user

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"


def select_locale() -> str:
    """API: Accept-Language, then the token user's locale. Pages: the user's stored choice,
    then this browser session's. Vietnamese otherwise."""
    if not has_request_context():
        return DEFAULT_LOCALE
    if request.path.startswith("/api/"):
        asked = request.headers.get("Accept-Language") and request.accept_languages.best_match(
            LOCALES
        )
        return asked or _known(g.get("api_user_locale"))
    if current_user and current_user.is_authenticated:
        return _known(current_user.locale)
    return _known(session.get("locale"))


def _known(locale: str | None) -> str:
    return locale if locale in LOCALES else DEFAULT_LOCALE
