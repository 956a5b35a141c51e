"""A jurisdiction's settings as use cases: its own days off count in working-day limits, the
deadline is kept as the app's clock compares it, every change is in the history once."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from tests.factories import COUNCIL_PASSED
from workflow_app.domain.errors import NotAllowed
from workflow_app.domain.working_days import add_working_days, working_days_between
from workflow_app.persistence.models import User
from workflow_app.runtime import service_context
from workflow_app.services import audit_reports as audit
from workflow_app.services import deadlines, quotas
from workflow_app.services import settings_admin as settings
from workflow_app.services.accounts import actor_for, ensure_user
from workflow_app.services.calendar import due_after
from workflow_app.services.setting_changes import setting_history

HOLIDAYS_2025 = {date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)}


@contextmanager
def as_user(app, db, username: str = "hcm-admin"):
    with app.app_context(), db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        yield service_context(session, actor_for(user), app)


def test_add_working_days_skips_weekends_and_holidays():
    """From Tuesday 29 April 2025 at 9:00, when do 2 working days run out with 30/4-2/5 off?
    On Tuesday 6 May at 9:00; and counting back gives 2 again."""
    start = datetime(2025, 4, 29, 9)
    due = add_working_days(start, 2, HOLIDAYS_2025)
    assert due == datetime(2025, 5, 6, 9)
    assert working_days_between(start, due, HOLIDAYS_2025) == 2
    assert add_working_days(start, 0, HOLIDAYS_2025) == start


def test_a_jurisdictions_day_off_shifts_its_working_day_deadline(app, db):
    """Does a day off HCMC adds push a 1-working-day limit from Friday to Monday in HCMC, and
    leave Đồng Nai's limit where it was?"""
    thursday = datetime(2025, 8, 28, 9)
    with as_user(app, db) as ctx:
        assert due_after(ctx.session, "hcm", thursday, 1) == datetime(2025, 8, 29, 9)
        settings.add_holiday(ctx, "hcm", date(2025, 8, 29), "Nghỉ bù")
        # 30-31/8 weekend, 1-2/9 national holidays
        assert due_after(ctx.session, "hcm", thursday, 1) == datetime(2025, 9, 3, 9)
        assert due_after(ctx.session, "dong-nai", thursday, 1) == thursday + timedelta(1)


def test_a_jurisdictions_day_off_counts_in_the_audit_report(api, app, db, clock):
    """Does the time a step took, in the auditor's report, drop by one working day once HCMC
    declares a day of it off?"""
    clock.now = datetime(2025, 6, 2, 9, 0)  # Monday
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2026")
    clock.now = datetime(2025, 6, 6, 9, 0)  # Friday
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200

    def unit_days() -> int:
        with as_user(app, db, "hcm-auditor") as ctx:
            times = audit.step_times(ctx, None, None)
        return next(t for t in times if t.task == "unit_council").working_days

    assert unit_days() == 4
    with as_user(app, db) as ctx:
        settings.add_holiday(ctx, "hcm", date(2025, 6, 4), "Ngày nghỉ của thành phố")
    assert unit_days() == 3


def test_deadline_is_kept_in_utc_as_the_clock_compares_it(app, db):
    """Is a deadline given in Vietnam time kept as naive UTC (the clock's way), and a naive
    one kept as it is?"""
    vietnam = timezone(timedelta(hours=7))
    with as_user(app, db) as ctx:
        row = deadlines.set_deadline(ctx, None, "annual-2025", datetime(2025, 6, 1, tzinfo=vietnam))
        assert row.deadline == datetime(2025, 5, 31, 17, 0)
        row = deadlines.set_deadline(ctx, "hcm", "so-ket-2025", datetime(2025, 7, 1, 0, 0))
        assert row.deadline == datetime(2025, 7, 1) and row.updated_by == "hcm-admin"
        assert deadlines.deadline_for(ctx.session, "hcm", "annual-2025") == datetime(
            2025, 5, 31, 17
        )


def test_an_unchanged_cap_writes_no_history(app, db):
    """Does saving a cap with the value it already has leave the history as it was?"""
    with as_user(app, db) as ctx:
        quotas.set_cap(ctx, "so-ket-2025", "bang-khen-thu-tuong", "ubnd", 2, "hcm")
        assert setting_history(ctx, "hcm", "quota_cap") == []
        quotas.set_cap(ctx, "so-ket-2025", "bang-khen-thu-tuong", "ubnd", 3, "hcm")
        [change] = setting_history(ctx, "hcm", "quota_cap")
        assert (change.before, change.after) == ({"cap": 2}, {"cap": 3})


def test_an_admin_of_two_jurisdictions_must_name_one(app, db):
    """Is an admin of two jurisdictions who names none refused, rather than one being picked
    for them?"""
    with app.app_context(), db.unit_of_work() as session:
        ensure_user(
            session,
            "two-admin",
            "Hai nơi",
            "x",
            [("admin", "hcm", None), ("admin", "can-tho", None)],
            datetime(2025, 5, 5),
        )
    with as_user(app, db, "two-admin") as ctx:
        with pytest.raises(NotAllowed):
            settings.add_holiday(ctx, None, date(2025, 8, 29), "Nghỉ")
        assert settings.add_holiday(ctx, "can-tho", date(2025, 8, 29), "Nghỉ").id
