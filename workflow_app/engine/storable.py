"""What a script may leave in task data: only what the stored state can hold (JSON through the
serializer). A set, a range, an exception, a generator or data nested past what the encoder
walks stops the step with a refusal naming the element and the variable, and where a script
visibly leaves one (`seen = set()`), the publish check says so before any dossier runs it."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from ..domain.errors import DomainError
from .scripting import BUILTINS

# Builtins whose result the state cannot store: iterators, sets, bytes, complex numbers.
_UNSTORABLE_CALLS = frozenset(
    {
        "set",
        "frozenset",
        "range",
        "iter",
        "map",
        "filter",
        "zip",
        "enumerate",
        "reversed",
        "bytes",
        "bytearray",
        "complex",
    }
)
_EXCEPTIONS = frozenset(
    name
    for name, value in BUILTINS.items()
    if isinstance(value, type) and issubclass(value, BaseException)
)


class UnstorableValue(DomainError):
    """After a step, task data held a value the state cannot store; the step rolls back
    (`element` is the BPMN element whose data holds it, `variable` its name)."""

    code = "script_left_unstorable_value"

    def __init__(self, element: str, variable: str):
        super().__init__(element=element, variable=variable)


def _kind(value: ast.expr) -> str | None:
    """What an assigned expression visibly builds, when the state cannot store it."""
    if isinstance(value, (ast.Set, ast.SetComp)):
        return "set"
    if isinstance(value, ast.GeneratorExp):
        return "generator"
    if isinstance(value, ast.Constant) and isinstance(value.value, (bytes, complex)):
        return type(value.value).__name__
    called = getattr(value.func, "id", None) if isinstance(value, ast.Call) else None
    if called in _UNSTORABLE_CALLS:
        return called
    if called in _EXCEPTIONS:
        return "exception"
    return None


def _rebound(statement: ast.stmt) -> set[str]:
    """Every name a statement binds or deletes, at any depth (a later `seen = list(seen)`)."""
    return {
        node.id
        for node in ast.walk(statement)
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del))
    }


def unstorable_leftovers(source: str) -> list[tuple[str, int, str]]:
    """(variable, line, kind) for each top-level variable a script leaves holding a set, a
    range, a generator, an exception... (its last binding, unconditional). Code that does not
    parse is check_script's to report."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    left: dict[str, tuple[int, str]] = {}
    for statement in tree.body:
        for name in _rebound(statement):
            left.pop(name, None)
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            kind = _kind(statement.value)
            targets = getattr(statement, "targets", [getattr(statement, "target", None)])
            for target in targets if kind else ():
                if isinstance(target, ast.Name):
                    left[target.id] = (statement.lineno, kind)
    return sorted(((n, line, kind) for n, (line, kind) in left.items()), key=lambda f: f[1])


def _data_by_element(workflow) -> Iterator[tuple[str, dict]]:
    """Each data dictionary the state stores with the element it belongs to: each process's
    data, then its tasks in the order they were made (the first task holding a value is the
    one whose script left it)."""
    for process in (workflow, *workflow.subprocesses.values()):
        yield str(process.spec.name), process.data
        for task in process.tasks.values():
            yield str(task.task_spec.bpmn_id or task.task_spec.name), task.data


def unstorable_value(workflow, storable: Callable[[object], bool]) -> UnstorableValue | None:
    """The refusal naming the first variable `storable` says the state cannot hold, if any."""
    for element, data in _data_by_element(workflow):
        for variable, value in data.items():
            if not callable(value) and not storable(value):
                return UnstorableValue(element, str(variable))
    return None
