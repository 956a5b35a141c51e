"""`audit verify` on packed history payloads (issue 15): the chain is checked on the stored
bytes, without parsing them, and still finds any payload changed, however it is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.factories import COUNCIL_PASSED
from workflow_app.domain.history import canonical_json, event_content
from workflow_app.persistence.packing import pack_json
from workflow_app.services.audit_verify import _parsed, _spliced_content
from workflow_app.services.replay import _events_by_dossier

ROUND = "annual-2025"


def _dossier(api) -> int:
    dossier = api.gen_submitted("giay-khen-so", round_=ROUND)
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    return dossier["id"]


def test_the_stored_bytes_are_the_text_each_hash_covers(api, db):
    """Is every event's content, written around its payload as stored, byte for byte the
    canonical JSON its hash was computed over?"""
    dossier_id = _dossier(api)
    with db.unit_of_work() as session:
        stored = _events_by_dossier(session, [dossier_id], stored_data=True)[dossier_id]
    assert len(stored) > 5
    for event, parsed in zip(stored, _parsed(stored), strict=True):
        assert _spliced_content(event) == canonical_json(event_content(parsed)).encode()


def _verify(runner) -> tuple[int, str]:
    result = runner.invoke(args=["audit", "verify"])
    return result.exit_code, result.output


@pytest.mark.tampers
@pytest.mark.parametrize(
    "stored",
    [
        pytest.param(pack_json({"form": {"votes_for": 1}}), id="repacked"),
        pytest.param(b'{"form":{"votes_for":1}}', id="canonical-text"),
        pytest.param('{"form": {"votes_for": 1}}', id="json-text"),
    ],
)
@pytest.mark.rule("X4")
def test_a_payload_changed_after_a_checkpoint_is_found_however_stored(
    stored, api, runner, connection
):
    """A checkpointed dossier whose payload at event 5 is replaced (packed, canonical bytes,
    or JSON text as before): does the next incremental run fail on it, at that event?"""
    dossier_id, other = _dossier(api), _dossier(api)
    assert _verify(runner)[0] == 0
    connection.execute(
        text("UPDATE history_events SET data = :data WHERE dossier_id = :d AND seq = 5"),
        {"data": stored, "d": dossier_id},
    )
    code, output = _verify(runner)
    assert code == 1, output
    assert f"dossier {dossier_id}: broken at event 5 (hash chain" in output
    assert f"dossier {other}:" not in output
