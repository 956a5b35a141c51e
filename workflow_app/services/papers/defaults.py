"""The bundled Vietnamese templates (K2), built here with python-docx rather than committed as
binaries: the official layout (Decree 30/2020: motto header, number and symbol, place and date,
"Căn cứ" lines, articles, signature block) with docxtpl placeholders. An administrator may
upload a jurisdiction's own .docx in their place (`templates`)."""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from .wording import MOTTO

CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    style.paragraph_format.space_after = Pt(3)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    return doc


def _line(container, text: str = "", *, bold=False, italic=False, align=None, size=None):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _header(doc, issuer: str, reference: str) -> None:
    """Issuer and number on the left, the national motto, place and date on the right."""
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _line(left, issuer, bold=True, align=CENTER, size=12)
    _line(left, reference, align=CENTER)
    _line(right, MOTTO[0], bold=True, align=CENTER, size=12)
    _line(right, MOTTO[1], bold=True, align=CENTER)
    _line(right, "{{ place }}, {{ date_text }}", italic=True, align=CENTER)


def _signature(doc, recipients: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12)
    _line(left, recipients, size=11)
    _line(left, "- Lưu: VT.", size=11)
    _line(right, "{{ signer_title_upper }}", bold=True, align=CENTER)
    for _ in range(3):
        _line(right)
    _line(right, "{{ signer_name }}", bold=True, align=CENTER)


