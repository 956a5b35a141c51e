"""Walk the bundled Ho Chi Minh City award chain (bpmn/hcm, forms/hcm) with the real SpiffWorkflow.

The chain is C1-C8 of the domain brief: unit council -> Sở GDĐT appraisal -> sector council
-> Sở Nội vụ -> UBND -> Prime Minister, stopping at the level the award form needs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from lxml import etree
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from workflow_app.engine.scripting import restricted_script_engine

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "bpmn" / "hcm"
FORMS = ROOT / "forms" / "hcm"
BPMN_FILE = BUNDLE / "award_chain.bpmn"
PROCESS_ID = "hcm_award_chain"
ROLES = ("unit", "so_gddt", "so_noi_vu", "ubnd", "central", "president")
REVIEW_STEPS = (
    "so_gddt_appraisal",
    "sector_council",
    "so_noi_vu_appraisal",
    "ubnd_decision",
    "central_appraisal",  # C6 (issue 17): the Central Committee appraises first
    "central_decision",
)
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "dmndi": "https://www.omg.org/spec/DMN/20191111/DMNDI/",
}
FLOW_NODE_TAGS = (
    "subProcess",
    "intermediateCatchEvent",
    "startEvent",
    "endEvent",
    "userTask",
    "scriptTask",
    "businessRuleTask",
    "exclusiveGateway",
)

UNIT_MEETING = {
    "meeting_date": "2025-05-20",
    "members_total": 10,
    "members_present": 9,
    "votes_for": 8,
    "standards_met": True,
    "note": "Thành viên vắng mặt gửi ý kiến bằng văn bản, ghi trong biên bản.",
}
APPROVE = {"decision": "approve", "reason": "Hồ sơ đầy đủ, thành tích tiêu biểu."}
RETURN = {"decision": "return", "reason": "Bổ sung biên bản họp xét có chữ ký."}
REJECT = {"decision": "reject", "reason": "Thành tích chưa đạt tiêu chuẩn Công dân học tập."}
SECTOR_VOTE = {"sector_members_total": 13, "sector_members_present": 12, "sector_votes_for": 11}
# Issue 17: what a step's form needs besides the decision: the sector council's vote (C3,
# X4), the written return of the Central Committee's appraisal (C6).
STEP_FIELDS = {
    **{("sector_council", d): SECTOR_VOTE for d in ("approve", "return", "reject")},
    ("central_appraisal", "return"): {
        "return_letter_number": "15/BTĐKT-TH",
        "return_letter_date": "2025-09-10",
    },
}

# Example data a user could submit on each form (validated against the schema below).
EXAMPLES = {
    "unit_council": UNIT_MEETING,
    "so_gddt_appraisal": {"decision": "approve"},
    "sector_council": {
        "decision": "approve",
        "priority_rank": 1,
        "sector_votes_for": 11,
        "sector_members_total": 13,
        "sector_members_present": 12,
        "reason": "Xếp thứ nhất trong đợt xét.",
    },
    "so_noi_vu_appraisal": {"decision": "reject", "reason": "Trùng thành tích đã khen (X1)."},
    "ubnd_decision": {"decision": "return", "reason": "Bổ sung ý kiến của cơ quan liên quan."},
    "central_appraisal": {
        "decision": "return",
        "return_letter_number": "15/BTĐKT-TH",
        "return_letter_date": "2025-09-10",
        "reason": "Hồ sơ thiếu xác nhận sáng kiến (D4).",
    },
    "central_decision": {"decision": "approve"},
}


# ------------------------------------------------------------------ fixtures and helpers


@pytest.fixture(scope="module")
def model():
    """Parse the bundle once; SpiffBpmnParser only validates against the XSDs when given one."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_file(str(BPMN_FILE))
    parser.add_dmn_files(sorted(str(path) for path in BUNDLE.glob("*.dmn")))
    return parser.get_spec(PROCESS_ID), parser.get_subprocess_specs(PROCESS_ID)


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def form_validator(task_name: str) -> Draft202012Validator:
    return Draft202012Validator(load_json(FORMS / f"{task_name}.schema.json"))


