"""Races between app processes on one database: caps never overrun, a task is completed once,
a deadline fires once. Runs on SQLite and, in CI, on PostgreSQL (database workflow_test_race).

These tests need committed data that several processes can see, so they use a database of
their own instead of the per-test rolled-back transaction of the other tests."""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests.conftest import DATABASES, DEMO_PASSWORD, POSTGRES_URL
from tests.factories import APPROVE, Api, walk_to
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate
from workflow_app.persistence.models import Dossier, HistoryEvent, HumanTask, QuotaCap
from workflow_app.services.selection.sittings import SittingInput

from . import workers

# Repetitions of the cap race: 10 by default for a quick local run; .ci/run sets 100.
REPETITIONS = int(os.environ.get("WORKFLOW_TEST_RACE_REPEATS", "10"))
CLOCK = datetime(2026, 5, 1, 9, 0)


@pytest.fixture(scope="module", params=DATABASES)
def race_url(request, tmp_path_factory) -> str:
    if request.param == "postgresql":
        name = os.environ.get("WORKFLOW_TEST_RACE_DATABASE", "workflow_test_race")
        race = make_url(POSTGRES_URL).set(database=name)
        url = migrate.recreate_postgres_database(race.render_as_string(hide_password=False))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('race') / 'race.db'}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "DEMO_PASSWORD": DEMO_PASSWORD})
    for args in (["seed-demo"], ["models", "import", str(PROJECT_ROOT)]):
        assert app.test_cli_runner().invoke(args=args).exit_code == 0
    return url


@pytest.fixture(scope="module")
def race_app(race_url, tmp_path_factory):
    return create_app(
        {
            "DATABASE_URL": race_url,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "SECRET_KEY": "race",
            "CLOCK": lambda: CLOCK,
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("race-uploads")),
        }
    )


@pytest.fixture(scope="module")
def api(race_app) -> Api:
    return Api(race_app.test_client(), DEMO_PASSWORD)


