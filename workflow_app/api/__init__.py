"""The JSON API under /api/v1: one blueprint, a module per resource."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import (  # noqa: E402,F401
    dossiers,
    dry_runs,
    errors,
    holds,
    nominees,
    openapi,
    process_models,
    quotas,
    selections,
    settings,
    tasks,
    tokens,
    users,
)
