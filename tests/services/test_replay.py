"""Replay (X4): a dossier's history, re-run on its pinned model version, must explain the state
it is in; any edit of the history or of the stored state is found and pinned to an event."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from tests.api.test_chain import FULL_CHAIN, walk
from tests.factories import APPROVE, walk_to
from workflow_app.config import PROJECT_ROOT
from workflow_app.domain.history import GENESIS_HASH, event_hash
from workflow_app.persistence.models import (
    Dossier,
    HistoryEvent,
    ProcessInstance,
    ProcessModelVersion,
)
from workflow_app.services.context import ServiceContext
from workflow_app.services.process_models import import_bundle, read_bundle

EVENTS = HistoryEvent.__table__
RETURN = {"decision": "return", "reason": "Bổ sung số liệu"}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}


def replay(api, dossier_id: int, user: str = "hcm-auditor") -> dict:
    response = api.post(f"/dossiers/{dossier_id}/replay", user)
    assert response.status_code == 200, response.json
    return response.json


def history(api, dossier_id: int) -> dict:
    return api.get(f"/dossiers/{dossier_id}/history", "hcm-auditor").json


def seq_of(api, dossier_id: int, type_: str, task: str | None = None) -> int:
    """The seq of the first event of that type (and task)."""
    events = history(api, dossier_id)["events"]
    return next(e["seq"] for e in events if e["type"] == type_ and task in (None, e["task"]))


def assert_verifies(api, dossier_id: int, steps: int) -> None:
    body = replay(api, dossier_id)
    assert body == {
        "dossier_id": dossier_id,
        "verified": True,
        "steps": steps,
        "mismatch_at": None,
        "reason": None,
    }


def rehash_chain(connection, dossier_id: int) -> None:
    """What a forger with database access does after an edit: recompute every hash."""
    rows = connection.execute(
        select(EVENTS).where(EVENTS.c.dossier_id == dossier_id).order_by(EVENTS.c.seq)
    ).mappings()
    prev = GENESIS_HASH
    count = 0
    for count, row in enumerate(list(rows), start=1):
        fields = {**row, "seq": count}
        digest = event_hash(prev, fields)
        connection.execute(
            update(EVENTS)
            .where(EVENTS.c.id == row["id"])
            .values(seq=count, prev_hash=prev, hash=digest)
        )
        prev = digest
    connection.execute(
        update(Dossier.__table__)
        .where(Dossier.__table__.c.id == dossier_id)
        .values(history_length=count, history_head=prev)
    )


def event_row(connection, dossier_id: int, seq: int):
    return connection.execute(
        select(EVENTS).where(EVENTS.c.dossier_id == dossier_id, EVENTS.c.seq == seq)
    ).one()


# --- histories that must verify -----------------------------------------------------------


@pytest.mark.rule("Q1", "X4")
def test_five_level_approval_replays(api):
    """Does a Bằng khen Thủ tướng approved by all five levels replay step by step, including
    the quota slot UBND reserved for it (Q1)?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    walk(api, dossier["id"], FULL_CHAIN)
    assert api.dossier(dossier["id"])["status"] == "approved"
    types = [e["type"] for e in history(api, dossier["id"])["events"]]
    assert "quota_slot_reserved" in types and "selection_held" in types
    # S1: two more steps: the sector council's proposal goes on with no cap, UBND's sitting
    assert_verifies(api, dossier["id"], steps=1 + len(FULL_CHAIN) + 2)


def test_returned_then_approved_replays(api):
    """Does a dossier Sở Nội vụ returned, then approved on the second pass, replay?"""
    dossier = api.gen_submitted("bang-khen-ubnd")
    steps = [*FULL_CHAIN[:3], ("so_noi_vu_appraisal", RETURN), *FULL_CHAIN[2:5]]
    walk(api, dossier["id"], steps)
    assert api.dossier(dossier["id"])["status"] == "approved"
    assert_verifies(api, dossier["id"], steps=1 + len(steps) + 3)  # S1: 3 proposals, no cap


