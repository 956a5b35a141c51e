"""Sandbox for BPMN script tasks, gateway conditions and DMN expressions.

Process models are edited by administrators, so their Python must not reach the host. Code is
checked statically (clear messages for the publish check), compiled with RestrictedPython (every
attribute read, item read, write and unpack goes through a guard) and run with a short list of
builtins plus the functions the host chooses to offer. Every evaluation runs within a CPU-time
and memory budget (engine/budget.py, engine/guards.py); going over stops the step with
ScriptBudgetExceeded, which names the BPMN element.
"""

from __future__ import annotations

import ast
import functools
import operator
import re
from collections.abc import Callable, Mapping

from RestrictedPython import Guards as RestrictedGuards
from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Limits import limited_builtins
from RestrictedPython.PrintCollector import PrintCollector
from RestrictedPython.transformer import INSPECT_ATTRIBUTES
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from ..domain.errors import DomainError
from .budget import BudgetSpent, ScriptLimits, spending
from .guards import BudgetedTransformer, Guards, guarded_builtins, operator_guards

# Builtins that read or write arbitrary attributes, namespaces, code or files.
FORBIDDEN_CALLS = frozenset(
    {
        "__import__",
        "open",
        "eval",
        "exec",
        "compile",
        "getattr",
        "setattr",
        "delattr",
        "hasattr",
        "globals",
        "locals",
        "vars",
        "type",
        "object",
        "dir",
        "input",
        "breakpoint",
        "help",
        "memoryview",
        "classmethod",
        "staticmethod",
        "super",
        "property",
        "exit",
        "quit",
    }
)
# Attributes that lead to frames, code, globals or to str.format's attribute lookups.
BLOCKED_ATTRIBUTES = INSPECT_ATTRIBUTES | frozenset(
    {
        "func_globals",
        "func_code",
        "func_closure",
        "mro",
        "format",
        "format_map",
    }
)
_HARMLESS = (
    abs,
    all,
    any,
    bool,
    dict,
    enumerate,
    float,
    frozenset,
    int,
    isinstance,
    len,
    list,
    max,
    min,
    range,
    round,
    set,
    sorted,
    str,
    sum,
    tuple,
    zip,
)


def _allowed_builtin(name: str, value: object) -> bool:
    """No private names, no forbidden calls, no SystemExit-style exceptions that kill workers."""
    kills = (
        isinstance(value, type)
        and issubclass(value, BaseException)
        and not issubclass(value, Exception)
    )
    return not (name.startswith("_") or name in FORBIDDEN_CALLS or kills)


# RestrictedPython's sets, with plain list/tuple/range (its limited ones refuse list("abc")).
BUILTINS = {
    name: value
    for name, value in {
        **RestrictedGuards.safe_builtins,
        **limited_builtins,
        **{f.__name__: f for f in _HARMLESS},
    }.items()
    if _allowed_builtin(name, value)
}
_COMPILERS = {"exec": compile_restricted_exec, "eval": compile_restricted_eval}


class ScriptRejected(Exception):
    """A script or expression broke the sandbox rules; .problems lists why (strings)."""

    problems: list[str]

    def __init__(self, problems: list[str]):
        # args[0] must be a str: Spiff builds its error detail with `":" + err.args[0]`.
        super().__init__("script rejected by the sandbox: " + "; ".join(problems))
        self.problems = list(problems)


def _guarded_getattr(obj, name):
    """obj.name at runtime: the static rules again, then RestrictedPython's safer_getattr."""
    if name.startswith("_") or name in BLOCKED_ATTRIBUTES:
        raise AttributeError(f"attribute not allowed in scripts: {name}")
    return RestrictedGuards.safer_getattr_raise(obj, name)


def _apply(func, *args, **kwargs):
    """RestrictedPython routes calls written with *args / **kwargs through this."""
    return func(*args, **kwargs)


@functools.lru_cache(maxsize=16)
def _sandbox_globals(limits: ScriptLimits) -> dict:
    """Guards and builtins bound to one budget, injected last into every namespace so task
    data can never replace one."""
    budget = Guards(limits)

    def getattr_within_budget(obj, name):
        return budget.method(obj, name, _guarded_getattr(obj, name))

    return {
        "__builtins__": {**BUILTINS, **guarded_builtins(budget)},
        "_getattr_": getattr_within_budget,
        "_getitem_": operator.getitem,
        "_getiter_": iter,
        "_write_": RestrictedGuards.full_write_guard,
        "_iter_unpack_sequence_": RestrictedGuards.guarded_iter_unpack_sequence,
        "_unpack_sequence_": RestrictedGuards.guarded_unpack_sequence,
        "_apply_": _apply,
        "_print_": PrintCollector,
        **operator_guards(budget),
    }


