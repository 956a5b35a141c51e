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


@dataclass
class Outline:
    """The diagram of a version, by element id."""

    nodes: dict[str, Node] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    lanes: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # name, node ids
    scripts: list[tuple[str, str, str]] = field(default_factory=list)  # element, file, source
    decisions: dict[str, str] = field(default_factory=dict)  # decision id: content digest
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


def _read_decisions(outline: Outline, root) -> None:
    for decision in root.iter():
        if _local(decision) == "decision" and decision.get("id"):
            canonical = etree.tostring(decision, method="c14n")
            outline.decisions[decision.get("id")] = hashlib.sha256(canonical).hexdigest()


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
            _read_decisions(outline, root)
            continue
        for process in root.findall(f"{{{BPMN}}}process"):
            _read_container(outline, process, name)
            _read_lanes(outline, process)
    return outline
