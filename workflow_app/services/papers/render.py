"""K2: the files made from the templates: the Quyết định with its list and the certificate
(Word), the list (Excel), the unit's Tờ trình and a sitting's minutes (Word). Each returns
(file name, bytes); the unit's Tờ trình can also be attached to its dossier as D1."""

from __future__ import annotations

import io
from datetime import date

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ...domain.decisions import reference
from ...domain.errors import Conflict, NotFound
from ...persistence.models import Decision, Document, Dossier, Jurisdiction
from ..context import ServiceContext
from ..documents import add_document
from ..dossiers import get_dossier
from ..rule_sets import rule_set_key_on
from ..selection.reading import get_sitting
from . import wording
from .decisions import awardee_rows, get_decision
from .templates import template_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADS = {"so_gddt": "Giám đốc", "so_noi_vu": "Giám đốc", "ubnd": "Chủ tịch"}


def _render(template: bytes, context: dict) -> bytes:
    """A template that passed its upload check can still fail on data (a loop over a
    number, a filter on nothing): that is the template's fault, said as such, not a 500."""
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(context, autoescape=True)
    except (TemplateError, TypeError, ValueError, AttributeError) as error:
        raise Conflict("template_failed", error=str(error)[:200]) from error
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _decider_heading(decision: Decision, jurisdiction_kind: str) -> str:
    if jurisdiction_kind == "ministry" and decision.level not in wording.NATIONAL_AUTHORITIES:
        return f"Bộ trưởng {decision.authority_name}".upper()
    head = HEADS.get(decision.level, "")
    return f"{head} {decision.authority_name}".strip().upper()


def _kinds_text(rows: list[dict]) -> str:
    """`2 tập thể và 3 cá nhân` from the list."""
    counts: dict[str, int] = {}
    for row in rows:
        label = wording.NOMINEE_KINDS.get(row["kind"], row["kind"]).lower()
        counts[label] = counts.get(label, 0) + 1
    parts = [f"{n} {label}" for label, n in counts.items()]
    return " và ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]


def _coefficient(value) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def decision_context(ctx: ServiceContext, decision: Decision) -> dict:
    rows = awardee_rows(ctx, decision)
    total = sum(r["amount"] or 0 for r in rows)
    jurisdiction = decision_jurisdiction(ctx, decision)
    title = wording.award_title(decision.award_form)
    return {
        "authority": decision.authority_name,
        "authority_upper": decision.authority_name.upper(),
        "reference": reference(decision.number, decision.symbol),
        "place": wording.place(jurisdiction.id, jurisdiction.name),
        "date_text": wording.date_text(decision.signed_on),
        "award_title": title,
        "decider_heading": _decider_heading(decision, jurisdiction.kind),
        "legal_bases": [wording.LAW, wording.LEGAL_BASES.get(decision.rule_set, "")],
        "article_1": f"Tặng {title} cho {_kinds_text(rows)} (có danh sách kèm theo) đã có thành "
        f"tích xuất sắc trong {wording.MOVEMENT}.",
        "article_2": "Tiền thưởng kèm theo theo quy định, tổng số tiền thưởng là "
        f"{wording.money(total)} đồng (mức lương cơ sở {wording.money(decision.base_salary)} "
        "đồng), chi từ Quỹ thi đua, khen thưởng.",
        "article_3": "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập "
        "thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        "signer_title_upper": decision.signer_title.upper(),
        "signer_name": decision.signer_name,
        "list_title": f"ĐƯỢC TẶNG {title.upper()}",
        "awardees": [
            {
                "index": r["position"],
                "name": r["name"],
                "kind": wording.NOMINEE_KINDS.get(r["kind"], r["kind"]),
                "unit": r["unit"],
                "coefficient": _coefficient(r["coefficient"]),
                "amount": wording.money(r["amount"]),
            }
            for r in rows
        ],
        "count": len(rows),
        "total_amount": wording.money(total),
        "base_salary": wording.money(decision.base_salary),
    }


def decision_jurisdiction(ctx: ServiceContext, decision: Decision) -> Jurisdiction:
    return ctx.session.get(Jurisdiction, decision.jurisdiction_id)


def _file_stem(decision: Decision) -> str:
    return f"{decision.number}-{decision.symbol}-{decision.year}".replace("/", "-")


