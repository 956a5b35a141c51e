"""Dry runs (issue 4): run a version, usually a draft, against sample dossiers before it is
published, and show the path each took and where it stopped.

Each sample becomes a throw-away nominee and dossier of the model's jurisdiction, started on
the chosen version by the real step code (start_instance, complete_task: the engine, the
form validation, the DMN routing, quota reservations). Every run happens inside a SAVEPOINT
that is always rolled back: nothing of it is kept, and the caller's transaction goes on as
if it had not happened (no dossier, history event, task or quota slot is left behind).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

from sqlalchemy import select

from ..domain.access import Actor, Grant
from ..domain.dossier import INITIATIVE_DOCUMENT, REQUIRED_DOCUMENTS
from ..domain.errors import Conflict, DomainError, Invalid, NotEligible, problem
from ..domain.rounds import annual_round, is_round
from ..domain.submission import check_submittable
from ..engine.specs import ModelInvalid, ParsedModel
from ..persistence.models import (
    Document,
    Dossier,
    HistoryEvent,
    HumanTask,
    Nominee,
    ProcessModel,
    ProcessModelVersion,
    RoundDeadline,
    Unit,
)
from .context import ServiceContext
from .deadlines import deadline_for
from .dossiers import (
    get_dossier,
    start_data,  # the facts a real submission gives
)
from .dry_run_samples import (
    DRY_RUN_TEXT,
    OPEN_ROUND,
    Sample,
    bundled_samples,
    check_decisions,
    form_data,
    properties_of,
    scripted,
)
from .eligibility import check_eligible
from .model_versions import model_version, writable_model
from .process_models import parsed_model
from .roles import levels_of
from .rule_sets import rule_set_key_today
from .selection.sittings import sit_alone
from .steps import start_instance
from .tasks import complete_task

# How a run that reached its end ended (S4: outside the quota is not a rejection).
ENDINGS = {"approved": "dry_run_approved", "not_selected": "dry_run_outside_quota"}

MAX_STEPS = 50
MAX_RUNS = 20


def dry_run_version(ctx: ServiceContext, key: str, number: int) -> ProcessModelVersion:
    """The version an admin of its model's jurisdiction may dry-run; 403 others, 404 unknown."""
    return model_version(writable_model(ctx, key), number)


def _parsed(ctx: ServiceContext, version: ProcessModelVersion) -> ParsedModel:
    try:
        return parsed_model(ctx, version)
    except ModelInvalid as error:
        raise Invalid(
            "dry_run_version_unbuildable", details={"problems": error.problems}
        ) from error


def decision_tasks(ctx: ServiceContext, version: ProcessModelVersion) -> list[dict]:
    """The version's user tasks (id, title, lane) and whether their form takes a decision."""
    parsed = _parsed(ctx, version)
    return [
        {
            "id": info.id,
            "title": info.title,
            "lane": info.lane,
            "decides": "decision" in properties_of(parsed, info.form_schema),
        }
        for info in parsed.user_tasks.values()
    ]


def dry_run(
    ctx: ServiceContext,
    key: str,
    number: int,
    samples: Sequence[str] | None = None,
    dossier_ids: Sequence[int] = (),
    decisions: Mapping | None = None,
) -> dict:
    """Run the chosen samples (all bundled ones if none is named) and dossiers on the version;
    `decisions` override the samples' scripts task by task. Nothing is kept."""
    version = dry_run_version(ctx, key, number)
    parsed = _parsed(ctx, version)
    overrides = check_decisions(decisions or {})
    chosen = _chosen(ctx, version.process_model, samples, dossier_ids)
    runs = [
        _isolated_run(ctx, version, parsed, replace(s, decisions={**s.decisions, **overrides}))
        for s in chosen
    ]
    return {
        "version": {
            "key": version.process_model.key,
            "version": version.version,
            "status": version.status,
            "jurisdiction": version.process_model.jurisdiction_id,
        },
        "runs": runs,
    }


