"""The auditor's pages (X4): search, a dossier's timeline, the path step by step, the diff of
two steps, verification, exports and reports. Read-only; auditors and admins only."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_login import login_required

from ..domain.vocabulary import AWARD_FORMS, DOSSIER_STATUSES
from ..services import audit_reports as audit
from ..services import exports
from ..services.replay import replay_dossier
from .context import web_use_case
from .diagram_labels import lane_labels_json

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _date_arg(name: str) -> date | None:
    """A yyyy-mm-dd query argument; anything else means no bound."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _filters() -> audit.SearchFilters:
    args = request.args
    text = {k: args.get(k, "").strip() for k in ("nominee", "unit", "round", "award_form")}
    return audit.SearchFilters(
        **text,
        status=args.get("status", "") if args.get("status") in DOSSIER_STATUSES else "",
        reviewer=args.get("reviewer", "").strip(),
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
    )


@bp.get("")
@login_required
def index():
    filters = _filters()
    with web_use_case() as ctx:
        found = audit.search_dossiers(ctx, filters)
        return render_template(
            "audit_search.html",
            dossiers=found,
            filters=filters,
            statuses=DOSSIER_STATUSES,
            award_forms=AWARD_FORMS,
        )


@bp.get("/dossiers/<int:dossier_id>")
@login_required
def dossier(dossier_id: int):
    with web_use_case() as ctx:
        found = audit.audited_dossier(ctx, dossier_id)
        events = audit.event_rows(ctx, dossier_id)
        return render_template(
            "audit_dossier.html",
            dossier=found,
            entries=audit.timeline(events),
            replay=replay_dossier(ctx, found),
        )


@bp.get("/dossiers/<int:dossier_id>/steps")
@login_required
def steps(dossier_id: int):
    """The diagram at one event: visits per element (each return counted) and the tokens."""
    with web_use_case() as ctx:
        found = audit.audited_dossier(ctx, dossier_id)
        events = audit.event_rows(ctx, dossier_id)
        seqs = [e["seq"] for e in events]
        seq = request.args.get("seq", type=int)
        seq = seq if seq in seqs else (seqs[-1] if seqs else 0)
        position = seqs.index(seq) if seqs else 0
        path = audit.path_at(events, seq)
        return render_template(
            "audit_step.html",
            dossier=found,
            entry=next((e for e in audit.timeline(events) if e.seq == seq), None),
            path=path,
            visits_json=json.dumps(path.visits, sort_keys=True),
            lane_labels=lane_labels_json(ctx, dossier_id),
            events=events,
            previous=seqs[position - 1] if position > 0 else None,
            following=seqs[position + 1] if position + 1 < len(seqs) else None,
        )


@bp.get("/dossiers/<int:dossier_id>/diff")
@login_required
def diff(dossier_id: int):
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    with web_use_case() as ctx:
        found = audit.audited_dossier(ctx, dossier_id)
        events = audit.event_rows(ctx, dossier_id)
        changes = audit.form_diff(events, a or 0, b or 0)  # 422 unless both are decisions
        entries = {entry.seq: entry for entry in audit.timeline(events)}
        return render_template(
            "audit_diff.html", dossier=found, a=entries[a], b=entries[b], changes=changes
        )


@bp.get("/dossiers/<int:dossier_id>/export.json")
@login_required
def export_json(dossier_id: int):
    with web_use_case() as ctx:
        body = exports.dossier_export(ctx, dossier_id)
    return Response(
        json.dumps(body, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=hs-{dossier_id}-export.json"},
    )


@bp.get("/dossiers/<int:dossier_id>/print")
@login_required
def printable(dossier_id: int):
    """The whole history as a page to print (or save as PDF from the browser)."""
    with web_use_case() as ctx:
        found = audit.audited_dossier(ctx, dossier_id)
        events = audit.event_rows(ctx, dossier_id)
        return render_template(
            "audit_print.html",
            dossier=found,
            entries=audit.timeline(events),
            replay=replay_dossier(ctx, found),
            printed_at=ctx.now,
        )


@bp.get("/decisions.csv")
@login_required
def decisions_csv():
    date_from, date_to = _date_arg("from"), _date_arg("to")
    with web_use_case() as ctx:
        rows = exports.decisions_in_period(ctx, date_from, date_to)
    name = f"quyet-dinh-{date_from or 'dau'}-{date_to or 'nay'}.csv"
    return Response(
        exports.decisions_csv(rows),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.get("/reports")
@login_required
def reports():
    """Who did what, per reviewer, level and round; time at each level against its limit."""
    date_from, date_to = _date_arg("from"), _date_arg("to")
    with web_use_case() as ctx:
        times = audit.step_times(ctx, date_from, date_to)
        return render_template(
            "audit_reports.html",
            times=times,
            tallies=audit.tallies(times),
            date_from=date_from,
            date_to=date_to,
        )
