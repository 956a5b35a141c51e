"""Opaque keyset cursors: the last id of a page, so the next page starts after it."""

from __future__ import annotations

import base64

from ..domain.errors import Invalid


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        prefix, _, value = base64.urlsafe_b64decode(padded).decode().partition(":")
        if prefix != "id":
            raise ValueError(prefix)
        return int(value)
    except (ValueError, UnicodeDecodeError) as error:
        raise Invalid("invalid_cursor", cursor=cursor) from error


def page(items: list, limit: int, dump) -> dict:
    """{items, next_cursor}: a cursor only when the page is full, so more may follow."""
    next_cursor = encode_cursor(items[-1].id) if len(items) == limit and items else None
    return {"items": [dump(item) for item in items], "next_cursor": next_cursor}
