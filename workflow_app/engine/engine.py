"""The small engine object: start a workflow, complete a task, deliver a message.

As in spiff-example-cli, it is handed its spec cache and its serializer. Each step returns
one StepResult (the new state, the ready tasks, whether and how the workflow ended, what the
step asked of the host, the state hash) and never calls back into services: a service
decides what the result means for a dossier.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import (
    MessageEventDefinition as SpiffMessageEventDefinition,
)
from SpiffWorkflow.util.task import TaskState

from ..domain.errors import DomainError
from .budget import ScriptLimits
from .compaction import compact, folded_view
from .fingerprint import fingerprint_sha256, state_fingerprint
from .host import REQUEST_PUBLIC_POSTING, RESERVE_QUOTA_SLOT, HostRequest, host_functions
from .scripting import budget_refusal, restricted_script_engine
from .serializer import StateSerializer
from .specs import ParsedModel, SpecCache, UserTaskInfo
from .storable import unstorable_value

# Services hold workflows only through this name; only engine/ imports SpiffWorkflow.
Workflow = BpmnWorkflow


class EngineError(DomainError):
    """A step could not run (a script failed, a DMN matched nothing, a task vanished).

    A server-side failure (500 `engine_error`): the step rolls back; `details.engine` keeps
    the engine's own words for the log and the administrator."""

    code = "engine_error"

    def __init__(self, reason: str):
        super().__init__(details={"engine": reason})
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person: its Spiff id and what the BPMN says of it.
    `instance_key`: which instance of a multi-instance task it is (C2: the consulted agency),
    so the inbox and a replay tell instances of the same BPMN task apart."""

    spiff_id: str
    info: UserTaskInfo
    instance_key: str | None = None


@dataclass(frozen=True)
class StepResult:
    """What one step (start, completion, message) led to, as one value.

    `state` is what to store (None when the caller keeps the workflow in memory, as a replay
    does); `requests` are the host functions the step called, for the service to act on;
    `delivered` is False for a message nothing waited for (the state is then unchanged).
    """

    state: str | None
    ready_tasks: tuple[ReadyTask, ...]
    completed: bool
    outcome: str | None
    requests: tuple[HostRequest, ...]
    state_sha256: str
    delivered: bool = True
    workflow: Workflow | None = field(default=None, repr=False, compare=False)
    # The messages a catch event now waits for (S1: `selection_decided` after a proposal).
    waiting_for: tuple[str, ...] = ()

    @property
    def slot_requests(self) -> tuple[str, ...]:
        """Q1-Q3: the levels the step asked a quota slot at, in the order it asked."""
        return tuple(r.args[0] for r in self.requests if r.name == RESERVE_QUOTA_SLOT)

    @property
    def posting_requests(self) -> tuple[bool, ...]:
        """P1: each time the step reached a public-posting step, the jurisdiction's switch."""
        return tuple(bool(r.args[0]) for r in self.requests if r.name == REQUEST_PUBLIC_POSTING)