class Dossier:
    """One workflow instance and the trail of human steps it has been through."""

    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def __init__(self, model, award_form: str, restore_between_steps: bool = False):
        spec, subprocesses = model
        # The app offers reserve_quota_slot (Q1-Q3); here it records which levels reserved,
        # and request_public_posting (P1), which the app acts on after the step.
        self.reservations: list[str] = []
        self.postings: list[bool] = []
        self.script_engine = restricted_script_engine(
            {
                "reserve_quota_slot": self.reservations.append,
                "request_public_posting": self.postings.append,
            }
        )
        self.workflow = BpmnWorkflow(spec, subprocesses, script_engine=self.script_engine)
        self.restore_between_steps = restore_between_steps
        self.trail: list[tuple[str, str]] = []
        # The root task is READY on a new workflow; its data is copied into every child.
        self.workflow.get_tasks(state=TaskState.READY)[0].data.update(award_form=award_form)
        self.workflow.do_engine_steps()

    @property
    def data(self) -> dict:
        return self.workflow.last_task.data

    def open_tasks(self) -> list[str]:
        return [
            t.task_spec.name for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)
        ]

    def complete(self, task_name: str, form: dict) -> None:
        """Submit a valid form on the one open task, which must be `task_name`."""
        ready = self.workflow.get_tasks(state=TaskState.READY, manual=True)
        assert [t.task_spec.name for t in ready] == [task_name]
        form = {**STEP_FIELDS.get((task_name, form.get("decision")), {}), **form}
        form_validator(task_name).validate(form)
        task = ready[0]
        task.data.update(form)
        task.run()
        self.workflow.do_engine_steps()
        self.select_if_proposed()
        self.trail.append((task_name, task.task_spec.lane))
        if self.restore_between_steps:
            state = self.serializer.serialize_json(self.workflow)
            self.workflow = self.serializer.deserialize_json(state)
            self.workflow.script_engine = self.script_engine

    def waits_for_selection(self) -> bool:
        return any(e.name == "selection_decided" for e in self.workflow.waiting_events())

    def select_if_proposed(self, selected: bool = True) -> None:
        """S1: a proposal waits for the level's sitting; here, as the app does where no cap
        applies, it is selected at once (or, if told, not selected)."""
        if self.waits_for_selection():
            payload = {"selected": selected, "reason": "no_cap", "sitting_id": None}
            event = BpmnEvent(MessageEventDefinition("selection_decided"), payload)
            self.workflow.send_event(event)
            self.workflow.do_engine_steps()

    def approve_through(self, *task_names: str) -> None:
        for name in task_names:
            self.complete(name, UNIT_MEETING if name == "unit_council" else APPROVE)

    def finished_at(self) -> str:
        assert self.workflow.is_completed()
        ends = [
            t.task_spec.name
            for t in self.workflow.get_tasks(state=TaskState.COMPLETED)
            if t.task_spec.name.startswith("end_")
        ]
        assert len(ends) == 1
        return ends[0]


def bpmn_tree() -> etree._ElementTree:
    return etree.parse(str(BPMN_FILE))


def bounds_of(tree, element_id: str) -> tuple[float, float, float, float]:
    found = tree.xpath(f"//bpmndi:BPMNShape[@bpmnElement='{element_id}']/dc:Bounds", namespaces=NS)
    assert len(found) == 1, f"{element_id} needs exactly one BPMNShape"
    b = found[0]
    x, y = float(b.get("x")), float(b.get("y"))
    return x, y, x + float(b.get("width")), y + float(b.get("height"))


# ------------------------------------------------------------------ routes through the chain


@pytest.mark.rule("C2", "C3", "C4", "C5", "C6")
def test_prime_minister_award_goes_through_all_five_levels(model):
    """Does a Bằng khen Thủ tướng pass the unit, Sở GDĐT twice, Sở Nội vụ, UBND and the PM?"""
    dossier = Dossier(model, "bang-khen-thu-tuong", restore_between_steps=True)
    dossier.approve_through("unit_council", *REVIEW_STEPS)

    assert [lane for _, lane in dossier.trail] == [
        "unit",
        "so_gddt",
        "so_gddt",
        "so_noi_vu",
        "ubnd",
        "central",  # C6: the Central Committee's appraisal
        "central",
    ]
    assert dossier.finished_at() == "end_approved"
    assert dossier.data["outcome"] == "approved"
    assert dossier.data["last_level"] == "central"


