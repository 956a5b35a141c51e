"""Codes of the engine itself: limits a process model's scripts and expressions must keep."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    # A script, gateway condition or DMN expression went over its CPU-time or memory budget
    # (WORKFLOW_SCRIPT_CPU_SECONDS, WORKFLOW_SCRIPT_MEMORY_MB); the step rolled back.
    "script_budget_exceeded": Message(
        422,
        N_(
            "Bước «%(element)s» của quy trình vượt giới hạn %(limit)s nên đã bị dừng; "
            "không có gì thay đổi. Hãy báo quản trị viên sửa quy trình."
        ),
    ),
    # A script left a value the stored state cannot hold (a set, a range, an exception...);
    # the step rolled back.
    "script_left_unstorable_value": Message(
        422,
        N_(
            "Bước «%(element)s» của quy trình để lại biến '%(variable)s' có giá trị không lưu "
            "được (như tập hợp, range, lỗi) nên đã bị dừng; không có gì thay đổi. Hãy báo quản "
            "trị viên sửa quy trình."
        ),
    ),
}
