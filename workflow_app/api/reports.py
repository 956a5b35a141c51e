"""Yearly reports and targets (L1-L4, T4): the targets of a jurisdiction, a unit's report
of a year up its chain as tasks, the summary against the targets and its Excel export."""

from __future__ import annotations

from flask import Response, request
from marshmallow import Schema, fields, validate

from ..domain.reports import ACTIVITY_KINDS, INDICATORS, REPORT_STATUSES
from ..domain.vocabulary import INTEGER_MAX
from ..services.reports import filing, reading, replay, summary, targets
from ..services.reports.award_statistics import award_statistics
from ..services.reports.export import report_workbook, summary_workbook
from . import bp
from .context import use_case
from .schemas import CompleteIn, RequestSchema, UtcDateTime, at_least, at_most

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=[at_least(0), at_most(INTEGER_MAX)], **kwargs)


def _year(**kwargs) -> fields.Integer:
    return fields.Integer(validate=validate.Range(min=2000, max=2100), **kwargs)


class JurisdictionYearQuery(RequestSchema):
    jurisdiction = fields.String(load_default=None, validate=validate.Length(max=64))
    year = _year(required=True)


class ReportListQuery(RequestSchema):
    jurisdiction = fields.String(load_default=None, validate=validate.Length(max=64))
    year = _year(load_default=None)


class TargetIn(RequestSchema):
    jurisdiction = fields.String(required=True, validate=validate.Length(min=1, max=64))
    indicator = fields.String(required=True, validate=validate.OneOf(tuple(INDICATORS)))
    share = fields.Float(required=True, validate=validate.Range(min=0, max=1000))
    by_year = _year(required=True)


class TargetOut(Schema):
    indicator = fields.String()
    numerator = fields.String()
    denominator = fields.String()
    share = fields.Float(metadata={"description": "phần trăm"})
    by_year = fields.Integer()
    in_force = fields.Boolean(metadata={"description": "đã đến hạn: năm này được đo với nó"})


class TargetsOut(Schema):
    jurisdiction = fields.String()
    year = fields.Integer()
    items = fields.List(fields.Nested(TargetOut))


class ActivityIn(RequestSchema):
    kind = fields.String(required=True, validate=validate.OneOf(ACTIVITY_KINDS))
    name = fields.String(load_default="", validate=validate.Length(max=300))
    held_on = fields.Date(required=True)
    participants = _count(required=True)


class FiguresIn(RequestSchema):
    staff_total = _count(required=True)
    learning_citizens = _count(required=True)
    with_digital_skills = _count(required=True)
    proficient = _count(required=True)
    activities = fields.List(
        fields.Nested(ActivityIn), load_default=list, validate=validate.Length(max=100)
    )


class ReportIn(FiguresIn):
    unit = fields.String(required=True, validate=validate.Length(min=1, max=100))
    year = _year(required=True)


class ActivityOut(Schema):
    kind = fields.String()
    name = fields.String()
    held_on = fields.String()
    participants = fields.Integer()


class ReportTaskOut(Schema):
    id = fields.Integer()
    report_id = fields.Integer()
    name = fields.String()
    title = fields.String()
    lane = fields.String()
    state = fields.String()
    unit = fields.String()
    unit_name = fields.String()
    year = fields.Integer()
    due_on = fields.Date()
    overdue = fields.Boolean()
    created_at = UtcDateTime()


class SharesOut(Schema):
    learning_citizens_share = fields.Float(allow_none=True)
    digital_skills_share = fields.Float(allow_none=True)
    proficient_share = fields.Float(allow_none=True)


class CountsOut(Schema):
    staff_total = fields.Integer()
    learning_citizens = fields.Integer()
    with_digital_skills = fields.Integer()
    proficient = fields.Integer()


class LastYearOut(Schema):
    figures = fields.Nested(CountsOut)
    shares = fields.Nested(SharesOut)


class ModelRefOut(Schema):
    key = fields.String()
    version = fields.Integer()


class ReportOut(CountsOut):
    id = fields.Integer()
    unit = fields.String()
    unit_name = fields.String()
    jurisdiction = fields.String()
    year = fields.Integer()
    activities = fields.List(fields.Nested(ActivityOut))
    status = fields.String(metadata={"enum": list(REPORT_STATUSES)})
    due_on = fields.Date()
    recipient = fields.String()
    overdue = fields.Boolean()
    return_reason = fields.String(allow_none=True)
    submitted_at = UtcDateTime(allow_none=True)
    acknowledged_at = UtcDateTime(allow_none=True)
    process_model = fields.Nested(ModelRefOut, allow_none=True)
    shares = fields.Nested(SharesOut)
    last_year = fields.Nested(LastYearOut, allow_none=True)
    jumps = fields.List(
        fields.String(), metadata={"description": "chỉ số thay đổi lớn so với năm trước"}
    )
    open_tasks = fields.List(fields.Nested(ReportTaskOut))


