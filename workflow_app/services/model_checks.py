"""Checks a model version must pass before it goes live: editing a diagram can move a rule,
it cannot delete the law (X2 hold handling, a reservation at every capped level followed by
a wait for its selection sitting, S1), and a published chain must be runnable: lanes are
roles, forms exist and reach nothing outside the version, scripts and decision tables pass
the sandbox and leave only storable values, every gateway has a way out, no dead ends and
no unreachable steps."""

from __future__ import annotations

import re
from collections.abc import Mapping

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.model_files import file_kind
from ..domain.posting import POSTED_BY_LAW
from ..domain.roles import BUILTIN_LEVELS
from ..domain.selection import SELECTION_DECIDED
from ..domain.vocabulary import AWARD_FORMS
from ..engine.decisions import entry_matches, literal_output
from ..engine.scripting import check_dmn_entry, check_script
from ..engine.specs import ParsedModel
from ..engine.storable import unstorable_leftovers
from ..persistence.models import QuotaCap
from .decision_tables import DecisionTable, read_tables
from .forms import form_file_problems
from .model_outline import Node, Outline, read_outline

POSTING_CALL = "request_public_posting("  # P1: the chain's public-posting step
RESERVE_CALL = re.compile(r"""reserve_quota_slot\(\s*["'](\w+)["']\s*\)""")
HOLD_MESSAGES = ("hold_placed", "hold_cleared")
RETURN_CONDITION = re.compile(r"""decision\s*==\s*["']return["']""")


def model_reserved_levels(model: ParsedModel) -> set[str]:
    """The levels at which some script task of the model reserves a quota slot."""
    return {level for script in model.scripts for level in RESERVE_CALL.findall(script.source)}


def capped_levels(session: Session, jurisdiction_id: str) -> set[str]:
    rows = session.scalars(
        select(QuotaCap.level).where(
            QuotaCap.jurisdiction_id == jurisdiction_id, QuotaCap.cap.is_not(None)
        )
    )
    return set(rows)


def rule_problems(model: ParsedModel, capped: set[str]) -> list[dict]:
    """What the law needs that this model leaves out, each problem naming what to add."""
    problems = []
    missing = [name for name in HOLD_MESSAGES if name not in model.caught_messages]
    if missing:  # X2: holds pause the dossier
        found = _found("model_missing_hold_handling", None, model.process_id, messages=missing)
        problems.append(found)
    for level in sorted(capped - model_reserved_levels(model)):  # Q1-Q2: caps need a slot
        found = _found("level_without_reservation", None, level, level=level, level_key=level)
        problems.append(found)
    # S1: a capped level selects in a sitting, so its proposal must wait for the decision
    # (a slot taken at approval would go to whoever was approved first).
    selecting = sorted(capped & model_reserved_levels(model))
    if selecting and SELECTION_DECIDED not in model.caught_messages:
        found = _found(
            "level_without_selection_wait",
            None,
            model.process_id,
            levels=", ".join(selecting),
            message=SELECTION_DECIDED,
        )
        problems.append(found)
    return problems


def posting_problems(model: ParsedModel, files: dict[str, str]) -> list[dict]:
    """P1: a model whose routing table takes a form the law posts (a Huân chương) must have
    the public-posting step; editing the diagram can move the step, not drop it."""
    routing = _table(files, ROUTING_DECISION)
    if routing is None or any(POSTING_CALL in script.source for script in model.scripts):
        return []
    routed = _forms_of(routing[1])
    return [
        _found("model_missing_public_posting", routing[0], ROUTING_DECISION, award_form=form)
        for form in sorted(POSTED_BY_LAW & routed)
    ]


def _found(code: str, file: str | None, element: str | None, **params) -> dict:
    """A stored problem: a catalogue code and its parameters, and where it is."""
    return {"code": code, "params": params, "file": file, "element": element}


def from_engine(problems: list[dict]) -> list[dict]:
    """The engine's parse problems as stored problems; its own text is kept as a parameter."""
    return [
        _found(p["code"], p.get("file"), p.get("element"), **p.get("params", {}))
        if "code" in p
        else _found(
            "model_unbuildable", p.get("file"), p.get("element"), reason=p.get("message", "")
        )
        for p in problems
    ]


def lane_problems(model: ParsedModel, outline: Outline, lanes: Mapping[str, int]) -> list[dict]:
    """Every user task sits in a lane named by one of the jurisdiction's roles (issue 17:
    `lanes`, its own roles and the built-in ones), so the inbox knows whom to offer it."""
    problems = []
    for task in model.user_tasks.values():
        node = outline.nodes.get(task.id)
        file = node.file if node else None
        if task.lane is None:
            problems.append(_found("task_without_lane", file, task.id, task=task.title))
        elif task.lane not in lanes:
            roles = sorted(lanes, key=lambda key: (lanes[key], key))
            found = _found(
                "lane_role_missing", file, task.id, lane=task.lane, task=task.title, roles=roles
            )
            problems.append(found)
    return problems


