"""Fold completed loop iterations out of a workflow's task tree, so a dossier returned and
re-forwarded many times keeps a state of bounded size.

SpiffWorkflow never forgets a task: every pass through a return loop hangs another chain of
completed tasks under the last one, so the tree deepens by one chain per loop (7 tasks in the
HCMC chain). Past about 140 loops its own iterators (max_depth 1000) stop seeing the waiting
task, and every step pays for the whole history.

A fold: when a completed task B has a completed ancestor A of the same task spec in the same
(sub)workflow, and nothing between them is still open or is something the engine looks back
at (a join or a join's input, a subprocess, an event catch, a loop, a triggered task, the
last completed task), B takes A's place under A's parent and A's finished branch is dropped.
What remains is the most recent pass through the loop, with its data. Specs decide from a
task's own data and its parent's spec, which a fold keeps (A and B share a spec, so B's new
parent is one of its spec's inputs), so the engine runs on exactly as before. Likewise an
event subprocess run to its end (a hold placed and cleared, X2) is dropped once a later run
of the same subprocess has ended too: the engine only ever looks for one still waiting.

`folded_view` computes the folds without changing anything: the fingerprint is taken over
it, so a compacted instance and a replay that never compacted fingerprint alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState


@dataclass
class FoldedView:
    """The tree as it reads once every completed loop iteration is folded away."""

    rows: list[tuple[Task, int]] = field(default_factory=list)  # (task, depth), tree order
    children: dict[UUID, list[Task]] = field(default_factory=dict)
    rewired: dict[UUID, Task] = field(default_factory=dict)  # parents whose children changed
    moved: dict[UUID, Task] = field(default_factory=dict)  # task id -> its new parent
    removed: dict[UUID, Task] = field(default_factory=dict)
    ended_subprocesses: list[UUID] = field(default_factory=list)  # their owners' ids


def _subprocess_root(workflow: BpmnWorkflow, task: Task) -> Task | None:
    subprocess = workflow.subprocesses.get(task.id)
    return subprocess.task_tree if subprocess is not None else None


def _looks_back(spec) -> bool:
    """Specs whose behaviour reads other tasks of the tree than their own parent."""
    return isinstance(spec, (Join, SubWorkflowTask, LoopTask)) or any(
        isinstance(output, Join) for output in spec.outputs
    )


def _pinned(workflow: BpmnWorkflow, task: Task) -> bool:
    """A task a fold must keep: the engine or the serializer still refers to it."""
    parent = task.parent
    return (
        task.triggered
        or _looks_back(task.task_spec)
        or (parent is not None and isinstance(parent.task_spec, LoopTask))
        or task.id in workflow.subprocesses
        or task.id in workflow.event_manager.tasks
        or task is task.workflow.last_task
    )


def _preorder(workflow: BpmnWorkflow) -> Iterator[tuple[Task, list[Task]]]:
    """Every task with its children, a subprocess's tree first under the task running it."""
    stack = [workflow.task_tree]
    while stack:
        task = stack.pop()
        children = list(task.children)
        root = _subprocess_root(workflow, task)
        yield task, children
        stack.extend(reversed(([root] if root is not None else []) + children))


