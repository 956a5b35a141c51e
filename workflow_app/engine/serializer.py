"""Serialize a workflow's state without its spec (the spec is cached by content hash)."""

from __future__ import annotations

import json
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

_REGISTRY = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
SERIALIZER = BpmnWorkflowSerializer(_REGISTRY)
# The same converter the registry uses for BpmnWorkflow (registering it again is
# harmless); we reuse its pieces but hand it a cached spec instead of restoring
# the spec from the serialization on every load.
_WORKFLOW_CONVERTER = BpmnWorkflowConverter(BpmnWorkflow, _REGISTRY)


def serialize_json(workflow: BpmnWorkflow) -> str:
    """Dump the task tree and data; drop the specs, which the version's files rebuild."""
    dct = SERIALIZER.to_dict(workflow)
    dct.pop("spec", None)
    dct.pop("subprocess_specs", None)
    dct[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
    return json.dumps(dct, separators=(",", ":"), ensure_ascii=False)


def deserialize_json(state: str, spec, subprocess_specs) -> BpmnWorkflow:
    """Rebuild a workflow from `serialize_json` output around an already-parsed spec."""
    dct = json.loads(state)
    dct.pop(SERIALIZER.VERSION_KEY, None)
    workflow = BpmnWorkflow(spec, subprocess_specs, deserializing=True)
    converter = _WORKFLOW_CONVERTER
    workflow.tasks = converter.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
    workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
    converter.set_default_attributes(workflow, dct)
    converter.subprocesses_from_dict(dct["subprocesses"], workflow)
    workflow.bpmn_events = SERIALIZER.registry.restore(dct.pop("bpmn_events", []))
    return workflow
