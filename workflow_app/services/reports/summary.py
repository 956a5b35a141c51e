"""L4: progress against the targets per unit and for the jurisdiction in a year, beside last
year's figures and the trend over the years. Only acknowledged figures count; a unit whose
report is missing or not yet acknowledged is listed with its status (and overdue, T4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ...domain.reports import (
    FIGURES,
    INDICATORS,
    Target,
    due_date,
    in_force,
    indicator_share,
    is_overdue,
    jump,
    met,
)
from ...persistence.models import Jurisdiction, ReportDuty, Unit, YearlyReport
from ..context import ServiceContext
from ..settings_admin import require_reader
from .bundles import duty_of
from .targets import targets_of

REPORT_COLUMNS = (
    YearlyReport.id,
    YearlyReport.unit_id,
    YearlyReport.status,
    YearlyReport.submitted_at,
    *(getattr(YearlyReport, name) for name in FIGURES),
)


def summary(ctx: ServiceContext, jurisdiction_id: str | None, year: int) -> dict:
    """Counts, shares and each target with `met`, per unit and in total; behind first."""
    jurisdiction_id = require_reader(ctx, jurisdiction_id)
    jurisdiction = ctx.session.get(Jurisdiction, jurisdiction_id)
    duty = duty_of(ctx, jurisdiction_id)
    targets = targets_of(ctx, jurisdiction_id)
    due_on = due_date(year, duty.due_month, duty.due_day)
    this_year, last_year = _two_years(ctx, jurisdiction_id, year)
    in_force_now = _in_force_now(targets, year)
    units = ctx.session.execute(
        select(Unit.id, Unit.name).where(Unit.jurisdiction_id == jurisdiction_id).order_by(Unit.id)
    ).all()
    rows = [
        _unit_row(
            ctx,
            unit_id,
            name,
            this_year.get(unit_id),
            last_year.get(unit_id),
            in_force_now,
            due_on,
        )
        for unit_id, name in units
    ]
    rows.sort(key=_behind_first)
    return {
        "jurisdiction": jurisdiction_id,
        "jurisdiction_name": jurisdiction.name,
        "year": year,
        "due_on": due_on,
        "recipient": duty.recipient,
        "units": rows,
        "total": _total(rows, targets, year),
        "targets": [_target_out(t, year) for t in targets],
        "trend": trend(ctx, jurisdiction_id),
    }


def _two_years(ctx: ServiceContext, jurisdiction_id: str, year: int) -> tuple[dict, dict]:
    """This year's and last year's reports by unit, in one query."""
    stmt = select(YearlyReport.year, *REPORT_COLUMNS).where(
        YearlyReport.jurisdiction_id == jurisdiction_id,
        YearlyReport.year.in_((year, year - 1)),
    )
    this_year: dict[str, object] = {}
    last_year: dict[str, object] = {}
    for row in ctx.session.execute(stmt):
        (this_year if row.year == year else last_year)[row.unit_id] = row
    return this_year, last_year


def _in_force_now(targets: list[Target], year: int) -> list[tuple[str, dict, Target]]:
    """Each indicator's target in force this year, worked out once for every unit."""
    found = []
    for indicator in INDICATORS:
        target = in_force(targets, indicator, year)
        if target is not None:
            found.append((indicator, _target_out(target, year), target))
    return found


FIRST_FIGURE = 1 + len(REPORT_COLUMNS) - len(FIGURES)  # the figures end each row of _two_years


def _counts(report) -> dict[str, int] | None:
    if report is None or report.status != "acknowledged":
        return None
    return dict(zip(FIGURES, report[FIRST_FIGURE:], strict=True))


def _shares(counts: dict | None) -> dict[str, float | None]:
    return {ind: indicator_share(ind, counts) if counts else None for ind in INDICATORS}


