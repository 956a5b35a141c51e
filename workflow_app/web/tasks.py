"""The task page: the dossier, its documents, holds, history, and the step's form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..domain.errors import Conflict, Invalid, TaskCompleted, TaskOnHold
from ..messages import message_for
from ..services import tasks as task_service
from ..services.consultation import consultation_view
from ..services.dossiers import get_dossier
from ..services.history import dossier_events
from ..services.quotas import cap_at
from ..services.read_models import dossier_detail, task_detail
from ..services.task_assignment import task_panel
from .context import web_use_case
from .errors import describe, error_page, field_messages, status_of
from .forms import coerce, form_fields, typed_values

bp = Blueprint("tasks", __name__)


def _closed_page(refused: TaskOnHold | TaskCompleted, kept: list[dict] | None = None):
    """The 409 a user sees for a task held (X2) or no longer open: who acted first and when;
    `kept`: what they had typed when they submitted, shown again so nothing is lost."""
    return error_page(
        status_of(refused),
        message_for(refused),
        refused.details,
        template="task_refused.html",
        kept=kept or [],
    )


def _kept(detail: dict | None, form) -> list[dict]:
    """The text the user typed into the refused form, each with its field's title."""
    properties = ((detail or {}).get("form", {}).get("schema") or {}).get("properties", {})
    return [
        {"name": name, "label": properties.get(name, {}).get("title", name), "value": value}
        for name, value in typed_values(form).items()
        if value.strip() and name != "decision"
    ]


def _render(task_id: int, values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        try:
            task = task_service.task_to_act_on(ctx, task_id)  # 403 outside the task's lane
        except (TaskOnHold, TaskCompleted) as refused:
            return _closed_page(refused)
        detail = task_detail(ctx, task)
        dossier = dossier_detail(ctx, get_dossier(ctx, task.dossier_id))
        schema = detail["form"]["schema"] or {"properties": {}}
        return render_template(
            "task.html",
            task=detail,
            at_step=_cap_at_step(ctx, dossier, task.lane),
            claimed_by_id=task.claimed_by_id,
            claimer=task.claimed_by.display_name if task.claimed_by else None,
            dossier=dossier,
            events=dossier_events(ctx.session, task.dossier_id),
            schema=schema,
            fields=form_fields(schema, detail["form"]["ui_schema"], values, errors),
            errors=errors,
            now=ctx.now,
            panel=task_panel(ctx, task),  # issue 18: assignment, comments, follow-up
            consultation=consultation_view(ctx, task.dossier_id, task),  # C2, C6
        ), status


def _cap_at_step(ctx, dossier: dict, lane: str) -> dict | None:
    """The cap this step's level would draw on for the dossier, if one is set (Q1-Q4)."""
    return cap_at(ctx, dossier["jurisdiction"], dossier["round"], dossier["award_form"], lane)


@bp.get("/tasks/<int:task_id>")
@login_required
def show(task_id: int):
    return _render(task_id, {}, {})


@bp.post("/tasks/<int:task_id>/complete")
@login_required
def complete(task_id: int):
    """Coerce the browser's strings by the schema, then complete; errors keep what was typed."""
    detail = None
    try:
        with web_use_case() as ctx:
            detail = task_detail(ctx, task_service.get_task(ctx, task_id))
            data = coerce(detail["form"]["schema"] or {"properties": {}}, request.form)
            result = task_service.complete_task(ctx, task_id, data)
            dossier_id, status = result["dossier"].id, result["dossier"].status
    except Invalid as error:
        fields = field_messages(error)
        return _render(task_id, typed_values(request.form), fields, 422)
    except (TaskOnHold, TaskCompleted) as refused:  # someone acted first, or a hold came
        return _closed_page(refused, _kept(detail, request.form))
    except Conflict as refused:  # e.g. a cap filled meanwhile: the form again, as typed
        return _render(task_id, typed_values(request.form), {"_form": describe(refused)}, 409)
    flash(
        _(
            "Đã hoàn thành bước “%(title)s” của hồ sơ HS-%(id)s.",
            title=detail["title"],
            id=dossier_id,
        ),
        "success",
    )
    if status in ("approved", "rejected"):
        return redirect(url_for("dossiers.show", dossier_id=dossier_id))
    return redirect(url_for("inbox.index"))
