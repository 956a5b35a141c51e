"""Vietnamese conventions on every page: dd/mm/yyyy dates, 1.234,5 numbers, domain labels."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, g
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext
from flask_login import current_user

from ..messages.labels import (
    AWARD_LABELS,
    CATEGORY_LABELS,
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
from ..services.accounts import people_names
from ..services.audit_reports import may_audit
from ..services.roles import role_names
from ..services.selection.reading import may_read_sitting, may_sit


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


def _role_names() -> dict[str, tuple[str, str]]:
    """Read through the page's open transaction when there is one: a second transaction
    would wait on the first for SQLite's write lock (BEGIN IMMEDIATE) until it times out."""
    session = g.get("use_case_session")
    if session is not None:
        return role_names(session)
    from .context import use_case_as

    with use_case_as(None) as ctx:
        return role_names(ctx.session)


def _through_page_session(read):
    """Run `read(session)` in the page's open transaction, else in a short one of its own."""
    session = g.get("use_case_session")
    if session is not None:
        return read(session)
    from .context import use_case_as

    with use_case_as(None) as ctx:
        return read(ctx.session)


def step_titles(steps: list[str], events) -> list[str]:
    """The BPMN task names of step ids, as the history recorded them when each task opened
    (issue 18: people read "Thẩm định của Sở GDĐT", not so_gddt_appraisal)."""
    titles = {
        e.task: e.data["title"]
        for e in events
        if e.type == "task_created" and e.task and (e.data or {}).get("title")
    }
    return [titles.get(step, step) for step in steps]


def _sitting_readable(level: str) -> bool:
    """May the signed-in user open a sitting of this level (no link that answers 404)?"""
    return may_read_sitting(getattr(current_user, "actor", None), level)


def person_label(username: str | None) -> str:
    """A person's full name for their username; the system's own name for a system step."""
    if not username:
        return ""
    if username == "system":
        return gettext("Hệ thống")
    if "people_names" not in g:
        g.people_names = _through_page_session(people_names)
    return g.people_names.get(username, username)


def lane_label(lane: str | None) -> str:
    """A lane's name: the built-in and HCMC labels as translated, else the name the
    jurisdiction's administrator gave its role (issue 17), in the page's language."""
    if not lane or lane in LANE_LABELS:
        return str(LANE_LABELS.get(lane, lane or ""))
    if "role_names" not in g:
        g.role_names = _role_names()
    names = g.role_names.get(lane)
    return (names[0] if _is_vi() else names[1]) if names else lane


def register(app: Flask) -> None:
    filters = {
        "date": fmt_date,
        "datetime": fmt_datetime,
        "number": fmt_number,
        "filesize": fmt_size,
        "hold_kind": hold_kind_label,
        "status": _label(STATUS_LABELS),
        "award": _label(AWARD_LABELS),
        "lane": lane_label,
        "person": person_label,
        "sitting_readable": _sitting_readable,
        "step_titles": step_titles,
        "kind": _label(KIND_LABELS),
        "category": _label(CATEGORY_LABELS),
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
            "may_audit": may_audit,
            "may_sit": may_sit,
        }
