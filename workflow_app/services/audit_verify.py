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
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..domain.history import find_chain_break
from ..persistence.models import AuditCheckpoint, Dossier
from .context import ServiceContext
from .replay import (
    BATCH,
    ReplayResult,
    _dossiers,
    _events_by_dossier,
    _instances_by_dossier,
    verify_dossier,
)


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


def _verify(ctx: ServiceContext, ids: list[int], full: bool, key: bytes) -> Iterator:
    """(result, checkpoint row or None, replayed?) per dossier of `ids`."""
    session = ctx.session
    events, instances = _events_by_dossier(session, ids), _instances_by_dossier(session, ids)
    sealed = _checkpoints(session, ids[0], ids[-1]) if ids else {}
    for dossier in _dossiers(session, ids):
        instance, history = instances.get(dossier.id), events[dossier.id]
        current = seal(
            key, dossier.id, dossier.history_length, dossier.history_head, state_hash(instance)
        )
        broken = find_chain_break(history, dossier.history_length, dossier.history_head)
        known = sealed.get(dossier.id)
        if not full and broken is None and known and hmac.compare_digest(known, current):
            yield ReplayResult(dossier.id, True, 0), None, False
            continue
        result = verify_dossier(ctx, dossier, history, instance)
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
