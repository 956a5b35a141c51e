"""Disciplinary holds (X2): a hold defers every live dossier of the nominee where it
stands; clearing the last one resumes each at the same step with its data intact."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain.dossier import HOLDABLE_STATUSES
from ..domain.errors import REQUIRED, Conflict, Invalid, NotAllowed, NotFound
from ..domain.rule_sets import ServedDiscipline, clear_outcome_problems
from ..persistence.models import Dossier, Hold, HumanTask, Nominee
from .context import ServiceContext
from .deadlines import exclude_when_late
from .history import record_event
from .nominees import get_nominee
from .roles import hold_roles
from .rule_sets import holds_applying
from .settings_admin import usable_hold_kind
from .steps import signal_workflow

# X2: who places and clears holds is a flag on the jurisdiction's roles (issue 17; HCMC:
# `so_noi_vu`), plus every `admin` (services.roles.hold_roles).
HOLD_PLACED, HOLD_CLEARED = "hold_placed", "hold_cleared"


def open_holds(ctx: ServiceContext, nominee_id: int) -> list[Hold]:
    return list(
        ctx.session.scalars(
            select(Hold).where(Hold.nominee_id == nominee_id, Hold.cleared_at.is_(None))
        )
    )


def _nominee_for_holds(ctx: ServiceContext, nominee_id: int) -> Nominee:
    nominee = ctx.session.get(Nominee, nominee_id)
    if nominee is None:
        raise NotFound()
    roles = hold_roles(ctx.session, nominee.jurisdiction_id)
    if not any(ctx.actor.holds(role, nominee.jurisdiction_id) for role in roles):
        get_nominee(ctx, nominee_id)  # 404 if not even visible
        raise NotAllowed("hold_roles_only")
    return nominee


def place_hold(ctx: ServiceContext, nominee_id: int, kind: str, reference: str, note: str = ""):
    """Open a hold; every live dossier of the nominee stops where it stands."""
    nominee = _nominee_for_holds(ctx, nominee_id)
    # X2: an active national kind, or an active kind of the nominee's own jurisdiction.
    if usable_hold_kind(ctx.session, kind, nominee.jurisdiction_id) is None:
        raise Invalid("hold_kind_unusable", kind=kind)
    if not reference.strip():
        raise Invalid("hold_reference_required", details={"reference": REQUIRED})
    hold = Hold(
        nominee_id=nominee.id,
        kind=kind,
        reference=reference.strip(),
        note=note,
        placed_by=ctx.actor_name,
        placed_at=ctx.now,
    )
    ctx.session.add(hold)
    ctx.session.flush()
    for dossier in _dossiers_of(ctx, nominee.id, HOLDABLE_STATUSES):
        if holds_applying(ctx.session, dossier, [hold]):  # R1: a ground under its rule set
            stop_dossier(ctx, dossier, [hold])
    for dossier in _dossiers_of(ctx, nominee.id, ("on_hold",)):
        record_event(ctx, dossier, "hold_placed", data=_hold_facts(hold))
    return hold


def clear_hold(
    ctx: ServiceContext,
    hold_id: int,
    reference: str,
    outcome: str = "dismissed",
    discipline_ended_on: date | None = None,
) -> Hold:
    """Close a hold with its outcome (R2: `dismissed`, or `disciplined` and the day the
    discipline ended); when it was the last, every held dossier resumes at its step."""
    hold = ctx.session.get(Hold, hold_id)
    if hold is None:
        raise NotFound()
    _nominee_for_holds(ctx, hold.nominee_id)
    if hold.cleared_at is not None:
        raise Conflict("hold_already_cleared", cleared_by=hold.cleared_by)
    if not reference.strip():
        raise Invalid("clear_reference_required", details={"reference": REQUIRED})
    if errors := clear_outcome_problems(outcome, discipline_ended_on):
        raise Invalid("invalid_hold_outcome", details=errors)
    hold.cleared_by, hold.cleared_at, hold.clear_reference = ctx.actor_name, ctx.now, reference
    hold.outcome, hold.discipline_ended_on = outcome, discipline_ended_on
    ctx.session.flush()
    still_open = open_holds(ctx, hold.nominee_id)
    for dossier in _dossiers_of(ctx, hold.nominee_id, ("on_hold",)):
        record_event(ctx, dossier, "hold_cleared", data=_hold_facts(hold))
        if holds_applying(ctx.session, dossier, still_open):  # R1: still held under its rules
            continue
        if not exclude_when_late(ctx, dossier):
            resume_dossier(ctx, dossier)
    return hold


def served_disciplines(ctx: ServiceContext, nominee_id: int) -> list[ServedDiscipline]:
    """R2: the nominee's holds cleared as `disciplined`, with the day each discipline ended."""
    stmt = select(Hold).where(
        Hold.nominee_id == nominee_id,
        Hold.outcome == "disciplined",
        Hold.discipline_ended_on.is_not(None),
    )
    return [
        ServedDiscipline(hold.id, hold.reference, hold.discipline_ended_on)
        for hold in ctx.session.scalars(stmt)
    ]


def _hold_facts(hold: Hold) -> dict:
    return {
        "hold_id": hold.id,
        "kind": hold.kind,
        "reference": hold.reference,
        "clear_reference": hold.clear_reference,
        **({"outcome": hold.outcome} if hold.outcome else {}),
        **(
            {"discipline_ended_on": hold.discipline_ended_on.isoformat()}
            if hold.discipline_ended_on
            else {}
        ),
    }


def _dossiers_of(ctx: ServiceContext, nominee_id: int, statuses) -> list[Dossier]:
    stmt = (
        select(Dossier)
        .where(Dossier.nominee_id == nominee_id, Dossier.status.in_(statuses))
        .order_by(Dossier.id)
        .with_for_update(of=Dossier)  # their histories get appended to
        .execution_options(populate_existing=True)
    )
    return list(ctx.session.scalars(stmt))


def _set_task_state(ctx: ServiceContext, dossier: Dossier, old: str, new: str) -> None:
    tasks = ctx.session.scalars(
        select(HumanTask).where(HumanTask.dossier_id == dossier.id, HumanTask.state == old)
    )
    for task in tasks:
        task.state = new


def stop_dossier(ctx: ServiceContext, dossier: Dossier, holds: list[Hold]) -> None:
    """X2: defer, do not reject. The open task leaves every inbox and cannot be completed."""
    dossier.status_before_hold = dossier.status
    dossier.status = "on_hold"
    _set_task_state(ctx, dossier, "open", "suspended")
    label, step = signal_workflow(ctx, dossier, HOLD_PLACED)
    record_event(
        ctx,
        dossier,
        "dossier_held",
        model_version=label,
        data={"holds": [_hold_facts(h) for h in holds], **step},
    )


def resume_dossier(ctx: ServiceContext, dossier: Dossier) -> None:
    """The last hold cleared: back to the same step, same data, same status as before."""
    dossier.status = dossier.status_before_hold or "in_progress"
    dossier.status_before_hold = None
    _set_task_state(ctx, dossier, "suspended", "open")
    label, step = signal_workflow(ctx, dossier, HOLD_CLEARED)
    record_event(
        ctx,
        dossier,
        "dossier_resumed",
        model_version=label,
        data={"status": dossier.status, **step},
    )


def list_holds(ctx: ServiceContext, nominee_id: int) -> list[Hold]:
    """Everyone who can see the nominee sees its holds, open and cleared."""
    get_nominee(ctx, nominee_id)
    stmt = select(Hold).where(Hold.nominee_id == nominee_id).order_by(Hold.placed_at, Hold.id)
    return list(ctx.session.scalars(stmt))