def decision_docx(ctx: ServiceContext, decision_id: int) -> tuple[str, bytes]:
    """The Quyết định with its list (K1, K2)."""
    decision = get_decision(ctx, decision_id)
    template = template_bytes(ctx, decision.jurisdiction_id, "quyet-dinh")
    content = _render(template, decision_context(ctx, decision))
    return f"quyet-dinh-{_file_stem(decision)}.docx", content


LIST_HEADERS = (
    ("STT", 6),
    ("Họ và tên / Tên tập thể", 36),
    ("Đối tượng", 14),
    ("Đơn vị", 36),
    ("Hình thức khen thưởng", 34),
    ("Hệ số", 8),
    ("Tiền thưởng (đồng)", 18),
)
LIST_HEADER_ROW = 4


def decision_xlsx(ctx: ServiceContext, decision_id: int) -> tuple[str, bytes]:
    """The decision's list as a spreadsheet: Vietnamese headers, widths, the header row
    frozen, money as numbers with a thousands format, and the total."""
    decision = get_decision(ctx, decision_id)
    rows = awardee_rows(ctx, decision)
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet["A1"] = f"DANH SÁCH ĐƯỢC TẶNG {wording.award_title(decision.award_form).upper()}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (
        f"Kèm theo Quyết định số {reference(decision.number, decision.symbol)} "
        f"{wording.date_text(decision.signed_on)} của {decision.authority_name}"
    )
    sheet["A2"].font = Font(italic=True)
    for column, (header, width) in enumerate(LIST_HEADERS, start=1):
        cell = sheet.cell(row=LIST_HEADER_ROW, column=column, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=LIST_HEADER_ROW + 1, column=1)
    for offset, r in enumerate(rows, start=1):
        _list_row(sheet, LIST_HEADER_ROW + offset, r, decision.award_form)
    total_row = LIST_HEADER_ROW + len(rows) + 1
    sheet.cell(row=total_row, column=2, value=f"Tổng cộng: {len(rows)}").font = Font(bold=True)
    total = sheet.cell(row=total_row, column=7, value=sum(r["amount"] or 0 for r in rows))
    total.font, total.number_format = Font(bold=True), "#,##0"
    out = io.BytesIO()
    book.save(out)
    return f"danh-sach-{_file_stem(decision)}.xlsx", out.getvalue()


def _list_row(sheet, row: int, awardee: dict, award_form: str) -> None:
    values = (
        awardee["position"],
        awardee["name"],
        wording.NOMINEE_KINDS.get(awardee["kind"], awardee["kind"]),
        awardee["unit"],
        wording.award_title(award_form, awardee["award_class"]),
        float(awardee["coefficient"]) if awardee["coefficient"] is not None else None,
        awardee["amount"],
    )
    for column, value in enumerate(values, start=1):
        sheet.cell(row=row, column=column, value=value)
    sheet.cell(row=row, column=6).number_format = "0.0"
    sheet.cell(row=row, column=7).number_format = "#,##0"


def certificate_docx(ctx: ServiceContext, decision_id: int, dossier_id: int) -> tuple[str, bytes]:
    """The certificate of one awardee of a decision."""
    decision = get_decision(ctx, decision_id)
    row = next((r for r in awardee_rows(ctx, decision) if r["dossier_id"] == dossier_id), None)
    if row is None:
        raise NotFound()
    jurisdiction = decision_jurisdiction(ctx, decision)
    title = wording.award_title(decision.award_form, row["award_class"])
    context = {
        "decider_heading": _decider_heading(decision, jurisdiction.kind),
        "award_title_upper": title.upper(),
        "name": row["name"],
        "unit": row["unit"],
        "movement": wording.MOVEMENT,
        "reference": reference(decision.number, decision.symbol),
        "place": wording.place(jurisdiction.id, jurisdiction.name),
        "date_text": wording.date_text(decision.signed_on),
        "signer_title_upper": decision.signer_title.upper(),
        "signer_name": decision.signer_name,
    }
    template = template_bytes(ctx, decision.jurisdiction_id, "giay-chung-nhan")
    return f"giay-chung-nhan-HS-{dossier_id}.docx", _render(template, context)


def _unit_code(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())[:12]


