"""Parse a model version's files into SpiffWorkflow specs, cached by content hash."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from threading import Lock

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import ScriptTask, UserTask

from ..domain.form_rules import MAX_FORM_DEPTH, too_deep
from ..domain.model_files import file_kind
from .decisions import decision_engines
from .xml import UnsafeXml, parse_model_xml


class ModelInvalid(ValueError):
    """The files do not make a runnable process; `problems` say where and why."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class UserTaskInfo:
    """What the inbox needs to know about a user task, read from the BPMN."""

    id: str
    title: str
    lane: str | None
    form_schema: str | None
    form_ui_schema: str | None
    due_days: int | None
    # Every `spiffworkflow:property` of the task (C2 `on_due`, C6 `return_due_days`...), as
    # pairs so the info stays hashable.
    properties: tuple[tuple[str, str], ...] = ()

    def setting(self, name: str) -> str | None:
        """The value of the task's `spiffworkflow:property` `name`, if it has one."""
        return dict(self.properties).get(name)


@dataclass(frozen=True)
class ScriptInfo:
    """A script task, for checks that a rule (e.g. a quota reservation) is drawn."""

    id: str
    lane: str | None
    source: str


@dataclass
class ParsedModel:
    """A version's specs and forms, parsed once and shared by every instance."""

    content_hash: str
    process_id: str
    spec: object
    subprocess_specs: dict
    forms: dict[str, dict] = field(default_factory=dict)
    user_tasks: dict[str, UserTaskInfo] = field(default_factory=dict)
    scripts: list[ScriptInfo] = field(default_factory=list)
    caught_messages: set[str] = field(default_factory=set)
    # Every decision table by id, also those no task calls (E1's eligibility).
    decisions: dict[str, object] = field(default_factory=dict)