# `_print` is the collector a print() call creates.
_RESERVED = frozenset(_sandbox_globals(ScriptLimits())) | {"_print"}


def _identifiers(node: ast.AST) -> list[str]:
    """Every identifier a node spells out: variables, arguments, definitions, attributes."""
    found = [getattr(node, field, None) for field in ("id", "arg", "name", "attr")]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        found += node.names
    return [name for name in found if isinstance(name, str)]


def _node_problems(node: ast.AST) -> list[str]:
    """Rule violations of one syntax node, worded for the administrator who wrote it."""
    line = f"line {getattr(node, 'lineno', '?')}"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [f"{line}: imports are not allowed"]
    problems = [
        f'{line}: names starting with "_" are not allowed: {name}'
        for name in _identifiers(node)
        if name.startswith("_")
    ]
    if isinstance(node, ast.ClassDef):
        problems.append(f"{line}: class definitions are not allowed")
    if isinstance(node, ast.Attribute) and node.attr in BLOCKED_ATTRIBUTES:
        problems.append(f"{line}: attribute not allowed: {node.attr}")
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in FORBIDDEN_CALLS:
        problems.append(f'{line}: "{node.func.id}" is not available in scripts')
    return problems + _budget_problems(node, line)


def _budget_problems(node: ast.AST, line: str) -> list[str]:
    """Constructs that could swallow the budget's stop, or pad a string in one C call."""
    if isinstance(node, ast.ExceptHandler) and node.type is None:
        return [f'{line}: a bare "except:" is not allowed; name the exceptions to catch']
    if isinstance(node, ast.Try) and node.finalbody:
        return [f'{line}: "finally" is not allowed in scripts']
    spec = node.format_spec if isinstance(node, ast.FormattedValue) else None
    if spec is not None and not _small_constant_spec(spec):
        return [f"{line}: a format specification must be a short constant, e.g. {{x:>10}}"]
    return []


def _small_constant_spec(spec: ast.AST) -> bool:
    """`{x:>10}` yes; `{x:>{width}}` or `{x:>99999999}` no."""
    parts = getattr(spec, "values", [spec])
    texts = [part.value for part in parts if isinstance(part, ast.Constant)]
    if len(texts) != len(parts) or not all(isinstance(text, str) for text in texts):
        return False
    return not re.search(r"\d{5,}", "".join(texts))


def _static_problems(tree: ast.AST) -> list[str]:
    """All rule violations in a parsed tree, ordered by line."""
    found = [(getattr(n, "lineno", 0), p) for n in ast.walk(tree) for p in _node_problems(n)]
    return [problem for _, problem in sorted(found, key=lambda item: item[0])]


@functools.lru_cache(maxsize=2048)
def _compile(source: str, mode: str):
    """Compile once per (source, mode); returns (code, problems) so refusals are cached too."""
    if mode not in _COMPILERS:
        raise ValueError(f'mode must be "exec" or "eval", not {mode!r}')
    if mode == "eval":
        source = source.lstrip(" \t")  # the eval() builtin tolerates leading blanks; match it
    try:
        tree = ast.parse(source, "<string>", mode)
        problems = _static_problems(tree)
        if problems:
            return None, tuple(problems)
        result = _COMPILERS[mode](source, "<string>", policy=BudgetedTransformer)
    except SyntaxError as err:
        return None, (f"line {err.lineno}: syntax error: {err.msg}",)
    except (RecursionError, MemoryError):  # the parser and RestrictedPython recurse per level
        return None, ("line 1: the code is nested too deeply",)
    return result.code, tuple(re.sub(r"^Line ", "line ", e) for e in result.errors)


def _compiled(source: str, mode: str):
    """Code for source, or ScriptRejected listing why it may not run."""
    code, problems = _compile(source, mode)
    if code is None:
        raise ScriptRejected(list(problems))
    return code


def check_script(source: str, mode: str = "exec") -> list[str]:
    """Return the problems that stop `source` from running in the sandbox ([] when it is fine).

    mode is "exec" for script tasks, "eval" for conditions and DMN expressions. Never executes
    anything; messages name the line, e.g. 'line 1: names starting with "_" are not allowed: x'.
    """
    return list(_compile(source, mode)[1])


# SpiffWorkflow's DMN engine names an input's value `dmninputexpr` where an entry says `?`
# (`4 < ? < 6`); the same regular expression finds a `?` outside quotes.
DMN_INPUT = "dmninputexpr"
_DMN_QUESTION = re.compile(r"""(\?)(?=(?:[^'"]|['"][^'"]*['"])*$)""")


