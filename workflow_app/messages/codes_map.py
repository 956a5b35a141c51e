"""Codes of the reorganisation (M1): merged jurisdictions and retired units."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "merge_needs_both_admins": Message(
        403,
        N_(
            "Chỉ người quản trị của cả %(jurisdiction)s và %(into)s mới được sáp nhập "
            "hai đơn vị hành chính này."
        ),
    ),
    "merge_into_itself": Message(422, N_("Không thể sáp nhập %(jurisdiction)s vào chính nó.")),
    "merge_in_future": Message(
        422,
        N_("Ngày sáp nhập %(effective_on)s chưa đến; hãy thực hiện sáp nhập từ ngày có hiệu lực."),
    ),
    "merge_duplicate_nominees": Message(
        409,
        N_(
            "Có đối tượng trùng số định danh cá nhân ở cả hai đơn vị hành chính; hãy xử lý "
            "các đối tượng trùng trước khi sáp nhập."
        ),
    ),
    "jurisdiction_merged": Message(
        409, N_("%(jurisdiction)s đã được sáp nhập; không thể sáp nhập thêm.")
    ),
    "jurisdiction_read_only": Message(
        409,
        N_(
            "%(jurisdiction)s đã sáp nhập vào %(successor)s và chỉ còn để tra cứu; hãy thực "
            "hiện thao tác này tại %(successor)s."
        ),
    ),
    "unit_retired": Message(
        409,
        N_(
            "Đơn vị %(unit)s đã giải thể (hồ sơ và đối tượng đã chuyển sang %(successor)s); "
            "không thể lập hoặc trình hồ sơ từ đơn vị này."
        ),
    ),
    "unit_successor_invalid": Message(
        422,
        N_(
            "Đơn vị tiếp nhận %(successor)s không hợp lệ: phải là một đơn vị khác, còn hoạt "
            "động, cùng tỉnh, thành phố với %(unit)s."
        ),
    ),
}
