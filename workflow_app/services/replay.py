"""Replay (X4): re-run a dossier's pinned model version from its recorded inputs, in order,
and compare the state after every step with the one recorded, then with the stored state.

A replay reads and never writes: it runs the engine in memory (the same steps and host
functions as the live run, whose requests it checks against the history) and leaves the
session as it found it. Together with the hash chain it says whether a dossier's history
still explains where the dossier stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import Row, String, select, type_coerce
from sqlalchemy.orm import Session

from ..domain.dossier import status_after_step
from ..domain.errors import DomainError
from ..domain.history import ChainBreak, find_chain_break
from ..domain.selection import SELECTION_DECIDED
from ..engine.compaction import compact
from ..engine.engine import EngineError, StepResult, Workflow, WorkflowEngine
from ..engine.fingerprint import (
    fingerprint_sha256,
    first_difference,
    settle_replayed_step,
    state_fingerprint,
)
from ..engine.specs import ParsedModel
from ..persistence.models import Dossier, HistoryEvent, ProcessInstance, ProcessModelVersion
from .context import ServiceContext
from .process_models import parsed_model, version_label
from .selection.proposals import proposed_level

HOLD_MESSAGES = {"dossier_held": "hold_placed", "dossier_resumed": "hold_cleared"}
# S1, S4: a sitting's decision, delivered with the data it was recorded with.
SELECTION_EVENTS = ("dossier_selected", "dossier_not_selected")
STEP_EVENTS = ("workflow_started", "task_completed", *HOLD_MESSAGES, *SELECTION_EVENTS)
CLOSING_EVENTS = ("dossier_withdrawn", "dossier_excluded")
EVENT_COLUMNS = [
    HistoryEvent.__table__.c[name]
    for name in (
        "dossier_id",
        "seq",
        "at",
        "actor",
        "type",
        "task",
        "data",
        "model_version",
        "prev_hash",
        "hash",
    )
]
BATCH = 200
UNCHECKED = object()  # verify_dossier: the caller did not check the chain
# A replay that hashes only its end still folds a tree past this many tasks, as the live run
# did after every step, so a dossier returned hundreds of times replays in linear time.
COMPACT_ABOVE = 400


@dataclass(frozen=True)
class ReplayResult:
    """What an auditor learns: whether the dossier verifies, how many workflow steps were
    replayed, and the first event (seq) where the history stops explaining the state."""

    dossier_id: int
    verified: bool
    steps: int
    mismatch_at: int | None = None
    reason: str | None = None


class Divergence(Exception):
    """The replay parted from the record at event `seq`."""

    def __init__(self, seq: int, reason: str):
        super().__init__(reason)
        self.seq, self.reason = seq, reason


class EndMismatch(Exception):
    """A replay that hashed only its end found it different: replay again step by step to
    find the first step that parted."""


@dataclass
class _Run:
    """One dossier's replay: the workflow rebuilt so far and what the history told it."""

    engine: WorkflowEngine
    model: ParsedModel
    label: str
    last: StepResult | None = None  # the latest replayed step; its workflow goes on
    steps: int = 0
    last_step_seq: int | None = None
    held: bool = False
    closed: bool = False
    proposed_level: str | None = None  # S1: the level whose sitting the workflow waits for
    legacy_start: dict | None = None
    # False: hash once, at the end, against the last step's record (the fast path); True:
    # compare every step's hash, which a mismatch at the end falls back to.
    per_step: bool = True
    last_recorded: str | None = None  # the state hash the latest replayed step recorded

    @property
    def workflow(self) -> Workflow | None:
        return self.last.workflow if self.last is not None else None

    def apply(self, event: Mapping) -> None:
        """Feed one recorded event to the replay; raise Divergence where it disagrees."""
        if self.closed and event["type"] in STEP_EVENTS:
            raise Divergence(event["seq"], f"{event['type']} after the dossier was closed")
        handler = getattr(self, f"_on_{event['type']}", None)
        if handler is None:
            return
        try:
            handler(event)
        except (EngineError, DomainError) as error:
            raise Divergence(event["seq"], f"the step fails on replay: {error}") from error

    # --- inputs --------------------------------------------------------------------------

    def _on_dossier_submitted(self, event: Mapping) -> None:
        data = event["data"]
        self.legacy_start = {
            key: data.get(key)
            for key in ("unit", "round", "award_form", "nominee_kind", "claims_initiative")
        }

    def _on_workflow_started(self, event: Mapping) -> None:
        if self.workflow is not None:
            raise Divergence(event["seq"], "the workflow was started twice")
        self._check_version(event)
        self.last = self.engine.start(
            self.model, event["data"]["start_data"], save=False, hash_state=self.per_step
        )
        self._step_done(event)

    def _on_task_completed(self, event: Mapping) -> None:
        workflow = self._running(event)
        if self.held:
            raise Divergence(event["seq"], "a task was completed while the dossier was on hold")
        self._check_version(event)
        instance = event["data"].get("instance")  # C2: which agency's consultation
        ready = [
            task
            for task in self.last.ready_tasks
            if task.info.id == event["task"] and (instance is None or task.instance_key == instance)
        ]
        if not ready:
            raise Divergence(event["seq"], f"no ready task '{event['task']}' at this point")
        form = event["data"].get("form") or {}
        self.last = self.engine.complete(
            self.model, workflow, ready[0].spiff_id, form, save=False, hash_state=self.per_step
        )
        self._step_done(event)

    def _on_dossier_held(self, event: Mapping) -> None:
        self._signal(event)
        self.held = True

    def _on_dossier_resumed(self, event: Mapping) -> None:
        self._signal(event)
        self.held = False

    def _on_dossier_selected(self, event: Mapping) -> None:
        """S4: the sitting's (or, with no cap, the app's) decision, with its recorded data."""
        workflow = self._running(event)
        if self.held:
            raise Divergence(event["seq"], "a sitting decided while the dossier was on hold")
        self._check_version(event)
        data = event["data"]
        step = self.engine.send_message(
            self.model,
            workflow,
            data.get("message", SELECTION_DECIDED),
            data.get("payload"),
            save=False,
            hash_state=self.per_step,
        )
        if not step.delivered:
            raise Divergence(event["seq"], "the workflow did not wait for the sitting on replay")
        self.last, self.proposed_level = step, None
        self._step_done(event)

    _on_dossier_not_selected = _on_dossier_selected

    def _on_dossier_proposed(self, event: Mapping) -> None:
        self._running(event)
        if self.proposed_level != event["data"].get("level"):
            raise Divergence(event["seq"], "the step proposed to no sitting on replay")

    def _on_dossier_withdrawn(self, event: Mapping) -> None:
        self.closed = True

    _on_dossier_excluded = _on_dossier_withdrawn

    # --- projections checked against the replayed workflow -------------------------------

    def _on_task_created(self, event: Mapping) -> None:
        self._running(event)
        names = {t.info.id for t in self.last.ready_tasks}
        if event["task"] not in names:
            raise Divergence(event["seq"], f"task '{event['task']}' is not ready on replay")

    def _on_quota_slot_reserved(self, event: Mapping) -> None:
        # A refused reservation rolled its whole step back, so every recorded slot was asked;
        # a sitting's slot (S4) is the one its proposal asked for.
        if "sitting_id" in event["data"]:
            asked = (self.proposed_level,)
        else:
            asked = self.last.slot_requests if self.last is not None else ()
        if event["data"].get("level") not in asked:
            level = event["data"].get("level")
            raise Divergence(event["seq"], f"the step asked for no quota slot at '{level}'")

    def _on_dossier_approved(self, event: Mapping) -> None:
        self._check_outcome(event, "approved")

    def _on_dossier_rejected(self, event: Mapping) -> None:
        self._check_outcome(event, "rejected")

    # --- helpers -------------------------------------------------------------------------

    def _running(self, event: Mapping) -> Workflow:
        """The replayed workflow; a history written before `workflow_started` existed starts
        it from the submitted facts (its first steps carry no state hash to compare)."""
        if self.workflow is None and self.legacy_start is not None:
            self.last = self.engine.start(
                self.model, self._legacy_data(event), save=False, hash_state=self.per_step
            )
        if self.workflow is None:
            raise Divergence(event["seq"], f"{event['type']} before the workflow started")
        return self.workflow

    def _legacy_data(self, event: Mapping) -> dict:
        return {"dossier_id": event["dossier_id"], **self.legacy_start}

    def _signal(self, event: Mapping) -> None:
        if self.workflow is None and "message" not in event["data"]:
            return  # held before it had a workflow: nothing was sent
        workflow = self._running(event)
        self._check_version(event)
        step = self.engine.send_message(
            self.model, workflow, HOLD_MESSAGES[event["type"]], save=False, hash_state=self.per_step
        )
        self.last, caught = step, step.delivered
        if event["data"].get("caught", caught) != caught:
            raise Divergence(event["seq"], "the hold message was caught differently on replay")
        self._step_done(event)

    def _check_version(self, event: Mapping) -> None:
        recorded = event["model_version"]
        if recorded is not None and recorded != self.label:
            raise Divergence(
                event["seq"], f"recorded on {recorded}, but the instance is pinned to {self.label}"
            )

    def _step_done(self, event: Mapping) -> None:
        self.steps += 1
        self.last_step_seq = event["seq"]
        level = proposed_level(self.last)
        if level is not None:
            self.proposed_level = level
        expected = event["data"].get("state_sha256")
        if not self.per_step:
            self.last_recorded = expected
            if len(self.workflow.tasks) > COMPACT_ABOVE:  # a long loop: keep the tree small
                compact(self.workflow)
            return
        if expected is not None and not settle_replayed_step(
            self.workflow, self.last.state_sha256, expected
        ):
            raise Divergence(event["seq"], "the state after this step differs from the record")

    def settle_end(self) -> dict | None:
        """The fast path's one hash: the replayed end against the last step's record (raises
        EndMismatch on a difference); the end's fingerprint, for the stored-state check."""
        if self.per_step or self.workflow is None:
            return None
        fingerprint = state_fingerprint(self.workflow)
        recorded, replayed = self.last_recorded, fingerprint_sha256(fingerprint)
        # A match needs no settling: nothing steps this workflow again (no compaction).
        if recorded not in (None, replayed) and not settle_replayed_step(
            self.workflow, replayed, recorded
        ):
            raise EndMismatch()
        return fingerprint

    def _check_outcome(self, event: Mapping, outcome: str) -> None:
        self._running(event)
        ended = status_after_step(self.last.completed, self.last.outcome, None)
        if not self.last.completed or ended != outcome:
            raise Divergence(event["seq"], f"the replayed workflow did not end {outcome}")


