"""Báo cáo năm (L1-L4, T4): a unit enters its figures and activities, the checker
acknowledges or returns them with a reason, and the summary page charts each unit against
the target in force, behind first, with a table beside the charts and an Excel export."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from ..domain.errors import DomainError, Invalid, problem
from ..domain.reports import FIGURES, INDICATORS
from ..services.reports import filing, reading, summary
from ..services.reports.award_statistics import award_statistics
from ..services.reports.export import report_workbook, summary_workbook
from .context import web_use_case
from .errors import describe, field_messages, status_of
from .report_charts import trend_line, unit_bars

bp = Blueprint("reports", __name__, url_prefix="/reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_PAGE = 50  # units per page of the summary's table
INDICATOR_LABELS = {
    "learning_citizens_share": _l("Tỷ lệ CC, VC, NLĐ đạt danh hiệu Công dân học tập"),
    "digital_skills_share": _l("Tỷ lệ Công dân học tập có kỹ năng số đáp ứng yêu cầu"),
    "proficient_share": _l("Tỷ lệ Công dân học tập thành thạo kỹ năng số"),
}
FIGURE_LABELS = {
    "staff_total": _l("Tổng số công chức, viên chức, người lao động"),
    "learning_citizens": _l("Số đạt danh hiệu Công dân học tập"),
    "with_digital_skills": _l("Trong đó có kỹ năng số đáp ứng yêu cầu"),
    "proficient": _l("Trong đó thành thạo kỹ năng số"),
}
ACTIVITY_ROWS = (
    ("lifelong-learning-week", _l("Tuần lễ hưởng ứng học tập suốt đời (tháng 10)")),
    ("book-day", _l("Ngày sách và văn hóa đọc Việt Nam (21/4)")),
    ("other", _l("Hoạt động khác")),
)
STATUS_LABELS = {
    "missing": _l("Chưa báo cáo"),
    "draft": _l("Đang soạn"),
    "submitted": _l("Đã gửi, chờ kiểm tra"),
    "returned": _l("Bị trả lại"),
    "acknowledged": _l("Đã tiếp nhận"),
}


def _labels() -> dict:
    return {
        "indicators": INDICATOR_LABELS,
        "figures": FIGURE_LABELS,
        "activities": ACTIVITY_ROWS,
        "statuses": STATUS_LABELS,
    }


@bp.get("")
@login_required
def index():
    with web_use_case() as ctx:
        tasks = [reading.task_view(ctx, t) for t in filing.inbox(ctx)]
        reports = [reading.report_view(ctx, r) for r in filing.list_reports(ctx)]
        places = sorted({g.jurisdiction_id for g in ctx.actor.grants if g.jurisdiction_id})
        return render_template(
            "reports.html",
            tasks=tasks,
            reports=reports,
            places=places,
            year=ctx.now.year,
            **_labels(),
        )


def _form_figures(form) -> tuple[dict, list[dict]]:
    """The browser's strings as the service takes them; a blank or bad number is a 422."""
    problems, figures = {}, {}
    for name in FIGURES:
        text = (form.get(name) or "").strip()
        if not text.isdigit():
            problems[name] = problem("not_a_whole_number")
        figures[name] = int(text) if text.isdigit() else 0
    activities = []
    for kind, _label in ACTIVITY_ROWS:
        held_on = (form.get(f"{kind}-held_on") or "").strip()
        people = (form.get(f"{kind}-participants") or "").strip()
        if not held_on and not people:
            continue
        activities.append(
            {
                "kind": kind,
                "name": form.get(f"{kind}-name") or str(_label),
                "held_on": held_on,
                "participants": int(people) if people.isdigit() else -1,
            }
        )
    if problems:
        raise Invalid("invalid_report", details=problems)
    return figures, activities


def _form_page(values: dict, errors: dict, report=None, status: int = 200):
    with web_use_case() as ctx:
        view = reading.report_view(ctx, filing.get_report(ctx, report)) if report else None
        return render_template(
            "report_form.html",
            values=values,
            errors=errors,
            report=view,
            units=sorted(ctx.actor.unit_ids()),
            year=ctx.now.year,
            **_labels(),
        ), status


