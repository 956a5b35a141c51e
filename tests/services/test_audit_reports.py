"""The auditor's reading of a dossier (X4): timeline, path with return loops, diff of two
steps, search, and the time spent at each level against its limit in working days."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.factories import APPROVE, COUNCIL_PASSED
from workflow_app.domain.errors import Invalid, NotAllowed
from workflow_app.domain.working_days import working_days_between
from workflow_app.persistence.models import User
from workflow_app.runtime import service_context
from workflow_app.services import audit_reports as audit
from workflow_app.services.accounts import actor_for

RETURN = {"decision": "return", "reason": "Bổ sung biên bản họp"}
HOLIDAYS_2025 = {date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)}


@contextmanager
def as_user(app, db, username: str = "hcm-auditor"):
    with app.app_context(), db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        yield service_context(session, actor_for(user), app)


def returned_once_and_approved(api) -> int:
    """A Giấy khen returned by Sở GDĐT to the unit once, then approved."""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    for data in (COUNCIL_PASSED, RETURN, COUNCIL_PASSED, APPROVE, APPROVE):
        assert api.complete_open(dossier["id"], data).status_code == 200
    return dossier["id"]


def test_working_days_skip_weekends_and_holidays():
    """From Monday 28 April to Monday 5 May 2025, with 30/4, 1/5 and 2/5 off, how many
    working days pass? Only Tuesday 29 April and Monday 5 May."""
    start, end = datetime(2025, 4, 28, 9), datetime(2025, 5, 5, 16)
    assert working_days_between(start, end, HOLIDAYS_2025) == 2
    assert working_days_between(start, end, set()) == 5
    assert working_days_between(end, start, set()) == 0


def test_the_seeded_calendar_holds_vietnams_holidays(app, db):
    """Is the national calendar seeded with Vietnam's public holidays, Tết included?"""
    with as_user(app, db) as ctx:
        days = audit.holidays_of(ctx, "hcm")
    assert {date(2025, 1, 29), date(2025, 4, 30), date(2025, 9, 2), date(2030, 1, 1)} <= days


def test_time_at_each_level_is_counted_in_working_days_and_over_limit_marked(api, app, db, clock):
    """Does the report count a step across the 30/4-2/5 holidays in working days, and mark
    the Sở GDĐT appraisal that took longer than its 20 working days?"""
    clock.now = datetime(2025, 4, 28, 9, 0)
    dossier = api.gen_submitted()
    clock.now = datetime(2025, 5, 5, 10, 0)
    api.complete_open(dossier["id"], COUNCIL_PASSED)
    clock.now = datetime(2025, 6, 10, 10, 0)
    api.complete_open(dossier["id"], APPROVE)
    with as_user(app, db) as ctx:
        times = [t for t in audit.step_times(ctx, None, None) if t.dossier_id == dossier["id"]]
        tallies = audit.tallies(times)
    by_task = {t.task: t for t in times}
    unit, appraisal = by_task["unit_council"], by_task["so_gddt_appraisal"]
    assert (unit.working_days, unit.limit, unit.over) == (2, 15, False)
    assert (appraisal.working_days, appraisal.limit, appraisal.over) == (26, 20, True)
    assert appraisal.actor == "hcm-sgd" and appraisal.decision == "approve"
    assert by_task["sector_council"].completed_at is None  # still open: counted up to now
    assert tallies["lane"]["so_gddt"].over == 1
    assert tallies["reviewer"]["hcm-sgd"].decisions["approve"] == 1


def test_timeline_shows_documents_and_rules_as_they_were(api, app, db):
    """Does each event show the documents attached up to it (with sha256) and the model
    version and rule set then in force, and each decision its actor, role and reason?"""
    dossier_id = returned_once_and_approved(api)
    with as_user(app, db) as ctx:
        entries = audit.timeline(audit.event_rows(ctx, dossier_id))
    created = entries[0]
    assert created.type == "dossier_created" and created.documents == ()
    submitted = next(e for e in entries if e.type == "dossier_submitted")
    assert [d["kind"] for d in submitted.documents] == [
        "to-trinh",
        "bien-ban",
        "bao-cao-thanh-tich",
    ]
    assert all(len(d["sha256"]) == 64 for d in submitted.documents)
    assert submitted.rule_set and submitted.model_version.startswith("hcm-award-chain@")
    returned = next(e for e in entries if e.decision == "return")
    assert (returned.actor, returned.role, returned.reason) == (
        "hcm-sgd",
        "so_gddt",
        RETURN["reason"],
    )
    assert returned.model_version.startswith("hcm") and returned.rule_set == submitted.rule_set
    assert returned.form == RETURN


def test_the_path_counts_every_visit_of_a_return_loop(api, app, db):
    """After a return, do the unit's and Sở GDĐT's steps each show two visits, and where
    does the token stand just after the return?"""
    dossier_id = returned_once_and_approved(api)
    with as_user(app, db) as ctx:
        events = audit.event_rows(ctx, dossier_id)
    final = audit.path_at(events, events[-1]["seq"])
    assert final.visits["unit_council"] == 2 and final.visits["so_gddt_appraisal"] == 2
    assert final.visits["sector_council"] == 1 and final.current == ()
    returned = next(e for e in events if e["type"] == "dossier_returned")
    at_return = audit.path_at(events, returned["seq"])
    assert at_return.current == ("unit_council",)
    assert at_return.visits["unit_council"] == 2 and at_return.completions["unit_council"] == 1


def test_the_diff_of_two_steps_goes_field_by_field(api, app, db):
    """Comparing the return with the later approval, which fields changed?"""
    dossier_id = returned_once_and_approved(api)
    with as_user(app, db) as ctx:
        events = audit.event_rows(ctx, dossier_id)
    done = [e for e in events if e["type"] == "task_completed" and e["task"] == "so_gddt_appraisal"]
    changes = {c.name: c for c in audit.form_diff(events, done[0]["seq"], done[1]["seq"])}
    assert changes["decision"].before == "return" and changes["decision"].after == "approve"
    assert changes["decision"].changed and changes["reason"].changed
    with pytest.raises(Invalid):
        audit.form_diff(events, events[0]["seq"], done[1]["seq"])


def test_search_by_nominee_reviewer_status_and_period(api, app, db, clock):
    """Can an auditor find a dossier by the nominee's name, by who acted on it, by its status
    and by when something happened to it, and miss it with the wrong values?"""
    dossier_id = returned_once_and_approved(api)
    name = api.dossier(dossier_id)["nominee"]["name"]
    day = clock.now.date()
    found = lambda **f: [d.id for d in audit.search_dossiers(ctx, audit.SearchFilters(**f))]  # noqa: E731
    with as_user(app, db) as ctx:
        assert dossier_id in found(nominee=name.split()[-1], status="approved")
        assert dossier_id in found(
            reviewer="hcm-sgd", round="annual-2025", unit="hcm-thpt-le-quy-don"
        )
        assert dossier_id in found(date_from=day, date_to=day, award_form="giay-khen-so")
        assert dossier_id not in found(reviewer="central")
        assert dossier_id not in found(date_from=date(2026, 1, 1))
        assert dossier_id not in found(status="rejected")


@pytest.mark.parametrize("username", ["hcm-unit", "hcm-sgd"])
def test_only_auditors_and_admins_search(app, db, username):
    """Is a unit user or a reviewer refused the auditor's search?"""
    with as_user(app, db, username) as ctx, pytest.raises(NotAllowed):
        audit.search_dossiers(ctx, audit.SearchFilters())
