"""Run a use case for a page: one transaction, the signed-in user as the actor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_login import current_user

from ..persistence.db import Database
from ..services.context import ServiceContext


def database() -> Database:
    return current_app.extensions["workflow_db"]


def now() -> datetime:
    """The app's clock (naive UTC); tests set CLOCK to move time without sleeping."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def web_use_case() -> Iterator[ServiceContext]:
    """One page action, one transaction: commit when the block ends, roll back on error."""
    with database().unit_of_work() as session:
        yield ServiceContext(
            session=session,
            actor=current_user.actor if current_user.is_authenticated else None,
            now=now(),
            engine=current_app.extensions["workflow_engine"],
            upload_dir=Path(current_app.config["UPLOAD_DIR"]),
        )
