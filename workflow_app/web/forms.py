"""A step's JSON Schema form, rendered on the server and read back with the schema's types.

The browser checks what HTML can (required, min, maxlength...); the server validates again
in `services.tasks.complete_task`, whose field errors are shown beside each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict


@dataclass
class FormField:
    """One input as the template draws it."""

    name: str
    widget: str  # radio, select, checkboxes, date, number, checkbox, textarea, text
    label: str
    help: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    value: str | list[str] = ""  # checkboxes: the ticked values
    error: str = ""
    required_when: str = ""  # "decision=return,reject": required only for those choices


def _widget(prop: dict, ui: dict) -> str:
    wanted = ui.get("ui:widget")
    if prop.get("type") == "array":  # C2: a list picked from the options (the agencies)
        return "checkboxes"
    if "oneOf" in prop or "enum" in prop:
        return "radio" if wanted == "radio" else "select"
    if prop.get("type") == "boolean":
        return "checkbox"
    if prop.get("type") in ("integer", "number"):
        return "number"
    if prop.get("format") == "date" or wanted == "date":
        return "date"
    return "textarea" if wanted == "textarea" else "text"


def _options(prop: dict) -> list[tuple[str, str]]:
    if prop.get("type") == "array":
        prop = prop.get("items") or {}
    if "oneOf" in prop:
        return [(str(o["const"]), o.get("title", str(o["const"]))) for o in prop["oneOf"]]
    return [(str(v), str(v)) for v in prop.get("enum", [])]


def _attrs(prop: dict, ui: dict) -> dict[str, Any]:
    """HTML validation attributes mirroring the schema's own limits."""
    names = {"minimum": "min", "maximum": "max", "maxLength": "maxlength", "minLength": "minlength"}
    attrs = {html: prop[key] for key, html in names.items() if key in prop}
    if prop.get("type") == "integer":
        attrs["step"] = 1
    if prop.get("type") == "number":
        attrs["step"] = "any"
    if rows := ui.get("ui:options", {}).get("rows"):
        attrs["rows"] = rows
    return attrs


def _conditional_required(schema: dict) -> dict[str, str]:
    """`if {x in [...]} then {required: [...]}` as "x=a,b" per conditionally required field."""
    condition, then = schema.get("if", {}), schema.get("then", {})
    for name, test in condition.get("properties", {}).items():
        values = test.get("enum") or ([test["const"]] if "const" in test else [])
        if values:
            rule = f"{name}={','.join(map(str, values))}"
            return {field_name: rule for field_name in then.get("required", [])}
    return {}


def _order(schema: dict, ui_schema: dict) -> list[str]:
    names = list(schema.get("properties", {}))
    ordered = [n for n in ui_schema.get("ui:order", []) if n in names]
    return ordered + [n for n in names if n not in ordered]


def form_fields(
    schema: dict, ui_schema: dict | None, values: dict[str, str], errors: dict[str, str]
) -> list[FormField]:
    """The inputs of a form, in the UI schema's order, with typed values and errors kept."""
    ui_schema = ui_schema or {}
    required, conditional = set(schema.get("required", [])), _conditional_required(schema)
    fields = []
    for name in _order(schema, ui_schema):
        prop, ui = schema["properties"][name], ui_schema.get(name, {})
        fields.append(
            FormField(
                name=name,
                widget=_widget(prop, ui),
                label=prop.get("title", name),
                help=ui.get("ui:help") or prop.get("description", ""),
                required=name in required,
                options=_options(prop),
                attrs=_attrs(prop, ui),
                value=values.get(name, ""),
                error=errors.get(name, ""),
                required_when=conditional.get(name, ""),
            )
        )
    return fields


def _number(raw: str, kind: str) -> Any:
    """A number typed in either convention (1.234,5 or 1234.5); the raw text if not one."""
    text = raw.strip().replace(" ", "")
    try:
        if kind == "integer":
            return int(text.replace(".", "")) if "," not in text else raw
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        return float(text)
    except ValueError:
        return raw  # the server's schema check names the field


def coerce(schema: dict, form: MultiDict) -> dict[str, Any]:
    """Browser strings to the schema's types; empty inputs are left out."""
    data: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type")
        if kind == "boolean":
            data[name] = form.get(name) in ("on", "true", "1")
            continue
        if kind == "array":  # ticked boxes; none ticked leaves the field out
            if picked := [value for value in form.getlist(name) if value.strip()]:
                data[name] = picked
            continue
        raw = form.get(name, "")
        if raw.strip() == "":
            continue
        data[name] = _number(raw, kind) if kind in ("integer", "number") else raw
    return data


def typed_values(form: MultiDict) -> dict[str, str]:
    """What the user typed, to show again after an error (nothing is lost)."""
    return {key: value for key, value in form.items() if key != "csrf_token"}


# Issue 17: fields a council step requires with every decision (its vote) that bulk approval
# asks for, per task, instead of approving without them.
_BULK_FIELD_TYPES = ("integer", "number")


def bulk_fields(schema: dict | None) -> list[str] | None:
    """The fields besides `decision` that bulk approval must ask for before it approves tasks
    of this form ([] when there are none); None when the form cannot be bulk approved (no
    `approve` choice, or a required field that is not a count or a date)."""
    if not schema:
        return None
    properties = schema.get("properties", {})
    decision = properties.get("decision", {})
    choices = {str(o.get("const")) for o in decision.get("oneOf", [])} | set(
        map(str, decision.get("enum", []))
    )
    if "approve" not in choices:
        return None
    extra = [name for name in schema.get("required", []) if name != "decision"]
    simple = all(
        properties.get(name, {}).get("type") in _BULK_FIELD_TYPES
        or properties.get(name, {}).get("format") == "date"
        for name in extra
    )
    return extra if simple else None


def bulk_values(schema: dict, names: list[str], form: MultiDict, task_id: int) -> dict[str, Any]:
    """The values typed for one task (`<field>-<task id>`), else the common row's
    (`<field>-all`), typed by the schema; empty ones are left out (the server names them)."""
    typed = MultiDict(
        {
            name: form.get(f"{name}-{task_id}", "").strip() or form.get(f"{name}-all", "")
            for name in names
        }
    )
    wanted = {"properties": {name: schema["properties"][name] for name in names}}
    return coerce(wanted, typed)
