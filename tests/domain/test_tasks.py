"""Task rules (domain/tasks.py): a held task waits (X2); a handled one names who acted first."""

from __future__ import annotations

from datetime import datetime

import pytest

from workflow_app.domain.errors import TaskCompleted, TaskOnHold
from workflow_app.domain.tasks import LIVE_TASK_STATES, check_actionable

WHEN = datetime(2025, 5, 5, 8, 0)


def test_an_open_task_of_a_running_dossier_may_be_acted_on():
    """Is an open task of a dossier in progress (or returned) free to complete?"""
    check_actionable("so_gddt_appraisal", "open", "in_progress")
    check_actionable("unit_council", "open", "returned")


@pytest.mark.rule("X2")
@pytest.mark.parametrize(("state", "status"), [("suspended", "on_hold"), ("open", "on_hold")])
def test_a_held_task_waits_for_the_hold(state, status):
    """X2: is a suspended task, or any task of a dossier on hold, refused as `task_on_hold`?"""
    with pytest.raises(TaskOnHold) as refused:
        check_actionable("ubnd_decision", state, status)
    assert refused.value.code == "task_on_hold"
    assert refused.value.params == {"task": "ubnd_decision"}
    assert refused.value.details == {"status": "on_hold"}


def test_a_completed_task_names_who_completed_it_and_when():
    """Is a completed task refused as `task_completed`, naming the person and the moment?"""
    with pytest.raises(TaskCompleted) as refused:
        check_actionable("sector_council", "completed", "in_progress", "Chuyên viên", WHEN)
    assert refused.value.code == "task_completed"
    assert refused.value.params["who"] == "Chuyên viên"
    assert refused.value.details == {
        "completed_by": "Chuyên viên",
        "completed_at": "2025-05-05T08:00:00",
        "state": "completed",
    }


def test_a_cancelled_task_is_closed_by_nobody_in_particular():
    """Is a task the workflow cancelled (the dossier moved on, was withdrawn or excluded)
    refused as `task_cancelled`, still a TaskCompleted a caller can catch?"""
    with pytest.raises(TaskCompleted) as refused:
        check_actionable("so_gddt_appraisal", "cancelled", "withdrawn", None, WHEN)
    assert refused.value.code == "task_cancelled"
    assert refused.value.details["completed_by"] is None


def test_a_completed_task_is_reported_before_a_later_hold():
    """When a handled task's dossier was held afterwards, is the answer still who handled it?"""
    with pytest.raises(TaskCompleted):
        check_actionable("unit_council", "completed", "on_hold", "Thư ký", WHEN)


def test_live_tasks_are_the_open_and_the_suspended():
    """Do the inbox, deadlines and closures count open and held tasks as live, nothing else?"""
    assert set(LIVE_TASK_STATES) == {"open", "suspended"}
