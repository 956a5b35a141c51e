"""A unit's dossiers: create, attach documents, submit, withdraw; the dossier page for all."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain.dossier import DOCUMENT_KINDS, LABOUR_ORDER_CLASSES
from ..domain.errors import (
    REQUIRED,
    Conflict,
    DomainError,
    Invalid,
    NotEligible,
    RoundClosed,
    problem,
)
from ..domain.nominee import SEXES, Identity
from ..domain.rounds import rounds_around
from ..domain.vocabulary import DOSSIER_STATUSES, NOMINEE_CATEGORIES, NOMINEE_KINDS
from ..messages import field_text, message_for
from ..services import dossiers as dossier_service
from ..services.consultation import consultation_view
from ..services.deadlines import rounds_for
from ..services.diagram import diagram_markers, pinned_bpmn
from ..services.documents import (
    ALLOWED_EXTENSIONS,
    DocumentTooLarge,
    add_document,
    document_path,
    served_type,
)
from ..services.dossier_drafts import own_nominees
from ..services.eligibility import allowed_forms
from ..services.history import dossier_events
from ..services.hold_desk import hold_desk
from ..services.nominees import nominee_for_new_dossier
from ..services.papers.decisions import decisions_of_dossier
from ..services.read_models import dossier_detail, live_tasks_by_dossier
from ..services.units import own_units
from .context import web_use_case
from .diagram_labels import lane_labels_json
from .errors import describe, field_messages, status_of

bp = Blueprint("dossiers", __name__)
PAGE_SIZE = 50


@bp.get("/dossiers")
@login_required
def index():
    status = request.args.get("status") if request.args.get("status") in DOSSIER_STATUSES else None
    after = request.args.get("after", type=int)
    with web_use_case() as ctx:
        found = dossier_service.list_dossiers(ctx, status=status, limit=PAGE_SIZE, after_id=after)
        return render_template(
            "dossiers.html",
            dossiers=found,
            where_now=live_tasks_by_dossier(ctx, [d.id for d in found]),
            status=status,
            statuses=DOSSIER_STATUSES,
            next_after=found[-1].id if len(found) == PAGE_SIZE else None,
            may_create=bool(ctx.actor.unit_ids()),
        )


def _new_form(values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        units = own_units(ctx)
        rounds = rounds_around(ctx.now.year)
        eligible = _eligible_forms(ctx, units, rounds)
        unit = values.get("unit") if values.get("unit") in eligible else units[0].id
        kind = values.get("kind") if values.get("kind") in NOMINEE_KINDS else NOMINEE_KINDS[0]
        # T1-T3: the unit's jurisdiction's rounds; closed ones are shown, never selectable.
        jurisdiction = next(u.jurisdiction_id for u in units if u.id == unit)
        offer = rounds_for(ctx, jurisdiction)
        open_rounds = [r["round"] for r in offer if r["open"]] or rounds
        round_ = values.get("round") if values.get("round") in open_rounds else open_rounds[0]
        return render_template(
            "dossier_new.html",
            units=units,
            rounds=rounds,
            round_offer=offer,
            selected={"unit": unit, "kind": kind, "round": round_},
            award_forms=eligible[unit][kind][round_],  # E1: only what the table allows
            eligible=eligible,
            kinds=NOMINEE_KINDS,
            categories=NOMINEE_CATEGORIES,
            sexes=SEXES,
            labour_order_classes=LABOUR_ORDER_CLASSES,
            values=values,
            errors=errors,
            known_nominees=own_nominees(ctx, [u.id for u in units]),  # issue 18: pick one
        ), status


def _eligible_forms(ctx, units, rounds: list[str]) -> dict:
    """E1, for the page and its script: unit -> nominee kind -> round -> the award forms the
    unit's jurisdiction lets that kind of nominee be proposed for in that round."""
    by_jurisdiction: dict[str, dict] = {}
    for unit in units:
        if unit.jurisdiction_id not in by_jurisdiction:
            by_jurisdiction[unit.jurisdiction_id] = {
                kind: allowed_forms(ctx, unit.jurisdiction_id, kind, rounds)
                for kind in NOMINEE_KINDS
            }
    return {unit.id: by_jurisdiction[unit.jurisdiction_id] for unit in units}


@bp.get("/dossiers/new")
@login_required
def new():
    if not current_user.actor.unit_ids():
        return _forbidden()
    return _new_form({}, {})


def _forbidden():
    from .errors import error_page

    return error_page(403)


def _whole_numbers(form, names: tuple[str, ...]) -> tuple[dict, dict]:
    """The fields that hold counts (blank: None), and a problem for each that is no count."""
    numbers, errors = {}, {}
    for name in names:
        text = form.get(name, "").strip()
        if text and not text.isdigit():
            errors[name] = field_text(problem("not_a_whole_number"))
        numbers[name] = int(text) if text.isdigit() else None
    return numbers, errors


def _achievement_period(form) -> tuple[tuple[date | None, date | None], dict]:
    """R2: the period the achievements cover, as typed (blank: None)."""
    days, errors = [], {}
    for name in ("achievement_from", "achievement_to"):
        text = form.get(name, "").strip()
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            days.append(None)
            errors[name] = field_text(problem("not_a_date"))
    return (days[0], days[1]), errors


def _refusal_messages(error: DomainError) -> dict:
    """What the page shows for a refused creation: beside the fields, and above the form
    (E1 names the row of the eligibility table; E2 names the first record of the person)."""
    errors = {**field_messages(error), "_form": message_for(error)}
    if isinstance(error, NotEligible) and error.details.get("rule"):
        errors["_form"] = f"{message_for(error)} {error.details['rule']}."
    if error.code == "duplicate_nominee":
        errors["citizen_id"] = message_for(error)
    errors.pop("rule", None)
    errors.pop("rule_id", None)
    return errors


