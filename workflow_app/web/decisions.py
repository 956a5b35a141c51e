"""Sổ quyết định khen thưởng (K1, K2): the register of a jurisdiction's decisions, recording
a decision over the dossiers a level approved, a decision's page with its list and money, the
papers to download, a unit's Tờ trình attached in one click, and the templates' admin page."""

from __future__ import annotations

import io
from datetime import date

from flask import (
    Blueprint,
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

from ..domain.decisions import DecisionInput
from ..domain.errors import DomainError, Invalid, problem
from ..services.papers import decisions as service
from ..services.papers import pdf, render, signatures, templates
from .context import web_use_case
from .errors import describe, error_page, field_messages, status_of

bp = Blueprint("decisions", __name__)
FIELDS = ("number", "symbol", "signed_on", "signer_name", "signer_title")


@bp.app_context_processor
def _nav() -> dict:
    return {"may_read_register": service.may_read_register}


@bp.get("/decisions")
@login_required
def index():
    query = {k: (request.args.get(k) or "").strip() for k in ("round", "jurisdiction", "q")}
    with web_use_case() as ctx:
        found = service.list_decisions(
            ctx, query["round"] or None, query["jurisdiction"] or None, query["q"] or None
        )
        return render_template(
            "decisions.html",
            decisions=found,
            query=query,
            levels=service.levels_deciding(ctx.actor),
        )


def _input_from(form, level: str) -> DecisionInput:
    """The browser's strings as the service takes them; a wrong one is named beside its field."""
    problems: dict = {}
    number = (form.get("number") or "").strip()
    if not number.isdigit() or len(number) > 9:
        problems["number"] = problem("not_a_whole_number")
    try:
        signed_on = date.fromisoformat(form.get("signed_on") or "")
    except ValueError:
        problems["signed_on"] = problem("not_a_date")
        signed_on = date.min
    ids = tuple(int(v) for v in form.getlist("dossier") if v.isdigit() and len(v) < 10)
    if problems:
        raise Invalid("invalid_decision", details=problems)
    return DecisionInput(
        level=level,
        award_form=form.get("award_form") or "",
        number=int(number),
        symbol=form.get("symbol") or "",
        signed_on=signed_on,
        signer_name=form.get("signer_name") or "",
        signer_title=form.get("signer_title") or "",
        dossier_ids=ids,
    )


def _new_page(level: str, values: dict, errors: dict, status: int = 200):
    with web_use_case() as ctx:
        waiting = service.awaiting_decision(ctx, level)
        forms = sorted({w["award_form"] for w in waiting})
        return render_template(
            "decision_new.html",
            level=level,
            waiting=waiting,
            forms=forms,
            values=values,
            chosen={int(v) for v in values.get("dossier", []) if str(v).isdigit()},
            errors=errors,
            today=ctx.now.date(),
        ), status


def _level() -> str:
    levels = service.levels_deciding(current_user.actor)
    asked = request.values.get("level")
    return asked if asked in levels else (levels[0] if levels else "")


@bp.get("/decisions/new")
@login_required
def new():
    level = _level()
    if not level:
        return error_page(403)
    return _new_page(level, {}, {})


@bp.post("/decisions/new")
@login_required
def create():
    level = _level()
    values = {**request.form.to_dict(), "dossier": request.form.getlist("dossier")}
    try:
        entry = _input_from(request.form, level)
        with web_use_case() as ctx:
            decision = service.record_decision(ctx, entry)
            decision_id, reference = decision.id, f"{decision.number}/{decision.symbol}"
    except DomainError as error:
        errors = field_messages(error) if isinstance(error, Invalid) else {}
        errors["_form"] = describe(error)
        return _new_page(level, values, errors, status_of(error))
    flash(_("Đã ghi Quyết định số %(reference)s.", reference=reference), "success")
    return redirect(url_for("decisions.show", decision_id=decision_id))


@bp.get("/decisions/<int:decision_id>")
@login_required
def show(decision_id: int):
    with web_use_case() as ctx:
        detail = service.decision_detail(ctx, decision_id)
        may_sign = ctx.actor.holds(detail["level"], detail["jurisdiction"])
        return render_template("decision.html", decision=detail, may_sign=may_sign)


def _file(made: tuple[str, bytes], mimetype: str):
    name, content = made
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.get("/decisions/<int:decision_id>/document.docx")
@login_required
def document(decision_id: int):
    with web_use_case() as ctx:
        return _file(render.decision_docx(ctx, decision_id), render.DOCX)


@bp.get("/decisions/<int:decision_id>/document.pdf")
@login_required
def document_pdf(decision_id: int):
    with web_use_case() as ctx:
        return _file(pdf.decision_pdf(ctx, decision_id), "application/pdf")


@bp.post("/decisions/<int:decision_id>/sign")
@login_required
def sign(decision_id: int):
    """K3: sign the decision's PDF with the jurisdiction's certificate."""
    try:
        with web_use_case() as ctx:
            pdf.sign_decision(ctx, decision_id, current_app.config["SECRET_KEY"])
        flash(_("Đã ký số quyết định."), "success")
    except DomainError as error:
        flash(describe(error), "error")
    return redirect(url_for("decisions.show", decision_id=decision_id))


@bp.get("/decisions/<int:decision_id>/list.xlsx")
@login_required
def awardee_list(decision_id: int):
    with web_use_case() as ctx:
        return _file(render.decision_xlsx(ctx, decision_id), render.XLSX)


@bp.get("/decisions/<int:decision_id>/certificates/<int:dossier_id>.docx")
@login_required
def certificate(decision_id: int, dossier_id: int):
    with web_use_case() as ctx:
        return _file(render.certificate_docx(ctx, decision_id, dossier_id), render.DOCX)


@bp.get("/dossiers/<int:dossier_id>/to-trinh.docx")
@login_required
def to_trinh(dossier_id: int):
    with web_use_case() as ctx:
        return _file(render.to_trinh_docx(ctx, dossier_id), render.DOCX)


@bp.post("/dossiers/<int:dossier_id>/to-trinh")
@login_required
def attach_to_trinh(dossier_id: int):
    """One click: the generated Tờ trình becomes the dossier's D1."""
    try:
        with web_use_case() as ctx:
            render.attach_to_trinh(ctx, dossier_id)
        flash(_("Đã đính kèm Tờ trình sinh từ mẫu vào hồ sơ."), "success")
    except DomainError as error:
        flash(describe(error), "error")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id) + "#documents")


