"""What a version's BPMN and DMN files draw, read from the XML: nodes, flows, lanes, scripts,
conditions and decision tables. The publish checks and the version compare both need the
diagram as the administrator drew it (ids, files), which SpiffWorkflow's specs do not keep."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from ..engine.specs import file_kind
from ..engine.xml import UnsafeXml, parse_model_xml

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NOT_NODES = {
    "sequenceFlow",
    "laneSet",
    "documentation",
    "extensionElements",
    "textAnnotation",
    "association",
    "dataObject",
    "dataObjectReference",
    "dataStoreReference",
    "ioSpecification",
    "property",
}


@dataclass(frozen=True)
class Node:
    id: str
    type: str  # the BPMN element's local name: userTask, exclusiveGateway, endEvent...
    name: str
    file: str
    container: str  # the process or subprocess holding it
    default: str | None = None
    attached_to: str | None = None
    triggered_by_event: bool = False
    form: str | None = None
    ui_form: str | None = None


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    condition: str | None
    file: str


@dataclass(frozen=True)
class DecisionCell:
    """One expression of a decision table: an input's expression (`kind` "input", `row`
    None) or a rule's entry ("input_entry" or "output_entry", in row `row` from 1)."""

    file: str
    decision: str  # the decision's name, else its id
    element: str  # the input's or the rule's id
    kind: str
    column: str  # the input's label, or the output's name
    text: str
    row: int | None = None


@dataclass
class Outline:
    """The diagram of a version, by element id."""

    nodes: dict[str, Node] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    lanes: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # name, node ids
    scripts: list[tuple[str, str, str]] = field(default_factory=list)  # element, file, source
    decisions: dict[str, str] = field(default_factory=dict)  # decision id: content digest
    decision_cells: list[DecisionCell] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _spiff_text(element, tag: str) -> str | None:
    found = element.find(f"{{{BPMN}}}extensionElements/{{{SPIFF}}}{tag}")
    return found.text if found is not None and found.text else None


def _node(element, file: str, container: str) -> Node:
    return Node(
        id=element.get("id"),
        type=_local(element),
        name=element.get("name") or "",
        file=file,
        container=container,
        default=element.get("default"),
        attached_to=element.get("attachedToRef"),
        triggered_by_event=element.get("triggeredByEvent") == "true",
        form=_spiff_text(element, "formJsonSchemaFilename"),
        ui_form=_spiff_text(element, "formUiSchemaFilename"),
    )


def _read_container(outline: Outline, container, file: str) -> None:
    """Add the nodes and flows of a process or subprocess, descending into subprocesses."""
    container_id = container.get("id")
    for child in container:
        kind = _local(child)
        if kind == "sequenceFlow":
            condition = child.find(f"{{{BPMN}}}conditionExpression")
            text = condition.text.strip() if condition is not None and condition.text else None
            outline.flows[child.get("id")] = Flow(
                child.get("id"), child.get("sourceRef"), child.get("targetRef"), text, file
            )
        elif kind and kind not in NOT_NODES and child.get("id"):
            outline.nodes[child.get("id")] = _node(child, file, container_id)
            _read_scripts(outline, child, file)
            if kind in ("subProcess", "transaction"):
                _read_container(outline, child, file)


def _read_scripts(outline: Outline, element, file: str) -> None:
    script = element.find(f"{{{BPMN}}}script")
    if script is not None and script.text:
        outline.scripts.append((element.get("id"), file, script.text))
    for tag in ("preScript", "postScript"):
        text = _spiff_text(element, tag)
        if text:
            outline.scripts.append((element.get("id"), file, text))


def _read_lanes(outline: Outline, process) -> None:
    for lane in process.iter(f"{{{BPMN}}}lane"):
        refs = tuple(ref.text for ref in lane.findall(f"{{{BPMN}}}flowNodeRef") if ref.text)
        outline.lanes[lane.get("id")] = (lane.get("name") or "", refs)


def _read_decisions(outline: Outline, root, file: str) -> None:
    for decision in root.iter():
        if _local(decision) == "decision" and decision.get("id"):
            canonical = etree.tostring(decision, method="c14n")
            outline.decisions[decision.get("id")] = hashlib.sha256(canonical).hexdigest()
            title = decision.get("name") or decision.get("id")
            for table in _children_named(decision, "decisionTable"):
                outline.decision_cells += _table_cells(table, file, title)


def _children_named(element, name: str) -> list:
    return [child for child in element if _local(child) == name]


def _text(element) -> str | None:
    """The content of an element's `<text>`, unstripped, as SpiffWorkflow reads it."""
    found = _children_named(element, "text")
    return found[0].text if found else None


def _input_expression(column) -> str | None:
    expressions = _children_named(column, "inputExpression")
    return _text(expressions[-1]) if expressions else None


def _column_name(column, attribute: str) -> str:
    return column.get(attribute) or column.get("label") or column.get("id") or ""


# A rule's entry tag -> (its DecisionCell kind, the attribute naming its column).
_ENTRIES = {"inputEntry": ("input_entry", "label"), "outputEntry": ("output_entry", "name")}


def _table_cells(table, file: str, decision: str) -> list[DecisionCell]:
    """Every expression of one decision table that SpiffWorkflow evaluates, where it is."""
    columns = {
        "inputEntry": _children_named(table, "input"),
        "outputEntry": _children_named(table, "output"),
    }
    cells = [
        DecisionCell(
            file, decision, column.get("id") or "", "input", _column_name(column, "label"), text
        )
        for column in columns["inputEntry"]
        if (text := _input_expression(column))
    ]
    for row, rule in enumerate(_children_named(table, "rule"), start=1):
        for tag, (kind, naming) in _ENTRIES.items():
            for entry, column in zip(_children_named(rule, tag), columns[tag], strict=False):
                text = _text(entry)
                if text:
                    name = _column_name(column, naming)
                    cells.append(
                        DecisionCell(file, decision, rule.get("id") or "", kind, name, text, row)
                    )
    return cells


def read_outline(files: Mapping[str, str]) -> Outline:
    """The outline of every BPMN and DMN file; files that do not parse are listed, not raised."""
    outline = Outline()
    for name, content in sorted(files.items()):
        kind = file_kind(name)
        if kind not in ("bpmn", "dmn"):
            continue
        try:
            root = parse_model_xml(content, name)
        except UnsafeXml as error:
            unreadable = {"code": "model_file_unreadable", "params": {"reason": str(error)}}
            outline.unreadable.append({**unreadable, "file": name, "element": None})
            continue
        if kind == "dmn":
            _read_decisions(outline, root, name)
            continue
        for process in root.findall(f"{{{BPMN}}}process"):
            _read_container(outline, process, name)
            _read_lanes(outline, process)
    return outline