def _compare_stored(run: _Run, instance: Row, last_seq: int, replayed: dict | None) -> None:
    """The final replayed state must be the stored one (a tampered state shows here)."""
    at = run.last_step_seq or last_seq
    if run.workflow is None:
        raise Divergence(at, "stored state: a workflow instance no recorded step started")
    try:
        stored = run.engine.load(run.model, instance.state)
        stored_print = run.engine.state_fingerprint(stored)
    except Exception as error:  # any unreadable state is a finding, not a crash
        raise Divergence(at, f"stored state cannot be loaded: {error}") from error
    replayed = replayed or run.engine.state_fingerprint(run.workflow)
    if stored_print != replayed:
        raise Divergence(at, f"stored state differs: {first_difference(replayed, stored_print)}")
    if bool(instance.completed) != replayed["completed"]:
        raise Divergence(at, "stored state: the completion flag differs from the replay")


def _pinned(ctx: ServiceContext, version_id: int, models: dict) -> tuple[ParsedModel, str]:
    """A version's parsed model and label, read once per batch in `models` (a version's files
    never change once it pins an instance)."""
    if version_id not in models:
        version = ctx.session.get(ProcessModelVersion, version_id)
        models[version_id] = (parsed_model(ctx, version), version_label(version))
    return models[version_id]


