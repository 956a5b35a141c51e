"""Validate task form data on the server against the step's JSON Schema; each failed keyword
becomes a field problem the edges put into words.

A form is an administrator's upload, so validating it must not reach past the version: a
`$ref` resolves only among the version's form files (nothing is fetched or read from disk),
and every pattern is searched within a time limit. The upload check (`form_file_problems`)
names refs and patterns that would break either."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import regex
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import SchemaError, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ..domain.council import vote_record_errors
from ..domain.errors import FieldProblem, Invalid, problem
from ..domain.form_rules import unsafe_pattern
from ..engine.specs import ParsedModel

if TYPE_CHECKING:
    from referencing._core import Resolver

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


# One pattern search may take this long; a pattern still backtracking then has not matched.
PATTERN_SECONDS = 0.1
_REF_KEYWORDS = ("$ref", "$dynamicRef")


def pattern_matches(pattern: str, text: str) -> bool:
    """re.search within PATTERN_SECONDS, so a form stored before patterns were checked at
    upload (`^(a|aa)+$`) cannot hold a request for seconds."""
    try:
        return regex.search(pattern, text, timeout=PATTERN_SECONDS) is not None
    except TimeoutError:
        return False


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not pattern_matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator, patterns, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            if pattern_matches(pattern, name):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


_ADDITIONAL = Draft202012Validator.VALIDATORS["additionalProperties"]


def _additional_properties(validator, allowed, instance, schema):
    """jsonschema's keyword, with the names patternProperties match found by pattern_matches."""
    patterns = schema.get("patternProperties")
    if patterns and validator.is_type(instance, "object"):
        instance = {
            name: value
            for name, value in instance.items()
            if not any(pattern_matches(pattern, name) for pattern in patterns)
        }
        schema = {key: value for key, value in schema.items() if key != "patternProperties"}
    yield from _ADDITIONAL(validator, allowed, instance, schema)


# Draft 2020-12, with every regular expression searched within a time limit.
FormValidator = validators.extend(
    Draft202012Validator,
    {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)


def form_registry(forms: Mapping[str, object]) -> Registry:
    """The version's form files: all a `$ref` may reach. Nothing is ever retrieved, so a ref
    to a URL, a local file or anything else is Unresolvable, never fetched.

    Each file is found by its name, and beside every `$id` a form declares (the bundled forms
    say `https://workflow-app.local/forms/hcm/...`), so `other.schema.json` resolves from any
    form of the version."""
    resources = {
        name: DRAFT202012.create_resource(schema)
        for name, schema in forms.items()
        if isinstance(schema, (dict, bool))
    }
    declared = (schema.get("$id") for schema in forms.values() if isinstance(schema, dict))
    bases = {base for base in declared if isinstance(base, str)}
    siblings = [
        (urljoin(base, name), resource) for base in bases for name, resource in resources.items()
    ]
    return Registry().with_resources([*resources.items(), *siblings])


# Compiled validators by (model content hash, form file): built once per version.
_VALIDATORS: dict[tuple[str, str], Draft202012Validator] = {}


def _validator(model: ParsedModel, form_name: str, schema: dict) -> Draft202012Validator:
    key = (model.content_hash, form_name)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = FormValidator(
            schema, format_checker=FormatChecker(), registry=form_registry(model.forms)
        )
    return _VALIDATORS[key]


def _subschemas(schema: dict, registry: Registry) -> Iterator[tuple[dict, Resolver]]:
    """Every subschema of a form (by JSON Schema's keywords, not every object in it), with
    the resolver its refs are resolved by; iterative."""
    root = DRAFT202012.create_resource(schema)
    stack: list[tuple[Resource, Resolver]] = [(root, registry.resolver_with_root(root))]
    while stack:
        resource, resolver = stack.pop()
        if isinstance(resource.contents, dict):
            yield resource.contents, resolver
        stack.extend((sub, resolver.in_subresource(sub)) for sub in resource.subresources())


def _valid_schema(schema: dict) -> bool:
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return False
    return True


def _resolves(resolver: Resolver, ref: str) -> bool:
    try:
        resolver.lookup(ref)
    except (Unresolvable, ValueError):  # ValueError: no URI at all (`http://[::1`)
        return False
    return True


def form_file_problems(forms: Mapping[str, object]) -> list[tuple[str, str, dict]]:
    """(form file, problem code, parameters) for each `$ref` that leaves the version's form
    files (`form_ref_outside_version`) and each pattern that can backtrack for seconds
    (`form_pattern_unsafe`). The forms are within MAX_FORM_DEPTH (parse_model refuses deeper
    ones); one that is no valid JSON Schema is skipped here and named by the schema check."""
    registry = form_registry(forms)
    found = []
    for name, schema in sorted(forms.items()):
        if not isinstance(schema, dict) or not _valid_schema(schema):
            continue  # an invalid form is named by the schema check
        for subschema, resolver in _subschemas(schema, registry):
            for keyword in _REF_KEYWORDS:
                ref = subschema.get(keyword)
                if isinstance(ref, str) and not _resolves(resolver, ref):
                    found.append((name, "form_ref_outside_version", {"form": name, "ref": ref}))
            patterns = [subschema.get("pattern"), *(subschema.get("patternProperties") or {})]
            for pattern in patterns:
                if isinstance(pattern, str) and unsafe_pattern(pattern):
                    params = {"form": name, "pattern": pattern}
                    found.append((name, "form_pattern_unsafe", params))
    return found


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
    try:
        for error in validator.iter_errors(dict(data)):
            for field, message in _field_errors(error, data).items():
                errors.setdefault(field, message)
    except Unresolvable as error:  # a version stored before refs were checked at upload
        raise Invalid("form_ref_outside_version", form=form_name, ref=error.ref) from None
    errors.update(vote_record_errors(data))
    if errors:
        raise Invalid("invalid_form_fields", details={"fields": errors})
    return dict(data)
