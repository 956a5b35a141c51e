"""Parsing model files: hostile XML refused, specs cached, state saved and restored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.engine.hcm_chain import select_if_waiting
from workflow_app.config import PROJECT_ROOT
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.specs import ModelInvalid, SpecCache, content_hash, parse_model
from workflow_app.services.process_models import read_bundle


@pytest.fixture(scope="module")
def hcm():
    return read_bundle(Path(PROJECT_ROOT), "hcm")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" isExecutable="true"><bpmn:documentation>&x;</bpmn:documentation>
  </bpmn:process></bpmn:definitions>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
<bpmn:process id="p"><bpmn:documentation>&lol3;</bpmn:documentation></bpmn:process>
</bpmn:definitions>"""


@pytest.mark.parametrize(
    "content, expected",
    [
        (XXE, "DOCTYPE"),
        (LAUGHS, "DOCTYPE"),
        (b"<bpmn:definitions", "not well-formed"),
        (b"<a>" + b"x" * (6 * 1024 * 1024) + b"</a>", "larger than"),
        (
            b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
            b'<bpmn:process id="p"><bpmn:bogus id="x"/></bpmn:process></bpmn:definitions>',
            "not expected",
        ),
    ],
    ids=["xxe", "billion-laughs", "malformed", "oversized", "not-bpmn-schema"],
)
def test_hostile_xml_is_refused_with_a_clear_problem(content, expected):
    """Is a BPMN file with external entities, entity expansion, broken XML, excessive size or
    elements outside the BPMN schema refused with a problem that says why?"""
    with pytest.raises(ModelInvalid) as refused:
        parse_model({"bad.bpmn": content.decode("latin-1")}, "p")
    assert expected in refused.value.problems[0]["message"]


def test_unknown_process_id_is_a_problem(hcm):
    """Is a bundle whose process id does not exist refused rather than crashing?"""
    with pytest.raises(ModelInvalid):
        parse_model(hcm.files, "no_such_process")


def test_equal_files_are_parsed_once(hcm):
    """Does the cache parse a version once and hand the same spec to every later request?"""
    cache, loads = SpecCache(), []

    def load():
        loads.append(1)
        return hcm.files

    digest = content_hash(hcm.files)
    first = cache.get(digest, hcm.process_id, load)
    second = cache.get(digest, hcm.process_id, load)
    assert first is second
    assert len(loads) == 1


def test_state_round_trips_between_steps(hcm):
    """Does a workflow saved after each step and restored continue exactly as one kept in
    memory, with no spec inside the saved state?"""
    engine = WorkflowEngine()
    model = parse_model(hcm.files, hcm.process_id)
    start = {"award_form": "giay-khen-so", "round": "annual-2025"}
    council = {
        "meeting_date": "2025-04-01",
        "members_total": 5,
        "members_present": 5,
        "votes_for": 5,
    }
    steps = [council, {"decision": "approve"}, {"decision": "approve"}]

    kept = engine.start(model, start, save=False)
    stored = engine.start(model, start)
    for data in steps:
        [ready_kept], [ready_stored] = kept.ready_tasks, stored.ready_tasks
        assert ready_kept.info == ready_stored.info
        kept = engine.complete(model, kept.workflow, ready_kept.spiff_id, data, save=False)
        stored = engine.complete(model, stored.state, ready_stored.spiff_id, data)
        kept = select_if_waiting(engine, model, kept)  # S1: no cap, so no sitting
        stored = select_if_waiting(engine, model, stored, save=True)
        assert "task_specs" not in json.loads(stored.state)
        assert stored.state_sha256 == kept.state_sha256
    assert kept.completed and stored.completed
    assert kept.outcome == stored.outcome == "approved"
