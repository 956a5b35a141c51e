"""The catalogue, gathered from one module per area so each area's codes sit together."""

from __future__ import annotations

from . import (
    codes_admin,
    codes_common,
    codes_consultation,
    codes_decisions,
    codes_dossiers,
    codes_engine,
    codes_law,
    codes_map,
    codes_notifications,
    codes_posting,
    codes_reports,
    codes_roles,
    codes_selection,
    codes_steps,
    codes_tasklist,
)
from .entry import Message


def _merge(*areas: dict[str, Message]) -> dict[str, Message]:
    merged: dict[str, Message] = {}
    for area in areas:
        clash = merged.keys() & area.keys()
        if clash:
            raise RuntimeError(f"message codes defined twice: {sorted(clash)}")
        merged.update(area)
    return merged


CATALOGUE: dict[str, Message] = _merge(
    codes_common.MESSAGES,
    codes_decisions.MESSAGES,
    codes_dossiers.MESSAGES,
    codes_admin.MESSAGES,
    codes_steps.MESSAGES,
    codes_engine.MESSAGES,
    codes_selection.MESSAGES,
    codes_law.MESSAGES,
    codes_reports.MESSAGES,
    codes_roles.MESSAGES,
    codes_map.MESSAGES,
    codes_posting.MESSAGES,
    codes_tasklist.MESSAGES,
    codes_notifications.MESSAGES,
    codes_consultation.MESSAGES,
)
FIELD_PROBLEMS: dict[str, str] = _merge(
    codes_common.FIELD_PROBLEMS,
    codes_decisions.FIELD_PROBLEMS,
    codes_law.FIELD_PROBLEMS,
    codes_admin.FIELD_PROBLEMS,
    codes_selection.FIELD_PROBLEMS,
    codes_reports.FIELD_PROBLEMS,
    codes_roles.FIELD_PROBLEMS,
    codes_posting.FIELD_PROBLEMS,
    codes_tasklist.FIELD_PROBLEMS,
    codes_notifications.FIELD_PROBLEMS,
    codes_consultation.FIELD_PROBLEMS,
)

# The refusal code of a bare HTTP error (a route that does not exist, a body over the limit).
HTTP_CODES: dict[int, str] = {
    400: "malformed",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    500: "server_error",
}
