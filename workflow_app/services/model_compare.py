"""Compare two versions of a model: which tasks, lanes, flows, forms and decision tables were
added, removed or changed (by id), so an administrator reviews a change before publishing."""

from __future__ import annotations

import hashlib

from ..engine.specs import file_kind
from ..persistence.models import ProcessModelVersion
from .model_outline import Outline, read_outline

TASK_TYPES = ("userTask", "scriptTask", "businessRuleTask", "serviceTask", "manualTask", "task")


def _diff(old: dict, new: dict) -> dict:
    return {
        "added": sorted(set(new) - set(old)),
        "removed": sorted(set(old) - set(new)),
        "changed": sorted(k for k in set(old) & set(new) if old[k] != new[k]),
    }


def _lane_of(outline: Outline) -> dict[str, str]:
    """Each node's lane, by the lane's name (its role): a task moved to another role's lane
    changes who acts on it, so the comparison must show it."""
    return {ref: name or lane for lane, (name, refs) in outline.lanes.items() for ref in refs}


def _tasks(outline: Outline) -> dict:
    lanes = _lane_of(outline)
    return {
        node.id: (node.type, node.name, node.form, node.ui_form, lanes.get(node.id))
        for node in outline.nodes.values()
        if node.type in TASK_TYPES
    }


def _flows(outline: Outline) -> dict:
    return {f.id: (f.source, f.target, f.condition) for f in outline.flows.values()}


def _lanes(outline: Outline) -> dict:
    return {lane_id: (name, tuple(sorted(refs))) for lane_id, (name, refs) in outline.lanes.items()}


def _forms(files: dict[str, str]) -> dict:
    return {
        name: hashlib.sha256(content.encode("utf-8")).hexdigest()
        for name, content in files.items()
        if file_kind(name) == "form"
    }


def compare_versions(old: ProcessModelVersion, new: ProcessModelVersion) -> dict:
    """The differences from `old` to `new`, each kind as {added, removed, changed} ids."""
    old_files = {f.name: f.content for f in old.files}
    new_files = {f.name: f.content for f in new.files}
    before, after = read_outline(old_files), read_outline(new_files)
    return {
        "from": old.version,
        "to": new.version,
        "tasks": _diff(_tasks(before), _tasks(after)),
        "lanes": _diff(_lanes(before), _lanes(after)),
        "flows": _diff(_flows(before), _flows(after)),
        "forms": _diff(_forms(old_files), _forms(new_files)),
        "dmn_tables": _diff(before.decisions, after.decisions),
    }
