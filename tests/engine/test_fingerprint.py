"""State fingerprints: the same inputs give the same fingerprint, whatever ran before."""

from __future__ import annotations

import pytest

from tests.engine.hcm_chain import APPROVE, COUNCIL, START, complete, hcm_model, select_if_waiting
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.fingerprint import first_difference


@pytest.fixture
def engine_and_model():
    return WorkflowEngine(), hcm_model()


def walk_giay_khen(engine, model, hold: bool):
    """Approve a Giấy khen dossier, optionally held and resumed after the unit's council."""
    step = engine.start(model, START, save=False)
    prints = [step.state_sha256]
    step = complete(engine, model, step, "unit_council", COUNCIL)
    if hold:
        for message in ("hold_placed", "hold_cleared"):
            step = engine.send_message(model, step.workflow, message, save=False)
            assert step.delivered
    for name in ("so_gddt_appraisal", "sector_council"):
        step = select_if_waiting(engine, model, complete(engine, model, step, name, APPROVE))
        prints.append(step.state_sha256)
    return step.workflow, prints


def test_same_inputs_give_the_same_fingerprint(engine_and_model):
    """Do two runs of the same inputs, with different task ids, fingerprint alike?"""
    engine, model = engine_and_model
    first, first_prints = walk_giay_khen(engine, model, hold=False)
    second, second_prints = walk_giay_khen(engine, model, hold=False)
    assert engine.dump(first) != engine.dump(second)  # random task ids
    assert first_prints == second_prints


def test_fingerprint_survives_save_and_load(engine_and_model):
    """Does a stored and restored workflow fingerprint as it did in memory?"""
    engine, model = engine_and_model
    workflow, _ = walk_giay_khen(engine, model, hold=True)
    restored = engine.load(model, engine.dump(workflow))
    assert engine.state_fingerprint(restored) == engine.state_fingerprint(workflow)


def test_a_hold_in_one_dossier_does_not_change_the_next(engine_and_model):
    """After a hold was triggered on the shared spec, does a later dossier still complete and
    fingerprint as it would have in a fresh process? (SpiffWorkflow links an event subprocess
    into the cached spec on its first trigger; the parser links it up front instead.)"""
    engine, model = engine_and_model
    _, fresh = walk_giay_khen(engine, model, hold=False)
    walk_giay_khen(engine, model, hold=True)
    later, after_a_hold = walk_giay_khen(engine, model, hold=False)
    assert later.is_completed()
    assert after_a_hold == fresh


def test_changed_task_data_is_named(engine_and_model):
    """When one task's data differs, does the difference name that task?"""
    engine, model = engine_and_model
    workflow, _ = walk_giay_khen(engine, model, hold=False)
    expected = engine.state_fingerprint(workflow)
    [council] = [t for t in workflow.get_tasks() if t.task_spec.name == "unit_council"]
    council.data["votes_for"] = 1
    assert "unit_council" in first_difference(expected, engine.state_fingerprint(workflow))