@pytest.mark.rule("C7")
def test_giay_khen_stops_at_so_gddt(model):
    """Does a Giấy khen stop at Sở GDĐT once the sector council approves it (C7)?"""
    dossier = Dossier(model, "giay-khen-so")
    dossier.approve_through("unit_council", "so_gddt_appraisal", "sector_council")

    assert [name for name, _ in dossier.trail] == [
        "unit_council",
        "so_gddt_appraisal",
        "sector_council",
    ]
    assert dossier.finished_at() == "end_approved"
    assert dossier.data["outcome"] == "approved"


@pytest.mark.rule("C5")
def test_ubnd_award_ends_with_the_chairman(model):
    """Does a Bằng khen UBND end with the UBND Chairman, never reaching the Prime Minister (C5)?"""
    dossier = Dossier(model, "bang-khen-ubnd")
    dossier.approve_through(
        "unit_council",
        "so_gddt_appraisal",
        "sector_council",
        "so_noi_vu_appraisal",
        "ubnd_decision",
    )

    assert dossier.trail[-1] == ("ubnd_decision", "ubnd")
    assert dossier.finished_at() == "end_approved"
    assert dossier.data["outcome"] == "approved"


@pytest.mark.rule("S1", "S4", "Q3")
def test_approval_at_a_capped_step_waits_for_the_sitting(model):
    """After the sector council approves, does the dossier wait at the selection event with no
    task open, and end `not_selected` (not rejected) when the sitting leaves it out?"""
    dossier = Dossier(model, "bang-khen-ubnd")
    dossier.approve_through("unit_council", "so_gddt_appraisal")
    form = {**APPROVE}
    ready = dossier.workflow.get_tasks(state=TaskState.READY, manual=True)
    ready[0].data.update(form)
    ready[0].run()
    dossier.workflow.do_engine_steps()
    assert dossier.open_tasks() == [] and dossier.waits_for_selection()
    assert dossier.script_engine is not None and dossier.reservations == ["so_gddt"]
    dossier.select_if_proposed(selected=False)
    assert dossier.finished_at() == "end_not_selected"
    assert dossier.data["outcome"] == "not_selected"
    assert dossier.data["selection"]["selected"] is False


@pytest.mark.rule("C8", "E3")
def test_labour_order_is_proposed_centrally_and_decided_by_the_president(model):
    """Is a Huân chương Lao động sent to the central level with the 80% council threshold
    (C8), and decided by the President after the Prime Minister's step (E3)?"""
    dossier = Dossier(model, "huan-chuong-lao-dong")
    assert dossier.data["min_approval_percent"] == 80
    dossier.approve_through("unit_council", *REVIEW_STEPS)
    assert dossier.open_tasks() == ["president_decision"]
    dossier.approve_through("president_decision")

    assert dossier.trail[-2:] == [
        ("central_decision", "central"),
        ("president_decision", "president"),
    ]
    assert dossier.data["outcome"] == "approved"


@pytest.mark.rule("E3")
def test_the_president_returns_the_labour_order_to_the_prime_minister(model):
    """E3: when the President returns a Labour Order, does the Prime Minister's step see it
    again, and a Bằng khen Thủ tướng never reach the President?"""
    dossier = Dossier(model, "huan-chuong-lao-dong")
    dossier.approve_through("unit_council", *REVIEW_STEPS)
    dossier.complete("president_decision", RETURN)
    assert dossier.open_tasks() == ["central_appraisal"]  # C6: appraised again
    dossier.approve_through("central_appraisal", "central_decision", "president_decision")
    assert dossier.data["outcome"] == "approved"

    award = Dossier(model, "bang-khen-thu-tuong")
    award.approve_through("unit_council", *REVIEW_STEPS)
    assert award.trail[-1] == ("central_decision", "central")
    assert award.finished_at() == "end_approved"