class WorkflowEngine:
    """Runs workflows of parsed models with a restricted script environment."""

    def __init__(
        self,
        spec_cache: SpecCache | None = None,
        serializer: StateSerializer | None = None,
        script_limits: ScriptLimits | None = None,
    ):
        self.specs = spec_cache or SpecCache()
        self.serializer = serializer or StateSerializer()
        self.script_limits = script_limits or ScriptLimits()

    def start(
        self, model: ParsedModel, data: Mapping, *, save: bool = True, hash_state: bool = True
    ) -> StepResult:
        """Create an instance with the dossier's facts as start data and run to the first wait.
        `hash_state` False (only with `save` False) leaves `state_sha256` empty: a replay that
        hashes once at its end skips the fold and the hash of every step."""
        requests: list[HostRequest] = []
        workflow = BpmnWorkflow(
            model.spec, model.subprocess_specs, script_engine=self._script_engine(requests)
        )
        workflow.task_tree.data.update(dict(data))
        self._advance(workflow)
        return self._result(model, workflow, requests, save, hash_state=hash_state)

    def complete(
        self,
        model: ParsedModel,
        instance: str | Workflow,
        spiff_id: str,
        data: Mapping,
        *,
        save: bool = True,
        hash_state: bool = True,
    ) -> StepResult:
        """Complete a READY user task of a stored state (or of a workflow kept in memory)
        with validated form data and run on to the next wait."""
        workflow, requests = self._resume(model, instance)
        task = workflow.get_task_from_id(UUID(spiff_id))
        if task is None or task.state != TaskState.READY:
            raise EngineError(f"Task {spiff_id} is not ready")
        task.data.update(dict(data))
        self._run(task.run)
        self._advance(workflow)
        return self._result(model, workflow, requests, save, hash_state=hash_state)

    def send_message(
        self,
        model: ParsedModel,
        instance: str | Workflow,
        name: str,
        payload: Mapping | None = None,
        *,
        save: bool = True,
        hash_state: bool = True,
    ) -> StepResult:
        """Deliver a message the app triggers (`hold_placed`...); not `delivered` if nothing
        waits for it."""
        workflow, requests = self._resume(model, instance)
        if not self.waits_for_message(workflow, name):
            unchanged = instance if isinstance(instance, str) else None
            return self._result(
                model, workflow, requests, save, unchanged, delivered=False, hash_state=hash_state
            )
        # The model's own definition class (Spiff's message subclass) is what catch events match.
        event = BpmnEvent(SpiffMessageEventDefinition(name), dict(payload or {}))
        self._run(lambda: workflow.send_event(event))
        self._advance(workflow)
        return self._result(model, workflow, requests, save, hash_state=hash_state)

    def load(self, model: ParsedModel, state: str) -> Workflow:
        """Restore a stored instance around the cached spec (to inspect it, not to step it)."""
        workflow = self.serializer.load(state, model.spec, model.subprocess_specs)
        workflow.script_engine = self._script_engine([])
        return workflow

    def _script_engine(self, requests: list[HostRequest]):
        """Scripts see only the host functions, which record into `requests`, within budget."""
        return restricted_script_engine(host_functions(requests), self.script_limits)

    def dump(self, workflow: Workflow) -> str:
        return self.serializer.dump(workflow)

    def ready_tasks(self, model: ParsedModel, workflow: Workflow) -> list[ReadyTask]:
        """The READY user tasks, as the inbox projection needs them."""
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        return [
            ReadyTask(str(task.id), model.user_tasks[task.task_spec.bpmn_id], _instance_key(task))
            for task in ready
            if task.task_spec.bpmn_id in model.user_tasks
        ]

    def decision_output(self, model: ParsedModel, output: str, data: Mapping):
        """Evaluate the model's decision table that yields `output` (for example the council
        threshold `min_approval_percent` of an award form) on `data`; None if no table does."""
        for spec in (model.spec, *model.subprocess_specs.values()):
            for task_spec in spec.task_specs.values():
                table = getattr(getattr(task_spec, "dmnEngine", None), "decision_table", None)
                if table is None or output not in [o.name for o in table.outputs]:
                    continue
                task = SimpleNamespace(
                    data=dict(data), workflow=SimpleNamespace(script_engine=self._script_engine([]))
                )
                try:
                    return task_spec.dmnEngine.result(task).get(output)
                except WorkflowException as error:
                    raise EngineError(str(error)) from error
        return None

    @staticmethod
    def state_fingerprint(workflow: Workflow) -> dict:
        """The task-id-free state a replay must reproduce (see engine/fingerprint.py)."""
        return state_fingerprint(workflow)

    @staticmethod
    def waits_for_message(workflow: Workflow, name: str) -> bool:
        """Is a catch event waiting for `name`, or would it start an event subprocess?"""
        if any(event.name == name for event in workflow.waiting_events()):
            return True
        for spec_name in workflow.spec.start.trigger_specs:
            subprocess_spec = workflow.subprocess_specs.get(spec_name)
            for start in subprocess_spec.bpmn_start_events if subprocess_spec else []:
                if getattr(start.event_definition, "name", None) == name:
                    return True
        return False

    def _resume(
        self, model: ParsedModel, instance: str | Workflow
    ) -> tuple[Workflow, list[HostRequest]]:
        """The workflow to step, with host functions that record into a fresh request list."""
        requests: list[HostRequest] = []
        if isinstance(instance, str):
            workflow = self.serializer.load(instance, model.spec, model.subprocess_specs)
        else:
            workflow = instance
        workflow.script_engine = self._script_engine(requests)
        return workflow, requests

    def _result(
        self,
        model: ParsedModel,
        workflow: Workflow,
        requests: list[HostRequest],
        save: bool,
        state: str | None = None,
        delivered: bool = True,
        hash_state: bool = True,
    ) -> StepResult:
        completed = workflow.is_completed()
        # One fold serves the compaction and the hash: compacting leaves the folded view's
        # fingerprint as it was, and the hash comes after the dump, which names an unstorable
        # value before hashing could trip on it.
        hash_state = hash_state or save
        view = folded_view(workflow) if hash_state else None
        if state is None and save:
            compact(workflow, view)  # completed loop iterations go
            state = self._dump(workflow)
        state_sha256 = fingerprint_sha256(state_fingerprint(workflow, view)) if hash_state else ""
        return StepResult(
            state=state,
            ready_tasks=tuple(self.ready_tasks(model, workflow)),
            completed=completed,
            outcome=_outcome(workflow) if completed else None,
            requests=tuple(requests),
            state_sha256=state_sha256,
            delivered=delivered,
            workflow=workflow,
            waiting_for=tuple(sorted({event.name for event in workflow.waiting_events()})),
        )

    def _dump(self, workflow: Workflow) -> str:
        """The state to store; a value a script left that JSON cannot hold is a refusal
        naming it (looked for only when the dump fails, so a normal step pays nothing)."""
        try:
            return self.serializer.dump(workflow)
        except (TypeError, ValueError, RecursionError) as error:
            refusal = unstorable_value(workflow, self.serializer.storable)
            if refusal is None:
                raise
            raise refusal from error

    def _advance(self, workflow: Workflow) -> None:
        self._run(workflow.do_engine_steps)

    @staticmethod
    def _run(step: Callable[[], object]) -> None:
        """Run a step; whatever the BPMN's scripts or rules break comes out as EngineError."""
        try:
            step()
        except WorkflowException as error:  # a spent script budget keeps its own refusal
            raise budget_refusal(error) or EngineError(str(error)) from error


def _instance_key(task) -> str | None:
    """The key (or index) of a multi-instance task's instance in its input collection."""
    parent = task.parent
    if parent is None or not isinstance(parent.task_spec, MultiInstanceTask):
        return None
    key = task.internal_data.get("key_or_index", task.internal_data.get("item"))
    return None if key is None else str(key)


def _outcome(workflow: Workflow) -> str | None:
    """How the BPMN says the workflow ended (`outcome`, set by its end scripts)."""
    last = workflow.last_task
    return last.data.get("outcome") if last is not None else None
