"""A model version's problems as people read them: each stored problem is a code, its
parameters and where it is (`file`, `element`); the sentence is made here, in the request's
language, by the same catalogue as every refusal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .render import text_for


def problem_text(found: Mapping) -> str:
    """The problem's sentence; a problem stored before problems had codes keeps its text."""
    if "code" not in found:
        return str(found.get("message", ""))
    return text_for(found["code"], **(found.get("params") or {}))


def shown_problems(problems: Iterable[Mapping] | None) -> list[dict]:
    """The problems with their `message` in the request's language (API bodies, pages)."""
    return [{**found, "message": problem_text(found)} for found in problems or ()]
