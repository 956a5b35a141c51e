"""Award-nomination dossiers routed through Vietnam's emulation-and-reward approval chain."""

from __future__ import annotations

from flask import Flask

from .config import load_config
from .engine.engine import WorkflowEngine
from .persistence.db import Database


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: config, database, engine, blueprints and commands."""
    app = Flask(__name__, instance_relative_config=True)
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
    app.extensions["workflow_engine"] = WorkflowEngine()

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