def _loop_table(doc, headers: list[str], cells: list[str], loop: str, total: list[str] | None):
    """A list table whose middle row repeats for each item (docxtpl `{%tr %}` rows)."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = table.add_row().cells
    for cell, text in zip(row, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = CENTER
    table.add_row().cells[0].text = "{%tr for a in " + loop + " %}"
    for cell, text in zip(table.add_row().cells, cells, strict=True):
        cell.text = text
    table.add_row().cells[0].text = "{%tr endfor %}"
    if total:
        for cell, text in zip(table.add_row().cells, total, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
    return table


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def quyet_dinh() -> bytes:
    """Quyết định khen thưởng with its list of awardees (K1, K2)."""
    doc = _document()
    _header(doc, "{{ authority_upper }}", "Số: {{ reference }}")
    _line(doc)
    _line(doc, "QUYẾT ĐỊNH", bold=True, align=CENTER, size=14)
    _line(doc, "Về việc tặng {{ award_title }}", bold=True, align=CENTER)
    _line(doc, "_______", align=CENTER)
    _line(doc, "{{ decider_heading }}", bold=True, align=CENTER)
    _line(doc, "{%p for line in legal_bases %}")
    _line(doc, "{{ line }}", italic=True)
    _line(doc, "{%p endfor %}")
    _line(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER)
    _line(doc, "Điều 1. {{ article_1 }}")
    _line(doc, "Điều 2. {{ article_2 }}")
    _line(doc, "Điều 3. {{ article_3 }}")
    _signature(doc, "- Như Điều 3;")
    _page_break(doc)
    _line(doc, "DANH SÁCH", bold=True, align=CENTER)
    _line(doc, "{{ list_title }}", bold=True, align=CENTER)
    _line(
        doc,
        "(Kèm theo Quyết định số {{ reference }} {{ date_text }} của {{ authority }})",
        italic=True,
        align=CENTER,
    )
    _loop_table(
        doc,
        ["STT", "Họ và tên / Tên tập thể", "Đối tượng", "Đơn vị", "Hệ số", "Tiền thưởng (đồng)"],
        [
            "{{ a.index }}",
            "{{ a.name }}",
            "{{ a.kind }}",
            "{{ a.unit }}",
            "{{ a.coefficient }}",
            "{{ a.amount }}",
        ],
        "awardees",
        ["", "Tổng cộng: {{ count }}", "", "", "", "{{ total_amount }}"],
    )
    _line(doc, "Mức lương cơ sở áp dụng: {{ base_salary }} đồng.", italic=True, size=11)
    return _bytes(doc)


def to_trinh() -> bytes:
    """Tờ trình of the proposing unit with its list (D1)."""
    doc = _document()
    _header(doc, "{{ unit_upper }}", "Số:       /TTr-{{ unit_code }}")
    _line(doc)
    _line(doc, "TỜ TRÌNH", bold=True, align=CENTER, size=14)
    _line(doc, "Về việc đề nghị tặng {{ award_title }}", bold=True, align=CENTER)
    _line(doc, "_______", align=CENTER)
    _line(doc, "Kính gửi: {{ recipient }}.", align=CENTER)
    _line(doc, "{%p for line in legal_bases %}")
    _line(doc, "{{ line }}", italic=True)
    _line(doc, "{%p endfor %}")
    _line(doc, "{{ body }}")
    _line(doc, "Tóm tắt thành tích: {{ achievement_summary }}")
    _line(doc, "Hồ sơ kèm theo: biên bản họp xét, báo cáo thành tích{{ initiative_note }}.")
    _line(doc, "Kính đề nghị {{ recipient }} xem xét, trình cấp có thẩm quyền khen thưởng.")
    _signature(doc, "- Như trên;")
    _page_break(doc)
    _line(doc, "DANH SÁCH ĐỀ NGHỊ TẶNG {{ award_title_upper }}", bold=True, align=CENTER)
    _line(
        doc, "(Kèm theo Tờ trình của {{ unit_name }}, {{ round_title }})", italic=True, align=CENTER
    )
    _loop_table(
        doc,
        ["STT", "Họ và tên / Tên tập thể", "Đối tượng", "Đơn vị", "Hồ sơ"],
        ["{{ a.index }}", "{{ a.name }}", "{{ a.kind }}", "{{ a.unit }}", "{{ a.dossier }}"],
        "awardees",
        None,
    )
    return _bytes(doc)


def bien_ban() -> bytes:
    """Biên bản họp xét of a selection sitting (S5, D2)."""
    doc = _document()
    _header(doc, "{{ authority_upper }}", "")
    _line(doc)
    _line(doc, "BIÊN BẢN", bold=True, align=CENTER, size=14)
    _line(
        doc, "Họp xét đề nghị tặng {{ award_title }} - {{ round_title }}", bold=True, align=CENTER
    )
    _line(
        doc,
        "Thời gian: {{ held_on_text }}. Thành phần: Hội đồng Thi đua - Khen thưởng, "
        "tổng số {{ members_total }} thành viên, có mặt {{ members_present }}.",
    )
    _line(doc, "Tỷ lệ phiếu tối thiểu: {{ threshold }}%. Chỉ tiêu: {{ cap }}.")
    _loop_table(
        doc,
        ["Hạng", "Họ và tên / Tên tập thể", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả"],
        ["{{ a.rank }}", "{{ a.name }}", "{{ a.votes_for }}", "{{ a.share }}", "{{ a.result }}"],
        "candidates",
        None,
    )
    _line(doc, "Hội đồng thống nhất đề nghị {{ selected_count }} trường hợp.")
    _signature(doc, "- Lưu hồ sơ.")
    return _bytes(doc)


def giay_chung_nhan() -> bytes:
    """The certificate handed to one awardee, landscape."""
    doc = _document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    _line(doc, MOTTO[0], bold=True, align=CENTER)
    _line(doc, MOTTO[1], bold=True, align=CENTER)
    _line(doc, "{{ decider_heading }}", bold=True, align=CENTER, size=16)
    _line(doc, "TẶNG", bold=True, align=CENTER, size=20)
    _line(doc, "{{ award_title_upper }}", bold=True, align=CENTER, size=20)
    _line(doc, "{{ name }}", bold=True, align=CENTER, size=22)
    _line(doc, "{{ unit }}", align=CENTER)
    _line(doc, "Đã có thành tích xuất sắc trong {{ movement }}.", italic=True, align=CENTER)
    _line(doc, "Quyết định số {{ reference }}", align=RIGHT)
    _line(doc, "{{ place }}, {{ date_text }}", italic=True, align=RIGHT)
    _line(doc, "{{ signer_title_upper }}", bold=True, align=RIGHT)
    _line(doc)
    _line(doc, "{{ signer_name }}", bold=True, align=RIGHT)
    return _bytes(doc)


BUILDERS = {
    "quyet-dinh": quyet_dinh,
    "to-trinh": to_trinh,
    "bien-ban": bien_ban,
    "giay-chung-nhan": giay_chung_nhan,
}


@cache
def default_template(kind: str) -> bytes:
    """The bundled template of `kind`, built once per process."""
    return BUILDERS[kind]()
