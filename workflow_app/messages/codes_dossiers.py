"""Codes of the reviewers' and units' use cases: dossiers, documents, nominees, tasks, holds,
quotas, rounds and deadlines."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "status_transition": Message(
        409, N_("Hồ sơ đang ở trạng thái '%(current)s', không thể chuyển sang '%(new)s'.")
    ),
    "labour_order_only_2030_collectives": Message(
        422, N_("Huân chương Lao động chỉ xét cho tập thể tại đợt tổng kết 2030 (C8).")
    ),
    "invalid_cap": Message(422, N_("Chỉ tiêu phải là số không âm.")),
    "cap_below_used": Message(
        409, N_("Đã có %(used)s hồ sơ giữ suất; không thể đặt chỉ tiêu thấp hơn (%(cap)s).")
    ),
    "invalid_level": Message(422, N_("Cấp xét chọn không hợp lệ.")),
}
