"""The small engine object: start, load, complete and advance a SpiffWorkflow instance.

It is handed its spec cache and the host functions for a step; it never reaches
for Flask or the database, so services decide what a step means for a dossier.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from .scripting import restricted_script_engine
from .serializer import deserialize_json, serialize_json
from .specs import ParsedModel, SpecCache, UserTaskInfo

# Services hold workflows only through this name; only engine/ imports SpiffWorkflow.
Workflow = BpmnWorkflow


class EngineError(RuntimeError):
    """A step could not run (a script failed, a DMN matched nothing, a task vanished)."""


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
    def is_completed(workflow: BpmnWorkflow) -> bool:
        return workflow.is_completed()

    @staticmethod
    def result_data(workflow: BpmnWorkflow) -> dict:
        """The data the workflow ended with (e.g. `outcome`)."""
        last = workflow.last_task
        return dict(last.data) if last is not None else {}

    def _advance(self, workflow: BpmnWorkflow) -> None:
        self._run(workflow.do_engine_steps)

    @staticmethod
    def _run(step: Callable[[], object]) -> None:
        try:
            step()
        except WorkflowException as error:
            raise EngineError(str(error)) from error