@bp.get("/selections/<int:sitting_id>/minutes.docx")
@login_required
def minutes(sitting_id: int):
    with web_use_case() as ctx:
        return _file(render.minutes_docx(ctx, sitting_id), render.DOCX)


@bp.get("/admin/paper-templates")
@login_required
def paper_templates():
    return _templates_page(request.args.get("jurisdiction"), {})


def _templates_page(jurisdiction: str | None, errors: dict, status: int = 200):
    administered = sorted(current_user.actor.administered_jurisdictions())
    jurisdiction = jurisdiction if jurisdiction in administered else None
    jurisdiction = jurisdiction or (administered[0] if administered else "")
    with web_use_case() as ctx:
        return render_template(
            "paper_templates.html",
            jurisdiction=jurisdiction,
            administered=administered,
            items=templates.templates_overview(ctx, jurisdiction),
            roots=signatures.trusted_roots(ctx, jurisdiction),
            credential=signatures.current_credential(ctx, jurisdiction),
            errors=errors,
        ), status


@bp.post("/admin/paper-templates")
@login_required
def upload_paper_template():
    jurisdiction, kind = request.form.get("jurisdiction", ""), request.form.get("kind", "")
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise Invalid("file_missing", details={"file": problem("file_part_required")})
        with web_use_case() as ctx:
            templates.upload_template(ctx, jurisdiction, kind, upload.filename, upload.read())
    except DomainError as error:
        return _templates_page(jurisdiction, {kind: describe(error)}, status_of(error))
    flash(_("Đã dùng mẫu mới."), "success")
    return redirect(url_for("decisions.paper_templates", jurisdiction=jurisdiction))


@bp.get("/admin/paper-templates/<jurisdiction>/<kind>.docx")
@login_required
def download_paper_template(jurisdiction: str, kind: str):
    with web_use_case() as ctx:
        templates.require_admin(ctx, jurisdiction)
        if kind not in templates.PAPER_KINDS:
            return error_page(404)
        return _file(
            (f"mau-{kind}.docx", templates.template_bytes(ctx, jurisdiction, kind)), render.DOCX
        )


def _admin_upload(action, success: str):
    """Run an administrator's upload on the templates page; a refusal is shown there."""
    jurisdiction = request.form.get("jurisdiction", "")
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise Invalid("file_missing", details={"file": problem("file_part_required")})
        with web_use_case() as ctx:
            action(ctx, jurisdiction, upload.read())
    except DomainError as error:
        return _templates_page(jurisdiction, {"_signing": describe(error)}, status_of(error))
    flash(success, "success")
    return redirect(url_for("decisions.paper_templates", jurisdiction=jurisdiction) + "#signing")


@bp.post("/admin/trusted-roots")
@login_required
def add_trusted_root():
    return _admin_upload(signatures.add_trusted_root, _("Đã thêm chứng thư gốc tin cậy."))


@bp.post("/admin/trusted-roots/<int:root_id>/remove")
@login_required
def remove_trusted_root(root_id: int):
    jurisdiction = request.form.get("jurisdiction", "")
    with web_use_case() as ctx:
        signatures.remove_trusted_root(ctx, jurisdiction, root_id)
    flash(_("Đã bỏ chứng thư gốc."), "success")
    return redirect(url_for("decisions.paper_templates", jurisdiction=jurisdiction) + "#signing")


@bp.post("/admin/signing-credential")
@login_required
def set_signing_credential():
    passphrase, secret = request.form.get("passphrase", ""), current_app.config["SECRET_KEY"]
    return _admin_upload(
        lambda ctx, key, content: signatures.set_signing_credential(
            ctx, key, content, passphrase, secret
        ),
        _("Đã lưu chứng thư ký số (được mã hóa)."),
    )
