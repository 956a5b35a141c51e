"""Audit exports for inspectors (X4): a dossier's verifiable history, decisions of a period."""

from __future__ import annotations

from flask import Response, request
from marshmallow import Schema, fields

from ..services import exports
from . import bp
from .context import use_case


class ExportOut(Schema):
    """The export documented in docs/audit-export.md; `events` carry every hashed field."""

    format = fields.String()
    exported_at = fields.String()
    exported_by = fields.String()
    dossier = fields.Dict()
    chain = fields.Dict(metadata={"description": "{genesis, length, head}"})
    events = fields.List(fields.Dict())
    verification = fields.Dict()


class DecisionsQuery(Schema):
    """A period of whole days (yyyy-mm-dd, both included); open ends mean all time."""

    from_ = fields.Date(data_key="from", load_default=None)
    to = fields.Date(load_default=None)


DECISIONS_QUERY = DecisionsQuery()


@bp.get("/dossiers/<int:dossier_id>/export")
def export_dossier(dossier_id: int):
    with use_case() as ctx:
        return exports.dossier_export(ctx, dossier_id)


@bp.get("/audit/decisions")
def decisions():
    """Every decision (completed step) of the period in the caller's jurisdictions, as CSV."""
    query = DECISIONS_QUERY.load(request.args)
    with use_case() as ctx:
        rows = exports.decisions_in_period(ctx, query["from_"], query["to"])
    return Response(exports.decisions_csv(rows), mimetype="text/csv; charset=utf-8")
