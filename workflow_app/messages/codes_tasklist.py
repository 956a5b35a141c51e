"""Codes of the Tasklist actions beside claim and complete: assigning a task to a colleague,
commenting on it, setting its follow-up date; saved inbox views; editing a draft."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "task_assigned": Message(
        409,
        N_(
            "Công việc đã được giao cho %(who)s; chỉ người được giao (hoặc người đã giao) "
            "mới trả lại được."
        ),
    ),
    "assignee_not_in_lane": Message(
        422, N_("Chỉ giao cho đồng nghiệp có cùng vai trò xử lý bước này.")
    ),
    "invalid_assignment": Message(422, N_("Thông tin giao việc chưa hợp lệ.")),
    "invalid_comment_text": Message(422, N_("Nội dung trao đổi chưa hợp lệ.")),
    "invalid_inbox_view": Message(422, N_("Tên bộ lọc chưa hợp lệ.")),
    "dossier_not_draft": Message(
        409, N_("Chỉ sửa được hồ sơ nháp; hồ sơ này đã ở trạng thái khác (%(status)s).")
    ),
}

FIELD_PROBLEMS: dict[str, str] = {
    "assignee_not_in_lane": N_("Chọn một đồng nghiệp có cùng vai trò."),
}
