"""Run a use case for a page: one transaction, the signed-in user as the actor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_login import current_user

from ..persistence.db import Database
from ..runtime import service_context
from ..services.context import ServiceContext


def database() -> Database:
    return current_app.extensions["workflow_db"]


@contextmanager
def web_use_case() -> Iterator[ServiceContext]:
    """One page action, one transaction: commit when the block ends, roll back on error."""
    with database().unit_of_work() as session:
        actor = current_user.actor if current_user.is_authenticated else None
        yield service_context(session, actor)
