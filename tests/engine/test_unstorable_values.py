"""A script may leave in task data only what a dossier's stored state can hold (issue 16): a
range, a set, an exception, a generator or data nested past what JSON encodes stops the
step with a refusal naming the element and the variable, instead of a server error; and the
upload check names the leftovers it can see in the script text."""

from __future__ import annotations

import pytest

from tests.engine.test_script_budget import TALLY, complete_council, hostile_model
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.scripting import check_dmn_entry, dmn_entry_expression
from workflow_app.engine.storable import UnstorableValue, unstorable_leftovers

UNSTORABLE = {
    "a range": "kept = range(3)",
    "a set": "kept = {1, 2}",
    "a set made by an operator": "kept = {1} | {2}",
    "an exception": "kept = ValueError('x')",
    "a generator": "kept = (i for i in [1, 2])",
    "data nested 5,000 deep": "kept = []\nfor i in range(5000):\n    kept = [kept]",
    "a dictionary keyed by tuples": "kept = {(1, 2): 3}",
}


def with_leftover(script: str):
    return hostile_model(bpmn=(TALLY, TALLY + "\n" + script.replace(">", "&gt;")))


@pytest.mark.parametrize("script", UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_a_step_leaving_an_unstorable_value_is_refused_naming_it(script):
    """Is the completion refused with `script_left_unstorable_value`, naming the script task
    and the variable, rather than failing while the state is saved?"""
    with pytest.raises(UnstorableValue) as refused:
        complete_council(WorkflowEngine(), with_leftover(script))
    assert refused.value.code == "script_left_unstorable_value"
    assert refused.value.params == {"element": "count_council_votes", "variable": "kept"}


def test_storable_values_are_kept():
    """Do lists, dictionaries, text and numbers a script leaves still go into the state?"""
    script = "kept = {'levels': [1, 2], 'name': 'x', 'share': 0.5, 'none': None}"
    step = complete_council(WorkflowEngine(), with_leftover(script))
    assert '"kept":{"levels":[1,2]' in step.state


@pytest.mark.parametrize(
    "script, found",
    [
        ("seen = set()", [("seen", 1, "set")]),
        ("x = 1\nspan = range(3)", [("span", 2, "range")]),
        ("error = ValueError('x')", [("error", 1, "exception")]),
        ("items = (i for i in [1])", [("items", 1, "generator")]),
        ("a = b = {1, 2}", [("a", 1, "set"), ("b", 1, "set")]),
        ("seen = set()\nseen = sorted(seen)", []),
        ("seen = set()\ndel seen", []),
        ("seen = set()\nfor x in [1]:\n    seen = list(seen)", []),
        ("for i in range(3):\n    pass", []),
        ("if a:\n    seen = {1}", []),
        ("total = sum([1, 2])", []),
        ("text = ', '.join(['a'])\nparts = text.split(',')", []),
        ("syntax error (", []),
    ],
)
def test_leftovers_a_script_visibly_makes(script, found):
    assert unstorable_leftovers(script) == found


@pytest.mark.parametrize(
    "entry, expression",
    [
        ('"giay-khen-so"', '(dmninputexpr) == ("giay-khen-so")'),
        ("> 5", "dmninputexpr > 5"),
        ("4 < ? < 6", "4 < dmninputexpr < 6"),
        ('"what?"', '(dmninputexpr) == ("what?")'),
        ("-", None),
    ],
)
def test_a_dmn_entry_is_checked_as_the_dmn_engine_runs_it(entry, expression):
    assert dmn_entry_expression(entry) == expression


def test_a_dmn_entry_the_sandbox_refuses_is_named():
    assert check_dmn_entry("open('/etc/passwd')")
    assert check_dmn_entry("? in ().__class__.__bases__")
    assert check_dmn_entry('"bang-khen-ubnd"') == []
