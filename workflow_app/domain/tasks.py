"""Human-task rules: which task states are live, and when a task may be acted on (X2)."""

from __future__ import annotations

from datetime import datetime

from .errors import TaskCompleted, TaskOnHold

# A live task is in some inbox, or waits there suspended by a hold (X2).
LIVE_TASK_STATES = ("open", "suspended")


def check_actionable(
    task: str,
    state: str,
    dossier_status: str,
    completed_by: str | None = None,
    completed_at: datetime | None = None,
) -> None:
    """Refuse to act on a task that is held (X2), or already completed or cancelled.

    `completed_by` (a display name) and `completed_at` say who acted first, for the 409 page.
    """
    # X2: a hold defers, it does not reject: the task waits, suspended, until it is cleared.
    if state == "suspended":
        raise TaskOnHold(task=task, details={"status": "on_hold"})
    if state != "open":
        details = {
            "completed_by": completed_by,
            "completed_at": completed_at.isoformat() if completed_at else None,
            "state": state,
        }
        if state == "cancelled" or completed_by is None:  # the workflow or a closure ended it
            raise TaskCompleted("task_cancelled", task=task, details=details)
        raise TaskCompleted(task=task, who=completed_by, details=details)
    if dossier_status == "on_hold":
        raise TaskOnHold(task=task, details={"status": "on_hold"})
