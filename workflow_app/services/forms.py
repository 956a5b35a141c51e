"""Validate task form data on the server against the step's JSON Schema; each failed keyword
becomes a field problem the edges put into words."""

from __future__ import annotations

from collections.abc import Mapping

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from ..domain.council import vote_record_errors
from ..domain.errors import FieldProblem, Invalid, problem
from ..engine.specs import ParsedModel

# JSON Schema keyword -> (field problem code, the parameter its limit fills, if any).
_PROBLEMS = {
    "required": ("required", None),
    "type": ("wrong_type", None),
    "enum": ("enum", None),
    "const": ("invalid_value", None),
    "oneOf": ("enum", None),
    "format": ("bad_format", None),
    "minimum": ("minimum", "min"),
    "maximum": ("maximum", "max"),
    "minLength": ("too_short", "min"),
    "maxLength": ("too_long", "max"),
    "pattern": ("pattern", None),
    "additionalProperties": ("not_in_form", None),
}


# Compiled validators by (model content hash, form file): built once per version.
_VALIDATORS: dict[tuple[str, str], Draft202012Validator] = {}


def _validator(model: ParsedModel, form_name: str, schema: dict) -> Draft202012Validator:
    key = (model.content_hash, form_name)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(schema, format_checker=FormatChecker())
    return _VALIDATORS[key]


def _problem(error: ValidationError) -> FieldProblem:
    """The failed keyword as a field problem; a keyword we do not name is an invalid value."""
    code, limit = _PROBLEMS.get(error.validator, ("invalid_value", None))
    return problem(code, **({limit: error.validator_value} if limit else {}))


def _field_errors(error: ValidationError, data: Mapping) -> dict[str, FieldProblem]:
    found = _problem(error)
    if error.validator == "required":
        return {name: found for name in error.validator_value if name not in data}
    if error.validator == "additionalProperties":
        extra = set(data) - set(error.schema.get("properties", {}))
        return {name: found for name in extra}
    field = ".".join(str(p) for p in error.absolute_path) or "_form"
    return {field: found}


def validate_task_data(model: ParsedModel, form_name: str | None, data: Mapping) -> dict:
    """Return the data if it satisfies the form; else Invalid naming each bad field."""
    if not isinstance(data, Mapping):
        raise Invalid("form_data_not_object", details={"data": "object"})
    if form_name is None:
        return dict(data)
    schema = model.forms.get(form_name)
    if schema is None:
        raise Invalid("unknown_form", form=form_name)
    validator = _validator(model, form_name, schema)
    errors: dict[str, FieldProblem] = {}
    for error in validator.iter_errors(dict(data)):
        for field, message in _field_errors(error, data).items():
            errors.setdefault(field, message)
    errors.update(vote_record_errors(data))
    if errors:
        raise Invalid("invalid_form_fields", details={"fields": errors})
    return dict(data)
