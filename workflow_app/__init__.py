"""Award-nomination dossiers routed through Vietnam's emulation-and-reward approval chain."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter

from .config import load_config
from .domain.vocabulary import INTEGER_MAX
from .engine.budget import ScriptLimits
from .engine.engine import WorkflowEngine
from .engine.serializer import StateSerializer
from .engine.specs import SpecCache
from .persistence.db import Database
from .services.read_only import install as install_read_only
from .worker import install as install_notifications


class DatabaseId(IntegerConverter):
    """`<int:...>` in a route: an id the database can hold (INTEGER), else the route is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", INTEGER_MAX)
        super().__init__(map, *args, **kwargs)


class SegmentText(UnicodeConverter):
    """`<name>` in a route: text without NUL, which PostgreSQL text cannot hold (else a 404)."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]")


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: config, database, engine, blueprints and commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseId
    app.url_map.converters["default"] = app.url_map.converters["string"] = SegmentText
    app.config.from_mapping(load_config())
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["workflow_db"] = Database(
        app.config["DATABASE_URL"],
        bind=app.config.get("DATABASE_BIND"),
        **app.config.get("DATABASE_SESSION_OPTIONS", {}),
    )
    # M1: nothing is written into a merged jurisdiction or a retired unit, by any use case.
    install_read_only(app.extensions["workflow_db"].session_factory)
    # Issue 18: mail is queued with the step that causes it and sent by the task queue.
    install_notifications(app)
    # As in spiff-example-cli, the engine is handed its spec cache and its serializer.
    limits = ScriptLimits(app.config["SCRIPT_CPU_SECONDS"], app.config["SCRIPT_MEMORY_MB"])
    app.extensions["workflow_engine"] = WorkflowEngine(SpecCache(), StateSerializer(), limits)

    from .api import bp as api_bp
    from .cli import register_commands
    from .web import init_web

    app.register_blueprint(api_bp)
    init_web(app)
    register_commands(app)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
