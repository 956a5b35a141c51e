"""Compaction and fingerprints of long-lived workflows (issue 16): completed loop iterations
are folded away after each step, the engine runs on exactly as if they were kept, and the
fingerprint neither changes with folding nor depends on Python's recursion limit."""

from __future__ import annotations

import hashlib
import inspect
import random
import sys

import pytest
from SpiffWorkflow.util.task import TaskState

from tests.engine.hcm_chain import COUNCIL, RETURN, START, complete, hcm_model
from workflow_app.domain.history import canonical_json
from workflow_app.engine.compaction import compact
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.fingerprint import (
    fingerprint_sha256,
    legacy_fingerprint,
    settle_replayed_step,
    state_fingerprint,
)


@pytest.fixture(scope="module")
def engine():
    return WorkflowEngine()


@pytest.fixture(scope="module")
def model():
    return hcm_model()


def names(step) -> list[str]:
    return [task.info.id for task in step.ready_tasks]


def returned(engine, model, cycles: int, save=False):
    """A Giấy khen dossier returned by Sở GDĐT `cycles` times, waiting at its unit."""
    step = engine.start(model, START, save=save)
    for _ in range(cycles):
        step = complete(engine, model, step, "unit_council", COUNCIL, save)
        step = complete(engine, model, step, "so_gddt_appraisal", RETURN, save)
    return step


def _old_walk(workflow, task, depth):
    """The recursive fingerprint walk of the first release, kept here as the reference."""
    digest = hashlib.sha256(canonical_json(task.data).encode()).hexdigest()[:16]
    yield [depth, task.task_spec.name, TaskState.get_name(task.state), digest]
    subprocess = workflow.subprocesses.get(task.id)
    if subprocess is not None:
        yield from _old_walk(workflow, subprocess.task_tree, depth + 1)
    for child in task.children:
        yield from _old_walk(workflow, child, depth + 1)


def test_compaction_changes_nothing_the_engine_or_the_fingerprint_sees(engine, model):
    """Driving the same random decisions (returns at every level, approvals, holds placed
    and cleared) through a workflow compacted after every step and stored and restored now
    and then, and through one that keeps every task: are the ready tasks, the fingerprint,
    the completion and the outcome the same at every step?"""

    def ready(workflow) -> list:
        return [task.info.id for task in engine.ready_tasks(model, workflow)]

    def step(workflow, name, data):
        [task] = [t for t in engine.ready_tasks(model, workflow) if t.info.id == name]
        return engine.complete(model, workflow, task.spiff_id, data, save=False).workflow

    for seed in range(12):
        chance = random.Random(seed)
        start = dict(START, award_form=chance.choice(["giay-khen-so", "bang-khen-thu-tuong"]))
        kept = engine.start(model, start, save=False).workflow
        compacted = engine.start(model, start, save=False).workflow
        for _ in range(80):
            assert ready(compacted) == ready(kept)
            assert state_fingerprint(compacted) == state_fingerprint(kept)
            if kept.is_completed() or not ready(kept):
                break
            if chance.random() < 0.1:
                message = chance.choice(["hold_placed", "hold_cleared"])
                for workflow in (kept, compacted):
                    engine.send_message(model, workflow, message, save=False)
                continue
            [name] = ready(kept)
            decision = chance.choices(["approve", "return", "reject"], [0.45, 0.5, 0.05])[0]
            data = COUNCIL if name == "unit_council" else {"decision": decision, "reason": ""}
            kept, compacted = step(kept, name, data), step(compacted, name, data)
            compact(compacted)
            if chance.random() < 0.3:
                compacted = engine.load(model, engine.dump(compacted))
        assert compacted.is_completed() == kept.is_completed()
        assert compacted.last_task.data.get("outcome") == kept.last_task.data.get("outcome")
        assert state_fingerprint(compacted) == state_fingerprint(kept)


