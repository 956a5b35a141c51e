"""Place and clear holds (X2) from the dossier and nominee pages, for the roles the API lets
do it (HCMC: Sở Nội vụ, and administrators). The use cases are services.holds."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, request
from flask_babel import gettext as _
from flask_login import login_required

from ..domain.errors import DomainError
from ..services import holds as hold_service
from .auth import safe_next
from .context import web_use_case
from .errors import describe, field_messages

bp = Blueprint("hold_desk", __name__)


def _refused(error: DomainError) -> None:
    fields = field_messages(error) if error.details else {}
    notes = "; ".join(f"{name}: {text}" for name, text in fields.items())
    flash(describe(error) + (f" ({notes})" if notes else ""), "error")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.post("/nominees/<int:nominee_id>/holds")
@login_required
def place(nominee_id: int):
    form = request.form
    try:
        with web_use_case() as ctx:
            hold_service.place_hold(
                ctx,
                nominee_id,
                form.get("kind", ""),
                form.get("reference", "")[:200],
                form.get("note", "")[:2000],
            )
        flash(_("Đã đặt vướng mắc; các hồ sơ đang xét của đối tượng tạm dừng."), "success")
    except DomainError as error:
        _refused(error)
    return redirect(safe_next(form.get("next")) + "#holds-title")


@bp.post("/holds/<int:hold_id>/clear")
@login_required
def clear(hold_id: int):
    form = request.form
    try:
        with web_use_case() as ctx:
            hold_service.clear_hold(
                ctx,
                hold_id,
                form.get("clear_reference", "")[:200],
                form.get("outcome", "dismissed"),
                _day(form.get("discipline_ended_on")),
            )
        flash(_("Đã gỡ vướng mắc."), "success")
    except DomainError as error:
        _refused(error)
    return redirect(safe_next(form.get("next")) + "#holds-title")
