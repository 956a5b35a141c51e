"""The files of a process model, told apart by their names."""

from __future__ import annotations


def file_kind(name: str) -> str | None:
    """Classify a model file by its name: bpmn, dmn or form."""
    if name.endswith(".bpmn"):
        return "bpmn"
    if name.endswith(".dmn"):
        return "dmn"
    if name.endswith(".json"):
        return "form"
    return None
