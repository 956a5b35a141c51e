"""Codes of yearly reports and targets (L1-L3, T4): the figures checked where entered, the
report's state on its chain, and the targets an administrator edits."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "invalid_report": Message(422, N_("Số liệu báo cáo chưa hợp lệ; xem từng trường.")),
    "not_report_unit": Message(403, N_("Chỉ đơn vị được báo cáo mới lập và gửi báo cáo này.")),
    "report_exists": Message(
        409, N_("Đơn vị %(unit)s đã có báo cáo năm %(year)s; hãy mở báo cáo đó để sửa.")
    ),
    "report_acknowledged": Message(
        409, N_("Báo cáo năm %(year)s đã được tiếp nhận nên không thể thay đổi.")
    ),
    "report_not_editable": Message(
        409, N_("Báo cáo đang ở trạng thái %(status)s; chỉ sửa được bản nháp hoặc bản bị trả lại.")
    ),
    "no_report_duty": Message(
        409, N_("Địa phương %(jurisdiction)s chưa có quy trình báo cáo hằng năm.")
    ),
    "invalid_target": Message(422, N_("Chỉ tiêu chưa hợp lệ; xem từng trường.")),
}

FIELD_PROBLEMS: dict[str, str] = {
    "exceeds_total": N_("Không thể lớn hơn số của trường %(total)s (%(value)s)."),
    "not_in_report_year": N_("Ngày phải thuộc năm báo cáo %(year)s."),
    "share_out_of_range": N_("Tỷ lệ phải lớn hơn 0 và không quá 100%."),
    "not_a_year": N_("Năm không hợp lệ."),
}