def _replay(
    ctx: ServiceContext, events: list[Mapping], instance: Row | None, models: dict | None = None
) -> tuple[int, Divergence | None]:
    """Replay the events on the instance's pinned version; (steps, first divergence).

    The state is hashed once, at the end; only when that or any other check fails is the
    history replayed again comparing every step, to name the first step that parted."""
    if instance is None:  # never submitted: no step may be recorded
        steps = [e for e in events if e["type"] in ("workflow_started", "task_completed")]
        if steps:
            return 0, Divergence(steps[0]["seq"], "a step is recorded but no instance exists")
        return 0, None
    model, label = _pinned(ctx, instance.version_id, {} if models is None else models)
    fast = _Run(ctx.engine, model, label, per_step=False)
    try:
        for event in events:
            fast.apply(event)
        replayed = fast.settle_end()
        _compare_stored(fast, instance, events[-1]["seq"] if events else 0, replayed)
        return fast.steps, None
    except (Divergence, EndMismatch):
        pass
    run = _Run(ctx.engine, model, label)
    try:
        for event in events:
            run.apply(event)
        _compare_stored(run, instance, events[-1]["seq"] if events else 0, None)
    except Divergence as divergence:
        return run.steps, divergence
    return run.steps, None


def verify_dossier(
    ctx: ServiceContext,
    dossier: Row,
    events: list[Mapping],
    instance: Row | None,
    models: dict | None = None,
    broken: ChainBreak | None | object = UNCHECKED,
) -> ReplayResult:
    """Check the hash chain (unless the caller just did: `broken`) and replay the history
    (`models`: the parsed versions of the batch); the earliest finding wins."""
    findings = []
    if broken is UNCHECKED:
        broken = find_chain_break(events, dossier.history_length, dossier.history_head)
    if broken is not None:
        findings.append((broken.seq, f"hash chain: {broken.reason}"))
    steps, divergence = _replay(ctx, events, instance, models)
    if divergence is not None:
        findings.append((divergence.seq, f"replay: {divergence.reason}"))
    if not findings:
        return ReplayResult(dossier.id, True, steps)
    seq, reason = min(findings, key=lambda finding: finding[0])
    return ReplayResult(dossier.id, False, steps, seq, reason)