@bp.get("/new")
@login_required
def new():
    return _form_page({}, {})


@bp.post("/new")
@login_required
def create():
    values = request.form.to_dict()
    try:
        figures, activities = _form_figures(request.form)
        year = int(values.get("year") or 0)
        with web_use_case() as ctx:
            report_id = filing.create_report(
                ctx, values.get("unit", ""), year, figures, activities
            ).id
    except (DomainError, ValueError) as error:
        return _refused(values, error)
    flash(_("Đã lưu bản nháp báo cáo."), "success")
    return redirect(url_for("reports.show", report_id=report_id))


def _refused(values: dict, error, report_id: int | None = None):
    if not isinstance(error, DomainError):
        error = Invalid("invalid_report", details={"year": problem("not_a_year")})
    errors = field_messages(error) if isinstance(error, Invalid) else {}
    errors["_form"] = describe(error)
    return _form_page(values, errors, report_id, status_of(error))


@bp.get("/<int:report_id>")
@login_required
def show(report_id: int):
    return _show_page(report_id)


def _show_page(report_id: int, typed: dict | None = None, status: int = 200):
    """The report; `typed`: the check form as the reviewer filled it, after a refusal."""
    with web_use_case() as ctx:
        view = reading.report_view(ctx, filing.get_report(ctx, report_id))
        actor = ctx.actor
        mine = [
            t
            for t in view["open_tasks"]
            if actor.holds(
                t["lane"], view["jurisdiction"], view["unit"] if t["lane"] == "unit" else None
            )
        ]
        return render_template(
            "report.html",
            report=view,
            my_tasks=mine,
            is_unit=actor.holds("unit", view["jurisdiction"], view["unit"]),
            typed=typed or {},
            **_labels(),
        ), status


@bp.get("/<int:report_id>/edit")
@login_required
def edit(report_id: int):
    with web_use_case() as ctx:
        view = reading.report_view(ctx, filing.get_report(ctx, report_id))
    values = {name: view[name] for name in FIGURES}
    for activity in view["activities"]:
        values[f"{activity['kind']}-held_on"] = activity["held_on"]
        values[f"{activity['kind']}-participants"] = activity["participants"]
        values[f"{activity['kind']}-name"] = activity["name"]
    return _form_page(values, {}, report_id)


@bp.post("/<int:report_id>/edit")
@login_required
def update(report_id: int):
    values = request.form.to_dict()
    try:
        figures, activities = _form_figures(request.form)
        with web_use_case() as ctx:
            filing.update_report(ctx, report_id, figures, activities)
    except DomainError as error:
        return _refused(values, error, report_id)
    flash(_("Đã lưu số liệu."), "success")
    return redirect(url_for("reports.show", report_id=report_id))


@bp.post("/<int:report_id>/submit")
@login_required
def submit(report_id: int):
    try:
        with web_use_case() as ctx:
            filing.submit_report(ctx, report_id)
    except DomainError as error:
        flash(str(describe(error)), "error")
    else:
        flash(_("Đã gửi báo cáo."), "success")
    return redirect(url_for("reports.show", report_id=report_id))


@bp.post("/tasks/<int:task_id>")
@login_required
def complete(task_id: int):
    data = {"decision": request.form.get("decision") or ""}
    if request.form.get("reason"):
        data["reason"] = request.form["reason"]
    report_id = int(request.form.get("report_id") or 0)
    try:
        with web_use_case() as ctx:
            task = filing.complete_report_task(ctx, task_id, data)
            report_id, status = task.report_id, task.report.status
    except DomainError as error:
        flash(str(describe(error)), "error")
        if report_id:  # the page again, with the decision and reason as typed
            return _show_page(report_id, {**data, "task_id": task_id}, status_of(error))
        return redirect(url_for("reports.index"))
    flash(_("Báo cáo: %(status)s.", status=STATUS_LABELS[status]), "success")
    return redirect(url_for("reports.show", report_id=report_id))


