"""Append events to a dossier's hash-chained history, and verify the chains (X4)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.history import ChainBreak, event_hash, find_chain_break
from ..persistence.models import Dossier, HistoryEvent
from .context import ServiceContext


def lock_dossier(session: Session, dossier_id: int) -> Dossier | None:
    """Take the dossier's row lock before appending to its chain: one writer at a time, and
    the chain's head re-read after any writer that went first (PostgreSQL; SQLite's BEGIN
    IMMEDIATE already serializes writers)."""
    stmt = (
        select(Dossier)
        .where(Dossier.id == dossier_id)
        .with_for_update(of=Dossier)
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).first()


def record_event(
    ctx: ServiceContext,
    dossier: Dossier,
    type_: str,
    *,
    task: str | None = None,
    data: dict | None = None,
    model_version: str | None = None,
) -> HistoryEvent:
    """Append one past-tense event (`task_completed`, `dossier_submitted`...) to the chain."""
    fields = next_event_fields(ctx, dossier, type_, task, data, model_version)
    event = HistoryEvent(dossier_id=dossier.id, **fields)
    link_to_head(dossier, event, dossier.id, fields)
    ctx.session.add(event)
    return event


def record_task_completed(
    ctx: ServiceContext, dossier: Dossier, task, form: dict, state_sha256: str, label: str, **extra
) -> HistoryEvent:
    """X4: a step's completion, with the hash of the state it led to (which a replay must
    reproduce) and, for an agency's consultation task (C2), which agency it was."""
    data = {"task_id": task.id, "lane": task.lane, "form": form, **extra}
    if task.instance_key:
        data["instance"] = task.instance_key
    data["state_sha256"] = state_sha256
    return record_event(
        ctx, dossier, "task_completed", task=task.name, data=data, model_version=label
    )


def next_event_fields(ctx: ServiceContext, owner, type_: str, task, data, model_version) -> dict:
    """The next event of `owner`'s chain (a dossier's, or a yearly report's, L3)."""
    return {
        "seq": owner.history_length + 1,
        "at": ctx.now.replace(tzinfo=None),
        "actor": ctx.actor_name,
        "type": type_,
        "task": task,
        "data": data or {},
        "model_version": model_version,
    }


def link_to_head(owner, event, subject, fields: dict) -> None:
    """X4: the event's hash covers its content, its chain's `subject` and the head before
    it; the owner keeps the new head, so a removed last event is noticed."""
    event.prev_hash = owner.history_head
    event.hash = event_hash(owner.history_head, {"dossier_id": subject, **fields})
    owner.history_length = fields["seq"]
    owner.history_head = event.hash


def dossier_events(session: Session, dossier_id: int) -> list[HistoryEvent]:
    stmt = select(HistoryEvent).where(HistoryEvent.dossier_id == dossier_id)
    return list(session.scalars(stmt.order_by(HistoryEvent.seq, HistoryEvent.id)))


def _as_mapping(event: HistoryEvent) -> dict:
    return {
        "dossier_id": event.dossier_id,
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "type": event.type,
        "task": event.task,
        "data": event.data,
        "model_version": event.model_version,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


@dataclass(frozen=True)
class BrokenChain:
    dossier_id: int
    seq: int
    reason: str


def verify_dossier_chain(session: Session, dossier: Dossier) -> ChainBreak | None:
    """Recompute one dossier's chain; the first break, or None when it holds."""
    events = [_as_mapping(e) for e in dossier_events(session, dossier.id)]
    return find_chain_break(events, dossier.history_length, dossier.history_head)


def verify_all_chains(session: Session, dossier_id: int | None = None) -> list[BrokenChain]:
    """Check every dossier's chain (or one); the broken ones, each with where it breaks."""
    stmt = select(Dossier).order_by(Dossier.id)
    if dossier_id is not None:
        stmt = stmt.where(Dossier.id == dossier_id)
    broken = []
    for dossier in session.scalars(stmt):
        found = verify_dossier_chain(session, dossier)
        if found is not None:
            broken.append(BrokenChain(dossier.id, found.seq, found.reason))
    return broken
