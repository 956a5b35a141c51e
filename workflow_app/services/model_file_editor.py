"""Editing one file of a process-model version in the browser: read it, check a form's JSON
while it is typed, and save the edit as a new draft version.

A save never changes a version in place: the edited file replaces its namesake in a new
draft (services.model_versions.upload_version), whose problems the administrator then sees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..domain.errors import Invalid
from ..domain.form_rules import MAX_FORM_DEPTH, too_deep
from ..persistence.models import ProcessModel, ProcessModelVersion
from .context import ServiceContext
from .model_checks import schema_problem
from .model_outline import read_outline
from .model_versions import (
    may_change,
    model_version,
    readable_model,
    upload_version,
    version_file,
    writable_model,
)

UI_SUFFIX, SCHEMA_SUFFIX = ".uischema.json", ".schema.json"


@dataclass
class OpenFile:
    """A version's file as the editor shows it, and whether this admin may save an edit."""

    model: ProcessModel
    version: ProcessModelVersion
    name: str
    kind: str
    content: str
    writable: bool
    latest: int


def open_file(ctx: ServiceContext, key: str, number: int, name: str) -> OpenFile:
    """The file if the actor may read the model (another jurisdiction's model: not found)."""
    model = readable_model(ctx, key)
    version = model_version(model, number)
    file = version_file(version, name)
    return OpenFile(
        model=model,
        version=version,
        name=name,
        kind=file.kind,
        content=file.content,
        writable=may_change(ctx, model),
        latest=model.versions[-1].version,
    )


def save_file(ctx: ServiceContext, key: str, name: str, content: str) -> ProcessModelVersion:
    """A new draft of the model: the latest version's files with this one replaced."""
    model = writable_model(ctx, key)
    if name.endswith(".json"):
        parse_json(content, name)  # broken JSON is refused, never stored
    return upload_version(ctx, model, {name: content.encode("utf-8")})


def parse_json(text: str, name: str = "") -> object:
    """The JSON value, or Invalid saying where the syntax error is (line and column), or
    that it nests deeper than a form may (checked before anything recurses through it)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise Invalid(
            "invalid_json", line=error.lineno, column=error.colno, reason=error.msg
        ) from error
    except RecursionError:  # deeper than the decoder itself goes
        raise Invalid("form_too_deep", form=name, limit=MAX_FORM_DEPTH) from None
    if too_deep(value):
        raise Invalid("form_too_deep", form=name, limit=MAX_FORM_DEPTH)
    return value


def check_schema(name: str, schema: object) -> dict:
    """The schema if it is a valid JSON Schema object (what the task page can draw)."""
    if not isinstance(schema, dict):
        raise Invalid("schema_not_object", name=name)
    problem = schema_problem(name, {name: schema})
    if problem:
        code, params = problem
        raise Invalid(code, **params)
    return schema


def _partner(files: dict[str, str], name: str) -> tuple[str | None, bool]:
    """(the matching schema or UI schema file, whether `name` is the UI schema)."""
    for node in read_outline(files).nodes.values():
        if node.ui_form == name:
            return node.form, True
        if node.form == name:
            return node.ui_form, False
    if name.endswith(UI_SUFFIX):
        return name[: -len(UI_SUFFIX)] + SCHEMA_SUFFIX, True
    if name.endswith(SCHEMA_SUFFIX):
        return name[: -len(SCHEMA_SUFFIX)] + UI_SUFFIX, False
    return None, False


def preview_forms(files: dict[str, str], name: str, text: str) -> tuple[dict, dict | None]:
    """(schema, UI schema) to draw the form with `text` as the content of `name`.

    A UI schema is previewed with its form's schema from the version; a schema with its
    UI schema if there is one. Syntax and schema errors are Invalid with a clear message.
    """
    value = parse_json(text, name)
    partner, is_ui = _partner(files, name)
    if is_ui:
        if not isinstance(value, dict):
            raise Invalid("ui_schema_not_object", name=name)
        if partner not in files:
            raise Invalid("preview_form_missing", name=partner)
        return check_schema(partner, parse_json(files[partner], partner)), value
    ui_schema = None
    if partner in files:
        try:
            loaded = json.loads(files[partner])
        except json.JSONDecodeError:
            loaded = None
        ui_schema = loaded if isinstance(loaded, dict) else None
    return check_schema(name, value), ui_schema