class ReportPage(Schema):
    items = fields.List(fields.Nested(ReportOut))
    next_cursor = fields.String(allow_none=True)


class ReportTaskPage(Schema):
    items = fields.List(fields.Nested(ReportTaskOut))
    next_cursor = fields.String(allow_none=True)


class ReportEventOut(Schema):
    seq = fields.Integer()
    at = UtcDateTime()
    actor = fields.String()
    type = fields.String()
    task = fields.String(allow_none=True)
    data = fields.Dict()
    model_version = fields.String(allow_none=True)
    hash = fields.String()
    prev_hash = fields.String()


class ReportHistoryOut(Schema):
    events = fields.List(fields.Nested(ReportEventOut))


class ReplayOut(Schema):
    verified = fields.Boolean()
    steps = fields.Integer()
    mismatch_at = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)


class TargetCheckOut(TargetOut):
    value = fields.Float(allow_none=True)
    met = fields.Boolean()


class UnitSummaryOut(Schema):
    unit = fields.String()
    name = fields.String()
    report_id = fields.Integer(allow_none=True)
    status = fields.String()
    overdue = fields.Boolean()
    counts = fields.Nested(CountsOut, allow_none=True)
    shares = fields.Nested(SharesOut)
    last_year = fields.Nested(SharesOut)
    jumps = fields.List(fields.String())
    targets = fields.List(fields.Nested(TargetCheckOut))
    behind = fields.Boolean()


class TotalOut(Schema):
    counts = fields.Nested(CountsOut)
    shares = fields.Nested(SharesOut)
    units_total = fields.Integer()
    units_reported = fields.Integer()
    units_overdue = fields.Integer()
    units_behind = fields.Integer()
    targets = fields.List(fields.Nested(TargetCheckOut))


class TrendPointOut(Schema):
    year = fields.Integer()
    counts = fields.Nested(CountsOut)
    shares = fields.Nested(SharesOut)


class SummaryOut(Schema):
    jurisdiction = fields.String()
    jurisdiction_name = fields.String()
    year = fields.Integer()
    due_on = fields.Date()
    recipient = fields.String()
    units = fields.List(fields.Nested(UnitSummaryOut))
    total = fields.Nested(TotalOut)
    targets = fields.List(fields.Nested(TargetOut))
    trend = fields.List(fields.Nested(TrendPointOut))


class AwardStatisticsQuery(RequestSchema):
    jurisdiction = fields.String(load_default=None, validate=validate.Length(max=64))
    round = fields.String(required=True, validate=validate.Length(min=1, max=32))


class OverviewQuery(RequestSchema):
    year = _year(required=True)


class WomenOut(Schema):
    individuals = fields.Integer()
    women = fields.Integer()
    share = fields.Float(allow_none=True)


class ProcessingDaysOut(Schema):
    count = fields.Integer()
    median = fields.Float(allow_none=True)
    mean = fields.Float(allow_none=True)
    longest = fields.Float(allow_none=True)


class AwardStatisticsOut(Schema):
    jurisdiction = fields.String()
    jurisdiction_name = fields.String()
    round = fields.String()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_award_form = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_level = fields.Dict(keys=fields.String(), values=fields.Integer())
    women = fields.Nested(WomenOut)
    processing_days = fields.Nested(ProcessingDaysOut)


class JurisdictionProgressOut(Schema):
    jurisdiction = fields.String()
    name = fields.String()
    due_on = fields.Date()
    recipient = fields.String()
    units_total = fields.Integer()
    units_reported = fields.Integer()
    units_overdue = fields.Integer()
    units_behind = fields.Integer()
    shares = fields.Nested(SharesOut)
    targets = fields.List(fields.Nested(TargetCheckOut))
    behind = fields.Boolean()


class OverviewOut(Schema):
    year = fields.Integer()
    jurisdictions = fields.List(fields.Nested(JurisdictionProgressOut))


YEAR_QUERY, LIST_QUERY = JurisdictionYearQuery(), ReportListQuery()
STATISTICS_QUERY, OVERVIEW_QUERY = AwardStatisticsQuery(), OverviewQuery()
REPORT_IN, FIGURES_IN, TARGET_IN, COMPLETE_IN = ReportIn(), FiguresIn(), TargetIn(), CompleteIn()
REPORT_OUT = ReportOut()


def _target_items(rows, year: int) -> list[dict]:
    return [
        {
            "indicator": r.indicator,
            "numerator": INDICATORS[r.indicator][0],
            "denominator": INDICATORS[r.indicator][1],
            "share": r.share,
            "by_year": r.by_year,
            "in_force": r.by_year <= year,
        }
        for r in rows
    ]


