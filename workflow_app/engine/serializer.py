"""Serialize a workflow's state without its spec (the spec is cached by content hash)."""

from __future__ import annotations

import json
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

_REGISTRY = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
# The library's own serializer (spec included), which the benchmark compares with ours.
SERIALIZER = BpmnWorkflowSerializer(_REGISTRY)


class StateSerializer:
    """Saves the task tree and data of a workflow and restores them around a cached spec.

    Handed to the engine as spiff-example-cli hands its serializer: the stored state never
    carries the spec, which the pinned version's files rebuild once per process.
    """

    def __init__(self, serializer: BpmnWorkflowSerializer = SERIALIZER):
        self.serializer = serializer
        # The converter the registry uses for BpmnWorkflow; we reuse its pieces but hand it
        # a cached spec instead of restoring the spec from the serialization on every load.
        self._converter = BpmnWorkflowConverter(BpmnWorkflow, serializer.registry)

    def dump(self, workflow: BpmnWorkflow) -> str:
        """The task tree and data as JSON, without the specs: the same dict as the library's
        converter gives minus `spec` and `subprocess_specs`, built without converting the
        unchanged spec on every step (about a third of a step's serializing)."""
        converter = self._converter
        dct = WorkflowConverter.to_dict(converter, workflow)
        dct["subprocesses"] = converter.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.serializer.registry.convert(workflow.bpmn_events)
        dct["typename"] = self.serializer.registry.typenames[type(workflow)]
        dct[self.serializer.VERSION_KEY] = self.serializer.VERSION
        return json.dumps(dct, separators=(",", ":"), ensure_ascii=False)

    def storable(self, value: object) -> bool:
        """Can `dump` store this task data value (a set, a range, an exception: no)?"""
        try:
            json.dumps(self.serializer.registry.convert(value), ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):
            return False
        return True

    def load(self, state: str, spec, subprocess_specs) -> BpmnWorkflow:
        """Rebuild a workflow from `dump` output around an already-parsed spec."""
        dct = json.loads(state)
        dct.pop(self.serializer.VERSION_KEY, None)
        workflow = BpmnWorkflow(spec, subprocess_specs, deserializing=True)
        converter = self._converter
        workflow.tasks = converter.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        converter.set_default_attributes(workflow, dct)
        converter.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.serializer.registry.restore(dct.pop("bpmn_events", []))
        return workflow
