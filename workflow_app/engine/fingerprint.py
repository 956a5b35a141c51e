"""A UUID-free picture of a workflow's state, so a replay can be compared with the live run.

Serialized SpiffWorkflow state carries random task ids, so two runs of the same inputs never
serialize alike. The fingerprint keeps what the inputs decide: the task tree as (depth, task
spec, state, digest of the task's data) in tree order, the workflow data and completion.

The tree is read with completed loop iterations folded away (engine/compaction.py), so an
instance compacted after each step and a replay that kept every task fingerprint alike. A
tree without loops reads as it is: its fingerprint is the one recorded before folding existed
(`legacy_fingerprint` gives that one for any tree, for histories recorded with loops then).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from ..domain.history import canonical_json
from .compaction import FoldedView, compact, folded_view

# canonical_json's own settings, as one encoder made once (a step digests every task's data).
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
).encode


def _digest(value) -> str:
    return hashlib.sha256(_CANONICAL(value).encode("utf-8")).hexdigest()[:16]


def _rows(pairs) -> list[list]:
    return [
        [depth, task.task_spec.name, TaskState.get_name(task.state), _digest(task.data)]
        for task, depth in pairs
    ]


def _tree_order(workflow: BpmnWorkflow) -> Iterator[tuple[Task, int]]:
    """Every task depth first, children in the order the spec creates them, a subprocess's
    tree under the task that runs it; iterative, so no tree is too deep."""
    stack = [(workflow.task_tree, 0)]
    while stack:
        task, depth = stack.pop()
        yield task, depth
        subprocess = workflow.subprocesses.get(task.id)
        below = ([subprocess.task_tree] if subprocess is not None else []) + task.children
        stack.extend((child, depth + 1) for child in reversed(below))


def _fingerprint(workflow: BpmnWorkflow, tasks: list[list]) -> dict:
    return {
        "tasks": tasks,
        "data": _digest(workflow.data),
        "completed": workflow.is_completed(),
    }


def state_fingerprint(workflow: BpmnWorkflow, view: FoldedView | None = None) -> dict:
    """What the recorded inputs determine about a workflow, free of task ids, times and of
    the completed loop iterations compaction drops (`view`: its folded view, if at hand)."""
    return _fingerprint(workflow, _rows((view or folded_view(workflow)).rows))


def legacy_fingerprint(workflow: BpmnWorkflow) -> dict:
    """The fingerprint over every task kept, as recorded before loops were folded."""
    return _fingerprint(workflow, _rows(_tree_order(workflow)))


def fingerprint_sha256(fingerprint: dict) -> str:
    """The hash history events store for the state after a step."""
    return hashlib.sha256(canonical_json(fingerprint).encode("utf-8")).hexdigest()


def settle_replayed_step(workflow: BpmnWorkflow, replayed_sha256: str, recorded: str) -> bool:
    """Does a replayed step match the hash its event recorded?

    A match of the fingerprint lets the replay compact as the live run did (trees stay small
    however many loops). A history recorded before loops were folded (its dossiers looped
    fewer than ~140 times, or they broke) matches the fingerprint over every task instead;
    its replay then keeps every task, as that live run did."""
    if replayed_sha256 == recorded:
        compact(workflow)
        return True
    return fingerprint_sha256(legacy_fingerprint(workflow)) == recorded


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
