"""One value per step: the engine returns the new state, the ready tasks, whether and how the
workflow ended, what the step asked of the host, and the state hash; it calls nothing back.

The HCMC chain is walked with its state saved after each step and restored for the next,
as the app does between requests (and as spiff-example-cli's tests do)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.engine.hcm_chain import select_if_waiting
from workflow_app.config import PROJECT_ROOT
from workflow_app.engine.engine import EngineError, StepResult, WorkflowEngine
from workflow_app.engine.host import HostRequest, host_functions
from workflow_app.engine.serializer import SERIALIZER, StateSerializer
from workflow_app.engine.specs import SpecCache, parse_model
from workflow_app.services.process_models import read_bundle

COUNCIL = {"meeting_date": "2025-04-20", "members_total": 9, "members_present": 9, "votes_for": 9}
APPROVE = {"decision": "approve", "reason": ""}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}


@pytest.fixture(scope="module")
def model():
    bundle = read_bundle(Path(PROJECT_ROOT), "hcm")
    return parse_model(bundle.files, bundle.process_id)


@pytest.fixture
def engine():
    return WorkflowEngine(SpecCache(), StateSerializer())


def start_data(award_form: str) -> dict:
    return {"award_form": award_form, "round": "so-ket-2025", "nominee_kind": "individual"}


def restored_walk(engine, model, award_form: str, decide=lambda task: APPROVE):
    """Start, then complete the one ready task from the stored state until the workflow ends;
    yields (task completed, its StepResult)."""
    step = engine.start(model, start_data(award_form))
    while not step.completed:
        [task] = step.ready_tasks
        data = COUNCIL if task.info.id == "unit_council" else decide(task.info.id)
        step = engine.complete(model, step.state, task.spiff_id, data)
        yield task.info.id, step
        if "selection_decided" in step.waiting_for:  # S1: no cap here, so no sitting
            step = select_if_waiting(engine, model, step, save=True)
            yield "selection_decided", step


@pytest.mark.rule("Q1", "Q3")
def test_the_selecting_steps_ask_for_a_quota_slot_and_nothing_else_does(engine, model):
    """Walking a Bằng khen Thủ tướng dossier, saved and restored between steps: does only the
    sector council ask a slot at so_gddt and only UBND one at ubnd, each once?"""
    asked = {
        task: step.slot_requests
        for task, step in restored_walk(engine, model, "bang-khen-thu-tuong")
    }
    assert asked == {
        "unit_council": (),
        "so_gddt_appraisal": (),
        "sector_council": ("so_gddt",),
        "selection_decided": (),
        "so_noi_vu_appraisal": (),
        "ubnd_decision": ("ubnd",),
        "central_appraisal": (),  # C6 (issue 17)
        "central_decision": (),
    }


def test_a_request_is_a_record_not_a_call_into_the_app(engine, model):
    """Does a step's result carry the host call itself (name and level), as a value?"""
    steps = dict(restored_walk(engine, model, "giay-khen-so"))
    assert steps["sector_council"].requests == (HostRequest("reserve_quota_slot", ("so_gddt",)),)


def test_only_the_last_step_ends_the_workflow_with_its_outcome(engine, model):
    """Does every step but the last report a running workflow with ready tasks and no outcome,
    and the last one `completed` with the BPMN's outcome and nothing left to do?"""
    steps = list(restored_walk(engine, model, "bang-khen-ubnd"))
    for task, step in steps[:-1]:
        waits = step.waiting_for if task in ("sector_council", "ubnd_decision") else ()
        assert (step.completed, step.outcome) == (False, None)
        assert len(step.ready_tasks) == 1 or "selection_decided" in waits, task
    _, last = steps[-1]
    assert (last.completed, last.outcome, last.ready_tasks) == (True, "approved", ())


def test_a_rejection_ends_the_workflow_rejected(engine, model):
    """When Sở GDĐT rejects, does that step end the workflow with outcome `rejected`?"""
    decide = {"so_gddt_appraisal": REJECT}.get
    steps = list(restored_walk(engine, model, "giay-khen-so", lambda t: decide(t, APPROVE)))
    assert [task for task, _ in steps] == ["unit_council", "so_gddt_appraisal"]
    assert (steps[-1][1].completed, steps[-1][1].outcome) == (True, "rejected")


def test_the_state_hash_is_the_same_whether_saved_or_kept_in_memory(engine, model):
    """Do a walk restored from storage at every step and one kept in memory (as a replay
    runs) give the same hashes, while only the stored walk carries states, without specs?"""
    stored = [step for _, step in restored_walk(engine, model, "bang-khen-thu-tuong")]
    kept = engine.start(model, start_data("bang-khen-thu-tuong"), save=False)
    assert kept.state is None
    for saved in stored:
        if "selection_decided" in kept.waiting_for:
            kept = select_if_waiting(engine, model, kept)
        else:
            [task] = kept.ready_tasks
            data = COUNCIL if task.info.id == "unit_council" else APPROVE
            kept = engine.complete(model, kept.workflow, task.spiff_id, data, save=False)
        assert kept.state_sha256 == saved.state_sha256
        assert "task_specs" not in json.loads(saved.state)
    assert kept.completed and kept.outcome == "approved"


def test_a_result_is_a_value(engine, model):
    """Is a step's result frozen, so a service cannot change what the step said?"""
    step = engine.start(model, start_data("giay-khen-so"))
    assert isinstance(step, StepResult)
    with pytest.raises(AttributeError):
        step.completed = True


@pytest.mark.rule("X2")
def test_a_hold_message_is_delivered_and_one_nothing_waits_for_is_not(engine, model):
    """Is `hold_placed` caught by the waiting workflow (a new state), while a message the
    model never waits for leaves the stored state and its hash exactly as they were?"""
    start = engine.start(model, start_data("giay-khen-so"))
    held = engine.send_message(model, start.state, "hold_placed", {"dossier_id": 1})
    assert held.delivered and held.state != start.state
    ignored = engine.send_message(model, start.state, "no_such_message")
    assert not ignored.delivered
    assert (ignored.state, ignored.state_sha256) == (start.state, start.state_sha256)


def test_completing_a_task_that_is_not_ready_is_an_engine_error(engine, model):
    """Is a stale task id refused as an engine error (500, nothing changed) rather than run?"""
    step = engine.start(model, start_data("giay-khen-so"))
    [task] = step.ready_tasks
    after = engine.complete(model, step.state, task.spiff_id, COUNCIL)
    with pytest.raises(EngineError):
        engine.complete(model, after.state, task.spiff_id, COUNCIL)


def test_host_functions_answer_at_once_and_only_record():
    """Does `reserve_quota_slot` answer True and note the level, reaching nothing else?"""
    requests: list[HostRequest] = []
    functions = host_functions(requests)
    assert set(functions) == {"reserve_quota_slot", "request_public_posting"}
    assert functions["reserve_quota_slot"]("ubnd") is True
    assert requests == [HostRequest("reserve_quota_slot", ("ubnd",))]


def test_the_stored_state_is_the_librarys_own_serialization_without_the_specs(engine, model):
    """The state a step stores is exactly what SpiffWorkflow's serializer writes, minus the
    specs the pinned version rebuilds: states stored before and after the faster dump are
    interchangeable, at every step of a whole chain."""
    for _, step in restored_walk(engine, model, "bang-khen-thu-tuong"):
        expected = SERIALIZER.to_dict(engine.load(model, step.state))
        expected.pop("spec"), expected.pop("subprocess_specs")
        expected[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
        assert json.loads(step.state) == expected
