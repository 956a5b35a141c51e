"""The BPMN carries the rules an administrator can move; the publish check keeps the law in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import walk_to
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence.models import ProcessInstance
from workflow_app.services.context import ServiceContext
from workflow_app.services.process_models import import_bundle, parsed_model, read_bundle


def system_context(app, session, clock) -> ServiceContext:
    return ServiceContext(session, None, clock(), app.extensions["workflow_engine"], Path("."))


def messages_awaited(app, db, clock, dossier_id: int) -> set[str]:
    """Which hold messages the dossier's stored workflow would catch now."""
    with db.unit_of_work() as session:
        ctx = system_context(app, session, clock)
        instance = session.scalar(
            select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
        )
        workflow = ctx.engine.load(parsed_model(ctx, instance.version), instance.state)
        names = ("hold_placed", "hold_cleared")
        return {name for name in names if ctx.engine.waits_for_message(workflow, name)}


@pytest.mark.rule("X2")
def test_hold_runs_through_the_diagrams_event_subprocess(api, app, db, clock):
    """Does placing a hold start the diagram's hold subprocess (waiting for hold_cleared), and
    clearing it end that subprocess, ready for the next hold?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    assert messages_awaited(app, db, clock, dossier["id"]) == {"hold_placed"}
    hold = api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": dossier["nominee"]["id"], "kind": "inspection", "reference": "QĐ 5"},
    ).json
    assert "hold_cleared" in messages_awaited(app, db, clock, dossier["id"])
    api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json={"reference": "KL 6"})
    assert messages_awaited(app, db, clock, dossier["id"]) == {"hold_placed"}


def hcm_bundle_with(edit):
    bundle = read_bundle(Path(PROJECT_ROOT), "hcm")
    files = dict(bundle.files)
    files["award_chain.bpmn"] = edit(files["award_chain.bpmn"])
    assert files != bundle.files
    return type(bundle)(**{**bundle.__dict__, "files": files})


def without_hold_subprocess(xml: str) -> str:
    return re.sub(
        r"<bpmn:subProcess id=\"hold_subprocess\".*?</bpmn:subProcess>", "", xml, flags=re.S
    )


def without_ubnd_reservation(xml: str) -> str:
    return xml.replace('reserve_quota_slot("ubnd")', 'reserved = "no"')


def without_selection_wait(xml: str) -> str:
    """S1: the capped levels' waits now catch a message no sitting ever sends."""
    return xml.replace('name="selection_decided"', 'name="selection_skipped"')


@pytest.mark.parametrize(
    "edit, expected",
    [
        (without_hold_subprocess, "model_missing_hold_handling"),
        (without_ubnd_reservation, "level_without_reservation"),
        (without_selection_wait, "level_without_selection_wait"),
    ],
    ids=["no-hold-handling", "capped-level-without-reservation", "capped-level-without-sitting"],
)
@pytest.mark.rule("X2", "Q1", "Q2")
def test_publish_refuses_a_model_that_leaves_a_rule_out(app, db, clock, edit, expected):
    """Is a version with no hold handling, or with a capped level (UBND, Q1-Q2) that never
    reserves a slot, kept as a draft with the problem named, instead of going live?"""
    with db.unit_of_work() as session:
        version = import_bundle(system_context(app, session, clock), hcm_bundle_with(edit))
        assert version.status == "draft"
        assert expected in [problem["code"] for problem in version.problems]
        published = [v for v in version.process_model.versions if v.status == "published"]
        assert [v.version for v in published] == [1]
