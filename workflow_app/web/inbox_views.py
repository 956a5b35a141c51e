"""The inbox's per-user additions (issue 18): saved filters, columns chosen from the dossier
fields, the Tasklist filters' counts, and what is coming when the inbox is empty."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..domain.errors import DomainError
from ..services import inbox_views as views
from ..services.coming_up import coming_up
from .context import web_use_case
from .errors import describe

bp = Blueprint("inbox_views", __name__)


def inbox_extras(ctx, page) -> dict:
    """What the inbox page shows besides its rows (one query each, none when unused)."""
    columns = views.chosen_columns(ctx)
    filtered = any(request.args.get(k) for k in views.VIEW_KEYS if k not in ("scope", "sort"))
    return {
        "saved_views": views.saved_views(ctx),
        "columns": columns,
        "all_columns": views.COLUMNS,
        "column_values": views.column_values(ctx, [r.task.id for r in page.rows], columns),
        "tasklist_counts": views.tasklist_counts(ctx),
        "coming": coming_up(ctx) if not page.rows and not filtered else None,
        "view_args": {k: v for k, v in request.args.items() if k in views.VIEW_KEYS and v},
    }


@bp.post("/inbox/views")
@login_required
def save():
    query = {k: request.form.get(k, "") for k in views.VIEW_KEYS}
    try:
        with web_use_case() as ctx:
            views.save_view(ctx, request.form.get("name", ""), query)
        flash(_("Đã lưu bộ lọc."), "success")
    except DomainError as error:
        flash(describe(error), "error")
    return redirect(url_for("inbox.index", **{k: v for k, v in query.items() if v}))


@bp.post("/inbox/views/<int:view_id>/delete")
@login_required
def delete(view_id: int):
    with web_use_case() as ctx:
        views.delete_view(ctx, view_id)
    flash(_("Đã xóa bộ lọc."), "success")
    return redirect(url_for("inbox.index"))


@bp.post("/inbox/columns")
@login_required
def columns():
    with web_use_case() as ctx:
        views.choose_columns(ctx, request.form.getlist("column"))
    flash(_("Đã lưu các cột hiển thị."), "success")
    return redirect(url_for("inbox.index"))
