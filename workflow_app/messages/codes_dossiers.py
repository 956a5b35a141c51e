"""Codes of the reviewers' and units' use cases: dossiers, documents, nominees, tasks, holds,
quotas, rounds and deadlines."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "status_transition": Message(
        409, N_("Hồ sơ đang ở trạng thái '%(current)s', không thể chuyển sang '%(new)s'.")
    ),
    "invalid_cap": Message(422, N_("Chỉ tiêu phải là số không âm.")),
    "cap_below_used": Message(
        409, N_("Đã có %(used)s hồ sơ giữ suất; không thể đặt chỉ tiêu thấp hơn (%(cap)s).")
    ),
    "invalid_level": Message(422, N_("Cấp xét chọn không hợp lệ.")),
    # Nominees and dossiers (X1, X3).
    "invalid_nominee_kind": Message(422, N_("Loại đối tượng không hợp lệ.")),
    "invalid_nominee": Message(422, N_("Thông tin đối tượng chưa hợp lệ.")),
    "duplicate_nominee": Message(
        409,
        N_(
            "Số định danh %(citizen_id)s đã được đăng ký cho đối tượng %(name)s "
            "(mã %(nominee_id)s, %(unit_name)s); mỗi người chỉ có một hồ sơ đối tượng."
        ),
    ),
    "unknown_unit": Message(422, N_("Đơn vị %(unit)s không tồn tại.")),
    "not_managing_unit": Message(
        403, N_("Chỉ đơn vị quản lý mới được đăng ký đối tượng của mình.")
    ),
    "not_own_nominee": Message(
        403, N_("Đơn vị chỉ đề nghị khen thưởng đối tượng do mình quản lý.")
    ),
    "not_dossier_unit": Message(403, N_("Chỉ đơn vị lập hồ sơ mới được thực hiện thao tác này.")),
    "invalid_dossier": Message(422, N_("Hồ sơ chưa hợp lệ.")),
    "already_submitted": Message(409, N_("Hồ sơ đã được nộp.")),
    # Documents (D1-D4).
    "documents_locked": Message(
        409, N_("Chỉ bổ sung tài liệu khi hồ sơ ở dạng nháp hoặc bị trả lại.")
    ),
    "invalid_document": Message(422, N_("Tài liệu không hợp lệ.")),
    "empty_file": Message(422, N_("Tệp rỗng.")),
    "file_missing": Message(422, N_("Hãy chọn một tệp để tải lên.")),
    # Holds (X2).
    "hold_roles_only": Message(
        403,
        N_(
            "Chỉ quản trị viên và vai trò được giao đặt, gỡ vướng mắc của địa phương (TP.HCM: "
            "Sở Nội vụ) mới được đặt, gỡ vướng mắc."
        ),
    ),
    "hold_kind_unusable": Message(
        422, N_("Loại vướng mắc «%(kind)s» không dùng được cho đối tượng của địa phương này.")
    ),
    "hold_reference_required": Message(422, N_("Cần số, ký hiệu văn bản làm căn cứ.")),
    "clear_reference_required": Message(422, N_("Cần văn bản kết luận làm căn cứ gỡ.")),
    "hold_already_cleared": Message(409, N_("Vướng mắc đã được %(cleared_by)s gỡ.")),
    # Rounds, deadlines and caps (T1-T3, Q1-Q4).
    "invalid_round": Message(422, N_("Đợt không hợp lệ.")),
    "invalid_deadline": Message(422, N_("Hạn nộp không hợp lệ.")),
    "invalid_round_or_award_form": Message(422, N_("Đợt hoặc hình thức khen thưởng không hợp lệ.")),
    "level_not_reserved": Message(
        422,
        N_(
            "Quy trình đang phát hành không giữ chỉ tiêu ở cấp %(level)s. "
            "Thêm bước giữ chỉ tiêu (reserve_quota_slot) vào quy trình."
        ),
    ),
    # Task forms.
    "form_data_not_object": Message(422, N_("Dữ liệu biểu mẫu phải là một đối tượng JSON.")),
    "unknown_form": Message(422, N_("Không tìm thấy biểu mẫu %(form)s.")),
    "invalid_form_fields": Message(422, N_("Biểu mẫu có trường chưa hợp lệ.")),
    # Audit pages and lists.
    "auditors_only": Message(
        403, N_("Chỉ kiểm tra viên hoặc quản trị viên được xem trang kiểm tra.")
    ),
    "not_completed_steps": Message(422, N_("Chỉ so sánh được hai bước đã hoàn thành.")),
    "invalid_cursor": Message(422, N_("Con trỏ trang không hợp lệ.")),
}
