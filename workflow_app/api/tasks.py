"""Tasks: the keyset-paged inbox, one task with its form, claim, unclaim, complete."""

from flask import request

from ..services import tasks as task_service
from ..services.read_models import task_detail, task_summaries
from . import bp
from .context import use_case
from .paging import decode_cursor, encode_cursor
from .schemas import CompleteIn, CompletionOut, TaskOut, TaskPage, TaskQuery

# Schema instances are built once: constructing one per request costs more than using it.
COMPLETE_IN = CompleteIn()
COMPLETION_OUT = CompletionOut()
TASK_OUT = TaskOut()
TASK_PAGE = TaskPage()
TASK_QUERY = TaskQuery()


@bp.get("/tasks")
def list_tasks():
    query = TASK_QUERY.load(request.args)
    with use_case() as ctx:
        tasks = task_service.inbox(
            ctx, query["scope"], query["limit"], decode_cursor(query.get("cursor"))
        )
        next_cursor = encode_cursor(tasks[-1].id) if len(tasks) == query["limit"] else None
        return TASK_PAGE.dump({"items": task_summaries(ctx, tasks), "next_cursor": next_cursor})


@bp.get("/tasks/<int:task_id>")
def get_task(task_id: int):
    with use_case() as ctx:
        return TASK_OUT.dump(task_detail(ctx, task_service.get_task(ctx, task_id)))


@bp.post("/tasks/<int:task_id>/claim")
def claim(task_id: int):
    with use_case() as ctx:
        return TASK_OUT.dump(task_detail(ctx, task_service.claim_task(ctx, task_id)))


@bp.post("/tasks/<int:task_id>/unclaim")
def unclaim(task_id: int):
    with use_case() as ctx:
        return TASK_OUT.dump(task_detail(ctx, task_service.unclaim_task(ctx, task_id)))


@bp.post("/tasks/<int:task_id>/complete")
def complete(task_id: int):
    body = COMPLETE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        result = task_service.complete_task(ctx, task_id, body["data"])
        completed_by = ctx.actor_name
    # After commit: the new tasks have their ids; nothing here needs the database.
    task, dossier = result["task"], result["dossier"]
    return COMPLETION_OUT.dump(
        {
            **vars_of(task),
            "completed_by": completed_by,
            "dossier": {"id": dossier.id, "status": dossier.status},
            "next_tasks": [vars_of(t) for t in result["next_tasks"]],
        }
    )


def vars_of(task) -> dict:
    """A task row as the summary schema reads it (claimed_by is a username, none here)."""
    return {**{k: getattr(task, k) for k in TASK_FIELDS}, "claimed_by": None, "assigned_by": None}


TASK_FIELDS = (
    "id",
    "dossier_id",
    "name",
    "title",
    "lane",
    "state",
    "due_at",
    "created_at",
    "completed_at",
)