def schema_problem(name: str, forms: dict[str, dict]) -> tuple[str, dict] | None:
    """(`form_missing` or `form_invalid`, parameters) if `name` is no usable JSON Schema."""
    if name not in forms:
        return "form_missing", {"form": name}
    try:
        Draft202012Validator.check_schema(forms[name])
    except SchemaError as error:
        return "form_invalid", {"form": name, "reason": error.message}
    return None


def form_problems(model: ParsedModel, outline: Outline) -> list[dict]:
    """Every user task names a form that exists and is a valid JSON Schema (the server
    validates completions against it, so a broken form would block the step)."""
    problems = []
    for node in outline.nodes.values():
        if node.type != "userTask":
            continue
        task = node.name or node.id
        if not node.form:
            problems.append(_found("task_without_form", node.file, node.id, task=task))
            continue
        error = schema_problem(node.form, model.forms)
        if error:
            code, params = error
            problems.append(_found(f"task_{code}", node.file, node.id, task=task, **params))
        if node.ui_form and node.ui_form not in model.forms:
            missing = _found(
                "task_ui_form_missing", node.file, node.id, task=task, ui_form=node.ui_form
            )
            problems.append(missing)
    return problems


def form_content_problems(model: ParsedModel) -> list[dict]:
    """Issue 16: a form's `$ref` reaches only the version's own form files (nothing is fetched
    or read from disk), and its patterns cannot backtrack for seconds on one field."""
    return [
        _found(code, name, None, **params) for name, code, params in form_file_problems(model.forms)
    ]


def gateway_problems(outline: Outline) -> list[dict]:
    """An exclusive gateway with several ways out needs a default or a condition on each,
    otherwise a dossier can stop there with no way forward."""
    problems = []
    for node in outline.nodes.values():
        if node.type != "exclusiveGateway":
            continue
        outgoing = [f for f in outline.flows.values() if f.source == node.id]
        unconditioned = [f.id for f in outgoing if not f.condition and f.id != node.default]
        if len(outgoing) > 1 and not node.default and unconditioned:
            found = _found(
                "gateway_without_default",
                node.file,
                node.id,
                gateway=node.name or node.id,
                count=len(outgoing),
                flows=unconditioned,
            )
            problems.append(found)
    return problems


def script_problems(outline: Outline) -> list[dict]:
    """Scripts and conditions must pass the sandbox check before they can run on a dossier."""
    problems = []
    for element, file, source in outline.scripts:
        for error in check_script(source, "exec"):
            problems.append(_found("script_refused", file, element, reason=str(error)))
        for variable, line, kind in unstorable_leftovers(source):  # sets, ranges... (issue 16)
            left = {"variable": variable, "line": line, "kind": kind}
            problems.append(_found("script_leaves_unstorable_value", file, element, **left))
    for flow in outline.flows.values():
        for error in check_script(flow.condition or "True", "eval"):
            problems.append(_found("condition_refused", flow.file, flow.id, reason=str(error)))
    return problems


def decision_problems(outline: Outline) -> list[dict]:
    """Every DMN input expression and rule entry passes the sandbox check the scripts pass,
    so a published table never fails on every dossier that reaches it."""
    problems = []
    for cell in outline.decision_cells:
        if cell.kind == "input_entry":
            errors = check_dmn_entry(cell.text)
        else:
            errors = check_script(cell.text, "eval")
        for error in errors:
            where = {"decision": cell.decision, "column": cell.column, "reason": str(error)}
            if cell.row is None:
                found = _found("decision_input_refused", cell.file, cell.element, **where)
            else:
                found = _found(
                    "decision_rule_refused", cell.file, cell.element, row=cell.row, **where
                )
            problems.append(found)
    return problems


def _entered(node: Node, outline: Outline, reached: set[str], containers: set[str]) -> bool:
    if node.triggered_by_event:  # an event subprocess starts on its message, not a flow
        return True
    if node.type == "startEvent":
        return node.container in containers or node.container in reached
    if node.attached_to:
        return node.attached_to in reached
    return any(f.source in reached for f in outline.flows.values() if f.target == node.id)


def _reachable(outline: Outline) -> set[str]:
    processes = {n.container for n in outline.nodes.values()} - set(outline.nodes)
    reached: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node in outline.nodes.values():
            if node.id not in reached and _entered(node, outline, reached, processes):
                reached.add(node.id)
                changed = True
    return reached


def graph_problems(outline: Outline) -> list[dict]:
    """No dead ends and no unreachable steps: every dossier can move on and finish."""
    problems = []
    sources = {f.source for f in outline.flows.values()}
    reached = _reachable(outline)
    for node in outline.nodes.values():
        label = node.name or node.id
        if node.type != "endEvent" and not node.triggered_by_event and node.id not in sources:
            problems.append(_found("step_dead_end", node.file, node.id, step=label))
        if node.id not in reached:
            problems.append(_found("step_unreachable", node.file, node.id, step=label))
    return problems


def _next_user_tasks(outline: Outline, start: str) -> set[str]:
    """The user tasks a dossier moves on to from `start` (returns left aside), without
    passing another user task."""
    found, seen, frontier = set(), {start}, [start]
    while frontier:
        current = frontier.pop()
        for flow in outline.flows.values():
            if flow.source != current or flow.target in seen:
                continue
            if flow.condition and RETURN_CONDITION.search(flow.condition):
                continue
            seen.add(flow.target)
            target = outline.nodes.get(flow.target)
            if target is not None and target.type == "userTask":
                found.add(flow.target)
            else:
                frontier.append(flow.target)
    return found


