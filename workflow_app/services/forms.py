"""Validate task form data on the server against the step's JSON Schema, in Vietnamese."""

from __future__ import annotations

from collections.abc import Mapping

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from ..domain.council import vote_record_errors
from ..domain.errors import Invalid
from ..engine.specs import ParsedModel

_MESSAGES = {
    "required": "Bắt buộc nhập.",
    "type": "Sai kiểu dữ liệu.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "const": "Giá trị không hợp lệ.",
    "oneOf": "Giá trị không nằm trong danh sách cho phép.",
    "format": "Định dạng không hợp lệ (ngày theo dạng YYYY-MM-DD).",
    "minimum": "Giá trị nhỏ hơn mức tối thiểu {value}.",
    "maximum": "Giá trị lớn hơn mức tối đa {value}.",
    "minLength": "Cần ít nhất {value} ký tự.",
    "maxLength": "Không quá {value} ký tự.",
    "additionalProperties": "Trường không có trong biểu mẫu.",
}


# Compiled validators by (model content hash, form file): built once per version.
_VALIDATORS: dict[tuple[str, str], Draft202012Validator] = {}


def _validator(model: ParsedModel, form_name: str, schema: dict) -> Draft202012Validator:
    key = (model.content_hash, form_name)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(schema, format_checker=FormatChecker())
    return _VALIDATORS[key]


def _field_errors(error: ValidationError, data: Mapping) -> dict[str, str]:
    template = _MESSAGES.get(error.validator, error.message)
    message = template.format(value=error.validator_value)
    if error.validator == "required":
        return {name: message for name in error.validator_value if name not in data}
    if error.validator == "additionalProperties":
        extra = set(data) - set(error.schema.get("properties", {}))
        return {name: message for name in extra}
    field = ".".join(str(p) for p in error.absolute_path) or "_form"
    return {field: message}


def validate_task_data(model: ParsedModel, form_name: str | None, data: Mapping) -> dict:
    """Return the data if it satisfies the form; else Invalid naming each bad field."""
    if not isinstance(data, Mapping):
        raise Invalid("Dữ liệu biểu mẫu phải là một đối tượng JSON.", {"data": "object"})
    if form_name is None:
        return dict(data)
    schema = model.forms.get(form_name)
    if schema is None:
        raise Invalid(f"Không tìm thấy biểu mẫu {form_name}.", {"form": form_name})
    validator = _validator(model, form_name, schema)
    errors: dict[str, str] = {}
    for error in validator.iter_errors(dict(data)):
        for field, message in _field_errors(error, data).items():
            errors.setdefault(field, message)
    errors.update(vote_record_errors(data))
    if errors:
        raise Invalid("Biểu mẫu có trường chưa hợp lệ.", {"fields": errors})
    return dict(data)
