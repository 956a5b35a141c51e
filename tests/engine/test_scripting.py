"""Tests for the restricted script environment used by BPMN scripts, conditions and DMN."""

import pytest
from RestrictedPython.Guards import safer_getattr
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from workflow_app.engine.scripting import (
    FORBIDDEN_CALLS,
    RestrictedEnvironment,
    ScriptRejected,
    _compile,
    _guarded_getattr,
    check_script,
    restricted_script_engine,
)

BPMN_NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
SPIFF_NS = 'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'

COUNCIL_BPMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {BPMN_NS} id="defs" targetNamespace="http://example.org/bpmn">
  <bpmn:process id="council_vote" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="tally"/>
    <bpmn:scriptTask id="tally">
      <bpmn:script>{{script}}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="tally" targetRef="passed"/>
    <bpmn:exclusiveGateway id="passed" default="to_returned"/>
    <bpmn:sequenceFlow id="to_forwarded" sourceRef="passed" targetRef="forward">
      <bpmn:conditionExpression>council_passed</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to_returned" sourceRef="passed" targetRef="give_back"/>
    <bpmn:scriptTask id="forward"><bpmn:script>outcome = "forwarded"</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:scriptTask id="give_back"><bpmn:script>outcome = "returned"</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f3" sourceRef="forward" targetRef="end_forwarded"/>
    <bpmn:sequenceFlow id="f4" sourceRef="give_back" targetRef="end_returned"/>
    <bpmn:endEvent id="end_forwarded"/>
    <bpmn:endEvent id="end_returned"/>
  </bpmn:process>
</bpmn:definitions>
"""

TALLY_SCRIPT = (
    "council_passed = votes_for * 100 &gt;= min_approval_percent * members_total\n"
    "notice = format_notice(nominee)"
)

ROUTE_BPMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {BPMN_NS} {SPIFF_NS} id="defs" targetNamespace="http://example.org/bpmn">
  <bpmn:process id="routing" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide"/>
    <bpmn:businessRuleTask id="decide">
      <bpmn:extensionElements>
        <spiffworkflow:calledDecisionId>route</spiffworkflow:calledDecisionId>
      </bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _rule(row, form, votes, approver):
    return f"""
      <rule id="r{row}">
        <inputEntry id="r{row}a"><text>{form}</text></inputEntry>
        <inputEntry id="r{row}b"><text>{votes}</text></inputEntry>
        <outputEntry id="r{row}o"><text>{approver}</text></outputEntry>
      </rule>"""


ROUTE_DMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dmn" name="Routing"
             namespace="http://example.org/dmn">
  <decision id="route" name="Route dossier">
    <decisionTable id="table">
      <input id="in_form" label="Award form">
        <inputExpression id="ie_form" typeRef="string"><text>award_form</text></inputExpression>
      </input>
      <input id="in_votes" label="Votes for">
        <inputExpression id="ie_votes" typeRef="integer"><text>votes_for</text></inputExpression>
      </input>
      <output id="out" label="Approver" name="approver" typeRef="string"/>
      {_rule(1, '"giay-khen-so"', "? &gt;= 3", '"giam-doc-so"')}
      {_rule(2, '"giay-khen-so"', "&lt; 3", '"tra-lai"')}
      {_rule(3, "-", "-", '"hoi-dong-tinh"')}
    </decisionTable>
  </decision>
</definitions>
"""