@pytest.mark.rule("C4")
def test_return_from_so_noi_vu_goes_back_to_the_sector_council(model):
    """When Sở Nội vụ returns a dossier, does the sector council see it again, then forward it?"""
    dossier = Dossier(model, "bang-khen-ubnd")
    dossier.approve_through("unit_council", "so_gddt_appraisal", "sector_council")
    dossier.complete("so_noi_vu_appraisal", RETURN)

    assert dossier.open_tasks() == ["sector_council"]
    dossier.approve_through("sector_council", "so_noi_vu_appraisal", "ubnd_decision")
    assert [name for name, _ in dossier.trail] == [
        "unit_council",
        "so_gddt_appraisal",
        "sector_council",
        "so_noi_vu_appraisal",
        "sector_council",
        "so_noi_vu_appraisal",
        "ubnd_decision",
    ]
    assert dossier.data["outcome"] == "approved"


@pytest.mark.parametrize(
    "step, lands_on",
    [
        ("so_gddt_appraisal", "unit_council"),
        ("sector_council", "so_gddt_appraisal"),
        ("so_noi_vu_appraisal", "sector_council"),
        ("ubnd_decision", "so_noi_vu_appraisal"),
        ("central_appraisal", "ubnd_decision"),
        ("central_decision", "ubnd_decision"),
    ],
)
def test_each_level_returns_to_the_level_below(model, step, lands_on):
    """Where does a dossier go when a level returns it for supplementation?"""
    dossier = Dossier(model, "bang-khen-thu-tuong")
    steps = ("unit_council",) + REVIEW_STEPS
    dossier.approve_through(*steps[: steps.index(step)])
    dossier.complete(step, RETURN)

    assert dossier.open_tasks() == [lands_on]
    assert not dossier.workflow.is_completed()


@pytest.mark.rule("C1")
def test_unit_council_votes_again_after_a_return_from_so_gddt(model):
    """After Sở GDĐT returns a dossier, is the unit council's new vote counted again (C1)?"""
    dossier = Dossier(model, "bang-khen-ubnd")
    dossier.approve_through("unit_council")
    dossier.complete("so_gddt_appraisal", RETURN)
    dossier.complete("unit_council", {**UNIT_MEETING, "votes_for": 3})

    assert dossier.data["council_passed"] is False
    assert dossier.finished_at() == "end_rejected"


def test_reject_at_ubnd_ends_rejected(model):
    """If the UBND Chairman rejects a dossier, does it end as not proposed?"""
    dossier = Dossier(model, "bang-khen-thu-tuong")
    dossier.approve_through(
        "unit_council", "so_gddt_appraisal", "sector_council", "so_noi_vu_appraisal"
    )
    dossier.complete("ubnd_decision", REJECT)

    assert dossier.finished_at() == "end_rejected"
    assert dossier.data["outcome"] == "rejected"
    assert dossier.data["reason"] == REJECT["reason"]


@pytest.mark.parametrize("step", REVIEW_STEPS)
def test_a_reject_at_any_level_ends_the_dossier(model, step):
    """Can every reviewing level end a dossier by not proposing it?"""
    dossier = Dossier(model, "bang-khen-thu-tuong")
    steps = ("unit_council",) + REVIEW_STEPS
    dossier.approve_through(*steps[: steps.index(step)])
    dossier.complete(step, REJECT)

    assert dossier.finished_at() == "end_rejected"
    assert dossier.data["outcome"] == "rejected"


@pytest.mark.rule("C1")
def test_council_vote_below_threshold_is_rejected(model):
    """Does a unit council vote of 4 of 10 members stop the dossier before Sở GDĐT?"""
    dossier = Dossier(model, "bang-khen-ubnd")
    dossier.complete("unit_council", {**UNIT_MEETING, "votes_for": 4})

    assert dossier.data["council_passed"] is False
    assert dossier.finished_at() == "end_rejected"
    assert dossier.data["outcome"] == "rejected"
    assert [name for name, _ in dossier.trail] == ["unit_council"]


