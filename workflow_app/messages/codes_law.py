"""Codes of the law around the plans: rule sets by date (R1), served discipline (R2), and
round deadlines (T1-T3, T5)."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "invalid_rule_set": Message(422, N_("Bộ quy tắc chưa hợp lệ.")),
    "rule_set_key_taken": Message(422, N_("Đã có bộ quy tắc mã %(key)s.")),
    "rule_sets_admins_only": Message(
        403,
        N_(
            "Bộ quy tắc (văn bản pháp luật áp dụng) là quy định chung cả nước: chỉ quản trị "
            "viên cấp Trung ương được sửa; quản trị viên địa phương chỉ xem."
        ),
    ),
    "award_money_national_admins_only": Message(
        403,
        N_(
            "Hệ số và mức lương cơ sở tính tiền thưởng là quy định chung cả nước: chỉ quản "
            "trị viên cấp Trung ương được sửa; quản trị viên địa phương chỉ xem."
        ),
    ),
    "invalid_hold_outcome": Message(
        422,
        N_(
            "Kết quả giải quyết chưa hợp lệ: chọn “không vi phạm” hoặc “đã xử lý kỷ luật” "
            "kèm ngày chấp hành xong kỷ luật."
        ),
    ),
    "achievement_before_discipline_end": Message(
        422,
        N_(
            "Thành tích chỉ được tính từ ngày chấp hành xong kỷ luật (%(ended_on)s, theo "
            "vướng mắc %(hold)s): thời gian thành tích phải bắt đầu từ ngày đó trở đi."
        ),
    ),
    "no_rule_set_on_day": Message(
        422,
        N_(
            "Không có bộ quy tắc nào áp dụng ngày %(day)s; hãy bổ sung thời gian áp dụng ở "
            "trang Bộ quy tắc."
        ),
    ),
}
FIELD_PROBLEMS: dict[str, str] = {
    "period_ends_before_start": N_("Ngày kết thúc không được trước ngày bắt đầu."),
    "period_needs_both_ends": N_("Nhập cả ngày bắt đầu và ngày kết thúc."),
    "rule_set_spans_overlap": N_("Trùng thời gian áp dụng với bộ quy tắc %(keys)s."),
    "rule_set_key_format": N_("Mã gồm 2-40 chữ thường, số và dấu gạch ngang."),
    "percent_0_100": N_("Tỷ lệ từ 0 đến 100."),
    "working_days_range": N_("Từ %(min)s đến %(max)s ngày làm việc."),
    "only_when_disciplined": N_("Chỉ nhập khi đã xử lý kỷ luật."),
    "no_rule_set": N_("Không có bộ quy tắc nào áp dụng ngày này."),
    "achievement_after_discipline": N_("Phải từ ngày %(ended_on)s trở đi."),
}