def test_rejected_dossier_replays(api):
    """Does a dossier UBND rejected replay to the same rejected end?"""
    dossier = api.gen_submitted("bang-khen-thu-tuong")
    walk(api, dossier["id"], [*FULL_CHAIN[:4], ("ubnd_decision", REJECT)])
    assert api.dossier(dossier["id"])["status"] == "rejected"
    assert_verifies(api, dossier["id"], steps=7)  # with the sector council's proposal (S1)


@pytest.mark.rule("X2", "X4")
def test_held_and_resumed_dossier_replays(api):
    """X2: does a dossier held at Sở GDĐT and resumed replay, the hold and its clearing
    counted as steps of its workflow?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    hold = api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": dossier["nominee"]["id"], "kind": "complaint", "reference": "Đơn 1"},
    )
    assert replay(api, dossier["id"])["verified"] is True  # on hold now
    api.post(f"/holds/{hold.json['id']}/clear", "hcm-snv", json={"reference": "KL 2"})
    walk_to(api, dossier["id"], ("so_gddt_appraisal", "sector_council"))
    assert_verifies(api, dossier["id"], steps=7)  # with the sector council's proposal (S1)


def test_dossier_submitted_while_held_replays(api):
    """Does a dossier submitted while its nominee was held replay from its first step?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025")
    hold = api.post(
        "/holds",
        "hcm-snv",
        json={"nominee_id": dossier["nominee"]["id"], "kind": "inspection", "reference": "TT 3"},
    ).json
    assert api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit").status_code == 200
    api.post(f"/holds/{hold['id']}/clear", "hcm-snv", json={"reference": "KL 4"})
    walk_to(api, dossier["id"], ("unit_council",))
    assert_verifies(api, dossier["id"], steps=4)


@pytest.mark.rule("T1", "X4")
def test_excluded_dossier_replays(api, runner, clock):
    """T1: does a dossier excluded at its deadline replay, the exclusion ending it?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    clock.now = datetime(2025, 6, 1, 0, 30)
    assert runner.invoke(args=["timers", "run", "--once"]).exit_code == 0
    assert api.dossier(dossier["id"])["status"] == "excluded"
    assert_verifies(api, dossier["id"], steps=1)


def test_withdrawn_and_draft_dossiers_replay(api):
    """Do a withdrawn dossier and a draft (no workflow yet) verify?"""
    withdrawn = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.post(f"/dossiers/{withdrawn['id']}/withdraw", "hcm-unit").status_code == 200
    draft = api.gen_dossier("giay-khen-so", round_="annual-2025")
    assert_verifies(api, withdrawn["id"], steps=1)
    assert_verifies(api, draft["id"], steps=0)


def publish_changed_hcm_model(app, db, clock) -> None:
    """Publish v2 of hcm-award-chain with a changed file, as an administrator would."""
    bundle = read_bundle(Path(PROJECT_ROOT), "hcm")
    files = dict(bundle.files)
    files["award_chain.bpmn"] = files["award_chain.bpmn"].replace(
        "Đơn vị nộp hồ sơ", "Đơn vị nộp hồ sơ (v2)", 1
    )
    assert files != bundle.files
    with db.unit_of_work() as session:
        ctx = ServiceContext(session, None, clock(), app.extensions["workflow_engine"], Path("."))
        assert import_bundle(ctx, replace(bundle, files=files)).version == 2


def test_dossier_keeps_replaying_on_its_superseded_version(api, app, db, clock):
    """When v2 of the model is published mid-flight, does a dossier started on v1 still
    replay on v1, and one started after on v2?"""
    old = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, old["id"], ("unit_council",))
    publish_changed_hcm_model(app, db, clock)
    new = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, old["id"], ("so_gddt_appraisal", "sector_council"))
    assert api.dossier(old["id"])["process_model"]["version"] == 1
    assert api.dossier(new["id"])["process_model"]["version"] == 2
    assert_verifies(api, old["id"], steps=5)  # with the sector council's proposal (S1)
    assert_verifies(api, new["id"], steps=1)


# --- who may replay, and that it writes nothing -------------------------------------------


def test_replay_reads_and_never_writes(api, db):
    """Does a replay leave the history and the stored state exactly as they were?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    with db.unit_of_work() as session:
        before = session.get(Dossier, dossier["id"]).history_head
        state = session.scalar(select(ProcessInstance.state))
    assert replay(api, dossier["id"])["verified"] is True
    with db.unit_of_work() as session:
        assert session.get(Dossier, dossier["id"]).history_head == before
        assert session.scalar(select(ProcessInstance.state)) == state


