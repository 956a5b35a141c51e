"""Checks a model version must pass before it goes live: editing a diagram can move a rule,
it cannot delete the law (X2 hold handling, a reservation at every capped level)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..engine.specs import ParsedModel
from ..persistence.models import QuotaCap

RESERVE_CALL = re.compile(r"""reserve_quota_slot\(\s*["'](\w+)["']\s*\)""")
HOLD_MESSAGES = ("hold_placed", "hold_cleared")


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