@bp.post("/dossiers/new")
@login_required
def create():
    """Register the nominee and open its draft dossier in one transaction (X3, X1, E1-E3)."""
    if not current_user.actor.unit_ids():
        return _forbidden()
    form = request.form
    values = {k: v for k, v in form.items() if k != "csrf_token"}
    counts, errors = _whole_numbers(form, ("staff_total", "women_total", "labour_order_class"))
    period, period_errors = _achievement_period(form)
    errors.update(period_errors)
    picked = form.get("nominee_id", "").strip()  # issue 18: a nominee already registered
    if not form.get("name", "").strip() and not picked.isdigit():
        errors["name"] = field_text(REQUIRED)
    if errors:
        return _new_form(values, errors, 422)
    identity = Identity(
        sex=form.get("sex") or None,
        citizen_id=form.get("citizen_id") or None,
        staff_total=counts["staff_total"],
        women_total=counts["women_total"],
        category=form.get("category") or None,
    )
    try:
        with web_use_case() as ctx:
            nominee_id = (
                int(picked)
                if picked.isdigit()
                else nominee_for_new_dossier(
                    ctx, form.get("kind", ""), form["name"], form.get("unit", ""), identity
                ).id
            )
            dossier = dossier_service.create_dossier(
                ctx,
                nominee_id,
                form.get("round", ""),
                form.get("award_form", ""),
                form.get("achievement_summary", ""),
                form.get("claims_initiative") == "on",
                counts["labour_order_class"],
                period,
            )
            dossier_id = dossier.id
    except (Invalid, Conflict) as error:
        return _new_form(values, _refusal_messages(error), status_of(error))
    flash(_("Đã lập hồ sơ HS-%(id)s. Hãy đính kèm tài liệu rồi nộp.", id=dossier_id), "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))


@bp.get("/dossiers/<int:dossier_id>")
@login_required
def show(dossier_id: int):
    with web_use_case() as ctx:
        dossier = dossier_service.get_dossier(ctx, dossier_id)
        detail = dossier_detail(ctx, dossier)
        events = dossier_events(ctx.session, dossier.id)
        is_unit = ctx.actor.holds("unit", dossier.jurisdiction_id, dossier.unit_id)
        return render_template(
            "dossier.html",
            dossier=detail,
            events=events,
            markers=diagram_markers(events, detail["open_tasks"]),
            lane_labels=lane_labels_json(ctx, dossier.id) if detail["process_model"] else "{}",
            is_unit=is_unit,
            document_kinds=list(DOCUMENT_KINDS),
            extensions=ALLOWED_EXTENSIONS,
            max_mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
            my_task_ids=[t["id"] for t in detail["open_tasks"] if _may_act(ctx, t, dossier)],
            decisions=decisions_of_dossier(ctx, dossier.id),  # K1
            desk=hold_desk(ctx, dossier.nominee_id),  # X2: place and clear here
            consultation=consultation_view(ctx, dossier.id),  # C2 opinions, C6 late returns
            now=ctx.now,
        )


def _may_act(ctx, task: dict, dossier) -> bool:
    unit = dossier.unit_id if task["lane"] == "unit" else None
    return ctx.actor.may_act_in_lane(task["lane"], dossier.jurisdiction_id, unit)


@bp.get("/dossiers/<int:dossier_id>/diagram.bpmn")
@login_required
def diagram(dossier_id: int):
    """The BPMN XML of the version this dossier is pinned to."""
    with web_use_case() as ctx:
        dossier_service.get_dossier(ctx, dossier_id)
        xml = pinned_bpmn(ctx, dossier_id)
    if xml is None:
        return Response(status=404)
    return Response(xml, mimetype="application/xml")


@bp.post("/dossiers/<int:dossier_id>/documents")
@login_required
def upload(dossier_id: int):
    upload_file = request.files.get("file")
    try:
        if upload_file is None or not upload_file.filename:
            raise Invalid("file_missing")
        with web_use_case() as ctx:
            add_document(
                ctx,
                dossier_id,
                request.form.get("kind", ""),
                upload_file.filename,
                upload_file.stream,
                upload_file.mimetype,
                max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
            )
        flash(_("Đã tải lên tài liệu."), "success")
    except (Invalid, DocumentTooLarge) as error:
        flash(describe(error), "error")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id) + "#documents")


@bp.get("/dossiers/<int:dossier_id>/documents/<int:document_id>")
@login_required
def document(dossier_id: int, document_id: int):
    """Download a document, or open a PDF or picture in the browser with ?inline=1."""
    with web_use_case() as ctx:
        doc, path = document_path(ctx, dossier_id, document_id)
    inline_type = served_type(doc.original_filename, inline=True)
    inline = request.args.get("inline") == "1" and inline_type is not None
    return send_file(
        path,
        mimetype=inline_type if inline else "application/octet-stream",
        as_attachment=not inline,
        download_name=doc.original_filename,
    )


@bp.post("/dossiers/<int:dossier_id>/submit")
@login_required
def submit(dossier_id: int):
    try:
        with web_use_case() as ctx:
            dossier_service.submit_dossier(ctx, dossier_id)
        flash(_("Đã nộp hồ sơ. Hội đồng TĐKT đơn vị sẽ họp xét."), "success")
    except (Invalid, RoundClosed) as error:  # T1-T3: the round closed: say when, on the page
        flash(describe(error), "error")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))


@bp.post("/dossiers/<int:dossier_id>/withdraw")
@login_required
def withdraw(dossier_id: int):
    with web_use_case() as ctx:
        dossier_service.withdraw_dossier(ctx, dossier_id, request.form.get("reason", "").strip())
    flash(_("Đã rút hồ sơ."), "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))