def dmn_entry_expression(entry: str) -> str | None:
    """The expression SpiffWorkflow's DMNEngine.evaluate runs for a rule's input entry, with
    the input's value as DMN_INPUT: `"a"` is `(v) == ("a")`, `> 5` is `v > 5`, `? < 6` is
    itself; None for `-` (any value)."""
    if entry == "-":
        return None
    asked = _DMN_QUESTION.sub(DMN_INPUT, entry)
    if DMN_INPUT in asked:
        return asked
    try:
        ast.parse(entry)  # Spiff's script_engine.validate: can it stand alone?
    except (SyntaxError, ValueError):
        return f"{DMN_INPUT} {entry}"
    return f"({DMN_INPUT}) == ({entry})"


def check_dmn_entry(entry: str) -> list[str]:
    """check_script for a decision rule's input entry, as the DMN engine will evaluate it."""
    expression = dmn_entry_expression(entry)
    return [] if expression is None else check_script(expression, "eval")


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """TaskDataEnvironment semantics, but code runs under RestrictedPython with guarded globals
    and within a CPU-time and memory budget (BudgetSpent when it goes over)."""

    def __init__(
        self,
        host_functions: Mapping[str, Callable] | None = None,
        limits: ScriptLimits | None = None,
    ):
        host = dict(host_functions or {})
        unusable = sorted(n for n in host if n.startswith("_") or n in FORBIDDEN_CALLS)
        if unusable:
            raise ValueError(f"host function names scripts could never call: {unusable}")
        super().__init__(host)
        self.limits = limits or ScriptLimits()
        self.sandbox = _sandbox_globals(self.limits)

    def evaluate(self, expression, context, external_context=None):
        """Value of an expression; task data shadows external context, which shadows host."""
        code = _compiled(expression, "eval")
        namespace = {**self.globals, **(external_context or {}), **context, **self.sandbox}
        with spending(self.limits):
            return eval(code, namespace)  # noqa: S307 - code compiled by RestrictedPython

    def execute(self, script, context, external_context=None):
        """Run a script in the task data itself, so top-level assignments become task data."""
        external_context = external_context or {}
        self.check_for_overwrite(context, external_context)
        code = _compiled(script, "exec")
        context.update({**self.globals, **external_context, **self.sandbox})
        try:
            with spending(self.limits):
                exec(code, context)  # noqa: S102 - RestrictedPython code, guarded globals
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True

    def _remove_globals_and_functions_from_context(self, context, external_context=None):
        """Leave only data behind: no builtins, guards, host functions or callables."""
        external_context = external_context or {}
        for key in list(context):
            if (
                key in _RESERVED
                or key in self.globals
                or key in external_context
                or callable(context[key])
            ):
                context.pop(key)

    def check_for_overwrite(self, context, external_context):
        """Fail fast when task data would hide a host function (or a sandbox guard)."""
        clashes = (set(self.globals) | set(external_context) | _RESERVED) & set(context)
        if clashes:
            raise ValueError(
                "You have task data that overwrites a predefined function(s). Please change the "
                f"following variable or field name(s) to something else: {sorted(clashes)}"
            )


class ScriptBudgetExceeded(DomainError):
    """A script, condition or DMN expression went over its CPU-time or memory budget; its
    step stops and rolls back (`element` is the BPMN element, `limit` e.g. "1 s CPU")."""

    code = "script_budget_exceeded"

    def __init__(self, element: str, limit: str):
        super().__init__(element=element, limit=limit)


def _element(task) -> str:
    spec = getattr(task, "task_spec", None)
    return str(getattr(spec, "bpmn_id", None) or getattr(spec, "name", "?"))


class BudgetedScriptEngine(PythonScriptEngine):
    """Spiff's script engine, turning a spent budget into a refusal that names the element."""

    def evaluate(self, task, expression, external_context=None):
        try:
            return super().evaluate(task, expression, external_context)
        except BudgetSpent as spent:
            raise ScriptBudgetExceeded(_element(task), spent.limit) from None

    def execute(self, task, script, external_context=None):
        try:
            return super().execute(task, script, external_context)
        except BudgetSpent as spent:
            raise ScriptBudgetExceeded(_element(task), spent.limit) from None


def budget_refusal(error: BaseException) -> ScriptBudgetExceeded | None:
    """The budget refusal behind an engine error (Spiff wraps DMN failures), if any."""
    seen = error
    while seen is not None:
        if isinstance(seen, ScriptBudgetExceeded):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def restricted_script_engine(
    host_functions=None, limits: ScriptLimits | None = None
) -> PythonScriptEngine:
    """A SpiffWorkflow script engine whose environment is RestrictedEnvironment."""
    return BudgetedScriptEngine(environment=RestrictedEnvironment(host_functions, limits))