def _start(bpmn, process_id, data, host_functions=None, dmn=None):
    """Parse the BPMN (and DMN), seed the first task's data and run engine steps."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(bpmn.encode())
    if dmn:
        parser.add_dmn_str(dmn.encode())
    engine = restricted_script_engine(host_functions)
    workflow = BpmnWorkflow(parser.get_spec(process_id), script_engine=engine)
    workflow.get_next_task(state=TaskState.READY).data.update(data)
    workflow.do_engine_steps()
    return workflow


def _council(votes_for, script=TALLY_SCRIPT):
    """Run the council-vote process with the notice host function."""
    data = {
        "votes_for": votes_for,
        "members_total": 9,
        "min_approval_percent": 50,
        "nominee": "Nguyen Van A",
    }
    hosts = {"format_notice": lambda name: f"Notice for {name}"}
    return _start(COUNCIL_BPMN.replace("{script}", script), "council_vote", data, hosts)


def _end_data(workflow):
    """Task data as it stands at the end of the run."""
    assert workflow.is_completed()
    return workflow.get_tasks(state=TaskState.COMPLETED)[-1].data


def test_script_task_computes_council_result_through_spiff():
    """Does a normal BPMN script run under the sandbox and leave its result in task data?"""
    data = _end_data(_council(votes_for=5))
    assert data["council_passed"] is True
    assert data["notice"] == "Notice for Nguyen Van A"


def test_host_function_is_callable_but_not_left_in_task_data():
    """Can a script call a host function without that function leaking into task data?"""
    data = _end_data(_council(votes_for=5))
    assert "format_notice" not in data
    assert not any(callable(value) for value in data.values())
    assert not any(key.startswith("_") for key in data)


@pytest.mark.parametrize(("votes_for", "outcome"), [(5, "forwarded"), (4, "returned")])
def test_gateway_condition_routes_on_task_data(votes_for, outcome):
    """Does a gateway condition read task data in the sandbox and pick the right path?"""
    assert _end_data(_council(votes_for))["outcome"] == outcome


def test_rejected_script_in_a_process_fails_the_task():
    """Does Spiff report a sandbox refusal as a task error instead of running the script?"""
    with pytest.raises(WorkflowTaskException) as info:
        _council(5, script="leak = ().__class__.__base__.__subclasses__()")
    assert info.value.error_type == "ScriptRejected"
    assert "__class__" in str(info.value)


@pytest.mark.parametrize(
    ("award_form", "votes_for", "approver"),
    [
        ("giay-khen-so", 4, "giam-doc-so"),
        ("giay-khen-so", 2, "tra-lai"),
        ("bang-khen-tinh", 7, "hoi-dong-tinh"),
    ],
)
def test_dmn_decision_is_evaluated_in_the_sandbox(award_form, votes_for, approver):
    """Does a DMN table (equality, `?` and operator cells, `-` rows) decide through the sandbox?"""
    workflow = _start(
        ROUTE_BPMN, "routing", {"award_form": award_form, "votes_for": votes_for}, dmn=ROUTE_DMN
    )
    assert _end_data(workflow)["approver"] == approver


REFUSED = [
    "().__class__.__base__.__subclasses__()",
    "import os",
    "from os import path",
    '__import__("os")',
    'open("/etc/passwd").read()',
    'eval("1")',
    'exec("x=1")',
    'getattr((), "__class__")',
    '"{0.__class__}".format(1)',
    '"{x}".format_map({})',
    "[c for c in ().__class__.__mro__]",
    "(lambda: 0).__globals__",
    "x = _secret",
    "type(1)",
    "globals()",
    "vars()",
    'compile("1","","eval")',
    "(x for x in []).gi_frame",
    "g = (x for x in [])\nf = g.gi_frame.f_back.f_globals",
    "try:\n    1 / 0\nexcept Exception as e:\n    t = e.__traceback__.tb_frame",
    "f = len.__self__.__builtins__",
    "f = (lambda: 0).func_globals",
    "object_type = int.mro()[-1]",
    "class Sneaky:\n    pass",
    "def f(_hidden):\n    return _hidden",
]


@pytest.mark.parametrize("source", REFUSED)
def test_escape_attempt_is_refused(source):
    """Can a BPMN script reach the host through introspection, imports or dangerous builtins?"""
    assert check_script(source)
    with pytest.raises(ScriptRejected) as info:
        RestrictedEnvironment().execute(source, {})
    assert info.value.problems == check_script(source)


def test_problem_messages_name_the_line_and_the_offending_name():
    """Does the publish check say what is wrong and on which line?"""
    problems = check_script('ok = 1\nleak = "x".__class__\nimport os')
    assert 'line 2: names starting with "_" are not allowed: __class__' in problems
    assert "line 3: imports are not allowed" in problems
    assert check_script("x = (")[0].startswith("line 1: syntax error")


@pytest.mark.parametrize(
    ("source", "mode"),
    [
        ('label = "__x__ is only data"', "exec"),
        ("total = 0\nfor a, b in pairs:\n    total += a * b", "exec"),
        ("names = [p.upper() for p in people if p]\nfirst = people[0:1]", "exec"),
        ('summary = {}\nsummary["count"] = len(people)\nprint(summary)', "exec"),
        ("council_passed and votes_for >= 3", "eval"),
        ("  votes_for > 1", "eval"),
    ],
)
def test_ordinary_code_is_accepted(source, mode):
    """Does the sandbox still accept the everyday code process models need?"""
    assert check_script(source, mode) == []


def test_execute_keeps_assignments_and_drops_sandbox_machinery():
    """Do script assignments become task data while builtins, guards and functions vanish?"""
    context = {"pairs": [(1, 2), (3, 4)], "people": ["an", "binh"]}
    RestrictedEnvironment({"shout": str.upper}).execute(
        "total = 0\nfor a, b in pairs:\n    total += a * b\n"
        "loud = shout(people[0])\nhelper = lambda: 1\nprint(total)",
        context,
    )
    assert context == {
        "pairs": [(1, 2), (3, 4)],
        "people": ["an", "binh"],
        "total": 14,
        "a": 3,
        "b": 4,
        "loud": "AN",
    }


def test_evaluate_sees_task_data_and_external_context():
    """Does evaluate read task data and DMN's dmninputexpr external context as names?"""
    env = RestrictedEnvironment()
    assert env.evaluate("dmninputexpr >= minimum", {"minimum": 3}, {"dmninputexpr": 5}) is True


