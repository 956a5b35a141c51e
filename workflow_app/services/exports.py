"""Exports for an inspector (X4): a dossier's whole history as JSON that can be verified
without this application (docs/audit-export.md, docs/verify_export.py), and a CSV of every
decision of a period in the auditor's jurisdictions."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

from ..domain.history import GENESIS_HASH, event_content, find_chain_break
from ..persistence.models import Dossier, HistoryEvent, Nominee
from .audit_reports import audited_dossier, day_bounds, event_rows, require_auditor, scope_clause
from .context import ServiceContext
from .receipts import receipts_of
from .replay import replay_dossier
from .rule_sets import rule_set_titles

EXPORT_FORMAT = "workflow-khen-thuong/audit-export@1"
CSV_COLUMNS = [
    "dossier_id",
    "nominee",
    "unit",
    "round",
    "award_form",
    "seq",
    "at",
    "actor",
    "lane",
    "task",
    "decision",
    "reason",
    "model_version",
    "hash",
]


def _dossier_facts(ctx: ServiceContext, dossier: Dossier) -> dict:
    return {
        "id": dossier.id,
        "jurisdiction": dossier.jurisdiction_id,
        "unit": dossier.unit_id,
        "nominee": {"id": dossier.nominee.id, "name": dossier.nominee.name},
        "round": dossier.round,
        "award_form": dossier.award_form,
        "status": dossier.status,
        "rule_set": dossier.rule_set,
        # R1: its rule set by name; R2: its achievement period; T5: when each level got it.
        "rule_set_title": rule_set_titles(ctx.session).get(dossier.rule_set),
        "achievement_from": _day(dossier.achievement_from),
        "achievement_to": _day(dossier.achievement_to),
        "received": {
            r.lane: r.received_at.isoformat(timespec="seconds")
            for r in receipts_of(ctx.session, dossier.id)
        },
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def dossier_export(ctx: ServiceContext, dossier_id: int) -> dict:
    """The history with every hashed field exactly as hashed, its head, and our own verdict
    (the inspector is expected to recompute it rather than trust it)."""
    dossier = audited_dossier(ctx, dossier_id)
    events = event_rows(ctx, dossier.id)
    broken = find_chain_break(events, dossier.history_length, dossier.history_head)
    replay = replay_dossier(ctx, dossier)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": ctx.now.replace(tzinfo=None).isoformat(timespec="seconds"),
        "exported_by": ctx.actor_name,
        "dossier": _dossier_facts(ctx, dossier),
        "chain": {
            "genesis": GENESIS_HASH,
            "length": dossier.history_length,
            "head": dossier.history_head,
        },
        "events": [
            {**event_content(e), "prev_hash": e["prev_hash"], "hash": e["hash"]} for e in events
        ],
        "verification": {
            "chain_holds": broken is None,
            "replay_verified": replay.verified,
            "mismatch_at": replay.mismatch_at,
            "reason": replay.reason,
        },
    }


def decisions_in_period(ctx: ServiceContext, date_from: date | None, date_to: date | None):
    """Every completed step (a decision) recorded in the period, oldest first."""
    scope = require_auditor(ctx)
    start, end = day_bounds(date_from, date_to)
    stmt = (
        select(HistoryEvent, Dossier, Nominee.name)
        .join(Dossier, Dossier.id == HistoryEvent.dossier_id)
        .join(Nominee, Nominee.id == Dossier.nominee_id)
        .where(HistoryEvent.type == "task_completed")
        .where(HistoryEvent.at >= start, HistoryEvent.at < end)
        .order_by(HistoryEvent.at, HistoryEvent.dossier_id, HistoryEvent.seq)
    )
    if (clause := scope_clause(scope)) is not None:
        stmt = stmt.where(clause)
    return [
        _decision_row(event, dossier, name) for event, dossier, name in ctx.session.execute(stmt)
    ]


def _decision_row(event: HistoryEvent, dossier: Dossier, nominee: str) -> dict:
    form = (event.data or {}).get("form") or {}
    return {
        "dossier_id": dossier.id,
        "nominee": nominee,
        "unit": dossier.unit_id,
        "round": dossier.round,
        "award_form": dossier.award_form,
        "seq": event.seq,
        "at": event.at.isoformat(timespec="seconds"),
        "actor": event.actor,
        "lane": (event.data or {}).get("lane"),
        "task": event.task,
        "decision": form.get("decision", ""),
        "reason": form.get("reason", ""),
        "model_version": event.model_version,
        "hash": event.hash,
    }


def decisions_csv(rows: list[dict]) -> str:
    """UTF-8 CSV with a BOM-free header row; spreadsheet formulas are neutralised."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value):
    """A reason typed as `=HYPERLINK(...)` must stay text when the CSV is opened (CSV
    injection), so such cells get a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
