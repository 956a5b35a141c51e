"""Decision tables asked outside a running process (E1: eligibility when a dossier is
created), by SpiffWorkflow's own DMN engine inside the sandbox, so a table means the same
whether a business rule task or a use case asks it."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine

from ..domain.errors import DomainError
from .budget import ScriptLimits
from .scripting import (
    DMN_INPUT,
    RestrictedEnvironment,
    dmn_entry_expression,
    restricted_script_engine,
)


class DecisionFailed(ValueError):
    """The table could not be evaluated (an entry failed); `decision` names it."""

    def __init__(self, decision: str, reason: str):
        super().__init__(f"{decision}: {reason}")
        self.decision = decision
        self.reason = reason


@dataclass(frozen=True)
class Decided:
    """The outputs of the row that matched (empty when none did) and that row's id."""

    outputs: dict
    rule_id: str | None


def decision_engines(parser) -> dict[str, DMNEngine]:
    """Every decision of the parsed DMN files, by id (called once, when a model is parsed)."""
    return {decision_id: parser.get_engine(decision_id, None) for decision_id in parser.dmn_parsers}


class _DecisionTask(SimpleNamespace):
    """What Spiff's DMN engine reads of a task: its data, a script engine, and names for
    the error it raises when an entry fails."""

    def __init__(self, decision_id: str, data: Mapping, limits: ScriptLimits | None):
        workflow = SimpleNamespace(
            script_engine=restricted_script_engine(None, limits),
            spec=SimpleNamespace(file=decision_id),
        )
        workflow.top_workflow = workflow
        spec = SimpleNamespace(bpmn_id=decision_id, name=decision_id, bpmn_name=decision_id)
        super().__init__(data=dict(data), workflow=workflow, task_spec=spec)


def decide(
    engine: DMNEngine, decision_id: str, data: Mapping, limits: ScriptLimits | None = None
) -> Decided:
    """Ask the table with `data` as its inputs; the first matching row answers."""
    task = _DecisionTask(decision_id, data, limits)
    try:
        rules = engine.decide(task)
        if not rules:
            return Decided({}, None)
        return Decided(dict(rules[0].output_as_dict(task)), rules[0].id)
    except DomainError:  # a spent budget names itself
        raise
    except Exception as error:  # noqa: BLE001 - Spiff wraps what an entry raised
        raise DecisionFailed(decision_id, str(error)) from error


_ENTRY_ENVIRONMENT = RestrictedEnvironment()


def entry_matches(entry: str, value) -> bool:
    """Does a rule's input entry (`"a"`, `in ("a", "b")`, `-`) accept `value`? As the DMN
    engine reads it; an entry that cannot be evaluated accepts nothing."""
    expression = dmn_entry_expression(entry.strip() or "-")
    if expression is None:
        return True
    try:
        return bool(_ENTRY_ENVIRONMENT.evaluate(expression, {DMN_INPUT: value}))
    except Exception:  # noqa: BLE001 - a broken entry is reported by the model checks
        return False


def literal_output(text: str):
    """An output entry's value when it is a literal (`True`, `"x"`, `3`); None otherwise."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return None