@pytest.mark.parametrize(
    "award_form, present, votes_for, passes",
    [
        ("bang-khen-ubnd", 6, 5, True),  # 50% of all members, even with 4 absent
        ("bang-khen-ubnd", 5, 4, False),
        ("huan-chuong-lao-dong", 8, 7, False),  # 70% < 80%
        ("huan-chuong-lao-dong", 8, 8, True),
    ],
)
@pytest.mark.rule("C1")
def test_threshold_counts_all_council_members(model, award_form, present, votes_for, passes):
    """Is the council threshold a share of all members, not only of those present?"""
    dossier = Dossier(model, award_form)
    dossier.complete(
        "unit_council", {**UNIT_MEETING, "members_present": present, "votes_for": votes_for}
    )

    assert dossier.data["council_passed"] is passes
    assert dossier.open_tasks() == (["so_gddt_appraisal"] if passes else [])


def test_unknown_award_form_fails_in_the_route_table(model):
    """Does an award form HCMC does not route (bang-khen-bo) stop with an error, not a guess?"""
    with pytest.raises(WorkflowTaskException, match="bang-khen-bo") as raised:
        Dossier(model, "bang-khen-bo")

    assert raised.value.task.task_spec.name == "determine_route"


# ------------------------------------------------------------------ the model itself


def test_bundle_validates_against_the_spiff_schemas():
    """Do the BPMN and DMN files pass the XSDs SpiffWorkflow validates against?"""
    VALIDATOR.validate(bpmn_tree().getroot(), str(BPMN_FILE))
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_dmn_files(sorted(str(path) for path in BUNDLE.glob("*.dmn")))
    assert set(parser.dmn_parsers) == {
        "award_route",
        "council_threshold",
        "eligibility",
        "public_posting",
    }


def test_model_json_names_the_process():
    """Does model.json point at the process in the bundle?"""
    meta = load_json(BUNDLE / "model.json")
    assert meta["key"] == "hcm-award-chain"
    assert meta["jurisdiction"] == "hcm"
    assert meta["process_id"] == PROCESS_ID
    assert bpmn_tree().xpath(f"//bpmn:process[@id='{meta['process_id']}']", namespaces=NS)


def test_lanes_are_the_five_roles_top_to_bottom():
    """Are the lanes the role keys, top to bottom, each with a Vietnamese name documented?"""
    tree = bpmn_tree()
    lanes = tree.xpath("//bpmn:lane", namespaces=NS)
    ordered = sorted(lanes, key=lambda lane: bounds_of(tree, lane.get("id"))[1])
    assert [lane.get("name") for lane in ordered] == list(ROLES)
    for lane in lanes:
        assert lane.xpath("string(bpmn:documentation)", namespaces=NS).strip()


def test_every_user_task_has_a_role_lane_and_a_form(model):
    """Is every human step offered to one of the six roles, with a deadline and a valid form?"""
    spec, _ = model
    user_tasks = [ts for ts in spec.task_specs.values() if isinstance(ts, UserTask)]
    # E3: the President; C2: one consultation task per agency (a multi-instance step).
    steps = ("unit_council", *REVIEW_STEPS, "president_decision", "so_gddt_consultation")
    assert sorted(ts.bpmn_id for ts in user_tasks) == sorted(steps)
    for ts in user_tasks:
        assert ts.lane in ROLES
        schema_file = ts.extensions["formJsonSchemaFilename"]
        ui_file = ts.extensions["formUiSchemaFilename"]
        name = ts.bpmn_id
        assert (schema_file, ui_file) == (f"{name}.schema.json", f"{name}.uischema.json")
        schema = load_json(FORMS / schema_file)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        ui = load_json(FORMS / ui_file)
        assert sorted(ui["ui:order"]) == sorted(schema["properties"])
        assert int(ts.extensions["properties"]["due_days"]) > 0


