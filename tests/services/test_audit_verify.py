"""`audit verify` at scale (X4): incremental runs replay only what moved since a checkpoint,
yet every tampering is still found; `--full` replays everything; several processes split the
dossiers between them and find the same."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import pytest
from sqlalchemy import select, text, update

from tests.conftest import DEMO_PASSWORD
from tests.factories import APPROVE, COUNCIL_PASSED, Api
from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate
from workflow_app.persistence.models import ProcessInstance

ROUND = "annual-2025"


def _drive(api, count: int) -> list[int]:
    """`count` Giấy khen dossiers, each after its unit council (two steps still to go)."""
    ids = []
    for _ in range(count):
        dossier = api.gen_submitted("giay-khen-so", round_=ROUND)
        assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
        ids.append(dossier["id"])
    return ids


def _verify(runner, *args) -> tuple[int, int, str]:
    """(exit code, dossiers replayed, output) of one `audit verify` run."""
    result = runner.invoke(args=["audit", "verify", *args])
    found = re.search(r"(\d+) replayed", result.output)
    return result.exit_code, int(found.group(1)) if found else -1, result.output


@pytest.mark.rule("X4")
def test_a_second_run_replays_only_the_dossiers_that_moved(api, runner):
    """After a first run, does the next replay nothing until a dossier takes a step, then
    only that dossier; and does --full replay them all again?"""
    seeded = _verify(runner)[1]  # the demo's own dossiers (M1's pre-merger one)
    ids = _drive(api, 3)
    assert _verify(runner)[:2] == (0, 3)
    code, replayed, output = _verify(runner)
    assert (code, replayed) == (0, 0), output
    assert f"{seeded + 3} dossier(s) verified" in output
    assert api.complete_open(ids[1], APPROVE).status_code == 200
    assert _verify(runner)[:2] == (0, 1)
    assert _verify(runner, "--full")[:2] == (0, seeded + 3)


def _rewrite_state(connection, dossier_id: int) -> None:
    """The stored workflow state rewritten (through the column type, which may compress it):
    its start data names another award form."""
    table = ProcessInstance.__table__
    where = table.c.dossier_id == dossier_id
    state = connection.execute(select(table.c.state).where(where)).scalar_one()
    forged = state.replace('"award_form":"giay-khen-so"', '"award_form":"bang-khen-ubnd"')
    assert forged != state
    connection.execute(update(table).where(where).values(state=forged))


def _tamper(connection, kind: str, dossier_id: int) -> None:
    if kind == "state":
        _rewrite_state(connection, dossier_id)
    else:
        connection.execute(text(STATE_TAMPERING[kind]), {"d": dossier_id})


STATE_TAMPERING = {
    "state": None,  # _rewrite_state
    "completed-flag": "UPDATE process_instances SET completed = NOT completed "
    "WHERE dossier_id = :d",
    "event": 'UPDATE history_events SET data = \'{"form": {"votes_for": 1}}\' '
    "WHERE dossier_id = :d AND seq = 5",
    # A checkpoint copied from another dossier to vouch for this one.
    "checkpoint-copied": "UPDATE audit_checkpoints SET seal = (SELECT seal FROM audit_checkpoints "
    "WHERE dossier_id <> :d LIMIT 1) WHERE dossier_id = :d",
}


@pytest.mark.tampers
@pytest.mark.parametrize("kind", sorted(STATE_TAMPERING))
@pytest.mark.rule("X4")
def test_tampering_after_a_checkpoint_is_still_found(kind, api, runner, connection):
    """A dossier verified and checkpointed, then tampered with: does the incremental run
    still fail on it (exit 1, naming it), whatever was changed?"""
    first, second = _drive(api, 2)
    assert _verify(runner)[0] == 0
    _tamper(connection, kind, first)
    code, _, output = _verify(runner)
    if kind == "checkpoint-copied":  # nothing moved: the forged seal only costs a replay
        assert code == 0 and "1 replayed" in output, output
        return
    assert code == 1, output
    assert f"dossier {first}: broken at event" in output
    assert f"dossier {second}:" not in output
    assert _verify(runner)[0] == 1  # a failed dossier keeps failing: no checkpoint vouches


@pytest.mark.tampers
@pytest.mark.rule("X4")
def test_a_forged_checkpoint_does_not_hide_a_changed_state(api, runner, connection):
    """Someone edits the stored state and rewrites its checkpoint to match (without the
    app's key): is the dossier still replayed and found broken?"""
    [dossier_id] = _drive(api, 1)
    assert _verify(runner)[0] == 0
    _rewrite_state(connection, dossier_id)
    table = ProcessInstance.__table__
    forged = connection.execute(
        select(table.c.version_id, table.c.completed, table.c.state).where(
            table.c.dossier_id == dossier_id
        )
    ).one()
    state_hash = hashlib.sha256(
        f"{forged.version_id}:{bool(forged.completed)}:{forged.state}".encode()
    ).hexdigest()
    connection.execute(
        text("UPDATE audit_checkpoints SET state_hash = :h WHERE dossier_id = :d"),
        {"h": state_hash, "d": dossier_id},
    )
    code, _, output = _verify(runner)
    assert code == 1 and f"dossier {dossier_id}: broken at event" in output, output


@pytest.fixture
def committed_app(tmp_path):
    """A committed SQLite database that forked processes can read, with small id ranges."""
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    migrate.upgrade(url)
    config = {
        "DATABASE_URL": url,
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "SECRET_KEY": "audit-test",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "CLOCK": lambda: datetime(2025, 5, 5, 8, 0),
        "AUDIT_RANGE_SIZE": 2,
    }
    app = create_app(config)
    for args in (["seed-demo"], ["models", "import", str(PROJECT_ROOT)]):
        assert app.test_cli_runner().invoke(args=args).exit_code == 0
    yield app
    app.extensions["workflow_db"].engine.dispose()


@pytest.mark.rule("X4")
def test_parallel_processes_verify_every_range_and_find_tampering(committed_app):
    """Seven dossiers in ranges of two, verified by two processes: is each counted once, is a
    dossier tampered in a middle range named, and do the others keep their checkpoints?"""
    runner = committed_app.test_cli_runner()
    seeded = _verify(runner, "--jobs", "2")[1]  # the demo's own (M1's pre-merger dossier)
    ids = _drive(Api(committed_app.test_client(), DEMO_PASSWORD), 7)
    code, replayed, output = _verify(runner, "--jobs", "2")
    assert (code, replayed) == (0, 7) and f"{seeded + 7} dossier(s) verified" in output, output
    with committed_app.extensions["workflow_db"].engine.begin() as connection:
        _rewrite_state(connection, ids[3])
    code, replayed, output = _verify(runner, "--jobs", "2")
    assert code == 1 and f"dossier {ids[3]}: broken at event" in output, output
    assert output.count("broken at event") == 1
    code, replayed, output = _verify(runner, "--jobs", "2", "--dossier", str(ids[0]))
    assert (code, replayed) == (0, 0), output
