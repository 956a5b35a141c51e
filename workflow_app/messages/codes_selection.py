"""Codes of selection sittings at a capped level (S1-S5): the council's numbers, the queue of
waiting candidates, the tie-break's facts and the cap."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "invalid_sitting": Message(422, N_("Số liệu của phiên xét chọn chưa hợp lệ.")),
    "tie_needs_nominee_data": Message(
        422,
        N_(
            "Các hồ sơ %(dossiers)s bằng số phiếu ở suất cuối; cần giới tính (cá nhân) hoặc "
            "tổng số và số lao động nữ (tập thể) của đối tượng để xếp thứ tự ưu tiên. "
            "Hãy bổ sung thông tin đối tượng."
        ),
    ),
    "candidate_not_waiting": Message(
        409,
        N_(
            "Hồ sơ %(dossiers)s không còn chờ phiên xét chọn (đang tạm dừng, đã rút hoặc đã "
            "được xét); không có gì thay đổi. Hãy tải lại danh sách."
        ),
    ),
    "candidates_missing": Message(
        409,
        N_(
            "Còn hồ sơ đang chờ chưa có trong phiên họp: %(dossiers)s. Phiên xét chọn phải "
            "xét mọi hồ sơ đang chờ; hãy tải lại danh sách."
        ),
    ),
    "sitting_exceeds_cap": Message(
        409,
        N_(
            "Một phiên xét chọn khác vừa dùng chỉ tiêu (%(used)s/%(cap)s); không còn đủ suất "
            "cho %(count)s hồ sơ. Không có gì thay đổi; hãy tải lại."
        ),
    ),
    "no_lower_award": Message(
        422,
        N_(
            "Cấp này không có hình thức khen thưởng thấp hơn của riêng mình để tặng thay "
            "cho hồ sơ không được chọn."
        ),
    ),
}

FIELD_PROBLEMS: dict[str, str] = {
    "duplicate_candidate": N_("Mỗi hồ sơ chỉ nhập số phiếu một lần."),
    "no_lower_form": N_("Cấp này không có hình thức khen thưởng thấp hơn."),
    "lower_award_selected": N_(
        "Chỉ hồ sơ không được chọn mới có thể được tặng hình thức thấp hơn."
    ),
}