@bp.get("/targets")
def list_targets():
    query = YEAR_QUERY.load(request.args)
    with use_case() as ctx:
        jurisdiction = targets.readable_jurisdiction(ctx, query["jurisdiction"])
        rows = targets.target_rows(ctx, jurisdiction)
        items = _target_items(rows, query["year"])
        return TargetsOut().dump(
            {"jurisdiction": jurisdiction, "year": query["year"], "items": items}
        )


@bp.put("/targets")
def put_target():
    body = TARGET_IN.load(request.get_json() or {})
    with use_case() as ctx:
        row = targets.set_target(
            ctx, body["jurisdiction"], body["indicator"], body["share"], body["by_year"]
        )
        return TargetOut().dump(_target_items([row], body["by_year"])[0])


def _figures(body: dict) -> dict:
    return {
        k: body[k]
        for k in ("staff_total", "learning_citizens", "with_digital_skills", "proficient")
    }


@bp.post("/reports")
def create_report():
    body = REPORT_IN.load(request.get_json() or {})
    with use_case() as ctx:
        report = filing.create_report(
            ctx, body["unit"], body["year"], _figures(body), body["activities"]
        )
        return REPORT_OUT.dump(reading.report_view(ctx, report)), 201


@bp.get("/reports")
def list_reports():
    query = LIST_QUERY.load(request.args)
    with use_case() as ctx:
        rows = filing.list_reports(ctx, query["jurisdiction"], query["year"])
        items = [reading.report_view(ctx, r) for r in rows]
        return ReportPage().dump({"items": items, "next_cursor": None})


@bp.get("/reports/<int:report_id>")
def get_report(report_id: int):
    with use_case() as ctx:
        return REPORT_OUT.dump(reading.report_view(ctx, filing.get_report(ctx, report_id)))


@bp.put("/reports/<int:report_id>")
def update_report(report_id: int):
    body = FIGURES_IN.load(request.get_json() or {})
    with use_case() as ctx:
        report = filing.update_report(ctx, report_id, _figures(body), body["activities"])
        return REPORT_OUT.dump(reading.report_view(ctx, report))


@bp.post("/reports/<int:report_id>/submit")
def submit_report(report_id: int):
    with use_case() as ctx:
        report = filing.submit_report(ctx, report_id)
        ctx.session.flush()
        return REPORT_OUT.dump(reading.report_view(ctx, report))


@bp.get("/reports/<int:report_id>/history")
def report_history(report_id: int):
    with use_case() as ctx:
        report = filing.get_report(ctx, report_id)
        return ReportHistoryOut().dump({"events": reading.history_view(ctx, report)})


@bp.post("/reports/<int:report_id>/replay")
def replay_report(report_id: int):
    with use_case() as ctx:
        return ReplayOut().dump(replay.replay_report(ctx, report_id))


@bp.get("/report-tasks")
def report_tasks():
    with use_case() as ctx:
        items = [reading.task_view(ctx, t) for t in filing.inbox(ctx)]
        return ReportTaskPage().dump({"items": items, "next_cursor": None})


@bp.post("/report-tasks/<int:task_id>/complete")
def complete_report_task(task_id: int):
    body = COMPLETE_IN.load(request.get_json() or {})
    with use_case() as ctx:
        task = filing.complete_report_task(ctx, task_id, body["data"])
        ctx.session.flush()
        return REPORT_OUT.dump(reading.report_view(ctx, task.report))


@bp.get("/reports/summary")
def report_summary():
    query = YEAR_QUERY.load(request.args)
    with use_case() as ctx:
        return SummaryOut().dump(summary.summary(ctx, query["jurisdiction"], query["year"]))


