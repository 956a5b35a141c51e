"""L4: the summary page as an Excel workbook (openpyxl): the same rows, behind first, and
the targets and trend sheets, so what is printed matches what is shown."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

INDICATOR_TITLES = {
    "learning_citizens_share": "Tỷ lệ đạt Công dân học tập (%)",
    "digital_skills_share": "Tỷ lệ có kỹ năng số (%)",
    "proficient_share": "Tỷ lệ thành thạo kỹ năng số (%)",
}
STATUS_TITLES = {
    "missing": "Chưa báo cáo",
    "draft": "Đang soạn",
    "submitted": "Đã gửi, chờ kiểm tra",
    "returned": "Bị trả lại",
    "acknowledged": "Đã tiếp nhận",
}
UNIT_HEADERS = [
    "Đơn vị",
    "Mã",
    "Trạng thái",
    "Quá hạn",
    "Tổng số CC, VC, NLĐ",
    "Đạt Công dân học tập",
    "Có kỹ năng số",
    "Thành thạo kỹ năng số",
    *INDICATOR_TITLES.values(),
    "Đạt chỉ tiêu",
]
BEHIND = PatternFill("solid", fgColor="FDE2E1")
BOLD = Font(bold=True)


def summary_workbook(data: dict) -> bytes:
    """The workbook of one jurisdiction's year, streamed (write-only: thousands of units)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Tong hop {data['year']}")
    sheet.append([f"Tiến độ thực hiện chỉ tiêu năm {data['year']} - {data['jurisdiction_name']}"])
    sheet.append([f"Hạn báo cáo: {data['due_on']:%d/%m/%Y}; nơi nhận: {data['recipient']}"])
    sheet.append(_styled(sheet, UNIT_HEADERS, font=BOLD))
    for row in data["units"]:
        cells = _unit_cells(row)
        sheet.append(_styled(sheet, cells, fill=BEHIND) if row["behind"] else cells)
    total = data["total"]
    total_cells = [
        "Toàn địa phương",
        "",
        f"{total['units_reported']}/{total['units_total']}",
        total["units_overdue"],
        *total["counts"].values(),
        *total["shares"].values(),
        "",
    ]
    sheet.append([_styled(sheet, total_cells[:1], font=BOLD)[0], *total_cells[1:]])
    _targets_sheet(book, data)
    _trend_sheet(book, data)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _styled(sheet, values: list, font: Font | None = None, fill: PatternFill | None = None):
    """Write-only sheets take styles on each cell as it is appended."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cells.append(cell)
    return cells


def _unit_cells(row: dict) -> list:
    counts = row["counts"] or {}
    met = [t["met"] for t in row["targets"]]
    return [
        row["name"],
        row["unit"],
        STATUS_TITLES.get(row["status"], row["status"]),
        "Có" if row["overdue"] else "",
        counts.get("staff_total"),
        counts.get("learning_citizens"),
        counts.get("with_digital_skills"),
        counts.get("proficient"),
        *row["shares"].values(),
        ("Đạt" if all(met) else "Chưa đạt") if counts else "",
    ]


def _targets_sheet(book: Workbook, data: dict) -> None:
    sheet = book.create_sheet("Chi tieu")
    sheet.append(["Chỉ tiêu", "Tỷ lệ (%)", "Đến năm", "Đang áp dụng", "Toàn địa phương (%)", "Đạt"])
    for target in data["total"]["targets"]:
        sheet.append(
            [
                INDICATOR_TITLES[target["indicator"]],
                target["share"],
                target["by_year"],
                "Có" if target["in_force"] else "",
                target["value"],
                "Đạt" if target["met"] else "Chưa đạt",
            ]
        )


def _trend_sheet(book: Workbook, data: dict) -> None:
    sheet = book.create_sheet("Xu huong")
    sheet.append(["Năm", *INDICATOR_TITLES.values()])
    for point in data["trend"]:
        sheet.append([point["year"], *point["shares"].values()])


FIGURE_TITLES = {
    "staff_total": "Tổng số CC, VC, NLĐ",
    "learning_citizens": "Đạt Công dân học tập",
    "with_digital_skills": "Có kỹ năng số",
    "proficient": "Thành thạo kỹ năng số",
}
ACTIVITY_TITLES = {
    "lifelong-learning-week": "Tuần lễ hưởng ứng học tập suốt đời",
    "book-day": "Ngày sách và văn hóa đọc Việt Nam",
    "other": "Hoạt động khác",
}


def report_workbook(view: dict) -> bytes:
    """One unit's report as its page shows it: figures beside last year's, shares, the
    jumps flagged for the checker, and the activities."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Bao cao {view['year']}")
    sheet.append([f"Báo cáo năm {view['year']} - {view['unit_name']}"])
    sheet.append(
        [
            f"Trạng thái: {STATUS_TITLES.get(view['status'], view['status'])}"
            + ("; quá hạn" if view["overdue"] else ""),
            f"Hạn: {view['due_on']:%d/%m/%Y}; nơi nhận: {view['recipient']}",
        ]
    )
    sheet.append(_styled(sheet, ["Chỉ số", "Năm nay", "Năm trước", "Thay đổi lớn"], font=BOLD))
    before = view["last_year"] or {"figures": {}, "shares": {}}
    for name, title in FIGURE_TITLES.items():
        sheet.append([title, view[name], (before["figures"] or {}).get(name), ""])
    for indicator, title in INDICATOR_TITLES.items():
        flagged = "Cần kiểm tra" if indicator in view["jumps"] else ""
        sheet.append([title, view["shares"][indicator], before["shares"].get(indicator), flagged])
    activities = book.create_sheet("Hoat dong")
    activities.append(_styled(activities, ["Hoạt động", "Tên", "Ngày", "Số người"], font=BOLD))
    for item in view["activities"]:
        kind = ACTIVITY_TITLES.get(item["kind"], item["kind"])
        activities.append([kind, item.get("name", ""), item["held_on"], item["participants"]])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