def test_due_days_per_step(model):
    """Does each step carry the deadline (in days) the plan gives it?"""
    spec, _ = model
    due = {
        name: int(spec.task_specs[name].extensions["properties"]["due_days"])
        for name in ("unit_council",) + REVIEW_STEPS
    }
    assert due == {
        "unit_council": 15,
        "so_gddt_appraisal": 20,
        "sector_council": 10,
        "so_noi_vu_appraisal": 20,
        "ubnd_decision": 20,
        "central_appraisal": 20,  # C6: 20 working days (an ineligible one back within 5)
        "central_decision": 30,
    }


def test_every_step_and_gateway_cites_a_domain_rule(model):
    """Does the documentation of every human step and gateway say which rule it enforces?"""
    spec, _ = model
    for ts in spec.task_specs.values():
        if isinstance(ts, (UserTask, ExclusiveGateway)):
            assert re.search(r"\b[CDQTX]\d\b", ts.documentation or ""), ts.name


def test_decision_gateways_have_a_default_flow():
    """Does every gateway that chooses between flows fall back to a default flow?"""
    tree = bpmn_tree()
    for gateway in tree.xpath("//bpmn:exclusiveGateway", namespaces=NS):
        outgoing = tree.xpath(
            f"//bpmn:sequenceFlow[@sourceRef='{gateway.get('id')}']", namespaces=NS
        )
        if len(outgoing) > 1:
            default = gateway.get("default")
            assert default in {flow.get("id") for flow in outgoing}, gateway.get("id")
            for flow in outgoing:
                has_condition = bool(flow.xpath("bpmn:conditionExpression", namespaces=NS))
                assert has_condition != (flow.get("id") == default), flow.get("id")


@pytest.mark.parametrize("task_name", sorted(EXAMPLES))
def test_example_form_data_is_valid(task_name):
    """Is the example data for each form accepted by its schema?"""
    form_validator(task_name).validate(EXAMPLES[task_name])


@pytest.mark.parametrize("task_name", REVIEW_STEPS)
@pytest.mark.parametrize("decision", ["return", "reject"])
@pytest.mark.rule("X4")
def test_return_or_reject_needs_a_reason(task_name, decision):
    """Can a reviewer return or reject a dossier without giving a reason?"""
    validator = form_validator(task_name)
    fields = STEP_FIELDS.get((task_name, decision), {})
    assert not validator.is_valid({**fields, "decision": decision})
    assert not validator.is_valid({**fields, "decision": decision, "reason": "   "})
    reason = "Thiếu báo cáo thành tích."
    assert validator.is_valid({**fields, "decision": decision, "reason": reason})
    approval = {**STEP_FIELDS.get((task_name, "approve"), {}), "decision": "approve"}
    assert validator.is_valid(approval)


@pytest.mark.parametrize("task_name", ["unit_council", *REVIEW_STEPS])
def test_forms_refuse_unknown_fields_and_values(task_name):
    """Do the forms refuse undeclared fields and decisions other than approve/return/reject?"""
    validator = form_validator(task_name)
    assert not validator.is_valid({**EXAMPLES[task_name], "unexpected": 1})
    if task_name != "unit_council":
        assert not validator.is_valid({"decision": "maybe", "reason": "Không rõ."})


def test_unit_form_requires_the_vote():
    """Can a unit submit its council result without the number of members and votes?"""
    validator = form_validator("unit_council")
    for field in ("meeting_date", "members_total", "members_present", "votes_for"):
        incomplete = {k: v for k, v in UNIT_MEETING.items() if k != field}
        assert not validator.is_valid(incomplete), field


# ------------------------------------------------------------------ the drawing (bpmn-js / dmn-js)


