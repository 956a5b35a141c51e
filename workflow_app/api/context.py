"""Run a use case for the current request: authenticate, open one transaction, build the context."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, request
from flask_babel import refresh

from ..domain.access import Actor
from ..domain.errors import NotSignedIn
from ..runtime import service_context
from ..services.accounts import actor_for, token_claims, user_for_token
from ..services.context import ServiceContext
from . import bp

# The calls anyone may make: signing in and reading the API's description.
PUBLIC_ENDPOINTS = frozenset({"api.create_token", "api.openapi_document"})


def database():
    return current_app.extensions["workflow_db"]


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _signed_in(session) -> Actor:
    """The bearer token's user as an actor; no valid token is 401."""
    token = _bearer_token()
    config = current_app.config
    user = token and user_for_token(
        session, config["SECRET_KEY"], token, config["TOKEN_MAX_AGE_SECONDS"]
    )
    if not user:
        raise NotSignedIn()
    g.api_actor = actor_for(user)
    g.api_user_locale = user.locale  # refusals in the user's language, unless asked
    refresh()
    return g.api_actor


@bp.before_request
def authenticate_first() -> None:
    """Every call but the public ones shows a token we signed before its body is read, so an
    anonymous call is 401 whatever it sends, never a 422 about its fields. The signature is
    checked here without the database; whether its user is still active and of that
    generation is checked in the use case's own transaction (one transaction per call)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    token = _bearer_token()
    config = current_app.config
    if (
        not token
        or token_claims(config["SECRET_KEY"], token, config["TOKEN_MAX_AGE_SECONDS"]) is None
    ):
        raise NotSignedIn()


@contextmanager
def use_case(anonymous: bool = False) -> Iterator[ServiceContext]:
    """One request, one transaction: commit when the block ends, roll back on any error."""
    with database().unit_of_work() as session:
        actor = None if anonymous else _signed_in(session)
        yield service_context(session, actor)
