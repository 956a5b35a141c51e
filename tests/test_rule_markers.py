"""Every DOMAIN.md rule the code implements has a test marked with it, so `pytest -m rule_X2`
(or `grep -rn '"X2"' tests`) shows a newcomer how each rule is checked.

Markers are read from the source (no import, no database): `@pytest.mark.rule(...)` on a
`test_` function or a `Test` class, or a module's `pytestmark`.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from workflow_app.config import PROJECT_ROOT

# The one list of the rules the code implements today. When a rule is implemented, add its id
# here and mark its tests; the P, R, K, M, L rules, T4 and T5 are not implemented yet.
IMPLEMENTED_RULES = (
    *(f"C{n}" for n in range(1, 9)),
    *(f"Q{n}" for n in range(1, 5)),
    *(f"X{n}" for n in range(1, 5)),
    *(f"D{n}" for n in range(1, 5)),
    *(f"T{n}" for n in range(1, 4)),
    *(f"E{n}" for n in range(1, 4)),  # eligibility table, nominee identity, Labour Order
    *(f"S{n}" for n in range(1, 6)),  # selection sittings at a capped level
    *(f"L{n}" for n in range(1, 5)),  # targets and yearly reports (issue 14)
    "T4",  # yearly reports' due days
    "R1",  # rule sets by date (issue 12)
    "R2",  # achievements count from the end of a served discipline
    "T5",  # a deadline is for reaching the receiving level
    "K1",  # the register of award decisions and the award money (issue 13)
    "K2",  # papers from templates (issue 13)
    "K3",  # signed PDFs: checked on upload, decisions signed (issue 13)
    "M1",  # merged jurisdictions and retired units (issue 12)
    *(f"P{n}" for n in range(1, 4)),  # public posting of state-level candidates (issue 12)
)

TESTS_DIR = Path(__file__).resolve().parent
DOMAIN_MD = PROJECT_ROOT.parent / "shared" / "DOMAIN.md"  # ../shared, as the README says
_RULE_LINE = re.compile(r"^- ([A-Z][0-9]+)\b", re.M)


def domain_rule_ids() -> set[str]:
    """The ids DOMAIN.md defines: each rule is a list item starting with its id."""
    if not DOMAIN_MD.exists():
        pytest.skip(f"{DOMAIN_MD} is not beside this checkout")
    return set(_RULE_LINE.findall(DOMAIN_MD.read_text(encoding="utf-8")))


def _rule_ids_in(node: ast.expr) -> list[str]:
    """The ids of every `pytest.mark.rule(...)` call inside a decorator or `pytestmark`."""
    return [
        arg.value
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "pytest.mark.rule"
        for arg in call.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    ]


def _marked_in(path: Path, root: Path) -> dict[str, list[str]]:
    """Rule id -> the tests of one file marked with it (named from `root`)."""
    found: dict[str, list[str]] = defaultdict(list)
    name = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            for rule_id in _rule_ids_in(node.value):
                found[rule_id].append(name)
    for node in ast.walk(tree):
        is_test = (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")
        ) or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
        for decorator in node.decorator_list if is_test else ():
            for rule_id in _rule_ids_in(decorator):
                found[rule_id].append(f"{name}::{node.name}")
    return found


def marked_tests() -> dict[str, list[str]]:
    """Rule id -> every test marked with it, over the whole of tests/."""
    marked: dict[str, list[str]] = defaultdict(list)
    for path in sorted(TESTS_DIR.rglob("test_*.py")):
        for rule_id, tests in _marked_in(path, TESTS_DIR.parent).items():
            marked[rule_id].extend(tests)
    return marked


def test_every_implemented_rule_has_a_marked_test():
    """Can a newcomer find, for each implemented rule, at least one test that checks it?"""
    marked = marked_tests()
    assert [rule_id for rule_id in IMPLEMENTED_RULES if not marked.get(rule_id)] == []


def test_the_implemented_rules_are_rules_of_domain_md():
    """Does the list above name only rules DOMAIN.md defines (no typo, no renamed rule)?"""
    assert sorted(set(IMPLEMENTED_RULES) - domain_rule_ids()) == []


def test_every_marked_rule_is_a_rule_of_domain_md():
    """Does every `rule(...)` marker name a rule DOMAIN.md defines?"""
    unknown = {r: t for r, t in marked_tests().items() if r not in domain_rule_ids()}
    assert unknown == {}


def test_a_rule_with_tests_is_listed_as_implemented():
    """Once tests of a new rule are marked, is the rule added to the list above, so that its
    tests are required from then on?"""
    assert sorted(set(marked_tests()) - set(IMPLEMENTED_RULES)) == []


def test_the_marker_reader_sees_every_form_of_marker(tmp_path):
    """Does the reader count a decorated test, a marked class and a module's `pytestmark`, and
    ignore a marker on a helper that pytest would not collect?"""
    module = tmp_path / "tests" / "test_sample.py"
    module.parent.mkdir()
    module.write_text(
        "import pytest\n"
        "pytestmark = [pytest.mark.rule('Q4')]\n"
        "@pytest.mark.parametrize('x', [1])\n"
        "@pytest.mark.rule('X2', 'T1')\n"
        "def test_a(x): pass\n"
        "@pytest.mark.rule('C1')\n"
        "class TestB:\n"
        "    def test_b(self): pass\n"
        "@pytest.mark.rule('D1')\n"
        "def helper(): pass\n"
    )
    assert dict(_marked_in(module, tmp_path)) == {
        "Q4": ["tests/test_sample.py"],
        "X2": ["tests/test_sample.py::test_a"],
        "T1": ["tests/test_sample.py::test_a"],
        "C1": ["tests/test_sample.py::TestB"],
    }
