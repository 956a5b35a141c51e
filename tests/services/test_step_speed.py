"""What the faster step path (issues 11 and 15) must keep: a sitting's states written in one
statement still lose to a writer that went first (409, nothing written), the next step runs
on what the sitting stored, a completion flushes once yet never notes a receipt twice, and a
day off added by the administrator counts at once although the calendar is kept in memory."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update

from tests.factories import APPROVE, COUNCIL_PASSED, walk_to
from workflow_app.domain.errors import Conflict
from workflow_app.domain.selection import SELECTION_DECIDED
from workflow_app.persistence.models import DossierReceipt, ProcessInstance
from workflow_app.runtime import service_context
from workflow_app.services.process_models import parsed_model
from workflow_app.services.step_batch import StateWrites

ROUND, FORM, LEVEL = "tong-ket-2030", "bang-khen-ubnd", "so_gddt"  # Q3: cap 2


def _proposed(api, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        dossier = api.gen_submitted(FORM, round_=ROUND)
        walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal"))
        assert api.complete_open(dossier["id"], APPROVE).status_code == 200
        ids.append(dossier["id"])
    return ids


def test_a_batch_finding_a_state_moved_since_it_was_read_is_409_with_nothing_written(app, api):
    """If another writer moved a candidate's workflow after the batch read it, is the one
    UPDATE for all states refused as a conflict, the candidate still waiting as before?"""
    [dossier_id] = _proposed(api, 1)
    db = app.extensions["workflow_db"]
    with pytest.raises(Conflict), db.unit_of_work() as session:
        ctx = service_context(session, None, app)
        instance = session.scalar(
            select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
        )
        model = parsed_model(ctx, instance.version)
        payload = {"selected": True, "reason": "within_quota", "sitting_id": None}
        step = ctx.engine.send_message(model, instance.state, SELECTION_DECIDED, payload)
        states = StateWrites()
        states.save(ctx, instance, step)
        session.execute(  # someone else's step, committed first
            update(ProcessInstance)
            .where(ProcessInstance.id == instance.id)
            .values(lock_version=ProcessInstance.lock_version + 1)
            .execution_options(synchronize_session=False)
        )
        states.write(session)
    dossier = api.dossier(dossier_id)
    assert (dossier["status"], dossier["waiting_for"]) == ("in_progress", "selection")


def test_after_a_sitting_the_selected_go_on_from_the_state_it_stored(api):
    """Does the candidate a sitting selected complete its next step (no stale version), while
    the one left out ended `not_selected`, each replaying to the hashes recorded?"""
    first, second = _proposed(api, 2)
    response = api.hold_sitting({first: 12, second: 7}, LEVEL, ROUND, FORM)
    assert response.status_code == 201, response.json
    chosen = api.dossier(first)
    assert [t["lane"] for t in chosen["open_tasks"]] == ["so_noi_vu"]
    assert api.complete_open(first, APPROVE).status_code == 200
    assert api.dossier(second)["status"] == "not_selected"


def test_a_step_that_reaches_a_level_twice_notes_one_receipt(app, api):
    """T5 with one flush per step: does each level keep ONE first receipt per dossier, even
    when the dossier comes back to it?"""
    dossier = api.gen_submitted(FORM, round_=ROUND)
    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal"))
    sent_back = {"decision": "return", "reason": "Thiếu biên bản"}
    assert api.complete_open(dossier["id"], sent_back).status_code == 200
    assert api.open_task(dossier["id"])["name"] == "so_gddt_appraisal"  # back one level
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    with app.extensions["workflow_db"].unit_of_work() as session:
        lanes = session.scalars(
            select(DossierReceipt.lane).where(DossierReceipt.dossier_id == dossier["id"])
        ).all()
    assert sorted(lanes) == sorted(set(lanes))


def test_a_day_off_added_counts_for_the_next_task_at_once(api, clock):
    """The calendar is kept in memory: does a day off the administrator adds still move the
    due date of the very next task (20 working days: 28/5 becomes 29/5)?"""
    clock.now = datetime(2025, 4, 25, 9, 0)  # a Friday
    before = api.gen_submitted("bang-khen-ubnd")
    assert api.complete_open(before["id"], COUNCIL_PASSED).status_code == 200
    assert api.open_task(before["id"])["due_at"].startswith("2025-05-28T")
    day_off = {"jurisdiction": "hcm", "day": "2025-05-20", "name": "Nghỉ bù"}
    assert api.post("/holidays", "hcm-admin", json=day_off).status_code == 201
    after = api.gen_submitted("bang-khen-ubnd")
    assert api.complete_open(after["id"], COUNCIL_PASSED).status_code == 200
    assert api.open_task(after["id"])["due_at"].startswith("2025-05-29T")