def test_task_data_cannot_replace_a_guard():
    """Can task data smuggle in its own _getattr_ to skip attribute checks?"""
    context = {"_getattr_": lambda obj, name: "bypassed", "word": "abc"}
    assert RestrictedEnvironment().evaluate("word.upper()", context) == "ABC"


def test_task_data_overwriting_a_host_function_is_an_error():
    """Does task data that hides a host function fail fast with a clear message?"""
    env = RestrictedEnvironment({"format_notice": str})
    with pytest.raises(ValueError, match="format_notice"):
        env.execute("x = 1", {"format_notice": "oops"})


def test_host_function_names_must_be_callable_from_scripts():
    """Is a host function that scripts could never name refused up front?"""
    with pytest.raises(ValueError, match="_private"):
        RestrictedEnvironment({"_private": print})


@pytest.mark.parametrize("name", sorted(n for n in FORBIDDEN_CALLS if not n.startswith("_")))
def test_dangerous_builtins_are_missing_at_runtime(name):
    """Even when a bare name passes the static check, is the builtin itself absent?"""
    with pytest.raises((NameError, ScriptRejected)):  # RestrictedPython reserves `breakpoint`
        RestrictedEnvironment().evaluate(name, {})


@pytest.mark.parametrize(
    ("obj", "name"),
    [
        ((), "__class__"),
        ("{0.__class__}", "format"),
        ("x", "format_map"),
        (int, "mro"),
        ((x for x in []), "gi_frame"),
        (len, "__self__"),
    ],
)
def test_runtime_attribute_guard_refuses_escape_routes(obj, name):
    """If code ever got past the static check, would the runtime _getattr_ still refuse?"""
    with pytest.raises(AttributeError):
        _guarded_getattr(obj, name)


def test_restricted_python_guards_str_format_itself():
    """Does RestrictedPython's safer_getattr refuse str.format, as our guard builds on it?"""
    with pytest.raises(NotImplementedError):
        safer_getattr("{0.__class__}", "format")


@pytest.mark.parametrize("name", ["SystemExit", "KeyboardInterrupt", "GeneratorExit"])
def test_script_cannot_raise_process_ending_exceptions(name):
    """Can a script raise SystemExit-like exceptions that slip past `except Exception`?"""
    with pytest.raises(NameError):
        RestrictedEnvironment().execute(f"raise {name}(1)", {})


def test_scripts_can_still_handle_ordinary_exceptions():
    """Can a script catch a ValueError while process-ending exceptions stay out of reach?"""
    context = {"raw": "x"}
    RestrictedEnvironment().execute(
        "try:\n    votes = int(raw)\nexcept ValueError:\n    votes = 0", context
    )
    assert context["votes"] == 0


def test_runtime_errors_propagate_as_normal_exceptions():
    """Is a plain bug in a script reported as the ordinary Python error?"""
    with pytest.raises(ZeroDivisionError):
        RestrictedEnvironment().execute(
            "ratio = votes_for / members_total", {"votes_for": 1, "members_total": 0}
        )


def test_scripts_are_compiled_once():
    """Is a script compiled once and then served from the cache?"""
    env, source = RestrictedEnvironment(), "cache_probe_value * 2"
    before = _compile.cache_info()
    for value in range(3):
        assert env.evaluate(source, {"cache_probe_value": value}) == value * 2
    after = _compile.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 2)
