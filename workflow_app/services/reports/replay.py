"""An auditor's check of a report, the way a dossier is checked (X4): the hash chain holds,
re-running the pinned model version from the recorded inputs reaches every recorded state,
the stored state is the replayed one, and an acknowledged report still has the figures it
was acknowledged with."""

from __future__ import annotations

from collections.abc import Mapping

from ...domain.errors import DomainError
from ...engine.engine import EngineError
from ...engine.fingerprint import first_difference, settle_replayed_step
from ...persistence.models import YearlyReport
from ..context import ServiceContext
from ..process_models import parsed_model, version_label
from .filing import get_report, report_facts
from .history import as_mapping, chain_break, report_events


class _Divergence(Exception):
    def __init__(self, seq: int, reason: str):
        super().__init__(reason)
        self.seq, self.reason = seq, reason


def replay_report(ctx: ServiceContext, report_id: int) -> dict:
    """`{verified, steps, mismatch_at, reason}`; the earliest finding wins."""
    report = get_report(ctx, report_id)
    return verify_report(ctx, report)


def verify_report(ctx: ServiceContext, report: YearlyReport) -> dict:
    findings = []
    broken = chain_break(ctx.session, report)
    if broken is not None:
        findings.append((broken.seq, f"hash chain: {broken.reason}"))
    events = [as_mapping(e) for e in report_events(ctx.session, report.id)]
    steps = 0
    try:
        steps = _replay(ctx, report, events)
    except _Divergence as divergence:
        findings.append((divergence.seq, f"replay: {divergence.reason}"))
    if not findings:
        return {"verified": True, "steps": steps, "mismatch_at": None, "reason": None}
    seq, reason = min(findings, key=lambda f: f[0])
    return {"verified": False, "steps": steps, "mismatch_at": seq, "reason": reason}


def _replay(ctx: ServiceContext, report: YearlyReport, events: list[Mapping]) -> int:
    if report.version is None:
        started = [e for e in events if e["type"] in ("workflow_started", "task_completed")]
        if started:
            raise _Divergence(started[0]["seq"], "a step is recorded but no workflow exists")
        return 0
    model, label = parsed_model(ctx, report.version), version_label(report.version)
    last, steps, last_seq = None, 0, 0
    for event in events:
        if event["model_version"] not in (None, label) and event["type"] != "report_created":
            raise _Divergence(event["seq"], f"recorded on {event['model_version']}, pinned {label}")
        try:
            last = _step(ctx, model, last, event)
        except (EngineError, DomainError) as error:
            raise _Divergence(event["seq"], f"the step fails on replay: {error}") from error
        if event["type"] in ("workflow_started", "task_completed"):
            steps, last_seq = steps + 1, event["seq"]
            expected = event["data"].get("state_sha256")
            if expected and not settle_replayed_step(last.workflow, last.state_sha256, expected):
                raise _Divergence(event["seq"], "the state after this step differs from the record")
        if event["type"] == "report_acknowledged" and event["data"] != report_facts(report):
            raise _Divergence(event["seq"], "the figures differ from those acknowledged")
    _compare_stored(ctx, model, report, last, last_seq)
    return steps


def _step(ctx: ServiceContext, model, last, event: Mapping):
    if event["type"] == "workflow_started":
        if last is not None:
            raise _Divergence(event["seq"], "the workflow was started twice")
        return ctx.engine.start(model, event["data"]["start_data"], save=False)
    if event["type"] == "task_completed":
        if last is None:
            raise _Divergence(event["seq"], "a task was completed before the workflow started")
        ready = [t for t in last.ready_tasks if t.info.id == event["task"]]
        if not ready:
            raise _Divergence(event["seq"], f"no ready task '{event['task']}' at this point")
        form = event["data"].get("form") or {}
        return ctx.engine.complete(model, last.workflow, ready[0].spiff_id, form, save=False)
    return last


def _compare_stored(ctx, model, report: YearlyReport, last, at: int) -> None:
    if last is None:
        raise _Divergence(at, "stored state: a workflow no recorded step started")
    try:
        stored = ctx.engine.state_fingerprint(ctx.engine.load(model, report.state))
    except Exception as error:  # an unreadable state is a finding, not a crash
        raise _Divergence(at, f"stored state cannot be loaded: {error}") from error
    replayed = ctx.engine.state_fingerprint(last.workflow)
    if stored != replayed:
        raise _Divergence(at, f"stored state differs: {first_difference(replayed, stored)}")
