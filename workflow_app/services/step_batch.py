"""Many workflow steps in one transaction, their states written by one statement (issue
11: a sitting moves 200 candidates at once).

The ORM updates a versioned row (`process_instances.lock_version`) one statement at a time.
A sitting instead collects the new states of all its candidates and writes them with ONE
executemany UPDATE carrying the same optimistic-lock check per row: a row someone changed
since it was read makes the count fall short, a 409 that rolls the whole sitting back. The
stored states are exactly what `save_state` stores, so replay and `audit verify` read what
they always read. (History events stay ORM objects: the notifications read them at flush.)
"""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ..engine.engine import StepResult
from ..persistence.models import ProcessInstance
from .context import ServiceContext

_instances = ProcessInstance.__table__
_STATE_UPDATE = (
    update(_instances)
    .where(
        _instances.c.id == bindparam("b_id"),
        _instances.c.lock_version == bindparam("b_version"),
    )
    .values(
        state=bindparam("b_state"),
        completed=bindparam("b_completed"),
        updated_at=bindparam("b_at"),
        lock_version=bindparam("b_next"),
    )
)


class StateWrites:
    """The new states of many instances, stored by one UPDATE at the end of the batch.

    Each instance reads its new state at once (a chain that steps twice sees its first
    step); the row keeps the version it was read with until `write`."""

    def __init__(self) -> None:
        self._rows: dict[int, dict] = {}

    def save(self, ctx: ServiceContext, instance: ProcessInstance, step: StepResult) -> None:
        row = self._rows.setdefault(
            instance.id, {"b_id": instance.id, "b_version": instance.lock_version}
        )
        row.update(b_state=step.state, b_completed=step.completed, b_at=ctx.now)
        row["b_next"] = row["b_version"] + 1
        row["instance"] = instance
        for name, value in (("state", step.state), ("completed", step.completed)):
            set_committed_value(instance, name, value)
        set_committed_value(instance, "updated_at", ctx.now)

    def write(self, session: Session) -> None:
        """One executemany UPDATE; a row changed by someone else since it was read is a
        StaleDataError (409, as the ORM's own check gives)."""
        if not self._rows:
            return
        rows = list(self._rows.values())
        params = [{k: v for k, v in row.items() if k != "instance"} for row in rows]
        result = session.connection().execute(_STATE_UPDATE, params)
        if result.rowcount != len(params):
            raise StaleDataError(
                f"{len(params) - result.rowcount} of {len(params)} process instances changed"
            )
        for row in rows:
            set_committed_value(row["instance"], "lock_version", row["b_next"])
        self._rows.clear()
