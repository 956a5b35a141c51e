"""Tasklist actions beside claim and complete: assign to a colleague (with a note), comment,
follow-up date; and who may be assigned. Camunda Tasklist's `assignee`, `followUp` and task
comments, in this API's shapes."""

from flask import request
from marshmallow import Schema, fields, validate

from ..services import task_assignment as service
from . import bp
from .context import use_case
from .schemas import RequestSchema, UtcDateTime


class TaskAssignIn(RequestSchema):
    # A username of the task's lane role where its dossier is; null gives it back.
    assignee = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    note = fields.String(load_default="", validate=validate.Length(max=service.NOTE_MAX))


class TaskCommentIn(RequestSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=service.COMMENT_MAX))


class TaskFollowUpIn(RequestSchema):
    follow_up_on = fields.Date(required=True, allow_none=True)


class TaskAssignmentOut(Schema):
    id = fields.Integer()
    dossier_id = fields.Integer()
    state = fields.String()
    claimed_by = fields.String(allow_none=True)  # the assignee, as for a claimed task
    assignee = fields.String(allow_none=True)
    assigned_by = fields.String(allow_none=True)
    assignment_note = fields.String(allow_none=True)
    follow_up_on = fields.Date(allow_none=True)


class TaskCommentOut(Schema):
    seq = fields.Integer()
    at = UtcDateTime()
    author = fields.String()
    text = fields.String()


class TaskCommentsOut(Schema):
    items = fields.List(fields.Nested(TaskCommentOut))


class TaskColleagueOut(Schema):
    username = fields.String()
    display_name = fields.String()


class TaskColleaguesOut(Schema):
    items = fields.List(fields.Nested(TaskColleagueOut))


ASSIGN_IN, COMMENT_IN, FOLLOW_UP_IN = TaskAssignIn(), TaskCommentIn(), TaskFollowUpIn()
ASSIGNMENT_OUT, COMMENT_OUT = TaskAssignmentOut(), TaskCommentOut()


def _assignment(task) -> dict:
    claimer = task.claimed_by.username if task.claimed_by else None
    return {
        "id": task.id,
        "dossier_id": task.dossier_id,
        "state": task.state,
        "claimed_by": claimer,
        "assignee": claimer if task.assigned_by_id else None,
        "assigned_by": task.assigned_by.username if task.assigned_by else None,
        "assignment_note": task.assignment_note,
        "follow_up_on": task.follow_up_on,
    }


@bp.post("/tasks/<int:task_id>/assign")
def assign(task_id: int):
    body = ASSIGN_IN.load(request.get_json() or {})
    with use_case() as ctx:
        task = service.assign_task(ctx, task_id, body["assignee"], body["note"])
        ctx.session.flush()
        ctx.session.refresh(task)
        return ASSIGNMENT_OUT.dump(_assignment(task))


# One rule for both methods: two rules on one path answer an id too large for the database
# with 405 instead of 404 (werkzeug tries the other rule's methods).
@bp.route("/tasks/<int:task_id>/comments", methods=["GET", "POST"])
def comments(task_id: int):
    if request.method == "GET":
        with use_case() as ctx:
            return TaskCommentsOut().dump({"items": service.task_comments(ctx, task_id)})
    body = COMMENT_IN.load(request.get_json() or {})
    with use_case() as ctx:
        made = service.comment_on_task(ctx, task_id, body["text"])
        return COMMENT_OUT.dump({**made, "text": body["text"].strip()}), 201


@bp.post("/tasks/<int:task_id>/follow-up")
def follow_up(task_id: int):
    body = FOLLOW_UP_IN.load(request.get_json() or {})
    with use_case() as ctx:
        task = service.set_follow_up(ctx, task_id, body["follow_up_on"])
        return ASSIGNMENT_OUT.dump(_assignment(task))


@bp.get("/tasks/<int:task_id>/colleagues")
def colleagues(task_id: int):
    with use_case() as ctx:
        task = service.get_task(ctx, task_id)
        return TaskColleaguesOut().dump({"items": service.colleagues(ctx, task)})


OPERATIONS: list = [
    (
        "post",
        "/tasks/{id}/assign",
        "Giao công việc cho một đồng nghiệp cùng vai trò (assignee: tên đăng nhập, null để trả "
        "về nhóm) kèm ghi chú; người được giao xử lý, người khác nhận 409 task_assigned",
        TaskAssignIn,
        200,
        TaskAssignmentOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "post",
        "/tasks/{id}/comments",
        "Ghi một trao đổi về công việc (lưu trong quá trình xử lý của hồ sơ)",
        TaskCommentIn,
        201,
        TaskCommentOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/tasks/{id}/comments",
        "Các trao đổi về công việc, cũ trước",
        None,
        200,
        TaskCommentsOut,
        (401, 404),
    ),
    (
        "post",
        "/tasks/{id}/follow-up",
        "Đặt ngày theo dõi lại công việc (follow_up_on, null để bỏ); 409 task_assigned khi "
        "công việc đã giao cho người khác",
        TaskFollowUpIn,
        200,
        TaskAssignmentOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/tasks/{id}/colleagues",
        "Những người có thể được giao công việc (cùng vai trò, cùng địa phương)",
        None,
        200,
        TaskColleaguesOut,
        (401, 404),
    ),
]
