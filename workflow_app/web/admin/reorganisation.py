"""Reorganisation pages (M1): the jurisdictions with their status and successor, merging one
the administrator holds into another, and retiring a unit into the one taking it over. What
moves and what is refused is decided in services.reorganisation; these views read forms."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...domain.errors import Conflict, Invalid, NotAllowed, NotFound, problem
from ...services import reorganisation as service
from ..context import web_use_case
from ..errors import describe, field_messages, status_of
from . import admin_jurisdictions, bp


def _jurisdiction() -> str:
    """The jurisdiction asked for if the user administers it, else their first."""
    mine = admin_jurisdictions()
    asked = request.values.get("jurisdiction", "")
    return asked if asked in mine else mine[0]


def _day(name: str) -> date:
    try:
        return date.fromisoformat(request.form.get(name, "").strip())
    except ValueError:
        raise Invalid("invalid", details={name: problem("not_a_date")}) from None


def _page(errors: dict, status: int = 200, summary: dict | None = None):
    jurisdiction = _jurisdiction()
    with web_use_case() as ctx:
        everything = service.list_jurisdictions(ctx)
        html = render_template(
            "admin/reorganisation.html",
            jurisdiction=jurisdiction,
            jurisdictions=admin_jurisdictions(),
            all_jurisdictions=everything,
            current=next(j for j in everything if j.id == jurisdiction),
            units=service.list_units(ctx, jurisdiction),
            merges=service.merges_into(ctx, jurisdiction),
            summary=summary,
            errors=errors,
            today=ctx.now.date().isoformat(),
        )
    return html, status


@bp.get("/reorganisation")
def reorganisation():
    return _page({})


def _refused(error):
    notes = field_messages(error) if isinstance(error, Invalid) else {}
    return _page({**notes, "_form": describe(error)}, status_of(error))


@bp.post("/reorganisation/merge")
def merge_jurisdiction():
    try:
        with web_use_case() as ctx:
            summary = service.merge_jurisdiction(
                ctx, _jurisdiction(), request.form.get("into", ""), _day("effective_on")
            )
    except (Invalid, Conflict, NotAllowed, NotFound) as error:
        return _refused(error)
    flash(
        _(
            "Đã sáp nhập %(jurisdiction)s vào %(into)s: %(dossiers)s hồ sơ đang xử lý đã chuyển.",
            jurisdiction=summary["jurisdiction"],
            into=summary["into"],
            dossiers=len(summary["dossiers"]),
        ),
        "success",
    )
    return redirect(url_for("admin.reorganisation", jurisdiction=summary["into"]))


@bp.post("/reorganisation/units/<unit>/retire")
def retire_unit(unit: str):
    try:
        with web_use_case() as ctx:
            summary = service.retire_unit(
                ctx, unit, request.form.get("successor", ""), _day("effective_on")
            )
    except (Invalid, Conflict, NotAllowed, NotFound) as error:
        return _refused(error)
    flash(
        _(
            "Đã giải thể đơn vị %(unit)s; %(dossiers)s hồ sơ và %(members)s người dùng đã "
            "chuyển sang %(successor)s.",
            unit=summary["unit"],
            successor=summary["successor"],
            dossiers=len(summary["dossiers"]),
            members=len(summary["members"]),
        ),
        "success",
    )
    return redirect(url_for("admin.reorganisation", jurisdiction=_jurisdiction()))
