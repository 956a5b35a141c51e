"""M1's read-only rule, kept in one place: nothing is written into a merged jurisdiction, and
no nominee, dossier or member is added to a retired unit, whichever use case tries.

It is checked when a session flushes, so every use case (and any added later) is covered
without each remembering to ask; the refusal is a `Conflict` with a clear code, and the
caller's unit of work rolls the whole use case back. Only a merge itself writes past it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import Conflict
from ..domain.reorganisation import MERGED, check_unit_active
from ..persistence.models import (
    Dossier,
    Jurisdiction,
    Nominee,
    ProcessModelVersion,
    RoleGrant,
    Unit,
)

_CACHE = "m1_frozen"
_BYPASS = "m1_writes_allowed"


@dataclass(frozen=True)
class Frozen:
    """What may not change in this transaction: merged jurisdictions (-> successor) and
    retired units (-> successor)."""

    jurisdictions: dict[str, str]
    units: dict[str, str]


def install(factory: sessionmaker) -> None:
    """Check every flush of the app's sessions."""
    if not event.contains(factory, "before_flush", _before_flush):
        event.listen(factory, "before_flush", _before_flush)


@contextmanager
def writes_allowed(session: Session) -> Iterator[None]:
    """For the merge itself, which moves rows out of the jurisdiction it closes."""
    session.info[_BYPASS] = True
    try:
        yield
    finally:
        session.info.pop(_BYPASS, None)


def mark_merged(session: Session, jurisdiction_id: str) -> None:
    """Later writes in the same transaction see the merge at once."""
    session.info.pop(_CACHE, None)


def _frozen(session: Session) -> Frozen:
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE)
    if cached is not None and cached[0] is transaction:
        return cached[1]
    merged = session.execute(
        select(Jurisdiction.id, Jurisdiction.successor_id).where(Jurisdiction.status == MERGED)
    )
    retired = session.execute(
        select(Unit.id, Unit.successor_id).where(Unit.retired_on.is_not(None))
    )
    frozen = Frozen(dict(merged.tuples().all()), dict(retired.tuples().all()))
    session.info[_CACHE] = (transaction, frozen)
    return frozen


def _before_flush(session: Session, _context, _instances) -> None:
    if session.info.get(_BYPASS):
        return
    written = [obj for obj in session.new] + [
        obj for obj in session.dirty if session.is_modified(obj, include_collections=False)
    ]
    if not written:
        return
    frozen = _frozen(session)
    if not frozen.jurisdictions and not frozen.units:
        return
    for obj in written:
        _check(obj, frozen, obj in session.new)


def _check(obj, frozen: Frozen, is_new: bool) -> None:
    jurisdiction = _jurisdiction_of(obj)
    if jurisdiction in frozen.jurisdictions and not _reads_only(obj):
        raise Conflict(
            "jurisdiction_read_only",
            jurisdiction=jurisdiction,
            successor=frozen.jurisdictions[jurisdiction] or "",
        )
    unit = getattr(obj, "unit_id", None)
    if is_new and unit in frozen.units and isinstance(obj, Nominee | Dossier | RoleGrant):
        check_unit_active(unit, True, frozen.units[unit])


def _reads_only(obj) -> bool:
    """An auditor may still be granted the merged jurisdiction: its history stays readable."""
    return isinstance(obj, RoleGrant) and obj.role == "auditor"


def _jurisdiction_of(obj) -> str | None:
    if isinstance(obj, Jurisdiction):
        return obj.id
    if isinstance(obj, ProcessModelVersion):
        model = obj.process_model
        return model.jurisdiction_id if model is not None else None
    return getattr(obj, "jurisdiction_id", None)
