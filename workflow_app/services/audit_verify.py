"""`audit verify` at scale (X4): every hash chain checked, replays only where something moved.

A dossier verified once gets a checkpoint: its history length, head hash and the hash of its
stored instance (pinned version, completion flag, state), sealed with an HMAC under the
app's secret key. The next run still checks every event's hash chain (cheap), and replays a
dossier only when its chain or stored state moved since the checkpoint, or its checkpoint
does not carry a valid seal; `full` replays every dossier. Tampering therefore always shows:
an edited event breaks its chain, an edited state no longer matches its checkpoint, and a
checkpoint forged by hand to match either does not carry the key's seal.

The work comes in id ranges (`id_ranges`), each verified on its own connection, so the CLI
runs them in parallel processes; each range commits its own checkpoints.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..domain.history import GENESIS_HASH, ChainBreak, find_chain_break, format_time
from ..persistence.models import AuditCheckpoint, Dossier
from ..persistence.packing import inflate, unpack_json
from .context import ServiceContext
from .replay import (
    BATCH,
    ReplayResult,
    _dossiers,
    _events_by_dossier,
    _instances_by_dossier,
    verify_dossier,
)

# How canonical JSON writes a string (`ensure_ascii=False`): the json module's own encoder.
ENCODE_STRING = encode_basestring


@dataclass
class RangeReport:
    """What one id range came to: dossiers checked, replayed, and those that failed."""

    checked: int = 0
    replayed: int = 0
    failures: list[ReplayResult] = field(default_factory=list)

    def add(self, other: RangeReport) -> None:
        self.checked += other.checked
        self.replayed += other.replayed
        self.failures.extend(other.failures)


def id_ranges(
    session: Session, size: int = BATCH, dossier_id: int | None = None
) -> tuple[list[tuple[int, int]], int]:
    """Inclusive (first, last) dossier id ranges of at most `size` dossiers each, in order,
    and the count of dossiers they hold."""
    stmt = select(Dossier.id).order_by(Dossier.id)
    if dossier_id is not None:
        stmt = stmt.where(Dossier.id == dossier_id)
    ids = list(session.scalars(stmt))
    ranges = [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]
    return ranges, len(ids)


def state_hash(instance) -> str:
    """The stored instance as the checkpoint knows it ('' when the dossier has none)."""
    if instance is None:
        return ""
    stored = f"{instance.version_id}:{bool(instance.completed)}:{instance.state}"
    return hashlib.sha256(stored.encode("utf-8")).hexdigest()


def seal(key: bytes, dossier_id: int, length: int, head: str, state: str) -> str:
    message = f"{dossier_id}:{length}:{head}:{state}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _checkpoints(session: Session, first: int, last: int) -> dict[int, str]:
    table = AuditCheckpoint.__table__
    stmt = select(table.c.dossier_id, table.c.seal).where(table.c.dossier_id.between(first, last))
    return {row.dossier_id: row.seal for row in session.execute(stmt)}


def _range_ids(session: Session, first: int, last: int) -> list[int]:
    stmt = select(Dossier.id).where(Dossier.id.between(first, last)).order_by(Dossier.id)
    return list(session.scalars(stmt))


def _json_text(value) -> str:
    """`value` as canonical JSON writes it (`canonical_json` in domain/history.py)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return ENCODE_STRING(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _spliced_content(event: Mapping) -> bytes | None:
    """The canonical JSON an event's hash covers (its eight fields, keys sorted), written
    around its payload as stored, which packed rows keep canonical: no payload is parsed and
    written again. None for a payload stored otherwise (JSON text of before)."""
    stored = event["data"]
    if not isinstance(stored, bytes | memoryview):
        return None
    head = (
        f'{{"actor":{_json_text(event["actor"])},"at":{_json_text(format_time(event["at"]))}'
        ',"data":'
    )
    tail = (
        f',"dossier_id":{_json_text(event["dossier_id"])}'
        f',"model_version":{_json_text(event["model_version"])}'
        f',"seq":{_json_text(event["seq"])},"task":{_json_text(event["task"])}'
        f',"type":{_json_text(event["type"])}}}'
    )
    return head.encode() + inflate(bytes(stored)) + tail.encode()


def _parsed(events: list[Mapping]) -> list[Mapping]:
    return [{**event, "data": unpack_json(event["data"])} for event in events]


def stored_chain_break(
    events: list[Mapping], expected_length: int, expected_head: str
) -> ChainBreak | None:
    """`find_chain_break` over events whose payloads are as stored: each hash is recomputed
    over the same bytes, spliced instead of parsed and re-encoded. Bytes equal to the hashed
    text are the recorded payload, so a match proves what the full check would; anything else
    (a break, a payload not stored canonical) is settled by the full check on parsed events."""
    prev, count = GENESIS_HASH, 0
    for expected_seq, event in enumerate(events, start=1):
        count = expected_seq
        content = _spliced_content(event)
        if event["seq"] != expected_seq or event["prev_hash"] != prev or content is None:
            break
        if hashlib.sha256(prev.encode() + content).hexdigest() != event["hash"]:
            break
        prev = event["hash"]
    else:
        if count == expected_length and prev == expected_head:
            return None
    return find_chain_break(_parsed(events), expected_length, expected_head)


def _verify(ctx: ServiceContext, ids: list[int], full: bool, key: bytes) -> Iterator:
    """(result, checkpoint row or None, replayed?) per dossier of `ids`; payloads are parsed
    only for the dossiers replayed."""
    session = ctx.session
    events = _events_by_dossier(session, ids, stored_data=True)
    instances = _instances_by_dossier(session, ids)
    sealed = _checkpoints(session, ids[0], ids[-1]) if ids else {}
    models: dict = {}  # the range's parsed versions, each read once
    for dossier in _dossiers(session, ids):
        instance, stored = instances.get(dossier.id), events[dossier.id]
        current = seal(
            key, dossier.id, dossier.history_length, dossier.history_head, state_hash(instance)
        )
        broken = stored_chain_break(stored, dossier.history_length, dossier.history_head)
        known = sealed.get(dossier.id)
        if not full and broken is None and known and hmac.compare_digest(known, current):
            yield ReplayResult(dossier.id, True, 0), None, False
            continue
        result = verify_dossier(ctx, dossier, _parsed(stored), instance, models, broken)
        row = None
        if result.verified:
            row = {
                "dossier_id": dossier.id,
                "history_length": dossier.history_length,
                "head_hash": dossier.history_head,
                "state_hash": state_hash(instance),
                "seal": current,
                "verified_at": ctx.now,
            }
        yield result, row, True


def verify_range(
    ctx: ServiceContext, first: int, last: int, *, full: bool, key: bytes
) -> tuple[RangeReport, list[dict]]:
    """Verify the dossiers with ids in [first, last]; the report and the checkpoints to keep
    (written by `save_checkpoints`, in a transaction of their own)."""
    report, rows = RangeReport(), []
    for result, row, replayed in _verify(ctx, _range_ids(ctx.session, first, last), full, key):
        report.checked += 1
        report.replayed += replayed
        if not result.verified:
            report.failures.append(result)
        if row is not None:
            rows.append(row)
    return report, rows


def save_checkpoints(session: Session, rows: list[dict]) -> None:
    """Replace the checkpoints of the dossiers just replayed and verified."""
    if not rows:
        return
    table = AuditCheckpoint.__table__
    session.execute(delete(table).where(table.c.dossier_id.in_([r["dossier_id"] for r in rows])))
    session.execute(insert(table), rows)


def forget_checkpoints(session: Session, dossier_ids: list[int]) -> None:
    """A dossier that failed keeps no checkpoint: the next run replays it again."""
    if dossier_ids:
        table = AuditCheckpoint.__table__
        session.execute(delete(table).where(table.c.dossier_id.in_(dossier_ids)))
