"""Codes every area uses: the contract's minimum set, HTTP-level refusals, field problems."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    # Generic kinds, used when nothing more precise applies.
    "error": Message(400, N_("Yêu cầu không thực hiện được.")),
    "malformed": Message(400, N_("Yêu cầu không đúng định dạng.")),
    "unauthenticated": Message(401, N_("Chưa đăng nhập hoặc phiên đã hết hạn.")),
    "wrong_credentials": Message(401, N_("Tên đăng nhập hoặc mật khẩu không đúng.")),
    "forbidden": Message(403, N_("Bạn không có quyền thực hiện thao tác này.")),
    "not_found": Message(404, N_("Không tìm thấy, hoặc không thuộc phạm vi của bạn.")),
    "method_not_allowed": Message(405, N_("Thao tác không được hỗ trợ.")),
    "conflict": Message(409, N_("Hồ sơ vừa được người khác thay đổi; hãy tải lại.")),
    "payload_too_large": Message(413, N_("Tệp vượt quá dung lượng cho phép (%(mb)s MB).")),
    "invalid": Message(422, N_("Dữ liệu gửi lên chưa hợp lệ.")),
    "rate_limited": Message(429, N_("Thử quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.")),
    "service_unavailable": Message(
        503,
        N_(
            "Hệ thống tạm thời không truy cập được cơ sở dữ liệu; không có gì thay đổi. "
            "Vui lòng thử lại sau ít phút."
        ),
    ),
    "storage_full": Message(
        507, N_("Nơi lưu tài liệu đã đầy; tài liệu chưa được lưu. Hãy báo quản trị hệ thống.")
    ),
    "engine_error": Message(500, N_("Bước xử lý của quy trình bị lỗi; không có gì thay đổi.")),
    "server_error": Message(
        500, N_("Thao tác chưa được thực hiện và không có gì thay đổi. Vui lòng thử lại sau.")
    ),
    "csrf_expired": Message(
        400,
        N_("Biểu mẫu đã hết hạn hoặc thiếu mã bảo mật. Vui lòng tải lại trang và thử lại."),
    ),
    # Named by CONTRACT.md ("Second release").
    "missing_documents": Message(422, N_("Hồ sơ còn thiếu tài liệu bắt buộc.")),
    "not_eligible": Message(
        422,
        N_("Đối tượng loại %(kind)s không thuộc diện đề nghị %(award_form)s trong đợt %(round)s."),
    ),
    "duplicate_dossier": Message(
        409, N_("Đối tượng đã có hồ sơ %(award_form)s đang xét trong đợt %(round)s.")
    ),
    "already_awarded": Message(
        409,
        N_(
            "Đối tượng đã được khen thưởng %(award_form)s trong đợt %(round)s (HS-%(dossier)s): "
            "mỗi thành tích chỉ được khen thưởng một hình thức."
        ),
    ),
    "round_closed": Message(
        409, N_("Đợt %(round)s đã đóng lúc %(deadline)s: đã hết hạn nộp hồ sơ.")
    ),
    "task_completed": Message(409, N_("Công việc đã được xử lý bởi %(who)s.")),
    "task_on_hold": Message(
        409, N_("Hồ sơ đang tạm dừng xét do đối tượng có vướng mắc; chưa thể xử lý bước này.")
    ),
    "quota_full": Message(
        409, N_("Đã hết chỉ tiêu %(award_form)s ở cấp %(level)s (%(used)s/%(cap)s).")
    ),
    "selection_required": Message(
        409, N_("Cấp này xét chọn theo phiên họp hội đồng; hồ sơ đang chờ phiên xét chọn.")
    ),
    "posting_open": Message(
        409, N_("Danh sách đang trong thời gian công khai lấy ý kiến đến %(ends_on)s.")
    ),
}

# Problems with one field, shown beside it (`details` values in a refusal).
FIELD_PROBLEMS: dict[str, str] = {
    "required": N_("Bắt buộc nhập."),
    "too_long": N_("Tối đa %(max)s ký tự."),
    "required_max": N_("Bắt buộc nhập, tối đa %(max)s ký tự."),
    "one_of": N_("Một trong: %(choices)s."),
    "not_a_date": N_("Ngày theo dạng dd/mm/yyyy."),
    "not_a_datetime": N_("Ngày giờ theo dạng dd/mm/yyyy hh:mm."),
    "not_a_whole_number": N_("Số nguyên ≥ 0."),
    "unknown": N_("Không có trong danh sách."),
    "present_over_total": N_("Số thành viên có mặt không thể lớn hơn tổng số thành viên."),
    "votes_over_total": N_("Số phiếu đồng ý không thể lớn hơn tổng số thành viên."),
    # Nominees (E2, S3) and the Labour Order's class (E3).
    "citizen_id_digits": N_("Số định danh cá nhân (CCCD) gồm đúng %(digits)s chữ số."),
    "women_over_staff": N_("Số nữ không thể lớn hơn tổng số người (%(staff)s)."),
    "only_individuals": N_("Chỉ nhập cho cá nhân."),
    "only_collectives": N_("Chỉ nhập cho tập thể."),
    "only_labour_order": N_("Chỉ dùng cho Huân chương Lao động."),
    # Reviewers' and units' fields: rounds and uploads.
    "not_a_round": N_("Đợt theo dạng annual-YYYY, so-ket-2025 hoặc tong-ket-2030."),
    "file_type": N_("Chỉ nhận tệp %(extensions)s."),
    "no_content": N_("Tệp không có nội dung."),
    "file_part_required": N_("Bắt buộc gửi một tệp (multipart 'file')."),
    # A task form's JSON Schema keywords (services/forms.py).
    "wrong_type": N_("Sai kiểu dữ liệu."),
    "enum": N_("Giá trị không nằm trong danh sách cho phép."),
    "invalid_value": N_("Giá trị không hợp lệ."),
    "bad_format": N_("Định dạng không hợp lệ (ngày theo dạng YYYY-MM-DD)."),
    "minimum": N_("Giá trị nhỏ hơn mức tối thiểu %(min)s."),
    "maximum": N_("Giá trị lớn hơn mức tối đa %(max)s."),
    "too_short": N_("Cần ít nhất %(min)s ký tự."),
    "pattern": N_("Giá trị không đúng định dạng yêu cầu."),
    "not_in_form": N_("Trường không có trong biểu mẫu."),
    # Passwords (services/accounts.py: zxcvbn's estimate and a short list of known-weak words).
    "password_too_short": N_("Mật khẩu cần ít nhất %(min)s ký tự."),
    "weak_password": N_(
        "Mật khẩu quá dễ đoán. Hãy dùng một cụm từ dài, ít gặp, không chứa tên đăng nhập."
    ),
}
