"""Codes of the workflow steps: starting a dossier's workflow, claiming and completing tasks,
and dry runs of a model version.

`DRY_RUN_TEXTS` are not refusals but what a dry run says of where each sample stopped and
what a step did on the way (a quota slot taken...); they are rendered by
`messages.dry_run`, in the request's language."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    # Starting a workflow and acting on its tasks (X2, Q1-Q3).
    "workflow_cannot_start": Message(422, N_("Quy trình không xử lý được hồ sơ này.")),
    "not_lane_role": Message(403, N_("Bạn không có vai trò xử lý bước này.")),
    "task_cancelled": Message(
        409,
        N_("Công việc đã đóng: hồ sơ đã chuyển sang bước khác, bị rút hoặc ra khỏi đợt."),
    ),
    "task_claimed": Message(409, N_("Công việc đã được %(who)s nhận.")),
    "task_claimed_by_other": Message(409, N_("Công việc đang do người khác xử lý.")),
    "not_claimer": Message(409, N_("Chỉ người đã nhận mới trả lại được công việc.")),
    # Dry runs of a model version.
    "dry_run_version_unbuildable": Message(
        422, N_("Phiên bản này chưa dựng được quy trình; hãy sửa các lỗi rồi chạy thử lại.")
    ),
    "unknown_dry_run_sample": Message(422, N_("Không có hồ sơ mẫu này.")),
    "too_many_dry_runs": Message(422, N_("Mỗi lần chạy thử tối đa %(max)s hồ sơ.")),
    "dossier_outside_model_jurisdiction": Message(
        422, N_("Hồ sơ HS-%(dossier_id)s không thuộc địa phương của quy trình.")
    ),
    "no_open_round": Message(409, N_("Không còn đợt nào đang nhận hồ sơ vào ngày %(day)s.")),
    "no_unit_for_dry_run": Message(409, N_("Địa phương chưa có đơn vị nào để lập hồ sơ chạy thử.")),
}

DRY_RUN_TEXTS: dict[str, str] = {
    "dry_run_approved": N_("Hoàn tất: được khen thưởng (bước cuối «%(title)s»)."),
    "dry_run_not_approved": N_("Hoàn tất: không đề nghị khen thưởng (tại bước «%(title)s»)."),
    "dry_run_waiting_for_event": N_(
        "Quy trình đang chờ một sự kiện (hẹn giờ, thông điệp); không còn bước nào để xử lý."
    ),
    "dry_run_no_lane_role": N_(
        "Dừng tại bước «%(title)s»: không có vai trò '%(lane)s' nào nhận được bước này."
    ),
    "dry_run_loop": N_(
        "Dừng sau %(max_steps)s bước mà quy trình chưa kết thúc: có thể có vòng lặp "
        "(ví dụ một bước luôn trả lại)."
    ),
    "dry_run_failed_at_step": N_("Lỗi tại bước «%(title)s»:"),
    "dry_run_failed_to_start": N_("Không khởi động được hồ sơ:"),
    "dry_run_slot_reserved": N_("Giữ một suất chỉ tiêu cấp %(level)s (chỉ tiêu %(cap)s)."),
    "dry_run_slot_released": N_("Trả lại suất chỉ tiêu cấp %(level)s."),
    "dry_run_proposed": N_(
        "Đề nghị vào phiên xét chọn cấp %(level)s (chỉ tiêu %(cap)s); lần chạy thử tự họp "
        "một phiên chỉ với hồ sơ này."
    ),
    "dry_run_not_selected": N_("Phiên xét chọn: hết suất chỉ tiêu, hồ sơ không được chọn."),
    "dry_run_outside_quota": N_("Hoàn tất: không được chọn trong chỉ tiêu (tại bước «%(title)s»)."),
}
