"""A step is all or nothing: a failure anywhere leaves the database as it was before it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.factories import COUNCIL_PASSED
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence.models import Dossier, HistoryEvent, HumanTask, ProcessInstance
from workflow_app.services.context import ServiceContext
from workflow_app.services.process_models import import_bundle, read_bundle
from workflow_app.services.tasks import complete_task


def snapshot(db, dossier_id: int) -> dict:
    """Everything a step may write for a dossier."""
    with db.unit_of_work() as session:
        instance = session.scalar(
            select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
        )
        return {
            "status": session.get(Dossier, dossier_id).status,
            "state": instance.state,
            "lock": instance.lock_version,
            "events": session.scalar(
                select(func.count()).where(HistoryEvent.dossier_id == dossier_id)
            ),
            "tasks": sorted(
                session.execute(
                    select(HumanTask.name, HumanTask.state).where(
                        HumanTask.dossier_id == dossier_id
                    )
                ).all()
            ),
        }


def publish_broken_hcm_model(app, db, clock):
    """Publish an HCMC version whose vote-counting script divides by zero."""
    bundle = read_bundle(Path(PROJECT_ROOT), "hcm")
    files = dict(bundle.files)
    files["award_chain.bpmn"] = files["award_chain.bpmn"].replace(
        "<bpmn:script>council_passed = ", "<bpmn:script>council_passed = 1 / 0 or ", 1
    )
    assert files != bundle.files
    broken = type(bundle)(**{**bundle.__dict__, "files": files})
    with db.unit_of_work() as session:
        ctx = ServiceContext(session, None, clock(), app.extensions["workflow_engine"], Path("."))
        assert import_bundle(ctx, broken).problems == []


def test_script_failure_mid_step_changes_nothing(api, app, db, clock):
    """When a BPMN script fails after the council task ran, is the whole step rolled back:
    task still open, no history, same workflow state (and a clear 500)?"""
    publish_broken_hcm_model(app, db, clock)
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    before = snapshot(db, dossier["id"])
    response = api.complete_open(dossier["id"], COUNCIL_PASSED)
    assert response.status_code == 500
    assert response.json["error"]["code"] == "engine_error"
    assert snapshot(db, dossier["id"]) == before


def test_crash_after_the_step_wrote_everything_rolls_it_all_back(api, app, db, clock):
    """If the process dies after a completion wrote its rows but before commit, is nothing
    of it kept?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    before = snapshot(db, dossier["id"])
    task_id = api.open_task(dossier["id"])["id"]
    from workflow_app.persistence.models import User
    from workflow_app.services.accounts import actor_for

    class Crash(Exception):
        pass

    try:
        with db.unit_of_work() as session:
            user = session.scalar(select(User).where(User.username == "hcm-unit"))
            ctx = ServiceContext(
                session, actor_for(user), clock(), app.extensions["workflow_engine"], Path(".")
            )
            complete_task(ctx, task_id, COUNCIL_PASSED)
            session.flush()
            assert session.get(Dossier, dossier["id"]).history_length > before["events"]
            raise Crash
    except Crash:
        pass
    assert snapshot(db, dossier["id"]) == before
