"""Run a use case for a page: one transaction, the signed-in user as the actor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g
from flask_login import current_user

from ..domain.access import Actor
from ..runtime import service_context
from ..services.context import ServiceContext


@contextmanager
def use_case_as(actor: Actor | None) -> Iterator[ServiceContext]:
    """One transaction acting as `actor`; None is nobody yet (loading a session's user)."""
    with current_app.extensions["workflow_db"].unit_of_work() as session:
        yield service_context(session, actor)


@contextmanager
def web_use_case() -> Iterator[ServiceContext]:
    """One page action, one transaction: commit when the block ends, roll back on error."""
    actor = current_user.actor if current_user.is_authenticated else None
    with use_case_as(actor) as ctx:
        outer = g.get("use_case_session")
        g.use_case_session = ctx.session  # labels read through it (SQLite: one writer)
        try:
            yield ctx
        finally:
            g.use_case_session = outer
