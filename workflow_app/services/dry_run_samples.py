"""What a dry run runs: the bundled sample dossiers (bpmn/dry_run_samples.json), the scripted
decisions per task, and the form data each task is completed with (services/dry_run.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from ..config import PROJECT_ROOT
from ..domain.errors import Invalid, problem
from ..domain.vocabulary import DECISIONS
from ..engine.specs import ParsedModel

SAMPLES_FILE = PROJECT_ROOT / "bpmn" / "dry_run_samples.json"
OPEN_ROUND = "open"  # a sample's round: the earliest round still open when the run happens
DEFAULT_DECISION = "approve"
DRY_RUN_TEXT = "Chạy thử"


@dataclass(frozen=True)
class Sample:
    """A dossier to try: bundled, or copied from an existing dossier (`source_dossier_id`)."""

    name: str
    label: str
    nominee_kind: str
    round: str
    award_form: str
    claims_initiative: bool = False
    decisions: dict = field(default_factory=dict)
    unit_id: str | None = None
    submitted_at: datetime | None = None
    source_dossier_id: int | None = None


@lru_cache(maxsize=1)
def bundled_samples() -> tuple[Sample, ...]:
    """The samples of bpmn/dry_run_samples.json, read once."""
    raw = json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))
    keys = Sample.__dataclass_fields__
    return tuple(Sample(**{k: v for k, v in s.items() if k in keys}) for s in raw["samples"])


def sample_rows() -> list[dict]:
    """The bundled samples as the API and the page list them."""
    return [
        {
            "name": s.name,
            "label": s.label,
            "nominee_kind": s.nominee_kind,
            "round": s.round,
            "award_form": s.award_form,
            "claims_initiative": s.claims_initiative,
            "decisions": s.decisions,
        }
        for s in bundled_samples()
    ]


def check_decisions(decisions: Mapping) -> dict:
    """Scripted decisions per task: a decision, a list of them (one per occurrence), or form
    data (an object); Invalid naming each task whose script is none of these."""
    errors = {}
    for task, value in decisions.items():
        items = value if isinstance(value, list) else [value]
        if not items or not all(_valid_item(item) for item in items):
            errors[str(task)] = problem("dry_run_decision", choices=DECISIONS)
    if errors:
        raise Invalid("invalid_dry_run_decisions", details={"decisions": errors})
    return dict(decisions)


def _valid_item(item) -> bool:
    if isinstance(item, Mapping):
        return item.get("decision", DEFAULT_DECISION) in DECISIONS
    return item in DECISIONS


def scripted(script: Mapping, task_name: str, occurrence: int):
    """The script for the n-th time a task comes up: a list goes one item per occurrence
    (then approve), anything else applies every time."""
    value = script.get(task_name, DEFAULT_DECISION)
    if isinstance(value, list):
        return value[occurrence - 1] if occurrence <= len(value) else DEFAULT_DECISION
    return value


def properties_of(parsed: ParsedModel, form_name: str | None) -> dict:
    """The properties of a task's form (none when the task has no form)."""
    return (parsed.forms.get(form_name) or {}).get("properties") or {} if form_name else {}


def form_data(parsed: ParsedModel, form_name: str | None, script, on: date) -> dict:
    """A task's form filled for a dry run: the scripted decision, every required field from
    its JSON Schema (a passing council vote), a reason; scripted form data wins."""
    schema = (parsed.forms.get(form_name) or {}) if form_name else {}
    properties = schema.get("properties") or {}
    extra = dict(script) if isinstance(script, Mapping) else {"decision": script}
    data = {
        name: example_value(properties[name], on)
        for name in schema.get("required") or ()
        if name in properties
    }
    if "reason" in properties:
        data["reason"] = DRY_RUN_TEXT
    if "decision" in properties:
        data["decision"] = DEFAULT_DECISION
    else:
        extra.pop("decision", None)  # a form without a decision (a council vote) takes none
    data |= extra
    for name in _required_when(schema, data):  # e.g. a return letter's number on a return
        if name in properties and name not in data:
            data[name] = example_value(properties[name], on)
    return data


def _required_when(schema: Mapping, data: Mapping) -> list[str]:
    """Fields an `if`/`then` of the schema (at its top or in `allOf`) requires for this
    data, where the `if` only compares fields with constants, as the bundled forms do."""
    required: list[str] = []
    for clause in (schema, *(schema.get("allOf") or ())):
        condition = clause.get("if") if isinstance(clause, Mapping) else None
        if isinstance(condition, Mapping) and _matches(condition, data):
            required += (clause.get("then") or {}).get("required") or []
    return required


def _matches(condition: Mapping, data: Mapping) -> bool:
    for name, rule in (condition.get("properties") or {}).items():
        value = data.get(name)
        if "const" in rule and value != rule["const"]:
            return False
        if "enum" in rule and value not in rule["enum"]:
            return False
    return all(name in data for name in condition.get("required") or ())


def example_value(prop: Mapping, on: date):
    """A valid value of one JSON Schema property: first choice, true, 9 (so votes pass:
    every count is the same), the given date, or the dry-run text."""
    if "const" in prop:
        return prop["const"]
    if prop.get("enum"):
        return prop["enum"][0]
    choices = [c["const"] for c in prop.get("oneOf") or prop.get("anyOf") or () if "const" in c]
    if choices:
        return choices[0]
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        low = prop.get("minimum", 0)
        if "exclusiveMinimum" in prop:
            low = max(low, prop["exclusiveMinimum"] + 1)
        return min(max(9, low), prop.get("maximum", max(9, low)))
    if kind == "array":
        return []
    if kind == "object":
        return {}
    if prop.get("format") == "date":
        return on.isoformat()
    if prop.get("format") == "date-time":
        return datetime.combine(on, datetime.min.time()).isoformat()
    return DRY_RUN_TEXT.ljust(prop.get("minLength", 0), ".")
