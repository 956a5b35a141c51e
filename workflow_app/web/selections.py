"""Phiên xét chọn (S1-S5): the capped levels a reviewer sits at, the sitting's page (the
waiting candidates, the votes, a live preview of the ranking, confirm), its result and its
printable minutes."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..domain.errors import DomainError, Invalid, problem
from ..services.quotas import cap_at
from ..services.selection import reading
from ..services.selection import sittings as service
from .context import web_use_case
from .errors import describe, field_messages, status_of

bp = Blueprint("selections", __name__, url_prefix="/selections")
KEY_FIELDS = ("jurisdiction", "round", "award_form", "level")


@bp.get("")
@login_required
def index():
    with web_use_case() as ctx:
        return render_template(
            "selections.html", seats=reading.overview(ctx), held=reading.sittings_held(ctx)
        )


def _key(source) -> dict:
    key = {name: (source.get(name) or "").strip() for name in KEY_FIELDS}
    if not all(key[name] for name in ("round", "award_form", "level")):
        abort(404)
    key["jurisdiction"] = key["jurisdiction"] or None
    return key


def _number(form, name: str, problems: dict) -> int:
    text = (form.get(name) or "").strip()
    if not text.isdigit():
        problems[name] = problem("not_a_whole_number")
        return 0
    return int(text)


def _sitting_from(form, candidate_ids: list[int]) -> service.SittingInput:
    """The browser's strings as the service takes them; a field that is not a number is a
    422 beside that field."""
    problems: dict = {}
    try:
        held_on = date.fromisoformat(form.get("held_on") or "")
    except ValueError:
        problems["held_on"] = problem("not_a_date")
        held_on = date.today()
    totals = {n: _number(form, n, problems) for n in ("members_total", "members_present")}
    votes = [(i, _number(form, f"votes-{i}", problems)) for i in candidate_ids]
    given = [(int(t), i) for i in candidate_ids if (t := form.get(f"order-{i}", "")).isdigit()]
    if problems:
        raise Invalid("invalid_sitting", details=problems)
    key = _key(form)
    return service.SittingInput(
        round=key["round"],
        award_form=key["award_form"],
        level=key["level"],
        held_on=held_on,
        votes=votes,
        order=[dossier_id for _, dossier_id in sorted(given)],
        jurisdiction=key["jurisdiction"],
        lower_award=[i for i in candidate_ids if form.get(f"lower-{i}")],
        **totals,
    )


def _listed_ids(form) -> list[int]:
    return [int(v) for v in form.getlist("candidate") if v.isdigit()]


def _page(key: dict, values: dict, errors: dict, preview=None, status: int = 200):
    with web_use_case() as ctx:
        queue = reading.candidates(
            ctx, key["round"], key["award_form"], key["level"], key["jurisdiction"]
        )
        names = {item["dossier_id"]: item["nominee"] for item in queue["items"]}
        return render_template(
            "selection_sit.html",
            queue=queue,
            values=values,
            errors=errors,
            preview=preview,
            names=names,
            today=ctx.now.date(),
            # Issue 18: which dossiers hold the level's slots, where the sitting decides.
            at_cap=cap_at(ctx, key["jurisdiction"], key["round"], key["award_form"], key["level"]),
        ), status


@bp.get("/sit")
@login_required
def sit():
    """The sitting's page; with `preview=1`, the ranking of the votes in the query (the
    no-script preview, after its POST redirected here: a reload re-sends nothing)."""
    key = _key(request.args)
    if not request.args.get("preview"):
        return _page(key, {}, {})
    values = request.args.to_dict()
    try:
        sitting = _sitting_from(request.args, _listed_ids(request.args))
        with web_use_case() as ctx:
            preview = service.preview(ctx, sitting)
    except DomainError as error:
        errors = field_messages(error) if isinstance(error, Invalid) else {}
        errors["_form"] = describe(error)
        return _page(key, values, errors, status=status_of(error))
    return _page(key, values, {}, preview)


@bp.post("/sit")
@login_required
def confirm():
    """Confirm the sitting (or, without JavaScript, go to its preview); a refusal keeps what
    was typed."""
    if request.form.get("action") == "preview":
        typed = {
            k: request.form.getlist(k) for k in request.form if k not in ("csrf_token", "action")
        }
        return redirect(url_for("selections.sit", preview=1, **typed))
    key, values = _key(request.form), request.form.to_dict()
    try:
        sitting = _sitting_from(request.form, _listed_ids(request.form))
        with web_use_case() as ctx:
            row = service.hold_sitting(ctx, sitting)
            sitting_id, chosen = row.id, sum(c.selected for c in row.candidates)
    except DomainError as error:
        errors = field_messages(error) if isinstance(error, Invalid) else {}
        errors["_form"] = describe(error)
        return _page(key, values, errors, status=status_of(error))
    flash(_("Đã ghi kết quả phiên xét chọn: %(n)s hồ sơ được chọn.", n=chosen), "success")
    return redirect(url_for("selections.show", sitting_id=sitting_id))


@bp.post("/preview")
@login_required
def live_preview():
    """The ranking as the page's script shows it while votes are typed (rendered here, so
    the rules stay in one place); a refusal is shown in its place."""
    try:
        sitting = _sitting_from(request.form, _listed_ids(request.form))
        with web_use_case() as ctx:
            preview = service.preview(ctx, sitting)
            key = _key(request.form)
            queue = reading.candidates(
                ctx, key["round"], key["award_form"], key["level"], key["jurisdiction"]
            )
            names = {item["dossier_id"]: item["nominee"] for item in queue["items"]}
            return render_template("_selection_ranking.html", preview=preview, names=names)
    except DomainError as error:
        return render_template("_selection_ranking.html", refusal=describe(error))


@bp.get("/<int:sitting_id>")
@login_required
def show(sitting_id: int):
    with web_use_case() as ctx:
        return render_template(
            "selection_result.html", sitting=reading.get_sitting(ctx, sitting_id)
        )


@bp.get("/<int:sitting_id>/minutes")
@login_required
def minutes(sitting_id: int):
    """S5: the sitting's minutes, laid out to print (the Word version comes with K2)."""
    with web_use_case() as ctx:
        return render_template(
            "selection_minutes.html", sitting=reading.get_sitting(ctx, sitting_id)
        )