@pytest.fixture(scope="module")
def pool(race_url):
    """Two app processes, each about to run several threads."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        2, mp_context=context, initializer=workers.init_worker, initargs=(race_url,)
    ) as executor:
        yield executor


def in_two_processes(pool, jobs: list, now: datetime) -> list[str]:
    """Split the jobs between the two processes and release every thread at once."""
    start_at = time.time() + 0.3
    halves = [pool.submit(workers.complete_concurrently, jobs[i::2], now, start_at) for i in (0, 1)]
    return [result for half in halves for result in half.result()]


def scalar(app, statement):
    with app.extensions["workflow_db"].unit_of_work() as session:
        return session.scalar(statement)


def open_task_ids(app, dossier_ids, name) -> list[int]:
    with app.extensions["workflow_db"].unit_of_work() as session:
        return list(
            session.scalars(
                select(HumanTask.id)
                .where(
                    HumanTask.dossier_id.in_(dossier_ids),
                    HumanTask.state == "open",
                    HumanTask.name == name,
                )
                .order_by(HumanTask.id)
            )
        )


def propose_at_ubnd(api) -> int:
    """A Bằng khen Thủ tướng (tong-ket-2030, Q2: cap 3) approved by UBND: it waits for the
    sitting (S1)."""
    dossier = api.gen_submitted("bang-khen-thu-tuong", round_="tong-ket-2030")
    walk_to(api, dossier["id"])
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    return dossier["id"]


def in_two_processes_sit(pool, jobs: list, now: datetime) -> list[str]:
    start_at = time.time() + 0.3
    halves = [pool.submit(workers.sit_concurrently, jobs[i::2], now, start_at) for i in (0, 1)]
    return [result for half in halves for result in half.result()]


@pytest.mark.rule("Q2", "S1")
def test_concurrent_sittings_for_one_cap_never_exceed_it(api, race_app, pool):
    """Q2, S1: when four UBND sittings for the cap of 3 are confirmed at the same instant on
    two app processes, does exactly one take effect (three forwarded), the others refused
    with nothing changed, every time, over many repetitions?"""
    cap_used = select(QuotaCap.used).where(
        QuotaCap.round == "tong-ket-2030",
        QuotaCap.award_form == "bang-khen-thu-tuong",
        QuotaCap.level == "ubnd",
    )
    recycled: list[int] = []
    for repetition in range(REPETITIONS):
        waiting = recycled + [propose_at_ubnd(api) for _ in range(5 - len(recycled))]
        listed = api.candidates("tong-ket-2030", "bang-khen-thu-tuong", "ubnd")["items"]
        assert sorted(item["dossier_id"] for item in listed) == sorted(waiting), repetition
        sitting = SittingInput(
            round="tong-ket-2030",
            award_form="bang-khen-thu-tuong",
            level="ubnd",
            held_on=date(2030, 6, 10),
            members_total=15,
            members_present=14,
            votes=[(dossier_id, 10 + i % 4) for i, dossier_id in enumerate(waiting)],
        )
        jobs = [("hcm-ubnd", sitting), ("hcm-ubnd2", sitting)] * 2
        results = in_two_processes_sit(pool, jobs, CLOCK)
        assert sorted(results) == ["conflict"] * 3 + ["ok"], (repetition, results)
        assert scalar(race_app, cap_used) == 3
        winners = [d for d in waiting if api.dossier(d)["status"] == "in_progress"]
        assert len(winners) == 3 and all(api.open_task(d)["lane"] == "central" for d in winners)
        back = {"decision": "return", "reason": "Lặp lại phép thử"}
        # C6: the central appraisal returns in writing, its letter dated today.
        letter = {
            "return_letter_number": "15/BTĐKT",
            "return_letter_date": CLOCK.date().isoformat(),
        }
        for dossier_id in winners:  # back below UBND and up again: released, proposed again
            assert api.complete_open(dossier_id, {**back, **letter}).status_code == 200
            assert api.complete_open(dossier_id, back).status_code == 200
            walk_to(api, dossier_id, ("so_noi_vu_appraisal",))
            assert api.complete_open(dossier_id, APPROVE).status_code == 200
        assert scalar(race_app, cap_used) == 0
        recycled = winners


def test_double_completion_one_wins_one_gets_conflict(api, race_app, pool):
    """When two Sở GDĐT reviewers on two processes complete the same task at once, does
    exactly one succeed and the other get a conflict, with one completion recorded?"""
    for repetition in range(20):
        dossier = api.gen_submitted("giay-khen-so", round_="annual-2027")
        walk_to(api, dossier["id"], ("unit_council",))
        [task_id] = open_task_ids(race_app, [dossier["id"]], "so_gddt_appraisal")
        results = in_two_processes(pool, [(task_id, "hcm-sgd"), (task_id, "hcm-sgd2")], CLOCK)
        assert sorted(results) == ["conflict", "ok"], (repetition, results)
        completions = select(func.count()).where(
            HistoryEvent.dossier_id == dossier["id"],
            HistoryEvent.type == "task_completed",
            HistoryEvent.task == "so_gddt_appraisal",
        )
        assert scalar(race_app, completions) == 1
        assert api.open_task(dossier["id"])["name"] == "sector_council"


@pytest.mark.rule("T1")
def test_two_timer_runners_fire_each_deadline_once(api, race_app, pool):
    """T1: when two `timers run` processes pass the annual-2026 deadline at the same moment,
    is each late dossier excluded once, with one exclusion event?"""
    after_deadline = datetime(2026, 6, 1, 0, 5)
    pool.submit(workers.fire_deadlines, after_deadline, time.time()).result()  # demo drafts
    late = [api.gen_submitted("giay-khen-so", round_="annual-2026")["id"] for _ in range(10)]
    start_at = time.time() + 0.3
    runs = [pool.submit(workers.fire_deadlines, after_deadline, start_at) for _ in range(2)]
    assert sum(run.result() for run in runs) == 10
    for dossier_id in late:
        assert (
            scalar(race_app, select(Dossier.status).where(Dossier.id == dossier_id)) == "excluded"
        )
        exclusions = select(func.count()).where(
            HistoryEvent.dossier_id == dossier_id, HistoryEvent.type == "dossier_excluded"
        )
        assert scalar(race_app, exclusions) == 1
