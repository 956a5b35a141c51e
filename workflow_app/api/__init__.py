"""The JSON API under /api/v1: one blueprint, a module per resource."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import (  # noqa: E402,F401
    consultations,
    decisions,
    dossiers,
    dry_runs,
    errors,
    holds,
    jurisdictions,
    nominees,
    openapi,
    postings,
    process_models,
    quotas,
    reports,
    roles,
    rule_sets,
    selections,
    settings,
    tasklist,
    tasks,
    tokens,
    users,
)