@bp.get("/reports/summary.xlsx")
def report_summary_xlsx():
    query = YEAR_QUERY.load(request.args)
    with use_case() as ctx:
        data = summary.summary(ctx, query["jurisdiction"], query["year"])
    name = f"tong-hop-bao-cao-{data['jurisdiction']}-{data['year']}.xlsx"
    return Response(
        summary_workbook(data),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/reports/award-statistics")
def report_award_statistics():
    """T4: the round's award statistics, the figures every seed's yearly report carries."""
    query = STATISTICS_QUERY.load(request.args)
    with use_case() as ctx:
        data = award_statistics(ctx, query["jurisdiction"], query["round"])
        return AwardStatisticsOut().dump(data)


@bp.get("/reports/<int:report_id>/xlsx")
def report_xlsx(report_id: int):
    """L4: one report as Excel, matching its page."""
    with use_case() as ctx:
        view = reading.report_view(ctx, filing.get_report(ctx, report_id))
    name = f"bao-cao-{view['unit']}-{view['year']}.xlsx"
    return Response(
        report_workbook(view),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/reports/overview")
def report_overview():
    """L4 one level up: every readable jurisdiction's totals against its targets."""
    query = OVERVIEW_QUERY.load(request.args)
    with use_case() as ctx:
        return OverviewOut().dump(summary.overview(ctx, query["year"]))


_E = (401, 403, 404, 409, 422)
OPERATIONS: list = [
    (
        "get",
        "/reports/award-statistics",
        "Thống kê khen thưởng của đợt cho báo cáo năm (T4): theo trạng thái, cấp, hình thức; "
        "tỷ lệ nữ; thời gian xử lý",
        None,
        200,
        AwardStatisticsOut,
        (401, 403, 404, 422),
    ),
    (
        "get",
        "/reports/{id}/xlsx",
        "Báo cáo năm dạng Excel, khớp với trang báo cáo (L4)",
        None,
        200,
        None,
        (401, 404),
    ),
    (
        "get",
        "/reports/overview",
        "Tổng hợp cấp tỉnh: mỗi địa phương được xem, tổng số so với chỉ tiêu (L4)",
        None,
        200,
        OverviewOut,
        (401, 422),
    ),
    (
        "get",
        "/targets",
        "Chỉ tiêu của địa phương (L1); in_force: năm này được đo với chỉ tiêu nào",
        None,
        200,
        TargetsOut,
        (401, 403, 404, 422),
    ),
    (
        "put",
        "/targets",
        "Đặt chỉ tiêu (quản trị địa phương; lưu lịch sử thay đổi)",
        TargetIn,
        200,
        TargetOut,
        (401, 403, 422),
    ),
    (
        "post",
        "/reports",
        "Lập báo cáo năm của đơn vị (L2); số con lớn hơn tổng là 422 nêu trường",
        ReportIn,
        201,
        ReportOut,
        _E,
    ),
    ("get", "/reports", "Danh sách báo cáo năm được xem", None, 200, ReportPage, (401, 422)),
    (
        "get",
        "/reports/{id}",
        "Xem báo cáo năm (kèm số liệu năm trước, thay đổi lớn)",
        None,
        200,
        ReportOut,
        (401, 404),
    ),
    (
        "put",
        "/reports/{id}",
        "Sửa số liệu bản nháp hoặc bản bị trả lại",
        FiguresIn,
        200,
        ReportOut,
        _E,
    ),
    (
        "post",
        "/reports/{id}/submit",
        "Gửi báo cáo lên cấp kiểm tra (L3), hoặc gửi lại sau khi sửa",
        None,
        200,
        ReportOut,
        _E,
    ),
    (
        "get",
        "/reports/{id}/history",
        "Lịch sử báo cáo (chuỗi băm, X4)",
        None,
        200,
        ReportHistoryOut,
        (401, 404),
    ),
    (
        "post",
        "/reports/{id}/replay",
        "Chạy lại báo cáo trên phiên bản quy trình đã ghim (X4)",
        None,
        200,
        ReplayOut,
        (401, 404),
    ),
    (
        "get",
        "/report-tasks",
        "Công việc báo cáo năm của tôi (quá hạn được đánh dấu)",
        None,
        200,
        ReportTaskPage,
        (401,),
    ),
    (
        "post",
        "/report-tasks/{id}/complete",
        "Tiếp nhận hoặc trả lại (kèm lý do) báo cáo; đơn vị gửi lại số liệu đã sửa",
        CompleteIn,
        200,
        ReportOut,
        _E,
    ),
    (
        "get",
        "/reports/summary",
        "Tổng hợp theo đơn vị và toàn địa phương: số liệu, tỷ lệ, chỉ tiêu met (L4)",
        None,
        200,
        SummaryOut,
        (401, 403, 404, 409, 422),
    ),
    (
        "get",
        "/reports/summary.xlsx",
        "Tổng hợp dạng Excel (L4)",
        None,
        200,
        None,
        (401, 403, 404, 409, 422),
    ),
]
QUERY_SCHEMAS = {
    ("get", "/reports/award-statistics"): AwardStatisticsQuery,
    ("get", "/reports/overview"): OverviewQuery,
    ("get", "/targets"): JurisdictionYearQuery,
    ("get", "/reports"): ReportListQuery,
    ("get", "/reports/summary"): JurisdictionYearQuery,
    ("get", "/reports/summary.xlsx"): JurisdictionYearQuery,
}
FILE_RESPONSES = {("get", "/reports/summary.xlsx"): {XLSX}, ("get", "/reports/{id}/xlsx"): {XLSX}}