def _unit_row(ctx, unit_id, name, report, last, in_force_now, due_on: date) -> dict:
    counts = _counts(report)
    shares, before = _shares(counts), _shares(_counts(last))
    status = report.status if report else "missing"
    submitted_at = report.submitted_at if report else None
    checks = [
        {**out, "value": shares.get(ind), "met": met(shares.get(ind), target)}
        for ind, out, target in in_force_now
    ]
    return {
        "unit": unit_id,
        "name": name,
        "report_id": report.id if report else None,
        "status": status,
        "overdue": is_overdue(status, due_on, ctx.now, submitted_at),
        "counts": counts,
        "shares": shares,
        "last_year": before,
        "jumps": [ind for ind in INDICATORS if jump(shares[ind], before[ind])],
        "targets": checks,
        "behind": counts is None or not all(c["met"] for c in checks),
    }


def _target_out(target: Target, year: int) -> dict:
    return {
        "indicator": target.indicator,
        "share": target.share,
        "by_year": target.by_year,
        "in_force": target.by_year <= year,
    }


def _behind_first(row: dict) -> tuple:
    share = row["shares"].get("learning_citizens_share")
    return (not row["behind"], share if share is not None else -1.0, row["unit"])


def _total(rows: list[dict], targets: list[Target], year: int) -> dict:
    counted = [r["counts"] for r in rows if r["counts"]]
    counts = {name: sum(c[name] for c in counted) for name in FIGURES}
    shares = _shares(counts if counted else None)
    every = []
    for target in targets:  # every milestone, each with whether the total reaches it
        value = shares.get(target.indicator)
        every.append({**_target_out(target, year), "value": value, "met": met(value, target)})
    return {
        "counts": counts,
        "shares": shares,
        "units_total": len(rows),
        "units_reported": len(counted),
        "units_overdue": sum(1 for r in rows if r["overdue"]),
        "units_behind": sum(1 for r in rows if r["behind"]),
        "targets": every,
    }


def trend(ctx: ServiceContext, jurisdiction_id: str) -> list[dict]:
    """The jurisdiction's shares per year, from the acknowledged reports (L4's trend)."""
    sums = [func.sum(getattr(YearlyReport, name)) for name in FIGURES]
    stmt = (
        select(YearlyReport.year, *sums)
        .where(
            YearlyReport.jurisdiction_id == jurisdiction_id,
            YearlyReport.status == "acknowledged",
        )
        .group_by(YearlyReport.year)
        .order_by(YearlyReport.year)
    )
    points = []
    for year, *values in ctx.session.execute(stmt):
        counts = dict(zip(FIGURES, (int(v or 0) for v in values), strict=True))
        points.append({"year": year, "counts": counts, "shares": _shares(counts)})
    return points


def overview(ctx: ServiceContext, year: int) -> dict:
    """L4 one level up (UBND tỉnh, or a national reader): each jurisdiction with a report
    duty that this user may read, its totals against its targets, behind first."""
    if ctx.actor is None:
        require_reader(ctx, None)
    places = {g.jurisdiction_id for g in ctx.actor.grants}
    stmt = select(ReportDuty.jurisdiction_id).order_by(ReportDuty.jurisdiction_id)
    readable = [j for j in ctx.session.scalars(stmt) if None in places or j in places]
    rows = []
    for jurisdiction_id in readable:
        data = summary(ctx, jurisdiction_id, year)
        total = data["total"]
        checks = [t for t in total["targets"] if t["in_force"]] or total["targets"][:1]
        rows.append(
            {
                "jurisdiction": jurisdiction_id,
                "name": data["jurisdiction_name"],
                "due_on": data["due_on"],
                "recipient": data["recipient"],
                **{k: total[k] for k in ("units_total", "units_reported", "units_overdue")},
                "units_behind": total["units_behind"],
                "shares": total["shares"],
                "targets": checks,
                "behind": not checks or not all(t["met"] for t in checks),
            }
        )
    rows.sort(key=lambda r: (not r["behind"], r["jurisdiction"]))
    return {"year": year, "jurisdictions": rows}