def _chosen(
    ctx: ServiceContext, model: ProcessModel, names: Sequence[str] | None, dossier_ids
) -> list[Sample]:
    known = {s.name: s for s in bundled_samples()}
    if not names and not dossier_ids:
        names = list(known)
    unknown = [name for name in names or () if name not in known]
    if unknown:
        raise Invalid(
            "unknown_dry_run_sample", details={"samples": {n: problem("unknown") for n in unknown}}
        )
    if len(names or ()) + len(dossier_ids) > MAX_RUNS:
        raise Invalid("too_many_dry_runs", max=MAX_RUNS, details={"samples": MAX_RUNS})
    chosen = [known[name] for name in names or ()]
    return chosen + [_dossier_sample(ctx, model, i) for i in dict.fromkeys(dossier_ids)]


def _dossier_sample(ctx: ServiceContext, model: ProcessModel, dossier_id: int) -> Sample:
    """An existing dossier's facts, to be copied into a throw-away one (it stays untouched)."""
    dossier = get_dossier(ctx, dossier_id)  # 404 unless this admin may read it
    if dossier.jurisdiction_id != model.jurisdiction_id:
        raise Invalid(
            "dossier_outside_model_jurisdiction",
            dossier_id=dossier_id,
            details={"dossier_ids": {str(dossier_id): model.jurisdiction_id}},
        )
    return Sample(
        name=f"HS-{dossier.id}",
        label=f"HS-{dossier.id}: {dossier.nominee.name}",
        nominee_kind=dossier.nominee.kind,
        round=dossier.round,
        award_form=dossier.award_form,
        claims_initiative=dossier.claims_initiative,
        unit_id=dossier.unit_id,
        submitted_at=dossier.submitted_at,
        source_dossier_id=dossier.id,
    )


def _isolated_run(
    ctx: ServiceContext, version: ProcessModelVersion, parsed: ParsedModel, sample: Sample
) -> dict:
    """One sample inside a SAVEPOINT that is always rolled back."""
    savepoint = ctx.session.begin_nested()
    try:
        return _run(ctx, version, parsed, sample)
    finally:
        savepoint.rollback()
        # Rows the run changed behind the ORM (quota counters) are re-read from the database.
        ctx.session.expire_all()


def _run(
    ctx: ServiceContext, version: ProcessModelVersion, parsed: ParsedModel, sample: Sample
) -> dict:
    result = {
        "sample": sample.name,
        "label": sample.label,
        "dossier_id": sample.source_dossier_id,
        "nominee_kind": sample.nominee_kind,
        "award_form": sample.award_form,
        "round": sample.round,
        "unit": sample.unit_id,
        "path": [],
        "stopped": None,
        "status": "draft",
    }
    jurisdiction_id = version.process_model.jurisdiction_id
    try:
        result["round"] = _round_for(ctx, version, sample)
        # E1: the version's own eligibility table, as a real dossier would meet it.
        check_eligible(ctx, version, sample.award_form, sample.nominee_kind, result["round"])
        dossier = _throwaway_dossier(ctx, jurisdiction_id, sample, result["round"])
        result["unit"] = dossier.unit_id
        lanes = _lanes_held(ctx, dossier, parsed)
        run_ctx = replace(ctx, actor=_every_lane(ctx.actor, dossier, lanes))
        instance = start_instance(run_ctx, dossier, version, start_data(dossier))
    except DomainError as error:  # a refusal, or a failed engine step (EngineError)
        result["stopped"] = _error_stop(error, None)
        return result
    result["status"] = dossier.status
    walk = _Walk(run_ctx, parsed, dossier, sample.decisions, _form_date(ctx, dossier), result)
    result["stopped"] = walk.run(instance)
    return result


def _round_for(ctx: ServiceContext, version: ProcessModelVersion, sample: Sample) -> str:
    """The sample's round if it is still open (T1-T3), or the earliest open one it may enter
    (E1: one the version's eligibility table allows for the sample)."""
    jurisdiction_id = version.process_model.jurisdiction_id
    at = sample.submitted_at or ctx.now
    if sample.round != OPEN_ROUND:
        if not is_round(sample.round):
            raise Invalid("invalid_round", round=sample.round)
        deadline = deadline_for(ctx.session, jurisdiction_id, sample.round)
        # A throw-away dossier is a fresh draft with every document: what a real submission
        # checks (the same function) comes down to the round's deadline.
        kinds = _document_kinds(sample.claims_initiative)
        check_submittable("draft", kinds, sample.claims_initiative, sample.round, deadline, at)
        return sample.round
    rounds = ctx.session.scalars(
        select(RoundDeadline.round)
        .where(RoundDeadline.jurisdiction_id == jurisdiction_id, RoundDeadline.deadline > at)
        .order_by(RoundDeadline.deadline, RoundDeadline.round)
    ).all()
    # A jurisdiction with no deadline set for this year's (or next year's) round: it is open.
    unset = [
        r
        for r in (annual_round(at.year), annual_round(at.year + 1))
        if deadline_for(ctx.session, jurisdiction_id, r) is None
    ]
    open_rounds = [*rounds, *unset]
    for round_ in open_rounds:
        try:
            check_eligible(ctx, version, sample.award_form, sample.nominee_kind, round_)
        except NotEligible:
            continue
        return round_
    if open_rounds:  # open, but never for this sample: the run says why (E1)
        return open_rounds[0]
    raise Conflict("no_open_round", day=at.date(), details={"round": OPEN_ROUND})