def test_the_stored_state_stays_the_size_of_one_loop(engine, model):
    """After 1, 10 and 300 returns, is the stored state (compacted as it is saved) the same
    size, give or take a few bytes of timestamps?"""
    sizes = {n: len(returned(engine, model, n, save=True).state) for n in (1, 10, 300)}
    assert sizes[300] <= sizes[1] + 100, sizes
    assert sizes[10] <= sizes[1] + 100, sizes


def test_compaction_drops_only_finished_loop_iterations(engine, model):
    """Without a loop nothing goes; after returns, the open task keeps its id."""
    first = engine.start(model, START, save=False)
    assert compact(first.workflow) == 0
    step = returned(engine, model, 3)
    waiting = step.ready_tasks[0].spiff_id
    assert compact(step.workflow) == 3 * 7  # one chain of 7 tasks per return
    assert compact(step.workflow) == 0
    assert [t.spiff_id for t in engine.ready_tasks(model, step.workflow)] == [waiting]


def test_ended_holds_are_dropped_but_the_latest(engine, model):
    """X2: after three holds placed and cleared and a fourth still open, are the first two
    ended runs dropped, the third and the open one kept?"""
    step = engine.start(model, START, save=False)
    for message in ["hold_placed", "hold_cleared"] * 3 + ["hold_placed"]:
        step = engine.send_message(model, step.workflow, message, save=False)
    before = state_fingerprint(step.workflow)
    assert len(step.workflow.subprocesses) == 4
    compact(step.workflow)
    assert len(step.workflow.subprocesses) == 2
    assert state_fingerprint(step.workflow) == before
    step = engine.send_message(model, step.workflow, "hold_cleared", save=False)
    assert names(step) == ["unit_council"]


def test_fingerprints_have_no_depth_limit(engine, model):
    """With Python allowed far fewer nested calls than the tree is deep, are the fingerprint
    and the full-tree fingerprint still taken? (The first release's recursive walk failed
    at about 150 returns with RecursionError.)"""
    step = returned(engine, model, 40)  # kept whole: about 290 tasks deep
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        with pytest.raises(RecursionError):
            list(_old_walk(step.workflow, step.workflow.task_tree, 0))
        folded = state_fingerprint(step.workflow)
        every_task = legacy_fingerprint(step.workflow)
    finally:
        sys.setrecursionlimit(limit)
    assert len(every_task["tasks"]) > len(folded["tasks"])


def test_the_full_tree_fingerprint_is_the_first_releases(engine, model):
    """Does `legacy_fingerprint` read every task as the first release did, and does the
    fingerprint of a loop-free workflow equal it (so histories recorded then still verify)?"""
    step = returned(engine, model, 3)
    old = list(_old_walk(step.workflow, step.workflow.task_tree, 0))
    assert legacy_fingerprint(step.workflow)["tasks"] == old
    straight = engine.start(model, START, save=False)
    straight = complete(engine, model, straight, "unit_council", COUNCIL)
    assert state_fingerprint(straight.workflow) == legacy_fingerprint(straight.workflow)


def test_a_replay_accepts_hashes_recorded_before_folding(engine, model):
    """A history recorded by the first release hashed every task: does the replay accept it
    (keeping every task), and compact when the record is of the folded fingerprint?"""
    step = returned(engine, model, 2)
    recorded_then = fingerprint_sha256(legacy_fingerprint(step.workflow))
    assert recorded_then != step.state_sha256
    assert settle_replayed_step(step.workflow, step.state_sha256, recorded_then)
    assert len(legacy_fingerprint(step.workflow)["tasks"]) > len(
        state_fingerprint(step.workflow)["tasks"]
    )  # nothing was dropped
    assert settle_replayed_step(step.workflow, step.state_sha256, step.state_sha256)
    assert legacy_fingerprint(step.workflow) == state_fingerprint(step.workflow)  # compacted
    assert not settle_replayed_step(step.workflow, step.state_sha256, "0" * 64)
