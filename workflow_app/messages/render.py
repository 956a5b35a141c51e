"""Turn a refusal (code + parameters) into text in the request's language and an HTTP status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, gettext

from ..domain.errors import DomainError, FieldProblem
from .catalogue import CATALOGUE, FIELD_PROBLEMS
from .labels import (
    AWARD_LABELS,
    DOCUMENT_LABELS,
    HOLD_LABELS,
    KIND_LABELS,
    LANE_LABELS,
    STATUS_LABELS,
    round_label,
)

# A parameter with one of these names is a domain key: a sentence shows its label.
_LABELLED = {
    "award_form": AWARD_LABELS,
    "level": LANE_LABELS,
    "lane": LANE_LABELS,
    "status": STATUS_LABELS,
    "current": STATUS_LABELS,
    "new": STATUS_LABELS,
    "kind": {**KIND_LABELS, **HOLD_LABELS},
    "hold_kind": HOLD_LABELS,
}


def status_for(code: str) -> int:
    """The one status table: a code's HTTP status (an uncatalogued code is a server bug)."""
    entry = CATALOGUE.get(code)
    return entry.status if entry else 500


def text_for(code: str, **params: Any) -> str:
    """The catalogue's text for `code`, translated, with its parameters filled in."""
    entry = CATALOGUE.get(code) or CATALOGUE["error"]
    return _translate(entry.text, params)


def fill(template: str, **params: Any) -> str:
    """A text that is not a refusal (a dry run's stop, a note), translated and filled in."""
    return _translate(template, params)


def message_for(error: DomainError) -> str:
    """The refusal's sentence in the request's language."""
    return text_for(error.code, **error.params)


def field_text(field_problem: FieldProblem) -> str:
    if field_problem.code == "missing_document":  # D1-D4: the document's own name
        kind = field_problem.params.get("kind")
        return str(DOCUMENT_LABELS.get(kind, kind))
    template = FIELD_PROBLEMS.get(field_problem.code)
    if template is None:
        return field_problem.code
    return _translate(template, field_problem.params)


def details_for(error: DomainError) -> dict:
    """What the client gets beside the message: the parameters, then the details, with every
    field problem turned into text and every date into ISO 8601."""
    merged = {**error.params, **error.details}
    return {key: _plain(value) for key, value in merged.items()}


def _translate(template: str, params: dict) -> str:
    if not params:
        return gettext(template)
    return gettext(template, **{key: _labelled(key, value) for key, value in params.items()})


def _labelled(key: str, value: Any) -> Any:
    """A key as its label (`bang-khen-ubnd` -> "Bằng khen của UBND"), anything else as shown."""
    if key == "round" and isinstance(value, str):
        return round_label(value)
    labels = _LABELLED.get(key)
    if labels is not None and isinstance(value, str) and value in labels:
        return str(labels[value])
    return _shown(value)


def _shown(value: Any) -> Any:
    """A parameter as it reads inside a sentence: dates dd/mm/yyyy in Vietnam time."""
    if isinstance(value, datetime):
        return format_datetime(value, "dd/MM/yyyy HH:mm")
    if isinstance(value, date):
        return format_date(value, "dd/MM/yyyy")
    if isinstance(value, FieldProblem):
        return field_text(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(_shown(item)) for item in value)
    return value


def _plain(value: Any) -> Any:
    """A detail as JSON can carry it."""
    if isinstance(value, FieldProblem):
        return field_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