@pytest.mark.parametrize(
    ("user", "status"),
    [("hcm-auditor", 200), ("hcm-admin", 200), ("hcm-unit", 200), ("hcm-sgd", 200),
     ("hcm-unit2", 404), ("dong-nai-admin", 404)],
)  # fmt: skip
def test_who_may_replay(api, user, status):
    """May auditors, admins and whoever reads the dossier replay it, and nobody else?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.post(f"/dossiers/{dossier['id']}/replay", user).status_code == status


def test_replay_is_in_the_openapi_document(api, client):
    """Is the replay operation documented with its answer's shape?"""
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/dossiers/{id}/replay"]["post"]
    assert "200" in operation["responses"]
    assert {"verified", "steps", "mismatch_at"} <= set(
        document["components"]["schemas"]["ReplayOut"]["properties"]
    )


# --- forgeries that must be found ---------------------------------------------------------


@pytest.fixture
def approved(api) -> int:
    """A Giấy khen dossier approved by the unit's council, Sở GDĐT and its sector council."""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal", "sector_council"))
    return dossier["id"]


@pytest.mark.tampers
@pytest.mark.rule("X4")
def test_forged_form_data_with_recomputed_hashes_is_pinned(api, connection, runner, approved):
    """If a forger edits the council's recorded vote and recomputes every hash (the chain
    holds), does the replay still find it, at that very event, and `audit verify` fail?"""
    seq = seq_of(api, approved, "task_completed", "unit_council")
    row = event_row(connection, approved, seq)
    forged = {**row.data, "form": {**row.data["form"], "votes_for": 6}}
    connection.execute(update(EVENTS).where(EVENTS.c.id == row.id).values(data=forged))
    rehash_chain(connection, approved)
    assert history(api, approved)["verified"] is True  # the chain alone is fooled
    body = replay(api, approved)
    assert body["verified"] is False and body["mismatch_at"] == seq
    assert "state after this step differs" in body["reason"]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"dossier {approved}: broken at event {seq} (replay:" in result.output


@pytest.mark.tampers
@pytest.mark.rule("S4", "X4")
def test_a_forged_sitting_decision_is_pinned(api, connection):
    """If a forger flips a sitting's recorded decision for a dossier it left out (and
    recomputes every hash), does the replay find it at that very event?"""
    ids = []
    for _ in range(2):
        dossier = api.gen_submitted("bang-khen-ubnd", round_="tong-ket-2030")
        walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal"))
        assert api.complete_open(dossier["id"], APPROVE).status_code == 200  # proposed
        ids.append(dossier["id"])
    votes = {ids[0]: 12, ids[1]: 3}
    assert api.hold_sitting(votes, "so_gddt", "tong-ket-2030", "bang-khen-ubnd").status_code == 201
    seq = seq_of(api, ids[1], "dossier_not_selected")
    row = event_row(connection, ids[1], seq)
    forged = {**row.data, "payload": {**row.data["payload"], "selected": True}}
    connection.execute(update(EVENTS).where(EVENTS.c.id == row.id).values(data=forged))
    rehash_chain(connection, ids[1])
    body = replay(api, ids[1])
    assert body["verified"] is False and body["mismatch_at"] == seq


def tamper_state(connection, dossier_id: int, change) -> None:
    instances = ProcessInstance.__table__
    where = instances.c.dossier_id == dossier_id
    state = json.loads(connection.execute(select(instances.c.state).where(where)).scalar_one())
    [council] = [t for t in state["tasks"].values() if t["task_spec"] == "unit_council"]
    change(council)
    connection.execute(update(instances).where(where).values(state=json.dumps(state)))


