"""Codes of the consultation of related agencies (C2) and of the Central Committee's written
return (C6)."""

from __future__ import annotations

from .entry import N_, Message

MESSAGES: dict[str, Message] = {
    "return_letter_date_invalid": Message(
        422,
        N_(
            "Ngày văn bản trả lại phải từ ngày Ban TĐKT Trung ương nhận hồ sơ (%(received)s) "
            "đến hôm nay."
        ),
    ),
}

FIELD_PROBLEMS: dict[str, str] = {
    "outside_receipt_and_today": N_("Từ ngày nhận hồ sơ đến hôm nay."),
}
