"""A unit changes its draft dossier before submitting it (issue 18): round, award form,
achievement period and summary, with the same checks as at creation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..domain.dossier import LABOUR_ORDER_CLASSES
from ..domain.errors import Conflict, Invalid
from ..domain.rounds import rounds_around
from ..services.deadlines import round_offer
from ..services.dossier_drafts import edit_draft, editable_draft
from ..services.eligibility import allowed_forms
from .context import web_use_case
from .dossiers import _achievement_period, _refusal_messages, _whole_numbers
from .errors import describe, status_of

bp = Blueprint("dossier_drafts", __name__)


def _form(dossier_id: int, values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        try:
            dossier = editable_draft(ctx, dossier_id)
        except Conflict as refused:  # submitted meanwhile: back to its page, saying why
            flash(describe(refused), "error")
            return redirect(url_for("dossiers.show", dossier_id=dossier_id))
        rounds = rounds_around(ctx.now.year)
        offer = round_offer(ctx.session, dossier.jurisdiction_id, rounds, ctx.now)
        forms = allowed_forms(ctx, dossier.jurisdiction_id, dossier.nominee.kind, rounds)
        current = {
            "round": dossier.round,
            "award_form": dossier.award_form,
            "achievement_summary": dossier.achievement_summary,
            "claims_initiative": "on" if dossier.claims_initiative else "",
            "labour_order_class": str(dossier.labour_order_class or ""),
            "achievement_from": dossier.achievement_from.isoformat()
            if dossier.achievement_from
            else "",
            "achievement_to": dossier.achievement_to.isoformat() if dossier.achievement_to else "",
        }
        return render_template(
            "dossier_edit.html",
            dossier=dossier,
            round_offer=sorted(offer, key=lambda r: not r["open"]),
            award_forms=sorted({f for fs in forms.values() for f in fs}),
            labour_order_classes=LABOUR_ORDER_CLASSES,
            values={**current, **values},
            errors=errors,
        ), status


@bp.get("/dossiers/<int:dossier_id>/edit")
@login_required
def edit(dossier_id: int):
    return _form(dossier_id, {}, {})


@bp.post("/dossiers/<int:dossier_id>/edit")
@login_required
def save(dossier_id: int):
    form = request.form
    values = {k: v for k, v in form.items() if k != "csrf_token"}
    values.setdefault("claims_initiative", "")
    counts, errors = _whole_numbers(form, ("labour_order_class",))
    period, period_errors = _achievement_period(form)
    if errors or period_errors:
        return _form(dossier_id, values, {**errors, **period_errors}, 422)
    changes = {
        "round": form.get("round", ""),
        "award_form": form.get("award_form", ""),
        "achievement_summary": form.get("achievement_summary", "")[:5000],
        "claims_initiative": form.get("claims_initiative") == "on",
        "labour_order_class": counts["labour_order_class"],
        "achievement_from": period[0],
        "achievement_to": period[1],
    }
    try:
        with web_use_case() as ctx:
            edit_draft(ctx, dossier_id, changes)
    except (Invalid, Conflict) as error:
        return _form(dossier_id, values, _refusal_messages(error), status_of(error))
    flash(_("Đã lưu thay đổi của hồ sơ nháp HS-%(id)s.", id=dossier_id), "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))