class _Folder:
    """One depth-first pass that folds as it goes (iterative: trees may be thousands deep)."""

    def __init__(self, workflow: BpmnWorkflow):
        self.workflow = workflow
        self.view = FoldedView()
        self.open: dict[UUID, int] = {}  # unfinished tasks in each subtree
        self.pins: dict[UUID, int] = {}  # pinned tasks in each subtree
        self.owners: dict[UUID, int] = {}  # tasks running a subprocess in each subtree
        order = list(_preorder(workflow))
        for task, children in order:
            self.view.children[task.id] = children
        for task, _ in reversed(order):
            self._count(task)
        self.path: list[Task] = []
        self.positions: dict[tuple[int, str], list[int]] = {}

    def _count(self, task: Task) -> None:
        below = self._view_children(task)
        self.open[task.id] = (not task.has_state(TaskState.FINISHED_MASK)) + sum(
            self.open[child.id] for child in below
        )
        self.pins[task.id] = _pinned(self.workflow, task) + sum(
            self.pins[child.id] for child in below
        )
        self.owners[task.id] = (task.id in self.workflow.subprocesses) + sum(
            self.owners[child.id] for child in below
        )

    def _view_children(self, task: Task) -> list[Task]:
        root = _subprocess_root(self.workflow, task)
        return ([root] if root is not None else []) + self.view.children[task.id]

    @staticmethod
    def _key(task: Task) -> tuple[int, str]:
        return id(task.workflow), task.task_spec.name

    def _target(self, task: Task) -> int | None:
        """Path position of the highest ancestor `task` may replace, if any."""
        if task.state != TaskState.COMPLETED:
            return None
        for position in self.positions.get(self._key(task), []):
            ancestor = self.path[position]
            if (
                ancestor._parent is not None  # never a workflow's root
                and ancestor.state == TaskState.COMPLETED
                and self.open[ancestor.id] == self.open[task.id]
                and self.pins[ancestor.id] == self.pins[task.id]
            ):
                return position
        return None

    def _remove(self, top: Task, keep: Task | None = None) -> None:
        """Mark `top` and everything below it (but `keep`'s subtree) as dropped."""
        stack = [top]
        while stack:
            node = stack.pop()
            if node is not keep:
                self.view.removed[node.id] = node
                stack.extend(self._view_children(node))

    def _fold(self, position: int, task: Task) -> None:
        """`task` replaces the ancestor at `position`; the ancestor's other branches go."""
        ancestor, parent = self.path[position], self.path[position - 1]
        for node in self.path[position:]:
            self.positions[self._key(node)].pop()
        del self.path[position:]
        siblings = self.view.children[parent.id]
        siblings[siblings.index(ancestor)] = task
        self.view.rewired[parent.id] = parent
        self.view.moved[task.id] = parent
        self._remove(ancestor, keep=task)

    def _ended_run(self, task: Task) -> bool:
        """An event subprocess that ran to its end, with nothing below it still open."""
        return (
            task.triggered
            and isinstance(task.task_spec, SubWorkflowTask)
            and task.state == TaskState.COMPLETED
            and self.open[task.id] == 0
            and self.owners[task.id] == 1  # no subprocess of its own inside
            and not task.children
        )

    def _drop_superseded_runs(self, parent: Task) -> None:
        """X2: of the ended runs of one event subprocess, only the latest is kept."""
        children = self.view.children[parent.id]
        ended = [child for child in children if self._ended_run(child)]
        latest = {child.task_spec.name: child for child in ended}
        superseded = [
            child
            for child in ended
            if latest[child.task_spec.name] is not child and child is not child.workflow.last_task
        ]
        if not superseded:
            return
        for child in superseded:
            self._remove(child)
            self.view.ended_subprocesses.append(child.id)
        children[:] = [child for child in children if child.id not in self.view.removed]
        self.view.rewired[parent.id] = parent

    def run(self) -> FoldedView:
        stack: list[tuple[bool, Task]] = [(True, self.workflow.task_tree)]
        while stack:
            entering, task = stack.pop()
            if task.id in self.view.removed:
                continue
            if not entering:
                self.path.pop()
                self.positions[self._key(task)].pop()
                continue
            position = self._target(task)
            if position is not None:
                self._fold(position, task)
            self._drop_superseded_runs(task)
            self.view.rows.append((task, len(self.path)))
            self.positions.setdefault(self._key(task), []).append(len(self.path))
            self.path.append(task)
            stack.append((False, task))
            stack.extend((True, child) for child in reversed(self._view_children(task)))
        self.view.rows = [row for row in self.view.rows if row[0].id not in self.view.removed]
        return self.view


def folded_view(workflow: BpmnWorkflow) -> FoldedView:
    """The task tree with completed loop iterations folded away; the workflow is untouched."""
    return _unlooped_view(workflow) or _Folder(workflow).run()


def _unlooped_view(workflow: BpmnWorkflow) -> FoldedView | None:
    """The view of a tree in which no task spec occurs twice in one (sub)workflow: nothing
    looped, so nothing folds and the view is the tree itself, read in one pass (most steps:
    issue 11). None when a spec repeats; the full fold decides then."""
    rows: list[tuple[Task, int]] = []
    seen: set[tuple[int, str]] = set()
    stack = [(workflow.task_tree, 0)]
    while stack:
        task, depth = stack.pop()
        key = (id(task.workflow), task.task_spec.name)
        if key in seen:
            return None
        seen.add(key)
        rows.append((task, depth))
        root = _subprocess_root(workflow, task)
        below = ([root] if root is not None else []) + task.children
        stack.extend((child, depth + 1) for child in reversed(below))
    return FoldedView(rows=rows)


def compact(workflow: BpmnWorkflow, view: FoldedView | None = None) -> int:
    """Drop what `folded_view` folds away (`view`, if the caller already folded it); return
    how many tasks went.

    Safe after any step: only finished tasks nothing refers to are dropped, every open task
    keeps its id, and the fingerprint (taken over the folded view) does not change.
    """
    view = view or folded_view(workflow)
    for parent in view.rewired.values():
        if parent.id not in view.removed:
            parent._children = [child.id for child in view.children[parent.id]]
    for task_id, parent in view.moved.items():
        if task_id not in view.removed:
            parent.workflow.tasks[task_id]._parent = parent.id
    for owner_id in view.ended_subprocesses:
        workflow.subprocesses.pop(owner_id, None)
    for task in view.removed.values():
        task.workflow.tasks.pop(task.id, None)
    return len(view.removed)
