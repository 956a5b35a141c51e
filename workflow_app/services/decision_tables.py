"""A DMN file's decision tables as rows and cells, and the same tables written back.

Pure functions over the XML text, for the administrators' table editor: `read_tables` gives
each decision table's columns and rules; `write_tables` puts edited rules (changed cells,
added, deleted or moved rows) back into the XML and keeps everything else as it was: ids,
namespaces, descriptions, the DMNDI diagram. A rule that is kept keeps its element, so a
table nobody edited compares equal to the original.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field

from lxml import etree

from ..domain.errors import Invalid
from ..engine.xml import UnsafeXml, parse_model_xml


@dataclass(frozen=True)
class InputColumn:
    id: str
    label: str
    expression: str
    type_ref: str = ""


@dataclass(frozen=True)
class OutputColumn:
    id: str
    label: str
    name: str
    type_ref: str = ""


@dataclass
class Rule:
    """One row: an entry per input column, an entry per output column, its annotation.
    A new row has no id yet; `write_tables` gives it one."""

    id: str
    inputs: list[str]
    outputs: list[str]
    description: str = ""


@dataclass
class DecisionTable:
    decision_id: str
    name: str
    table_id: str
    hit_policy: str
    inputs: list[InputColumn] = field(default_factory=list)
    outputs: list[OutputColumn] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, name: str) -> list:
    return [child for child in element if _local(child) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text_of(entry) -> str:
    """The `<text>` of an entry or expression ('' if absent)."""
    text = _child(entry, "text") if entry is not None else None
    return (text.text or "") if text is not None else ""


def _parse(xml: str):
    try:
        return parse_model_xml(xml, "dmn")
    except UnsafeXml as error:
        raise Invalid("dmn_unreadable", xml=str(error)) from error


def _decision_tables(root) -> list[tuple]:
    """(decision, decisionTable) pairs in document order; decisions without a table skipped."""
    pairs = []
    for decision in root.iter():
        if _local(decision) == "decision":
            table = _child(decision, "decisionTable")
            if table is not None:
                pairs.append((decision, table))
    return pairs


def _read_rule(rule) -> Rule:
    description = _child(rule, "description")
    return Rule(
        id=rule.get("id", ""),
        inputs=[_text_of(e) for e in _children(rule, "inputEntry")],
        outputs=[_text_of(e) for e in _children(rule, "outputEntry")],
        description=(description.text or "") if description is not None else "",
    )


def _input_column(column) -> InputColumn:
    expression = _child(column, "inputExpression")
    return InputColumn(
        id=column.get("id", ""),
        label=column.get("label", ""),
        expression=_text_of(expression),
        type_ref=expression.get("typeRef", "") if expression is not None else "",
    )


def _read_table(decision, table) -> DecisionTable:
    inputs = [_input_column(column) for column in _children(table, "input")]
    outputs = [
        OutputColumn(
            id=column.get("id", ""),
            label=column.get("label", ""),
            name=column.get("name", ""),
            type_ref=column.get("typeRef", ""),
        )
        for column in _children(table, "output")
    ]
    return DecisionTable(
        decision_id=decision.get("id", ""),
        name=decision.get("name", ""),
        table_id=table.get("id", ""),
        hit_policy=table.get("hitPolicy", "UNIQUE"),
        inputs=inputs,
        outputs=outputs,
        rules=[_read_rule(rule) for rule in _children(table, "rule")],
    )


def read_tables(xml: str) -> list[DecisionTable]:
    """Every decision table of a DMN file, in document order."""
    return [_read_table(d, t) for d, t in _decision_tables(_parse(xml))]


# --- writing ---------------------------------------------------------------------------


def _new_id(taken: set[str], prefix: str = "DecisionRule_") -> str:
    while True:
        candidate = f"{prefix}{uuid.uuid4().hex[:7]}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _set_entries(rule, name: str, values: list[str], rule_id: str, suffix: str) -> None:
    """Give the rule exactly len(values) entries of kind `name`, with those texts."""
    entries = _children(rule, name)
    for extra in entries[len(values) :]:
        rule.remove(extra)
    for index, value in enumerate(values):
        if index < len(entries):
            entry = entries[index]
        else:
            entry = etree.SubElement(rule, etree.QName(rule, name).text)
            entry.set("id", f"{rule_id}_{suffix}{index + 1}")
        text = _child(entry, "text")
        if text is None:
            text = etree.SubElement(entry, etree.QName(rule, "text").text)
        text.text = value


def _set_description(rule, description: str) -> None:
    element = _child(rule, "description")
    if not description.strip():
        if element is not None:
            rule.remove(element)
        return
    if element is None:
        element = etree.Element(etree.QName(rule, "description").text)
        element.tail = rule.text
        rule.insert(0, element)
    element.text = description


def _blank_rule(table, template):
    """A new rule element: a copy of an existing row (same layout), or built from nothing."""
    if template is not None:
        rule = copy.deepcopy(template)
        description = _child(rule, "description")
        if description is not None:
            rule.remove(description)
        return rule
    return etree.Element(etree.QName(table, "rule").text)


def _rule_element(table, rule: Rule, existing: dict, template, taken: set[str]):
    element = existing.get(rule.id) if rule.id else None
    if element is None:
        element = _blank_rule(table, template)
        rule_id = _new_id(taken)
        element.set("id", rule_id)
        for kind, suffix in (("inputEntry", "in"), ("outputEntry", "out")):
            for index, entry in enumerate(_children(element, kind)):
                entry.set("id", f"{rule_id}_{suffix}{index + 1}")
    rule_id = element.get("id")
    _set_entries(element, "inputEntry", rule.inputs, rule_id, "in")
    _set_entries(element, "outputEntry", rule.outputs, rule_id, "out")
    _set_description(element, rule.description)
    return element


def _check_shape(edited: DecisionTable, current: DecisionTable) -> None:
    for rule in edited.rules:
        if len(rule.inputs) != len(current.inputs) or len(rule.outputs) != len(current.outputs):
            raise Invalid(
                "decision_row_shape",
                decision=current.decision_id,
                table=current.name or current.decision_id,
                inputs=len(current.inputs),
                outputs=len(current.outputs),
            )


def _write_table(table, edited: DecisionTable, taken: set[str]) -> None:
    old_rules = _children(table, "rule")
    existing = {r.get("id"): r for r in old_rules if r.get("id")}
    template = old_rules[0] if old_rules else None
    between = old_rules[0].tail if len(old_rules) > 1 else (table.text or "\n")
    last_tail = old_rules[-1].tail if old_rules else (table[-1].tail if len(table) else "\n")
    new_rules = [_rule_element(table, r, existing, template, taken) for r in edited.rules]
    for old in old_rules:
        table.remove(old)
    if new_rules and len(table):
        table[-1].tail = between
    for element in new_rules:
        element.tail = between
        table.append(element)
    if len(table):
        table[-1].tail = last_tail


def _serialize(original: str, root) -> str:
    body = etree.tostring(root.getroottree(), encoding="unicode")
    stripped = original.lstrip("\ufeff")
    if stripped.startswith("<?xml"):
        declaration = stripped[: stripped.index("?>") + 2]
        return f"{declaration}\n{body}\n"
    return body + "\n"


def write_tables(xml: str, tables: list[DecisionTable]) -> str:
    """The DMN text with each given table's rules replaced by the edited ones.

    Tables are matched by decision id; columns, hit policy and everything outside the rules
    stay as they are. Kept rules keep their ids; new rules get fresh unique ids.
    """
    if tables == read_tables(xml):
        return xml  # nothing edited: the file stays byte for byte the same
    root = _parse(xml)
    taken = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    by_id = {d.get("id"): (d, t) for d, t in _decision_tables(root)}
    for edited in tables:
        if edited.decision_id not in by_id:
            raise Invalid("unknown_decision", decision=edited.decision_id)
        decision, table = by_id[edited.decision_id]
        _check_shape(edited, _read_table(decision, table))
        _write_table(table, edited, taken)
    return _serialize(xml, root)