def _throwaway_dossier(
    ctx: ServiceContext, jurisdiction_id: str, sample: Sample, round_: str
) -> Dossier:
    """A submitted dossier with the sample's facts; its documents are rows only, no files."""
    unit_id = sample.unit_id or ctx.session.scalar(
        select(Unit.id)
        .where(Unit.jurisdiction_id == jurisdiction_id, Unit.retired_on.is_(None))  # M1
        .order_by(Unit.id)
    )
    if unit_id is None:
        raise Conflict("no_unit_for_dry_run")
    nominee = Nominee(
        kind=sample.nominee_kind,
        name=f"{DRY_RUN_TEXT}: {sample.label}",
        unit_id=unit_id,
        jurisdiction_id=jurisdiction_id,
        created_at=ctx.now,
    )
    dossier = Dossier(
        nominee=nominee,
        unit_id=unit_id,
        jurisdiction_id=jurisdiction_id,
        round=round_,
        award_form=sample.award_form,
        achievement_summary=DRY_RUN_TEXT,
        claims_initiative=sample.claims_initiative,
        status="in_progress",
        rule_set=rule_set_key_today(ctx),  # R1: as a real submission today would
        created_by_id=ctx.actor_id,
        created_at=ctx.now,
        submitted_at=ctx.now,
    )
    dossier.documents = [_document_row(ctx, k) for k in _document_kinds(sample.claims_initiative)]
    ctx.session.add(dossier)
    ctx.session.flush()
    return dossier


def _document_kinds(claims_initiative: bool) -> tuple[str, ...]:
    """D1-D4: the documents a throw-away dossier is given, all it needs."""
    return REQUIRED_DOCUMENTS + ((INITIATIVE_DOCUMENT,) if claims_initiative else ())


def _document_row(ctx: ServiceContext, kind: str) -> Document:
    return Document(
        kind=kind,
        original_filename=f"{kind}.pdf",
        stored_name=f"dry-run-{uuid4().hex}",
        content_type="application/pdf",
        size=0,
        sha256=hashlib.sha256(b"").hexdigest(),
        uploaded_by_id=ctx.actor_id,
        uploaded_at=ctx.now,
    )


def _lanes_held(ctx: ServiceContext, dossier: Dossier, parsed: ParsedModel) -> set[str]:
    """The version's lanes that are roles of the dossier's jurisdiction (issue 17); a lane
    that is none is held by nobody, so the run waits there."""
    roles = levels_of(ctx.session, dossier.jurisdiction_id)
    return {task.lane for task in parsed.user_tasks.values() if task.lane in roles}


def _every_lane(actor: Actor, dossier: Dossier, lanes: set[str]) -> Actor:
    """The admin, acting for the run in every lane of the dossier's jurisdiction and unit."""
    grants = frozenset(
        Grant(role, dossier.jurisdiction_id, dossier.unit_id if role == "unit" else None)
        for role in lanes
    )
    return Actor(actor.user_id, actor.username, grants)


def _form_date(ctx: ServiceContext, dossier: Dossier) -> date:
    """Dates in forms: the run's day, or the day before the round's deadline if that is sooner."""
    deadline = deadline_for(ctx.session, dossier.jurisdiction_id, dossier.round)
    today = ctx.now.date()
    return min(today, (deadline - timedelta(days=1)).date()) if deadline else today