def content_hash(files: Mapping[str, str]) -> str:
    """Hash every file name and content, so equal bundles share one cached spec."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()


def _problem(message: str, file: str | None = None, element: str | None = None) -> dict:
    return {"message": message, "file": file, "element": element}


def _too_deep(name: str) -> dict:
    """A form nested beyond MAX_FORM_DEPTH: its problem is coded, so pages word it."""
    params = {"form": name, "limit": MAX_FORM_DEPTH}
    message = f"form nested deeper than {MAX_FORM_DEPTH} levels"
    return {**_problem(message, name), "code": "form_too_deep", "params": params}


def _load_forms(files: Mapping[str, str]) -> dict[str, dict]:
    """Every JSON file, decoded; one too deep to walk safely is refused before any check or
    validator recurses through it."""
    forms, problems = {}, []
    for name, content in files.items():
        if file_kind(name) != "form":
            continue
        try:
            forms[name] = json.loads(content)
        except json.JSONDecodeError as error:
            problems.append(_problem(f"invalid JSON: {error}", name))
        except RecursionError:  # deeper than the decoder's own recursion
            problems.append(_too_deep(name))
        else:
            if too_deep(forms[name]):
                problems.append(_too_deep(name))
    if problems:
        raise ModelInvalid(problems)
    return forms


def _user_task_info(task_spec: UserTask) -> UserTaskInfo:
    extensions = task_spec.extensions or {}
    due_days = (extensions.get("properties") or {}).get("due_days")
    return UserTaskInfo(
        id=task_spec.bpmn_id,
        title=task_spec.bpmn_name or task_spec.bpmn_id,
        lane=task_spec.lane,
        form_schema=extensions.get("formJsonSchemaFilename"),
        form_ui_schema=extensions.get("formUiSchemaFilename"),
        due_days=int(due_days) if due_days not in (None, "") else None,
        properties=tuple(sorted((extensions.get("properties") or {}).items())),
    )


def _all_task_specs(spec, subprocess_specs: dict):
    for process_spec in [spec, *subprocess_specs.values()]:
        yield from process_spec.task_specs.values()


def _collect_user_tasks(spec, subprocess_specs: dict) -> dict[str, UserTaskInfo]:
    return {
        task_spec.bpmn_id: _user_task_info(task_spec)
        for task_spec in _all_task_specs(spec, subprocess_specs)
        if isinstance(task_spec, UserTask)
    }


def _collect_scripts(spec, subprocess_specs: dict) -> list[ScriptInfo]:
    return [
        ScriptInfo(task_spec.bpmn_id, task_spec.lane, task_spec.script)
        for task_spec in _all_task_specs(spec, subprocess_specs)
        if isinstance(task_spec, ScriptTask)
    ]


def _collect_caught_messages(spec, subprocess_specs: dict) -> set[str]:
    """Names of the messages some start, boundary or catch event of the model waits for."""
    return {
        task_spec.event_definition.name
        for task_spec in _all_task_specs(spec, subprocess_specs)
        if isinstance(task_spec, CatchingEvent)
        and isinstance(task_spec.event_definition, MessageEventDefinition)
    }


def _link_triggered_subprocesses(process_spec) -> None:
    """Make the links SpiffWorkflow adds the first time an event subprocess is triggered.

    Spiff's `BpmnStartTask.trigger_wf` connects Start to the event subprocess (and it to the
    end) in the shared, cached spec on its first trigger. Every workflow started afterwards
    in that process then predicts the subprocess from its start and can never complete, and
    its shape depends on what the process ran before (a replay would not match). Linking the
    input and output side here, and not Start's outputs, makes `trigger_wf` find the links
    already made: the spec never changes after parsing and every run has the same shape.
    """
    start, end = process_spec.start, process_spec.end
    for name in start.trigger_specs:
        subprocess = process_spec.task_specs[name]
        if start not in subprocess.inputs:
            subprocess._connect_notify(start)
        if end not in subprocess.outputs:
            subprocess.connect(end)


def parse_model(files: Mapping[str, str], process_id: str) -> ParsedModel:
    """Build the specs of `process_id` from BPMN/DMN/form files, or raise ModelInvalid."""
    parser = SpiffBpmnParser(validator=VALIDATOR)  # BPMN 2.0 and Spiff XSD, DMN schemas
    try:
        for name, content in sorted(files.items()):
            kind = file_kind(name)
            if kind == "bpmn":
                parser.add_bpmn_xml(parse_model_xml(content, name), filename=name)
            elif kind == "dmn":
                parser.add_dmn_xml(parse_model_xml(content, name), filename=name)
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
        decisions = decision_engines(parser)
        for process_spec in (spec, *subprocess_specs.values()):
            _link_triggered_subprocesses(process_spec)
    except UnsafeXml as error:
        raise ModelInvalid([_problem(str(error))]) from error
    except ValidationException as error:
        problem = _problem(
            str(error), getattr(error, "file_name", None), getattr(error, "id", None)
        )
        raise ModelInvalid([problem]) from error
    return ParsedModel(
        content_hash=content_hash(files),
        process_id=process_id,
        spec=spec,
        subprocess_specs=subprocess_specs,
        forms=_load_forms(files),
        user_tasks=_collect_user_tasks(spec, subprocess_specs),
        scripts=_collect_scripts(spec, subprocess_specs),
        caught_messages=_collect_caught_messages(spec, subprocess_specs),
        decisions=decisions,
    )


class SpecCache:
    """Parsed models by content hash: a version is parsed once per process, not per request."""

    def __init__(self, max_models: int = 64):
        self._models: OrderedDict[tuple[str, str], ParsedModel] = OrderedDict()
        self._max = max_models
        self._lock = Lock()

    def get(
        self, files_hash: str, process_id: str, load_files: Callable[[], Mapping[str, str]]
    ) -> ParsedModel:
        """Return the parsed model; only on a miss are the files loaded and parsed."""
        key = (files_hash, process_id)
        with self._lock:
            if key in self._models:
                self._models.move_to_end(key)
                return self._models[key]
        model = parse_model(load_files(), process_id)
        with self._lock:
            self._models[key] = model
            while len(self._models) > self._max:
                self._models.popitem(last=False)
        return model
