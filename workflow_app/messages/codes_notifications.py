"""Codes of issue 18's notifications: a user's profile (e-mail address and which notices)."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "invalid_profile": Message(422, N_("Thông tin cá nhân chưa hợp lệ.")),
}

FIELD_PROBLEMS: dict[str, str] = {
    "email_format": N_("Địa chỉ thư điện tử chưa đúng (ví dụ: ten@coquan.gov.vn)."),
}
