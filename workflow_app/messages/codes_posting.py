"""Codes of public posting (P1-P3): opening a posting, logging and resolving comments, and
the step a posted dossier cannot take yet (`posting_open` itself is in codes_common)."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "posting_required": Message(
        409,
        N_(
            "Hồ sơ phải được công khai lấy ý kiến trước khi Hội đồng xét nhưng chưa "
            "được đưa vào đợt công khai nào."
        ),
    ),
    "posting_comments_unresolved": Message(
        409,
        N_("Còn %(count)s ý kiến góp ý trong đợt công khai số %(posting)s chưa được xử lý."),
    ),
    "posting_closed": Message(
        409, N_("Đợt công khai số %(posting)s đã kết thúc; không ghi thêm ý kiến.")
    ),
    "posting_candidate_not_waiting": Message(
        409,
        N_(
            "Hồ sơ %(dossiers)s không còn chờ công khai (đã công khai, đã rút hoặc đã kết "
            "thúc); không có gì thay đổi. Hãy tải lại danh sách."
        ),
    ),
    "comment_resolved": Message(409, N_("Ý kiến này đã được xử lý (%(resolution)s).")),
    "invalid_posting": Message(422, N_("Thông tin đợt công khai chưa hợp lệ.")),
    "invalid_comment": Message(422, N_("Thông tin ý kiến góp ý chưa hợp lệ.")),
    "invalid_resolution": Message(422, N_("Cách xử lý ý kiến chưa hợp lệ.")),
    "model_missing_public_posting": Message(
        422,
        N_(
            "Quy trình có thể xét %(award_form)s nhưng không có bước công khai lấy ý kiến "
            "trước khi Hội đồng xét: cần một bước kịch bản gọi "
            "request_public_posting(posting_required)."
        ),
    ),
}

FIELD_PROBLEMS: dict[str, str] = {
    "posting_start_too_early": N_("Không sớm hơn ngày hồ sơ được đưa ra công khai (%(earliest)s)."),
    "posting_start_too_late": N_("Không muộn hơn %(days)s ngày kể từ hôm nay."),
    "posting_mixed": N_("Các hồ sơ của một đợt công khai phải cùng địa phương và cùng cấp."),
    "not_in_posting": N_("Chọn một hồ sơ của đợt công khai này."),
    "not_a_url": N_("Địa chỉ trang công khai, bắt đầu bằng http:// hoặc https://."),
}
