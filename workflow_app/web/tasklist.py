"""The task page's Tasklist actions: assign to a named colleague with a note, comment, set
a follow-up date (services.task_assignment decides who may)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..domain.errors import DomainError
from ..services import task_assignment as service
from .context import web_use_case
from .errors import describe

bp = Blueprint("tasklist", __name__)


def _back(task_id: int):
    return redirect(url_for("tasks.show", task_id=task_id) + "#tasklist")


def _run(task_id: int, action, done: str):
    """Run one action in its own transaction; say what happened on the task page."""
    try:
        with web_use_case() as ctx:
            action(ctx)
        flash(done, "success")
    except DomainError as error:
        flash(describe(error), "error")
    if request.form.get("next") == "inbox":
        return redirect(url_for("inbox.index"))
    return _back(task_id)


@bp.post("/tasks/<int:task_id>/assign")
@login_required
def assign(task_id: int):
    assignee = request.form.get("assignee") or None
    note = request.form.get("note", "")
    done = _("Đã giao công việc.") if assignee else _("Đã trả công việc về nhóm.")
    return _run(task_id, lambda ctx: service.assign_task(ctx, task_id, assignee, note), done)


@bp.post("/tasks/<int:task_id>/comments")
@login_required
def comment(task_id: int):
    text = request.form.get("text", "")
    return _run(
        task_id, lambda ctx: service.comment_on_task(ctx, task_id, text), _("Đã ghi trao đổi.")
    )


@bp.post("/tasks/<int:task_id>/follow-up")
@login_required
def follow_up(task_id: int):
    text = request.form.get("follow_up_on", "").strip()
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        flash(_("Ngày theo dõi chưa hợp lệ."), "error")
        return _back(task_id)
    done = _("Đã đặt ngày theo dõi.") if day else _("Đã bỏ ngày theo dõi.")
    return _run(task_id, lambda ctx: service.set_follow_up(ctx, task_id, day), done)
