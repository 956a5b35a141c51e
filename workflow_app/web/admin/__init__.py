"""Administrators' pages, under /admin: process models (versions, modeler, forms, decision
tables, dry run), the jurisdiction's caps, deadlines, hold kinds and holidays, and its users
and role grants. Every page needs the `admin` role; what it may change is decided by the
services (an admin acts only in their own jurisdictions)."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import error_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_jurisdictions() -> list[str]:
    """The jurisdictions the signed-in user administers, sorted (a national admin: none)."""
    return sorted(current_user.actor.administered_jurisdictions())


@bp.before_request
@login_required
def require_admin():
    """Only administrators see these pages; anyone else gets 403, not a half-page. A national
    administrator (no jurisdiction) keeps the national tables: rule sets and award money."""
    if not (admin_jurisdictions() or current_user.actor.administers_nationally()):
        message = _("Tài khoản của bạn không phải là quản trị viên của địa phương nào.")
        abort(make_response(error_page(403, str(message))))


@bp.get("")
def index():
    return render_template(
        "admin/index.html",
        jurisdictions=admin_jurisdictions(),
        national=current_user.actor.administers_nationally(),
    )


# Each module adds its pages to `bp`, and a card to the index in admin/_card_<module>.html.
from . import (  # noqa: E402,F401
    award_money,
    dry_run,
    model_files,
    models,
    outbox,
    reorganisation,
    roles,
    rule_sets,
    settings,
    users,
)