def test_every_element_is_drawn():
    """Will bpmn-js draw every lane, node and flow (shapes and edges with waypoints)?"""
    tree = bpmn_tree()
    shapes = {s.get("bpmnElement") for s in tree.xpath("//bpmndi:BPMNShape", namespaces=NS)}
    edges = {e.get("bpmnElement"): e for e in tree.xpath("//bpmndi:BPMNEdge", namespaces=NS)}
    plane = tree.xpath("//bpmndi:BPMNPlane", namespaces=NS)[0]
    assert plane.get("bpmnElement") == tree.xpath("//bpmn:collaboration/@id", namespaces=NS)[0]
    for participant in tree.xpath("//bpmn:participant", namespaces=NS):
        assert participant.get("id") in shapes
    for lane in tree.xpath("//bpmn:lane", namespaces=NS):
        assert lane.get("id") in shapes
    nodes = tree.xpath(
        "|".join(f"//bpmn:process//bpmn:{tag}" for tag in FLOW_NODE_TAGS), namespaces=NS
    )
    assert len(nodes) == len(
        tree.xpath(
            "//bpmn:process//*[@id][not(self::bpmn:sequenceFlow)][not(self::bpmn:laneSet)]"
            "[not(self::bpmn:lane)][not(self::bpmn:messageEventDefinition)]"
            # C2: a multi-instance step's data items are not drawn
            "[not(self::bpmn:inputDataItem)][not(self::bpmn:outputDataItem)]",
            namespaces=NS,
        )
    )
    for node in nodes:
        assert node.get("id") in shapes, node.get("id")
    for flow in tree.xpath("//bpmn:sequenceFlow", namespaces=NS):
        assert flow.get("id") in edges, flow.get("id")
        assert len(edges[flow.get("id")].xpath("di:waypoint", namespaces=NS)) >= 2


def test_drawing_is_tidy():
    """Does each node sit inside its lane, apart from the others, and do flows touch their ends?"""
    tree = bpmn_tree()
    boxes = {}
    for lane in tree.xpath("//bpmn:lane", namespaces=NS):
        lx0, ly0, lx1, ly1 = bounds_of(tree, lane.get("id"))
        for ref in lane.xpath("bpmn:flowNodeRef/text()", namespaces=NS):
            x0, y0, x1, y1 = boxes[ref] = bounds_of(tree, ref)
            assert lx0 <= x0 and x1 <= lx1 and ly0 <= y0 and y1 <= ly1, f"{ref} outside its lane"
    ids = sorted(boxes)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            (a0, a1, a2, a3), (b0, b1, b2, b3) = boxes[a], boxes[b]
            assert a2 <= b0 or b2 <= a0 or a3 <= b1 or b3 <= a1, f"{a} overlaps {b}"
    for flow in tree.xpath("//bpmn:sequenceFlow", namespaces=NS):
        edge = tree.xpath(f"//bpmndi:BPMNEdge[@bpmnElement='{flow.get('id')}']", namespaces=NS)[0]
        points = [
            (float(p.get("x")), float(p.get("y"))) for p in edge.xpath("di:waypoint", namespaces=NS)
        ]
        for (x, y), ref in (
            (points[0], flow.get("sourceRef")),
            (points[-1], flow.get("targetRef")),
        ):
            x0, y0, x1, y1 = boxes[ref] if ref in boxes else bounds_of(tree, ref)
            assert x0 <= x <= x1 and y0 <= y <= y1, f"{flow.get('id')} does not touch {ref}"
    for sub in tree.xpath("//bpmn:subProcess", namespaces=NS):
        sx0, sy0, sx1, sy1 = boxes[sub.get("id")]
        for inner in sub.xpath("./*[@id][not(self::bpmn:sequenceFlow)]", namespaces=NS):
            x0, y0, x1, y1 = bounds_of(tree, inner.get("id"))
            assert sx0 <= x0 and x1 <= sx1 and sy0 <= y0 and y1 <= sy1, inner.get("id")


@pytest.mark.parametrize(
    "dmn_file, decision_id",
    [
        ("award_route.dmn", "award_route"),
        ("council_threshold.dmn", "council_threshold"),
        ("eligibility.dmn", "eligibility"),
    ],
)
def test_decision_tables_are_drawn(dmn_file, decision_id):
    """Will dmn-js find each decision in its diagram?"""
    tree = etree.parse(str(BUNDLE / dmn_file))
    assert tree.xpath("//dmn:decision/@id", namespaces=NS) == [decision_id]
    assert tree.xpath(f"//dmndi:DMNShape[@dmnElementRef='{decision_id}']", namespaces=NS)