def chain_order_problems(
    model: ParsedModel, outline: Outline, lanes: Mapping[str, int]
) -> list[dict]:
    """C1-C6: a dossier climbs the chain (HCMC: unit, Sở GDĐT, Sở Nội vụ, UBND, central); a
    step may hand it on to the same or a higher level (`lanes`: each role's level, issue 17),
    never to a lower one except by a return."""
    rank = lanes
    tasks = model.user_tasks
    problems = []
    for task in tasks.values():
        if task.lane not in rank:
            continue  # reported by lane_problems
        for next_id in sorted(_next_user_tasks(outline, task.id)):
            following = tasks.get(next_id)
            if following is None or following.lane not in rank:
                continue
            if rank[following.lane] < rank[task.lane]:
                node = outline.nodes.get(task.id)
                found = _found(
                    "chain_goes_down",
                    node.file if node else None,
                    task.id,
                    task=task.title,
                    lane=task.lane,
                    next_task=following.title,
                    next_lane=following.lane,
                )
                problems.append(found)
    return problems


ROUTING_DECISION = "award_route"
ELIGIBILITY_DECISION = "eligibility"


def _table(files: dict[str, str], decision_id: str) -> tuple[str, DecisionTable] | None:
    """(file, table) of the decision `decision_id` in the version's DMN files, if any."""
    for name, content in sorted(files.items()):
        if file_kind(name) != "dmn":
            continue
        try:
            tables = read_tables(content)
        except DomainError:  # an unreadable file is reported by the outline
            continue
        for table in tables:
            if table.decision_id == decision_id:
                return name, table
    return None


def _column(columns, name: str) -> int | None:
    """The index of the input (by its expression) or output (by its name) called `name`."""
    names = [getattr(c, "expression", None) or getattr(c, "name", "") for c in columns]
    found = [i for i, found_name in enumerate(names) if found_name.strip() == name]
    return found[0] if found else None


def _forms_of(table: DecisionTable, allowing_only: bool = False) -> set[str]:
    """The award forms the rows of `table` name (or, `allowing_only`, the forms they allow);
    a row for any form (`-`) names them only if it allows them."""
    form_column = _column(table.inputs, "award_form")
    allowed_column = _column(table.outputs, "allowed")
    if form_column is None:
        return set()
    forms = set()
    for rule in table.rules:
        entry = rule.inputs[form_column] if form_column < len(rule.inputs) else "-"
        allows = allowed_column is None or literal_output(rule.outputs[allowed_column]) is not False
        if (allowing_only or entry.strip() in ("", "-")) and not allows:
            continue
        forms |= {form for form in AWARD_FORMS if entry_matches(entry, form)}
    return forms


def eligibility_problems(files: dict[str, str]) -> list[dict]:
    """E1: every award form the routing table knows has rows in the eligibility table, and
    the eligibility table allows no form the routing table would stop on."""
    routing = _table(files, ROUTING_DECISION)
    if routing is None:
        return []
    eligibility = _table(files, ELIGIBILITY_DECISION)
    if eligibility is None:
        return [_found("eligibility_table_missing", routing[0], ELIGIBILITY_DECISION)]
    file, table = eligibility
    routed, named = _forms_of(routing[1]), _forms_of(table)
    allowed = _forms_of(table, allowing_only=True)
    problems = [
        _found("eligibility_rows_missing", file, ELIGIBILITY_DECISION, award_form=form)
        for form in AWARD_FORMS
        if form in routed and form not in named
    ]
    problems += [
        _found("eligible_form_not_routed", file, ELIGIBILITY_DECISION, award_form=form)
        for form in AWARD_FORMS
        if form in allowed and form not in routed
    ]
    return problems


def version_problems(
    model: ParsedModel,
    files: dict[str, str],
    capped: set[str],
    lanes: Mapping[str, int] | None = None,
    award_chain: bool = True,
) -> list[dict]:
    """Every reason a version that SpiffWorkflow could build may still not be published, each
    a code and its parameters (`_found`), never a sentence: pages and the API word it.
    `lanes`: the jurisdiction's roles and their levels (services.roles.levels_of).
    `award_chain`: False for a yearly-report model (issue 14), which owes none of the award
    chain's laws (hold handling, quota reservations, eligibility, posting, upward order)."""
    outline = read_outline(files)
    lanes = BUILTIN_LEVELS if lanes is None else lanes
    common = [
        *outline.unreadable,
        *lane_problems(model, outline, lanes),
        *form_problems(model, outline),
        *form_content_problems(model),
        *gateway_problems(outline),
        *script_problems(outline),
        *decision_problems(outline),
        *graph_problems(outline),
    ]
    if not award_chain:
        return common
    return [
        *common,
        *chain_order_problems(model, outline, lanes),
        *rule_problems(model, capped),
        *eligibility_problems(files),
        *posting_problems(model, files),
    ]