def to_trinh_context(ctx: ServiceContext, dossier: Dossier, today: date) -> dict:
    jurisdiction = dossier.jurisdiction
    unit_name = dossier.unit.name
    title = wording.award_title(dossier.award_form, dossier.labour_order_class)
    rule_set = dossier.rule_set or rule_set_key_on(ctx.session, today)
    recipient = wording.authority_name("so_gddt", jurisdiction.name, jurisdiction.kind)
    nominee = dossier.nominee
    return {
        "unit_upper": unit_name.upper(),
        "unit_name": unit_name,
        "unit_code": _unit_code(unit_name),
        "place": wording.place(jurisdiction.id, jurisdiction.name),
        "date_text": wording.date_text(today),
        "award_title": title,
        "award_title_upper": title.upper(),
        "recipient": recipient,
        "legal_bases": [wording.LAW, wording.LEGAL_BASES.get(rule_set, "")],
        "body": f"Căn cứ kết quả họp xét của Hội đồng Thi đua - Khen thưởng, {unit_name} kính "
        f"trình đề nghị tặng {title} cho {wording.NOMINEE_KINDS[nominee.kind].lower()} "
        f"{nominee.name} đã có thành tích xuất sắc trong {wording.MOVEMENT}.",
        "achievement_summary": dossier.achievement_summary,
        "initiative_note": ", xác nhận sáng kiến" if dossier.claims_initiative else "",
        "round_title": f"đợt {dossier.round}",
        "signer_title_upper": "THỦ TRƯỞNG ĐƠN VỊ",
        "signer_name": "",
        "awardees": [
            {
                "index": 1,
                "name": nominee.name,
                "kind": wording.NOMINEE_KINDS.get(nominee.kind, nominee.kind),
                "unit": unit_name,
                "dossier": f"HS-{dossier.id}",
            }
        ],
    }


def to_trinh_docx(ctx: ServiceContext, dossier_id: int) -> tuple[str, bytes]:
    """The unit's Tờ trình with its list for one dossier (D1)."""
    dossier = get_dossier(ctx, dossier_id)
    template = template_bytes(ctx, dossier.jurisdiction_id, "to-trinh")
    content = _render(template, to_trinh_context(ctx, dossier, ctx.now.date()))
    return f"to-trinh-HS-{dossier.id}.docx", content


def attach_to_trinh(ctx: ServiceContext, dossier_id: int) -> Document:
    """One click: the generated Tờ trình becomes the dossier's D1 document."""
    filename, content = to_trinh_docx(ctx, dossier_id)
    return add_document(ctx, dossier_id, "to-trinh", filename, io.BytesIO(content), DOCX)


def minutes_docx(ctx: ServiceContext, sitting_id: int) -> tuple[str, bytes]:
    """S5: a selection sitting's minutes (Biên bản họp xét) as Word."""
    sitting = get_sitting(ctx, sitting_id)
    jurisdiction = ctx.session.get(Jurisdiction, sitting["jurisdiction"])
    authority = wording.authority_name(sitting["level"], jurisdiction.name, jurisdiction.kind)
    context = {
        "authority_upper": authority.upper(),
        "place": wording.place(jurisdiction.id, jurisdiction.name),
        "date_text": wording.date_text(sitting["held_on"]),
        "award_title": wording.award_title(sitting["award_form"]),
        "round_title": f"đợt {sitting['round']}",
        "held_on_text": wording.date_text(sitting["held_on"]),
        "members_total": sitting["members_total"],
        "members_present": sitting["members_present"],
        "threshold": f"{sitting['threshold_percent']:g}",
        "cap": sitting["cap"] if sitting["cap"] is not None else "không giới hạn",
        "candidates": [
            {
                "rank": c["rank"],
                "name": c["nominee"].name if c["nominee"] else f"HS-{c['dossier_id']}",
                "votes_for": c["votes_for"],
                "share": f"{c['share'] * 100:.1f}%".replace(".", ","),
                "result": "Được chọn" if c["selected"] else "Không được chọn",
            }
            for c in sitting["ranking"]
        ],
        "selected_count": sum(1 for c in sitting["ranking"] if c["selected"]),
        "signer_title_upper": "CHỦ TỊCH HỘI ĐỒNG",
        "signer_name": "",
    }
    template = template_bytes(ctx, sitting["jurisdiction"], "bien-ban")
    return f"bien-ban-phien-{sitting_id}.docx", _render(template, context)
