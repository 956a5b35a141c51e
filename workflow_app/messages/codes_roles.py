"""Codes of a jurisdiction's own reviewing roles (issue 17): creating and granting them, and
the publish check that every lane names one of them."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "lane_role_missing": Message(
        422,
        N_(
            "Lane '%(lane)s' của công việc '%(task)s' không phải vai trò của địa phương này "
            "(các vai trò: %(roles)s). Hãy chọn một vai trò có sẵn cho lane, hoặc tạo vai trò "
            "'%(lane)s' ở trang Vai trò trước khi công bố."
        ),
    ),
    "roles_not_visible": Message(
        403, N_("Bạn không có quyền nào ở %(jurisdiction)s nên không xem được các vai trò.")
    ),
    "role_exists": Message(
        409, N_("Vai trò '%(role)s' đã có ở %(jurisdiction)s; hãy sửa vai trò đó.")
    ),
    "model_role_invalid": Message(
        422, N_("Vai trò '%(role)s' khai báo trong model.json chưa hợp lệ.")
    ),
}
FIELD_PROBLEMS: dict[str, str] = {
    "role_not_in_jurisdiction": N_(
        "Vai trò này không có ở %(jurisdiction)s; hãy tạo vai trò ở trang Vai trò trước khi cấp."
    ),
    "role_key_format": N_(
        "Mã vai trò gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ, tối đa "
        "32 ký tự (ví dụ vu_tccb)."
    ),
    "role_key_builtin": N_(
        "Mã này là vai trò có sẵn (unit, admin, auditor, central, president); hãy chọn mã khác."
    ),
    "role_level_range": N_("Cấp là số nguyên từ %(min)s đến %(max)s (đơn vị là cấp 1)."),
}
