"""Vietnamese conventions on every page: dd/mm/yyyy dates, 1.234,5 numbers, domain labels."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from ..domain.vocabulary import LANE_ROLES
from ..messages.labels import (
    AWARD_LABELS,
    DECISION_LABELS,
    DOCUMENT_LABELS,
    EVENT_LABELS,
    HOLD_LABELS,
    KIND_LABELS,
    LABOUR_ORDER_CLASS_LABELS,
    LANE_LABELS,
    SELECTION_REASON_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    round_label,
)
from ..services.audit_reports import may_audit
from ..services.selection.reading import may_sit


def _is_vi() -> bool:
    return str(get_locale() or "vi").startswith("vi")


def fmt_date(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy in Vietnamese; 5 May 2025 in English."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_date(value, "dd/MM/yyyy" if _is_vi() else "d MMM yyyy")


def fmt_datetime(value: datetime | str | None) -> str:
    """14:05 05/05/2025 in Vietnamese (Vietnam time); 5 May 2025, 14:05 in English."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_datetime(value, "HH:mm dd/MM/yyyy" if _is_vi() else "d MMM yyyy, HH:mm")


def fmt_number(value: float | int | None) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English."""
    return "" if value is None else format_decimal(value)


def fmt_size(size: int | None) -> str:
    """A file size in B, KB or MB, with the locale's decimal mark."""
    if size is None:
        return ""
    if size < 1024:
        return f"{format_decimal(size)} B"
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024, 1))} KB"
    return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"


def _label(mapping: dict):
    return lambda value: str(mapping.get(value, value or ""))


def hold_kind_label(hold) -> str:
    """A national kind's translated label, else the label its jurisdiction's admin gave it."""
    if hold.kind in HOLD_LABELS:
        return str(HOLD_LABELS[hold.kind])
    return hold.kind_row.label if hold.kind_row is not None else hold.kind


def register(app: Flask) -> None:
    filters = {
        "date": fmt_date,
        "datetime": fmt_datetime,
        "number": fmt_number,
        "filesize": fmt_size,
        "hold_kind": hold_kind_label,
        "status": _label(STATUS_LABELS),
        "award": _label(AWARD_LABELS),
        "lane": _label(LANE_LABELS),
        "kind": _label(KIND_LABELS),
        "labour_order_class": _label(LABOUR_ORDER_CLASS_LABELS),
        "sex": _label(SEX_LABELS),
        "document": _label(DOCUMENT_LABELS),
        "event": _label(EVENT_LABELS),
        "decision": _label(DECISION_LABELS),
        "selection_reason": _label(SELECTION_REASON_LABELS),
        "round_name": round_label,
    }
    app.jinja_env.filters.update(filters)

    @app.context_processor
    def _labels() -> dict:
        return {
            "lang": "vi" if _is_vi() else "en",
            "AWARD_LABELS": AWARD_LABELS,
            "DOCUMENT_LABELS": DOCUMENT_LABELS,
            "KIND_LABELS": KIND_LABELS,
            "LANE_ROLES": LANE_ROLES,
            "may_audit": may_audit,
            "may_sit": may_sit,
        }
