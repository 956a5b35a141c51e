"""A nominee's page (K1): who the nominee is and every award received, the look-up officials
make before proposing someone again. Only those who may see the nominee find it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from ..services import nominees
from ..services.hold_desk import hold_desk
from ..services.holds import list_holds
from ..services.papers import decisions
from .context import web_use_case

bp = Blueprint("nominees", __name__)


@bp.get("/nominees/<int:nominee_id>")
@login_required
def show(nominee_id: int):
    with web_use_case() as ctx:
        nominee = nominees.get_nominee(ctx, nominee_id)
        awards = decisions.past_awards(ctx, nominee_id)
        return render_template(
            "nominee.html",
            nominee=nominee,
            awards=awards,
            holds=list_holds(ctx, nominee_id),  # X2: open and cleared
            desk=hold_desk(ctx, nominee_id),  # issue 18: placed and cleared here
        )