def _events_by_dossier(
    session: Session, ids: list[int], stored_data: bool = False
) -> dict[int, list[Mapping]]:
    """Each dossier's events in order; `stored_data`: each payload as stored (packed bytes or
    JSON text, unparsed: audit_verify checks a chain on those and parses only what it replays)."""
    columns = EVENT_COLUMNS
    if stored_data:
        data = type_coerce(HistoryEvent.__table__.c.data, String()).label("data")
        columns = [data if column.name == "data" else column for column in EVENT_COLUMNS]
    rows = session.connection().execute(  # Core rows: no ORM loading for thousands of events
        select(*columns)
        .where(HistoryEvent.dossier_id.in_(ids))
        .order_by(HistoryEvent.dossier_id, HistoryEvent.seq, HistoryEvent.id)
    )
    grouped: dict[int, list[Mapping]] = {i: [] for i in ids}
    for row in rows:
        grouped[row.dossier_id].append(row._mapping)
    return grouped


def _instances_by_dossier(session: Session, ids: list[int]) -> dict[int, Row]:
    table = ProcessInstance.__table__
    stmt = select(table.c.dossier_id, table.c.version_id, table.c.state, table.c.completed)
    return {row.dossier_id: row for row in session.execute(stmt.where(table.c.dossier_id.in_(ids)))}


def _dossiers(session: Session, ids: list[int]) -> list[Row]:
    table = Dossier.__table__
    stmt = select(table.c.id, table.c.history_length, table.c.history_head)
    return list(session.execute(stmt.where(table.c.id.in_(ids)).order_by(table.c.id)))


def dossier_ids(session: Session, dossier_id: int | None = None) -> list[int]:
    """Every dossier id (or the one asked for, if it exists), in order."""
    stmt = select(Dossier.id).order_by(Dossier.id)
    if dossier_id is not None:
        stmt = stmt.where(Dossier.id == dossier_id)
    return list(session.scalars(stmt))


def replay_dossiers(ctx: ServiceContext, ids: Iterable[int]) -> Iterator[ReplayResult]:
    """Verify dossiers in batches: one query each for their rows, events and instances, read
    as plain rows so ten thousand stored states never pile up in the session."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        events = _events_by_dossier(ctx.session, batch)
        instances, models = _instances_by_dossier(ctx.session, batch), {}
        for dossier in _dossiers(ctx.session, batch):
            instance = instances.get(dossier.id)
            yield verify_dossier(ctx, dossier, events[dossier.id], instance, models)


def replay_dossier(ctx: ServiceContext, dossier: Dossier) -> ReplayResult:
    """Verify one dossier: its chain and its replay."""
    return next(replay_dossiers(ctx, [dossier.id]))
