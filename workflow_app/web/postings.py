"""Công khai lấy ý kiến (P1-P3): the reviewers' pages (the dossiers waiting to be posted,
open a posting, log and resolve comments) and the public page of each jurisdiction, which
anyone may read without signing in."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from ..domain.errors import DomainError, Invalid, problem
from ..domain.posting import COMMENT_CHANNELS
from ..services import postings as service
from .context import web_use_case
from .errors import describe, field_messages, status_of

bp = Blueprint("postings", __name__, url_prefix="/postings")
public_bp = Blueprint("public_postings", __name__, url_prefix="/public")


CHANNEL_LABELS = {
    "portal": _l("Cổng thông tin"),
    "email": _l("Thư điện tử"),
    "letter": _l("Thư, đơn"),
    "phone": _l("Điện thoại"),
    "in-person": _l("Trực tiếp"),
    "press": _l("Báo chí"),
}
RESOLUTION_LABELS = {"dismissed": _l("Bác"), "hold": _l("Chuyển xác minh, tạm dừng xét")}
POSTING_STATUS_LABELS = {"open": _l("Đang công khai"), "closed": _l("Đã kết thúc")}


def _labeller(labels: dict):
    return lambda key: labels.get(key, key)


@bp.record_once
def _filters(state) -> None:
    state.app.jinja_env.filters.update(
        comment_channel=_labeller(CHANNEL_LABELS),
        comment_resolution=_labeller(RESOLUTION_LABELS),
        posting_status=_labeller(POSTING_STATUS_LABELS),
    )


@bp.app_context_processor
def _nav_helpers() -> dict:
    def may_read_postings(actor) -> bool:
        """Reviewers, admins and auditors of a jurisdiction see its postings."""
        return bool(
            actor.reviews_in()
            | actor.jurisdictions_for("admin")
            | actor.jurisdictions_for("auditor")
        )

    return {"may_read_postings": may_read_postings}


def _index_page(values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        waiting = service.waiting_for_posting(ctx)
        postings = service.list_postings(ctx)
        ids = [row.dossier_id for row in waiting] + [i for p in postings for i in p.dossier_ids]
        return render_template(
            "postings.html",
            waiting=waiting,
            postings=postings,
            named=service.dossiers_named(ctx, ids),
            values=values,
            errors=errors,
            today=ctx.now.date(),
        ), status


@bp.get("")
@login_required
def index():
    return _index_page({}, {})


def _date_field(form, name: str) -> date | None:
    text = (form.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid("invalid_posting", details={name: problem("not_a_date")}) from None


@bp.post("")
@login_required
def open_posting():
    """P1: publish the ticked dossiers; a refusal keeps what was typed."""
    form = request.form
    try:
        ids = [int(v) for v in form.getlist("dossier") if v.isdigit()]
        starts_on = _date_field(form, "starts_on")
        with web_use_case() as ctx:
            posting_id = service.open_posting(ctx, ids, form.get("channel_url", ""), starts_on).id
    except DomainError as error:
        errors = field_messages(error) if isinstance(error, Invalid) else {}
        errors["_form"] = describe(error)
        return _index_page(form.to_dict(), errors, status_of(error))
    flash(_("Đã mở đợt công khai số %(id)s.", id=posting_id), "success")
    return redirect(url_for("postings.show", posting_id=posting_id))


def _show_page(posting_id: int, values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        posting = service.get_posting(ctx, posting_id)
        return render_template(
            "posting.html",
            posting=posting,
            named=service.dossiers_named(ctx, posting.dossier_ids),
            may_run=service.may_run(ctx, posting),
            channels=COMMENT_CHANNELS,
            values=values,
            errors=errors,
            today=ctx.now.date(),
        ), status


@bp.get("/<int:posting_id>")
@login_required
def show(posting_id: int):
    return _show_page(posting_id, {}, {})


@bp.post("/<int:posting_id>/comments")
@login_required
def add_comment(posting_id: int):
    """P2: log a comment (who, how, what, about which dossier)."""
    form = request.form
    dossier = form.get("dossier_id", "")
    try:
        with web_use_case() as ctx:
            service.add_comment(
                ctx,
                posting_id,
                form.get("author", ""),
                form.get("channel", ""),
                form.get("text", ""),
                int(dossier) if dossier.isdigit() else None,
            )
    except DomainError as error:
        errors = field_messages(error) if isinstance(error, Invalid) else {}
        errors["_form"] = describe(error)
        return _show_page(posting_id, form.to_dict(), errors, status_of(error))
    flash(_("Đã ghi ý kiến góp ý."), "success")
    return redirect(url_for("postings.show", posting_id=posting_id))


@bp.post("/<int:posting_id>/comments/<int:comment_id>/resolve")
@login_required
def resolve_comment(posting_id: int, comment_id: int):
    """P2: dismiss with a reason, or open a complaint hold on the nominee."""
    form = request.form
    try:
        with web_use_case() as ctx:
            service.resolve_comment(
                ctx,
                posting_id,
                comment_id,
                form.get("resolution", ""),
                form.get("reason", ""),
                form.get("hold_kind") or None,
            )
    except DomainError as error:
        errors = {f"resolve-{comment_id}": describe(error)}
        return _show_page(posting_id, form.to_dict(), errors, status_of(error))
    flash(_("Đã xử lý ý kiến."), "success")
    return redirect(url_for("postings.show", posting_id=posting_id))


@public_bp.get("/<jurisdiction>/postings")
def public_list(jurisdiction: str):
    """P1: the candidates posted today, for anyone, without signing in: name, unit, award
    form, achievement summary and end date, and nothing else."""
    with web_use_case() as ctx:
        name = service.jurisdiction_name(ctx, jurisdiction)
        if name is None:
            abort(404)
        return render_template(
            "public_postings.html",
            jurisdiction_name=name,
            candidates=service.public_candidates(ctx, jurisdiction),
            today=ctx.now.date(),
        )
