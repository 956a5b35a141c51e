"""Tasks: the keyset-paged inbox, one task with its form, claim, unclaim, complete."""

from flask import request

from ..services import tasks as task_service
from ..services.read_models import task_detail, task_summaries
from . import bp
from .context import use_case
from .paging import decode_cursor, encode_cursor
from .schemas import CompleteIn, TaskOut, TaskPage, TaskQuery


@bp.get("/tasks")
def list_tasks():
    query = TaskQuery().load(request.args)
    with use_case() as ctx:
        tasks = task_service.inbox(
            ctx, query["scope"], query["limit"], decode_cursor(query.get("cursor"))
        )
        next_cursor = encode_cursor(tasks[-1].id) if len(tasks) == query["limit"] else None
        return TaskPage().dump({"items": task_summaries(ctx, tasks), "next_cursor": next_cursor})


@bp.get("/tasks/<int:task_id>")
def get_task(task_id: int):
    with use_case() as ctx:
        return TaskOut().dump(task_detail(ctx, task_service.get_task(ctx, task_id)))


@bp.post("/tasks/<int:task_id>/claim")
def claim(task_id: int):
    with use_case() as ctx:
        return TaskOut().dump(task_detail(ctx, task_service.claim_task(ctx, task_id)))


@bp.post("/tasks/<int:task_id>/unclaim")
def unclaim(task_id: int):
    with use_case() as ctx:
        return TaskOut().dump(task_detail(ctx, task_service.unclaim_task(ctx, task_id)))


@bp.post("/tasks/<int:task_id>/complete")
def complete(task_id: int):
    body = CompleteIn().load(request.get_json() or {})
    with use_case() as ctx:
        task = task_service.complete_task(ctx, task_id, body["data"])
        return TaskOut().dump(task_detail(ctx, task))
