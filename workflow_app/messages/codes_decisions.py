"""Codes of award decisions and the papers made from templates (K1, K2): a decision's number
and list, and an administrator's template upload."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "invalid_decision": Message(422, N_("Thông tin quyết định khen thưởng chưa hợp lệ.")),
    "decision_not_approved": Message(
        409,
        N_("Hồ sơ %(dossiers)s chưa được phê duyệt nên chưa thể đưa vào quyết định khen thưởng."),
    ),
    "decision_other_level": Message(
        409,
        N_(
            "Hồ sơ %(dossiers)s không do cấp này phê duyệt cho hình thức khen thưởng đã chọn; "
            "một quyết định chỉ gồm hồ sơ cùng hình thức, do chính cấp ra quyết định phê duyệt."
        ),
    ),
    "decision_already_listed": Message(
        409,
        N_("Hồ sơ %(dossiers)s đã có trong Quyết định số %(decision)s; không ghi thêm lần nữa."),
    ),
    "decision_mixed_rounds": Message(
        409, N_("Một quyết định chỉ gồm hồ sơ của cùng một đợt; danh sách có các đợt %(rounds)s.")
    ),
    "decision_number_taken": Message(
        409,
        N_(
            "Số %(reference)s đã được cấp này dùng trong năm; mỗi số quyết định chỉ dùng một "
            "lần trong năm."
        ),
    ),
    "template_broken": Message(422, N_("Tệp mẫu không đọc được như một tệp Word (.docx).")),
    "template_syntax": Message(422, N_("Tệp mẫu có trường trộn viết sai: %(error)s")),
    "template_unknown_placeholder": Message(
        422,
        N_(
            "Tệp mẫu dùng trường trộn không có trong văn bản này: %(placeholders)s. Hãy dùng "
            "các trường được liệt kê."
        ),
    ),
    "template_failed": Message(
        409,
        N_(
            "Mẫu văn bản của địa phương không dùng được với số liệu này (%(error)s); quản trị "
            "viên cần sửa mẫu."
        ),
    ),
    "certificate_unreadable": Message(
        422, N_("Không đọc được chứng thư số (cần tệp .cer/.crt/.pem dạng PEM hoặc DER).")
    ),
    "root_already_trusted": Message(409, N_("Chứng thư gốc %(subject)s đã có trong danh sách.")),
    "credential_unreadable": Message(
        422, N_("Không mở được tệp PKCS#12 (.p12/.pfx): sai mật khẩu hoặc tệp không có khóa.")
    ),
    "no_signing_credential": Message(
        409, N_("Địa phương chưa có chứng thư ký số; quản trị viên cần tải lên tệp PKCS#12.")
    ),
    "decision_already_signed": Message(409, N_("Quyết định đã được %(signed_by)s ký số.")),
    "signing_failed": Message(409, N_("Không ký được văn bản bằng chứng thư hiện có.")),
}

FIELD_PROBLEMS: dict[str, str] = {
    "decision_symbol": N_("Ký hiệu như QĐ-UBND: tối đa 50 ký tự, không có dấu '/'."),
    "not_in_future": N_("Không được sau ngày hôm nay."),
    "duplicate_dossier_in_list": N_("Mỗi hồ sơ chỉ ghi một lần trong danh sách."),
    "not_a_docx": N_("Không phải tệp Word (.docx) hợp lệ."),
    "too_large_mb": N_("Tệp vượt quá %(mb)s MB."),
}
