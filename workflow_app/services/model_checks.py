"""Checks a model version must pass before it goes live: editing a diagram can move a rule,
it cannot delete the law (X2 hold handling, a reservation at every capped level), and a
published chain must be runnable: lanes are roles, forms exist, scripts pass the sandbox,
every gateway has a way out, no dead ends and no unreachable steps."""

from __future__ import annotations

import re

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.vocabulary import LANE_ROLES
from ..engine.scripting import check_script
from ..engine.specs import ParsedModel
from ..persistence.models import QuotaCap
from .model_outline import Node, Outline, read_outline

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
    if missing:
        problems.append(
            {
                "message": "Quy trình thiếu xử lý tạm dừng xét khi có vướng mắc (X2): cần sự kiện "
                f"nhận thông điệp {', '.join(missing)}.",
                "file": None,
                "element": model.process_id,
            }
        )
    for level in sorted(capped - model_reserved_levels(model)):
        problems.append(
            {
                "message": f"Cấp {level} có chỉ tiêu nhưng quy trình không có bước giữ chỉ tiêu "
                f'(reserve_quota_slot("{level}")).',
                "file": None,
                "element": level,
            }
        )
    return problems


def _found(message: str, file: str | None, element: str | None) -> dict:
    return {"message": message, "file": file, "element": element}


def lane_problems(model: ParsedModel, outline: Outline) -> list[dict]:
    """Every user task sits in a lane named by a role, so the inbox knows whom to offer it."""
    problems = []
    for task in model.user_tasks.values():
        node = outline.nodes.get(task.id)
        file = node.file if node else None
        if task.lane is None:
            message = (
                f"Công việc '{task.title}' không nằm trong lane nào (cần lane mang tên vai trò)."
            )
            problems.append(_found(message, file, task.id))
        elif task.lane not in LANE_ROLES:
            message = (
                f"Lane '{task.lane}' của công việc '{task.title}' không phải vai trò đã biết "
                f"({', '.join(LANE_ROLES)})."
            )
            problems.append(_found(message, file, task.id))
    return problems


def schema_problem(name: str, forms: dict[str, dict]) -> str | None:
    if name not in forms:
        return f"không tìm thấy tệp biểu mẫu '{name}'"
    try:
        Draft202012Validator.check_schema(forms[name])
    except SchemaError as error:
        return f"biểu mẫu '{name}' không phải JSON Schema hợp lệ: {error.message}"
    return None


def form_problems(model: ParsedModel, outline: Outline) -> list[dict]:
    """Every user task names a form that exists and is a valid JSON Schema (the server
    validates completions against it, so a broken form would block the step)."""
    problems = []
    for node in outline.nodes.values():
        if node.type != "userTask":
            continue
        if not node.form:
            message = f"Công việc '{node.name or node.id}' chưa khai báo biểu mẫu (JSON Schema)."
            problems.append(_found(message, node.file, node.id))
            continue
        error = schema_problem(node.form, model.forms)
        if error:
            problems.append(
                _found(f"Công việc '{node.name or node.id}': {error}.", node.file, node.id)
            )
        if node.ui_form and node.ui_form not in model.forms:
            message = f"Công việc '{node.name or node.id}': không tìm thấy tệp '{node.ui_form}'."
            problems.append(_found(message, node.file, node.id))
    return problems


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
            message = (
                f"Cổng rẽ nhánh '{node.name or node.id}' có {len(outgoing)} nhánh nhưng không có "
                f"nhánh mặc định, và nhánh {', '.join(unconditioned)} không có điều kiện."
            )
            problems.append(_found(message, node.file, node.id))
    return problems


def script_problems(outline: Outline) -> list[dict]:
    """Scripts and conditions must pass the sandbox check before they can run on a dossier."""
    problems = []
    for element, file, source in outline.scripts:
        for error in check_script(source, "exec"):
            problems.append(_found(f"Mã lệnh bị từ chối: {error}", file, element))
    for flow in outline.flows.values():
        for error in check_script(flow.condition or "True", "eval"):
            problems.append(_found(f"Điều kiện bị từ chối: {error}", flow.file, flow.id))
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
            message = f"Bước '{label}' không có luồng đi tiếp (ngõ cụt)."
            problems.append(_found(message, node.file, node.id))
        if node.id not in reached:
            message = f"Bước '{label}' không thể tới được từ sự kiện bắt đầu."
            problems.append(_found(message, node.file, node.id))
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


def chain_order_problems(model: ParsedModel, outline: Outline) -> list[dict]:
    """C1-C6: a dossier climbs the chain (unit, Sở GDĐT, Sở Nội vụ, UBND, central); a step may
    hand it on to the same or a higher level, never to a lower one except by a return."""
    rank = {role: number for number, role in enumerate(LANE_ROLES)}
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
                message = (
                    f"Bước '{task.title}' (lane {task.lane}) chuyển hồ sơ xuống bước "
                    f"'{following.title}' của cấp dưới (lane {following.lane}); hồ sơ chỉ đi "
                    "lên theo chuỗi, trừ khi bị trả lại."
                )
                node = outline.nodes.get(task.id)
                problems.append(_found(message, node.file if node else None, task.id))
    return problems


def version_problems(model: ParsedModel, files: dict[str, str], capped: set[str]) -> list[dict]:
    """Every reason a version that SpiffWorkflow could build may still not be published."""
    outline = read_outline(files)
    return [
        *outline.unreadable,
        *lane_problems(model, outline),
        *chain_order_problems(model, outline),
        *form_problems(model, outline),
        *gateway_problems(outline),
        *script_problems(outline),
        *graph_problems(outline),
        *rule_problems(model, capped),
    ]
