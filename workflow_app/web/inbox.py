"""The inbox: offered tasks with counts, filters, search, sort, keyset pages; claims; bulk."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain.errors import DomainError
from ..domain.landing import INBOX_HOME, home_for
from ..domain.rounds import rounds_around
from ..domain.vocabulary import AWARD_FORMS
from ..services import tasks as task_service
from ..services.inbox import SCOPES, SORTS, InboxQuery, inbox_page
from ..services.read_models import task_detail
from ..services.tasks import my_lanes
from ..services.units import units_in_reach
from .auth import safe_next
from .context import web_use_case
from .errors import describe, field_messages
from .forms import bulk_fields, bulk_values, form_fields
from .inbox_views import inbox_extras

bp = Blueprint("inbox", __name__)
PAGE_SIZE = 25
BULK_OUTCOMES = "bulk_outcomes"  # the session key of the last bulk approval's report


def _query() -> InboxQuery:
    args = request.args
    return InboxQuery(
        scope=args.get("scope") if args.get("scope") in SCOPES else "group",
        round=args.get("round") or None,
        award_form=args.get("award_form") or None,
        lane=args.get("lane") or None,
        unit=args.get("unit") or None,
        overdue=args.get("overdue") == "1",
        q=args.get("q", "")[:100],
        sort=args.get("sort") if args.get("sort") in SORTS else "due",
        cursor=args.get("cursor") or None,
        limit=PAGE_SIZE,
        assigned=args.get("assigned") == "1",
        follow_up=args.get("follow_up") == "1",
    )


@bp.get("/")
@login_required
def index():
    # Issue 18: each role lands where its work is (auditors on Kiểm tra, admins on Quản trị).
    home = home_for(g.role for g in current_user.actor.grants)
    if home != INBOX_HOME and not request.args:
        return redirect(url_for(f"{home}.index"))
    query = _query()
    with web_use_case() as ctx:
        page = inbox_page(ctx, query)
        lanes = my_lanes(ctx.actor)  # issue 17: the roles the user was granted
        return render_template(
            "inbox.html",
            page=page,
            query=query,
            lanes=lanes,
            units=units_in_reach(ctx),
            rounds=rounds_around(ctx.now.year),
            award_forms=AWARD_FORMS,
            now=ctx.now,
            args={k: v for k, v in request.args.items() if k != "cursor"},
            **inbox_extras(ctx, page),  # issue 18: saved filters, columns, what is coming
        )


def _back() -> str:
    return safe_next(request.form.get("next"))


@bp.post("/tasks/<int:task_id>/claim")
@login_required
def claim(task_id: int):
    with web_use_case() as ctx:
        task = task_service.claim_task(ctx, task_id)
        title = task.title
    flash(_("Bạn đã nhận xử lý: %(title)s.", title=title))
    if request.form.get("open") == "1":
        return redirect(url_for("tasks.show", task_id=task_id))
    return redirect(_back())


@bp.post("/tasks/<int:task_id>/unclaim")
@login_required
def unclaim(task_id: int):
    with web_use_case() as ctx:
        task = task_service.unclaim_task(ctx, task_id)
        title = task.title
    flash(_("Đã trả công việc về nhóm: %(title)s.", title=title))
    return redirect(_back())


def _bulk_tasks(task_ids: list[int]) -> tuple[list[dict], list[str]] | None:
    """The selected tasks, if they are all of one step whose form allows bulk approval, and
    the fields it must ask for first (issue 17: a council step's vote); else None."""
    with web_use_case() as ctx:
        details = [task_detail(ctx, task_service.get_task(ctx, i)) for i in task_ids]
    if len({d["name"] for d in details}) != 1:
        return None
    fields = bulk_fields(details[0]["form"]["schema"])
    return None if fields is None else (details, fields)


def _approve_one(task_id: int, reason: str, values: dict | None = None) -> dict:
    """Complete one task in its own transaction; report what happened to it."""
    outcome = {"task_id": task_id, "ok": False, "message": "", "dossier_id": None}
    try:
        with web_use_case() as ctx:
            data = {
                "decision": "approve",
                **(values or {}),
                **({"reason": reason} if reason else {}),
            }
            result = task_service.complete_task(ctx, task_id, data)
            outcome.update(
                ok=True, dossier_id=result["dossier"].id, status=result["dossier"].status
            )
    except DomainError as error:
        fields = field_messages(error) if "fields" in error.details else {}
        notes = "; ".join(f"{name}: {text}" for name, text in fields.items())
        outcome["message"] = describe(error) + (f" ({notes})" if notes else "")
    return outcome


@bp.post("/inbox/approve")
@login_required
def bulk_approve():
    """Approve several selected tasks of one form: each validated, each outcome reported."""
    task_ids = sorted({int(i) for i in request.form.getlist("task_id") if i.isdigit()})
    if not task_ids:
        flash(_("Hãy chọn ít nhất một công việc."))
        return redirect(_back())
    found = _bulk_tasks(task_ids)
    if found is None:
        flash(_("Chỉ duyệt hàng loạt các công việc cùng một bước có ý kiến “Đồng ý”."))
        return redirect(_back())
    details, names = found
    schema = details[0]["form"]["schema"]
    reason = request.form.get("reason", "").strip()
    if names and request.form.get("with_fields") != "1":
        # Issue 17: a council step records its vote with every decision, in bulk too.
        wanted = {"properties": {n: schema["properties"][n] for n in names}, "required": names}
        ui_schema = details[0]["form"]["ui_schema"] or {}
        return render_template(
            "bulk_fields.html",
            tasks=details,
            fields=form_fields(wanted, ui_schema, {}, {}),
            reason=reason,
            back=_back(),
            user=current_user,
        )
    outcomes = [
        _approve_one(task_id, reason, bulk_values(schema, names, request.form, task_id))
        for task_id in task_ids
    ]
    # The report is a page of its own (GET): reloading it shows it again, approves nothing.
    session[BULK_OUTCOMES] = [{**o, "message": o["message"][:300]} for o in outcomes]
    return redirect(url_for("inbox.bulk_result"))


@bp.get("/inbox/approved")
@login_required
def bulk_result():
    """The outcome of the signed-in user's last bulk approval, task by task."""
    outcomes = session.get(BULK_OUTCOMES)
    if outcomes is None:
        return redirect(url_for("inbox.index"))
    return render_template("bulk_result.html", outcomes=outcomes, user=current_user)
