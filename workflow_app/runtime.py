"""What a use case takes from the running app: its clock, engine and upload folder.

The API, the web pages and the CLI all build their ServiceContext here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.orm import Session

from .domain.access import Actor
from .services.context import ServiceContext


def app_now(app: Flask | None = None) -> datetime:
    """The app's clock, naive UTC; tests set CLOCK to a callable to move time, never sleep."""
    clock = (app or current_app).config.get("CLOCK")
    return clock() if clock else datetime.now(UTC).replace(tzinfo=None)


def service_context(session: Session, actor: Actor | None, app: Flask | None = None):
    """A use case's context in this app; `actor` None is the system itself."""
    app = app or current_app
    return ServiceContext(
        session=session,
        actor=actor,
        now=app_now(app),
        engine=app.extensions["workflow_engine"],
        upload_dir=Path(app.config["UPLOAD_DIR"]),
    )