def _summary_data():
    year = request.args.get("year", type=int)
    with web_use_case() as ctx:
        return summary.summary(ctx, request.args.get("jurisdiction") or None, year or ctx.now.year)


@bp.get("/summary")
@login_required
def summary_page():
    data = _summary_data()
    charts = []
    for check in _targets_in_force(data):
        indicator, target = check["indicator"], check["share"]
        label = str(INDICATOR_LABELS[indicator])
        charts.append(
            {
                "indicator": indicator,
                "target": check,
                "bars": unit_bars(
                    data["units"],
                    indicator,
                    target,
                    _(
                        "%(label)s theo đơn vị, chỉ tiêu %(target)s%%",
                        label=label,
                        target=f"{target:g}",
                    ),
                ),
                "trend": trend_line(
                    data["trend"], indicator, target, _("%(label)s qua các năm", label=label)
                ),
            }
        )
    table = _table_page(data["units"])
    return render_template(
        "report_summary.html", data=data, charts=charts, table=table, **_labels()
    )


def _table_page(rows: list[dict]) -> dict:
    """The units' table a page at a time (behind first, as the chart), or all with ?all=1:
    2,000 rows of a province are readable a page at a time and quick to draw."""
    if request.args.get("all") == "1":
        return {"rows": rows, "page": 1, "pages": 1, "all": True, "start": 0}
    pages = max(1, -(-len(rows) // TABLE_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    start = (page - 1) * TABLE_PAGE
    return {
        "rows": rows[start : start + TABLE_PAGE],
        "page": page,
        "pages": pages,
        "all": False,
        "start": start,
    }


def _targets_in_force(data: dict) -> list[dict]:
    """Per indicator, the target the year is measured against (the totals' copy, with met)."""
    chosen = []
    for indicator in INDICATORS:
        mine = [t for t in data["total"]["targets"] if t["indicator"] == indicator]
        due = [t for t in mine if t["in_force"]]
        if mine:
            chosen.append(due[-1] if due else mine[0])
    return chosen


@bp.get("/overview")
@login_required
def overview_page():
    """L4 one level up: the province (UBND tỉnh) sees each of its jurisdictions' totals."""
    year = request.args.get("year", type=int)
    with web_use_case() as ctx:
        data = summary.overview(ctx, year or ctx.now.year)
    rows = [
        {"unit": r["jurisdiction"], "name": r["name"], "shares": r["shares"]}
        for r in data["jurisdictions"]
    ]
    target = next(
        (
            t["share"]
            for r in data["jurisdictions"]
            for t in r["targets"]
            if t["indicator"] == "learning_citizens_share"
        ),
        None,
    )
    label = str(INDICATOR_LABELS["learning_citizens_share"])
    title = _("%(label)s theo địa phương", label=label)
    chart = unit_bars(rows, "learning_citizens_share", target, title)
    return render_template("report_overview.html", data=data, chart=chart, **_labels())


@bp.get("/award-statistics")
@login_required
def award_statistics_page():
    """T4: the round's award statistics for the yearly report of a seed with an award chain."""
    with web_use_case() as ctx:
        round_ = request.args.get("round") or f"annual-{ctx.now.year}"
        data = award_statistics(ctx, request.args.get("jurisdiction") or None, round_)
    return render_template("report_award_statistics.html", data=data, **_labels())


@bp.get("/<int:report_id>.xlsx")
@login_required
def report_xlsx(report_id: int):
    """L4: one report as Excel, matching its page."""
    with web_use_case() as ctx:
        view = reading.report_view(ctx, filing.get_report(ctx, report_id))
    name = f"bao-cao-{view['unit']}-{view['year']}.xlsx"
    return Response(
        report_workbook(view),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/summary.xlsx")
@login_required
def summary_xlsx():
    data = _summary_data()
    name = f"tong-hop-bao-cao-{data['jurisdiction']}-{data['year']}.xlsx"
    return Response(
        summary_workbook(data),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
