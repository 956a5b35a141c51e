"""Script budgets seen from requests (issue 16): a runaway script stops its own step with a
422 naming the BPMN element, in the caller's language, and leaves every other request,
running at the same time, unaffected.

The parallel tests need two requests at once on committed data, so they use a database of
their own (as tests/concurrency does) instead of the per-test rolled-back transaction."""

from __future__ import annotations

import io
import threading
import time
from datetime import datetime

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.factories import COUNCIL_PASSED, Api
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate

HCM = "hcm-award-chain"
BPMN_NAME = "award_chain.bpmn"
HCM_BPMN = (PROJECT_ROOT / "bpmn" / "hcm" / BPMN_NAME).read_text(encoding="utf-8")
TALLY = "council_passed = votes_for * 100 &gt;= min_approval_percent * members_total"
ENDLESS = HCM_BPMN.replace(TALLY, "while True: pass")
HUGE = HCM_BPMN.replace(TALLY, "council_passed = 10 ** 10 ** 7 &gt; 0")


def upload(api: Api, bpmn: str) -> int:
    """A new draft version of HCMC's model with this BPMN; its number."""
    response = api.post(
        f"/process-models/{HCM}/versions",
        "hcm-admin",
        data={"files": [(io.BytesIO(bpmn.encode("utf-8")), BPMN_NAME)]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    assert response.json["problems"] == [], response.json["problems"]
    return response.json["version"]


def test_a_step_over_budget_is_a_422_naming_the_element_and_nothing_changes(api):
    """When a published model's council tally computes 10**10**7, does completing the council
    step answer 422 `script_budget_exceeded` naming the script task, in English for an
    English caller, and leave the task open and the history as it was?"""
    number = upload(api, HUGE)
    published = api.post(f"/process-models/{HCM}/versions/{number}/publish", "hcm-admin")
    assert published.status_code == 200, published.json
    dossier = api.gen_submitted("giay-khen-so")
    events_before = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    task = api.open_task(dossier["id"])
    headers = {"Authorization": f"Bearer {api.token('hcm-unit')}", "Accept-Language": "en"}
    response = api.client.post(
        f"/api/v1/tasks/{task['id']}/complete", headers=headers, json={"data": COUNCIL_PASSED}
    )
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "script_budget_exceeded"
    assert error["details"]["element"] == "count_council_votes"
    assert "count_council_votes" in error["message"] and "went over its limit" in error["message"]
    assert api.open_task(dossier["id"])["id"] == task["id"]
    events_after = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    assert events_after == events_before


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    """An app on a SQLite file of its own, with HCMC's model and an endless-loop draft."""
    url = f"sqlite:///{tmp_path_factory.mktemp('budget') / 'budget.db'}"
    migrate.upgrade(url)
    config = {
        "DATABASE_URL": url,
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "SECRET_KEY": "budget",
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("budget-uploads")),
        "CLOCK": lambda: datetime(2025, 5, 5, 8, 0),  # the so-ket-2025 round is open
        "SCRIPT_CPU_SECONDS": 0.5,  # WORKFLOW_SCRIPT_CPU_SECONDS: an operator's own budget
    }
    app = create_app(config)
    for args in (["seed-demo"], ["models", "import", str(PROJECT_ROOT)]):
        assert app.test_cli_runner().invoke(args=args).exit_code == 0
    return app


def dry_run_endless(app, number: int, answers: dict) -> None:
    api = Api(app.test_client(), DEMO_PASSWORD)
    started = time.perf_counter()
    answers["dry_run"] = api.post(
        f"/process-models/{HCM}/versions/{number}/dry-run",
        "hcm-admin",
        json={"samples": ["giay-khen-so"]},
    )
    answers["dry_run_seconds"] = time.perf_counter() - started


def other_requests(app, answers: dict) -> None:
    """What other users do meanwhile: read the inbox, submit a dossier."""
    api = Api(app.test_client(), DEMO_PASSWORD)
    started = time.perf_counter()
    answers["inbox"] = api.get("/tasks", "hcm-sgd").status_code
    answers["submitted"] = api.gen_submitted("giay-khen-so")["status"]
    answers["others_seconds"] = time.perf_counter() - started


@pytest.mark.parametrize("dry_run_thread", ["main", "background"])
def test_an_endless_script_in_a_dry_run_leaves_other_requests_unaffected(own_app, dry_run_thread):
    """While a dry run spins in `while True: pass`, are other users' requests served at once,
    and does the dry run end, after about its CPU second, on a refusal naming the script
    task? (Main thread: gunicorn's sync workers; background: the threaded dev server.)"""
    api = Api(own_app.test_client(), DEMO_PASSWORD)
    api.gen_nominee()  # sign the users in before the clock starts
    number = upload(api, ENDLESS)
    answers: dict = {}
    if dry_run_thread == "main":
        other = threading.Thread(target=other_requests, args=(own_app, answers))
        other.start()
        dry_run_endless(own_app, number, answers)
    else:
        other = threading.Thread(target=dry_run_endless, args=(own_app, number, answers))
        other.start()
        other_requests(own_app, answers)
    other.join(timeout=60)
    assert not other.is_alive()
    assert answers["inbox"] == 200 and answers["submitted"] == "in_progress"
    assert answers["others_seconds"] < 5  # served, not queued behind the script
    assert answers["dry_run"].status_code == 200, answers["dry_run"].json
    [run] = answers["dry_run"].json["runs"]
    assert run["stopped"]["code"] == "script_budget_exceeded"
    assert run["stopped"]["details"]["element"] == "count_council_votes"
    assert run["stopped"]["details"]["limit"] == "0.5 s CPU"  # the setting is the budget
    assert answers["dry_run_seconds"] < 15
