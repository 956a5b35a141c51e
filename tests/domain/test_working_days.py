"""Working days (domain/working_days.py): how long a level had, weekends and days off aside."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workflow_app.domain.working_days import (
    add_working_days,
    is_working_day,
    limit_for,
    working_days_between,
)

# Reunification Day, Labour Day and the bridge day of 2025.
HOLIDAYS_2025 = {date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)}
FRIDAY = datetime(2025, 5, 9, 16, 0)
MONDAY = datetime(2025, 5, 12, 9, 0)


def test_weekends_and_holidays_are_not_working_days():
    """Are Saturday, Sunday and 30 April days off, and an ordinary Tuesday a working day?"""
    assert not is_working_day(date(2025, 5, 10), set())
    assert not is_working_day(date(2025, 5, 11), set())
    assert not is_working_day(date(2025, 4, 30), HOLIDAYS_2025)
    assert is_working_day(date(2025, 4, 29), HOLIDAYS_2025)


def test_a_task_done_the_same_day_took_no_working_day():
    """Does a task opened and done on one day count 0 days, and one done earlier too?"""
    assert working_days_between(MONDAY, MONDAY.replace(hour=17), set()) == 0
    assert working_days_between(MONDAY, FRIDAY, set()) == 0


def test_friday_to_monday_is_one_working_day():
    """Does a step that arrived on Friday and was done on Monday count one working day?"""
    assert working_days_between(FRIDAY, MONDAY, set()) == 1


def test_a_holiday_week_counts_only_its_working_days():
    """From Tuesday 29 April to Tuesday 6 May 2025, with 30/4-2/5 off, did 2 working days pass?"""
    start, end = datetime(2025, 4, 29, 9, 0), datetime(2025, 5, 6, 9, 0)
    assert working_days_between(start, end, HOLIDAYS_2025) == 2
    assert working_days_between(start, end, set()) == 5


def test_a_limit_runs_out_at_the_same_time_on_its_last_working_day():
    """Do 2 working days from Tuesday 29 April 9:00, over the holidays, end Tuesday 6 May 9:00,
    and does counting back give 2 again?"""
    start = datetime(2025, 4, 29, 9, 0)
    due = add_working_days(start, 2, HOLIDAYS_2025)
    assert due == datetime(2025, 5, 6, 9, 0)
    assert working_days_between(start, due, HOLIDAYS_2025) == 2


def test_a_limit_of_no_days_ends_when_it_starts():
    """Is a limit of 0 working days already due at its start?"""
    assert add_working_days(FRIDAY, 0, set()) == FRIDAY


@pytest.mark.parametrize(
    ("lane", "due_days", "limit"),
    [
        ("so_gddt", None, 20),
        ("unit", None, 15),
        ("central", None, 30),
        ("so_gddt", 5, 5),
        ("a-new-lane", None, None),
        (None, None, None),
    ],
)
def test_a_steps_limit_is_the_models_or_else_its_levels(lane, due_days, limit):
    """Does a step take the model's own limit when set, else its level's (20 days at Sở GDĐT),
    and no limit in a lane the law gives none?"""
    assert limit_for(lane, due_days) == limit
