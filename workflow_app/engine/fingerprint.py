"""A UUID-free picture of a workflow's state, so a replay can be compared with the live run.

Serialized SpiffWorkflow state carries random task ids, so two runs of the same inputs never
serialize alike. The fingerprint keeps what the inputs decide: the task tree as (depth, task
spec, state, digest of the task's data) in tree order, the workflow data and completion.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from ..domain.history import canonical_json


def _digest(value) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()[:16]


def _walk(workflow: BpmnWorkflow, task: Task, depth: int) -> Iterator[list]:
    """Depth first, children in the order the spec creates them; a subprocess's tree is
    walked under the task that runs it."""
    yield [depth, task.task_spec.name, TaskState.get_name(task.state), _digest(task.data)]
    subprocess = workflow.subprocesses.get(task.id)
    if subprocess is not None:
        yield from _walk(workflow, subprocess.task_tree, depth + 1)
    for child in task.children:
        yield from _walk(workflow, child, depth + 1)


def state_fingerprint(workflow: BpmnWorkflow) -> dict:
    """What the recorded inputs determine about a workflow, free of task ids and times."""
    return {
        "tasks": list(_walk(workflow, workflow.task_tree, 0)),
        "data": _digest(workflow.data),
        "completed": workflow.is_completed(),
    }


def fingerprint_sha256(fingerprint: dict) -> str:
    """The hash history events store for the state after a step."""
    return hashlib.sha256(canonical_json(fingerprint).encode("utf-8")).hexdigest()


def first_difference(expected: dict, actual: dict) -> str:
    """Say where two fingerprints part, in words an auditor can follow."""
    for index, (want, got) in enumerate(zip(expected["tasks"], actual["tasks"], strict=False)):
        if want[:3] == got[:3] and want != got:
            return f"data of task {index} ({want[1]}) differs"
        if want != got:
            return f"task {index}: expected {want[1]} {want[2]}, found {got[1]} {got[2]}"
    if len(expected["tasks"]) != len(actual["tasks"]):
        return f"{len(expected['tasks'])} tasks expected, {len(actual['tasks'])} found"
    if expected["data"] != actual["data"]:
        return "workflow data differs"
    if expected["completed"] != actual["completed"]:
        return "completion differs"
    return "no difference"
