"""One catalogue entry, and the marker that tells pybabel a string is a msgid."""

from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:
    """Mark `text` for extraction into the .po files; translated when rendered."""
    return text


@dataclass(frozen=True)
class Message:
    """A refusal's HTTP status and its Vietnamese text with %(name)s parameters."""

    status: int
    text: str
