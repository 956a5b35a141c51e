"""The outbox page (issue 18): the mails of the administrator's jurisdictions, queued or sent,
with their text. With no SMTP server set (`make run`), this is where sent mail is read."""

from __future__ import annotations

from flask import render_template

from ...services import notifications
from ..context import web_use_case
from . import admin_jurisdictions, bp


@bp.get("/outbox")
def outbox():
    with web_use_case() as ctx:
        mails = notifications.outbox_page(ctx.session, set(admin_jurisdictions()))
    return render_template("admin/outbox.html", mails=mails)
