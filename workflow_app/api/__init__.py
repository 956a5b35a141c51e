"""The JSON API under /api/v1: one blueprint, a module per resource."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import dossiers, errors, nominees, openapi, tasks, tokens  # noqa: E402,F401
