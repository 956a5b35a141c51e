"""The small engine object: start, load, complete and advance a SpiffWorkflow instance.

It is handed its spec cache and the host functions for a step; it never reaches
for Flask or the database, so services decide what a step means for a dossier.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import (
    MessageEventDefinition as SpiffMessageEventDefinition,
)
from SpiffWorkflow.util.task import TaskState

from ..domain.errors import DomainError
from .fingerprint import fingerprint_sha256, state_fingerprint
from .scripting import restricted_script_engine
from .serializer import deserialize_json, serialize_json
from .specs import ParsedModel, SpecCache, UserTaskInfo

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
    """A user task waiting for a person: its Spiff id and what the BPMN says of it."""

    spiff_id: str
    info: UserTaskInfo


class WorkflowEngine:
    """Runs workflows of parsed models with a restricted script environment."""

    def __init__(self, spec_cache: SpecCache | None = None):
        self.specs = spec_cache or SpecCache()

    def start(
        self, model: ParsedModel, data: Mapping, host: Mapping[str, Callable] | None = None
    ) -> BpmnWorkflow:
        """Create an instance with the dossier's facts as start data and run to the first wait."""
        workflow = BpmnWorkflow(
            model.spec, model.subprocess_specs, script_engine=restricted_script_engine(host)
        )
        workflow.task_tree.data.update(dict(data))
        self._advance(workflow)
        return workflow

    def load(
        self, model: ParsedModel, state: str, host: Mapping[str, Callable] | None = None
    ) -> BpmnWorkflow:
        """Restore a stored instance around the cached spec."""
        workflow = deserialize_json(state, model.spec, model.subprocess_specs)
        workflow.script_engine = restricted_script_engine(host)
        return workflow

    def dump(self, workflow: BpmnWorkflow) -> str:
        return serialize_json(workflow)

    def complete(self, workflow: BpmnWorkflow, spiff_id: str, data: Mapping) -> None:
        """Complete a READY user task with validated form data and run on to the next wait."""
        task = workflow.get_task_from_id(UUID(spiff_id))
        if task is None or task.state != TaskState.READY:
            raise EngineError(f"Task {spiff_id} is not ready")
        task.data.update(dict(data))
        self._run(task.run)
        self._advance(workflow)

    def ready_tasks(self, model: ParsedModel, workflow: BpmnWorkflow) -> list[ReadyTask]:
        """The READY user tasks, as the inbox projection needs them."""
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        return [
            ReadyTask(str(task.id), model.user_tasks[task.task_spec.bpmn_id])
            for task in ready
            if task.task_spec.bpmn_id in model.user_tasks
        ]

    @staticmethod
    def state_fingerprint(workflow: BpmnWorkflow) -> dict:
        """The task-id-free state a replay must reproduce (see engine/fingerprint.py)."""
        return state_fingerprint(workflow)

    @staticmethod
    def state_sha256(workflow: BpmnWorkflow) -> str:
        """The fingerprint's hash, as history events record it after each step."""
        return fingerprint_sha256(state_fingerprint(workflow))

    @staticmethod
    def is_completed(workflow: BpmnWorkflow) -> bool:
        return workflow.is_completed()

    @staticmethod
    def result_data(workflow: BpmnWorkflow) -> dict:
        """The data the workflow ended with (e.g. `outcome`)."""
        last = workflow.last_task
        return dict(last.data) if last is not None else {}

    def _advance(self, workflow: BpmnWorkflow) -> None:
        self._run(workflow.do_engine_steps)

    def send_message(self, workflow: BpmnWorkflow, name: str, payload: Mapping | None = None):
        """Deliver a message the app triggers (`hold_placed`...); False if nothing waits."""
        if not self.waits_for_message(workflow, name):
            return False
        # The model's own definition class (Spiff's message subclass) is what catch events match.
        event = BpmnEvent(SpiffMessageEventDefinition(name), dict(payload or {}))
        self._run(lambda: workflow.send_event(event))
        self._advance(workflow)
        return True

    @staticmethod
    def waits_for_message(workflow: BpmnWorkflow, name: str) -> bool:
        """Is a catch event waiting for `name`, or would it start an event subprocess?"""
        if any(event.name == name for event in workflow.waiting_events()):
            return True
        for spec_name in workflow.spec.start.trigger_specs:
            subprocess_spec = workflow.subprocess_specs.get(spec_name)
            for start in subprocess_spec.bpmn_start_events if subprocess_spec else []:
                if getattr(start.event_definition, "name", None) == name:
                    return True
        return False

    @staticmethod
    def _run(step: Callable[[], object]) -> None:
        """Run a step; a refusal raised by a host function (a DomainError such as a full
        quota) comes out as itself, anything else as an EngineError."""
        try:
            step()
        except WorkflowException as error:
            refusal = _domain_refusal(error)
            if refusal is not None:
                raise refusal from None
            raise EngineError(str(error)) from error


def _domain_refusal(error: BaseException) -> DomainError | None:
    """The DomainError a host function raised, found along the exception's context chain."""
    seen = error
    while seen is not None:
        if isinstance(seen, DomainError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