@pytest.mark.tampers
@pytest.mark.parametrize(
    "change",
    [
        lambda task: task["delta"]["updates"].update(votes_for=2),
        lambda task: task.update(state=16),  # COMPLETED -> READY
    ],
    ids=["task-data", "task-state"],
)
def test_edited_stored_state_is_found(api, connection, approved, change):
    """If someone edits the stored workflow state (a task's data or its state), does the
    replay say the stored state differs, pinned to the last step (the sector council's
    proposal going on, S1)?"""
    tamper_state(connection, approved, change)
    body = replay(api, approved)
    assert body["verified"] is False
    assert body["mismatch_at"] == seq_of(api, approved, "dossier_selected")
    assert "stored state" in body["reason"]


@pytest.mark.tampers
@pytest.mark.parametrize("forger", [False, True], ids=["plain", "rehashed"])
def test_deleted_event_is_pinned(api, connection, approved, forger):
    """Is a deleted completion found at its place, whether or not the hashes were redone?"""
    seq = seq_of(api, approved, "task_completed", "so_gddt_appraisal")
    connection.execute(delete(EVENTS).where(EVENTS.c.dossier_id == approved, EVENTS.c.seq == seq))
    if forger:
        rehash_chain(connection, approved)
    body = replay(api, approved)
    assert body["verified"] is False and body["mismatch_at"] == seq
    assert body["reason"].startswith("replay:" if forger else "hash chain:")


@pytest.mark.tampers
@pytest.mark.parametrize("forger", [False, True], ids=["plain", "rehashed"])
def test_reordered_events_are_pinned(api, connection, approved, forger):
    """Are two swapped events (a completion and the task it opened) found at the first?"""
    first = seq_of(api, approved, "task_completed", "so_gddt_appraisal")
    for old, new in ((first, 999), (first + 1, first), (999, first + 1)):
        connection.execute(
            update(EVENTS)
            .where(EVENTS.c.dossier_id == approved, EVENTS.c.seq == old)
            .values(seq=new)
        )
    if forger:
        rehash_chain(connection, approved)
    body = replay(api, approved)
    assert body["verified"] is False and body["mismatch_at"] == first


@pytest.mark.tampers
def test_repinned_model_version_is_found(api, app, db, clock, connection, approved):
    """If the instance is moved onto another model version, is the first step pinned?"""
    publish_changed_hcm_model(app, db, clock)
    instances = ProcessInstance.__table__
    pinned = select(instances.c.version_id).where(instances.c.dossier_id == approved)
    versions = ProcessModelVersion.__table__
    v2 = connection.execute(
        select(versions.c.id).where(
            versions.c.process_model_id
            == select(versions.c.process_model_id)
            .where(versions.c.id == pinned.scalar_subquery())
            .scalar_subquery(),
            versions.c.version == 2,
        )
    ).scalar_one()
    connection.execute(
        update(instances).where(instances.c.dossier_id == approved).values(version_id=v2)
    )
    body = replay(api, approved)
    assert body["verified"] is False
    assert body["mismatch_at"] == seq_of(api, approved, "workflow_started")
    assert "pinned to hcm-award-chain@2" in body["reason"]


def test_audit_verify_replays_every_dossier(api, runner):
    """Does `audit verify` replay every dossier and say so when all hold, and name a
    dossier that does not exist?"""
    seeded = runner.invoke(args=["audit", "verify"]).output  # the demo's own (M1's merger)
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    api.gen_dossier("giay-khen-so", round_="annual-2025")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    before = int(re.search(r"(\d+) dossier\(s\) verified", seeded).group(1))
    assert f"{before + 2} dossier(s) verified" in result.output
    one = runner.invoke(args=["audit", "verify", "--dossier", str(dossier["id"])])
    assert one.exit_code == 0 and "1 dossier(s) verified" in one.output
    missing = runner.invoke(args=["audit", "verify", "--dossier", "987654"])
    assert missing.exit_code == 1 and "No dossier 987654" in missing.output
