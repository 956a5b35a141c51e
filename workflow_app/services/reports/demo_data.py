"""The demo's yearly reports: every seed's report model and duty (T4), Lạng Sơn's targets
(L1), and Lạng Sơn's acknowledged reports of the two previous years, so the summary's trend
has points before this year's reports come in. Idempotent, like the rest of the demo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...engine.engine import WorkflowEngine
from ...persistence.models import User, YearlyReport
from ..accounts import actor_for
from ..context import ServiceContext
from .bundles import import_all
from .filing import complete_report_task, create_report, open_tasks, submit_report
from .targets import LANG_SON_TARGETS, seed_targets

PROJECT_ROOT = Path(__file__).resolve().parents[3]
# (year, unit, reporting user, figures): staff, recognised, with digital skills, proficient.
LANG_SON_PAST = [
    (2024, "lang-son-phong-ke-hoach-tai-chinh", "lang-son-unit2", (20, 10, 6, 4)),
    (2024, "lang-son-van-phong-so", "lang-son-van-phong", (30, 15, 10, 7)),
    (2025, "lang-son-phong-quan-ly-dat-dai", "lang-son-unit", (25, 14, 9, 7)),
    (2025, "lang-son-phong-ke-hoach-tai-chinh", "lang-son-unit2", (20, 13, 9, 6)),
    (2025, "lang-son-van-phong-so", "lang-son-van-phong", (30, 19, 14, 10)),
]


def _context(session: Session, engine: WorkflowEngine, username: str | None, now: datetime):
    user = session.scalar(select(User).where(User.username == username)) if username else None
    return ServiceContext(session, actor_for(user) if user else None, now, engine, Path("."))


def seed_reports(session: Session, now: datetime, root: Path = PROJECT_ROOT) -> None:
    """Report models and duties of every seed; Lạng Sơn's targets and past reports."""
    engine = WorkflowEngine()
    system = _context(session, engine, None, now)
    import_all(system, root)
    seed_targets(system, "lang-son", LANG_SON_TARGETS)
    for year, unit_id, username, counts in LANG_SON_PAST:
        _acknowledged_report(session, engine, year, unit_id, username, counts)


def _acknowledged_report(session, engine, year, unit_id, username, counts) -> None:
    exists = session.scalar(
        select(YearlyReport.id).where(YearlyReport.unit_id == unit_id, YearlyReport.year == year)
    )
    if exists:
        return
    when = datetime(year, 11, 20, 9, 0)
    unit_ctx = _context(session, engine, username, when)
    figures = dict(
        zip(
            ("staff_total", "learning_citizens", "with_digital_skills", "proficient"),
            counts,
            strict=True,
        )
    )
    activities = [
        {
            "kind": "book-day",
            "name": "Ngày sách và văn hóa đọc Việt Nam",
            "held_on": f"{year}-04-21",
            "participants": counts[0],
        },
        {
            "kind": "lifelong-learning-week",
            "name": "Tuần lễ hưởng ứng học tập suốt đời",
            "held_on": f"{year}-10-02",
            "participants": counts[0] - 2,
        },
    ]
    report = create_report(unit_ctx, unit_id, year, figures, activities)
    submit_report(unit_ctx, report.id)
    session.flush()
    checker = _context(session, engine, "lang-son-reviewer", datetime(year, 11, 28, 9, 0))
    for task in open_tasks(checker, report):
        complete_report_task(checker, task.id, {"decision": "approve", "reason": ""})