class _Walk:
    """Complete each open task of one throw-away dossier with its scripted decision."""

    def __init__(self, ctx, parsed, dossier, script: Mapping, on: date, result: dict):
        self.ctx, self.parsed, self.dossier = ctx, parsed, dossier
        self.script, self.on, self.result = script, on, result
        self.seen: Counter[str] = Counter()

    def run(self, instance) -> dict:
        for _ in range(MAX_STEPS):
            if instance.completed:
                return self._completed()
            task = self._open_task()
            if task is None:
                return _stop("waiting", "dry_run_waiting_for_event")
            if not self.ctx.actor.may_act_in_lane(task.lane, task.jurisdiction_id, task.unit_id):
                params = {"title": task.title, "lane": task.lane}
                return _stop("waiting", "dry_run_no_lane_role", params, task=task)
            error = self._complete(task)
            if error is not None:
                return error
        if instance.completed:
            return self._completed()
        return _stop("loop", "dry_run_loop", {"max_steps": MAX_STEPS})

    def _open_task(self) -> HumanTask | None:
        return self.ctx.session.scalar(
            select(HumanTask)
            .where(HumanTask.dossier_id == self.dossier.id, HumanTask.state == "open")
            .order_by(HumanTask.id)
        )

    def _complete(self, task: HumanTask) -> dict | None:
        self.seen[task.name] += 1
        script = scripted(self.script, task.name, self.seen[task.name])
        data = form_data(self.parsed, task.form_schema, script, self.on)
        before = self.dossier.history_length
        try:
            complete_task(self.ctx, task.id, data)
            sit_alone(self.ctx, self.dossier)  # S1: a proposal meets a sitting of its own
        except DomainError as error:  # a refusal, or a failed engine step (EngineError)
            return _error_stop(error, task)
        self.result["status"] = self.dossier.status
        self.result["path"].append(
            {
                "task": task.name,
                "title": task.title,
                "lane": task.lane,
                "decision": data.get("decision"),
                "data": data,
                "status": self.dossier.status,
                "notes": self._notes(before),
            }
        )
        return None

    def _notes(self, after_seq: int) -> list[dict]:
        """What else the step did, read from the events it wrote (quota slots), as codes the
        edge puts into words (messages.dry_run)."""
        events = self.ctx.session.scalars(
            select(HistoryEvent)
            .where(HistoryEvent.dossier_id == self.dossier.id, HistoryEvent.seq > after_seq)
            .order_by(HistoryEvent.seq)
        )
        notes = []
        for event in events:
            data = event.data or {}
            if event.type == "quota_slot_reserved":
                params = {"level": data.get("level"), "cap": data.get("cap")}
                notes.append({"code": "dry_run_slot_reserved", "params": params})
            elif event.type == "quota_slot_released":
                notes.append(
                    {"code": "dry_run_slot_released", "params": {"level": data.get("level")}}
                )
            elif event.type == "dossier_proposed":
                params = {"level": data.get("level"), "cap": data.get("cap")}
                notes.append({"code": "dry_run_proposed", "params": params})
            elif event.type == "dossier_not_selected":
                notes.append({"code": "dry_run_not_selected", "params": {}})
        return notes

    def _completed(self) -> dict:
        outcome = self.dossier.status if self.dossier.status in ENDINGS else "rejected"
        last = self.result["path"][-1]["title"] if self.result["path"] else ""
        reason = ENDINGS.get(outcome, "dry_run_not_approved")
        return {**_stop("completed", reason, {"title": last}), "outcome": outcome}


def _stop(kind: str, reason: str, params: dict | None = None, task: HumanTask | None = None):
    """Where a run stopped: `reason` and `params` name what the edge says of it."""
    return {
        "kind": kind,
        "reason": reason,
        "params": params or {},
        "outcome": None,
        "task": task.name if task else None,
        "title": task.title if task else None,
        "lane": task.lane if task else None,
        "code": None,
        "details": {},
        "refusal": None,
    }


def _error_stop(error: DomainError, task: HumanTask | None) -> dict:
    """A refusal (deadline, cap reached 409, unknown award form 422...) or a failed step."""
    if task is None:
        stop = _stop("error", "dry_run_failed_to_start")
    else:
        stop = _stop("error", "dry_run_failed_at_step", {"title": task.title}, task)
    return {**stop, "code": error.code, "details": error.details, "refusal": error}
