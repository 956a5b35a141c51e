"""S1, S4: what a proposal does to a dossier's workflow. Approving at a capped step proposes
the dossier; where its level has a cap it waits for the sitting, otherwise (Q4, or a slot it
already holds) it goes on at once. A sitting's decision reaches the workflow as the message
`selection_decided`, recorded with its data so a replay delivers the same (X4)."""

from __future__ import annotations

from sqlalchemy import select

from ...domain.errors import Conflict
from ...domain.quota import RELEASED_NOT_SELECTED
from ...domain.selection import NO_CAP, SELECTION_DECIDED, SLOT_HELD
from ...persistence.models import (
    Dossier,
    HumanTask,
    ProcessInstance,
    QuotaCap,
    QuotaSlot,
    SelectionProposal,
)
from .. import quotas
from ..context import ServiceContext
from ..history import record_event
from ..process_models import parsed_model, version_label
from ..step_batch import StateWrites
from ..steps import apply_outcome, save_state, sync_tasks
from .proposals import add_proposal, close_proposal, proposed_level

SELECTED_EVENT, NOT_SELECTED_EVENT = "dossier_selected", "dossier_not_selected"


def cap_row(
    ctx: ServiceContext, jurisdiction_id: str, round_: str, award_form: str, level: str
) -> QuotaCap | None:
    return ctx.session.scalar(
        select(QuotaCap).where(
            QuotaCap.jurisdiction_id == jurisdiction_id,
            QuotaCap.round == round_,
            QuotaCap.award_form == award_form,
            QuotaCap.level == level,
        )
    )


def _holds_slot(ctx: ServiceContext, cap: QuotaCap, dossier: Dossier) -> bool:
    return (
        ctx.session.scalar(
            select(QuotaSlot.id).where(
                QuotaSlot.quota_cap_id == cap.id,
                QuotaSlot.dossier_id == dossier.id,
                QuotaSlot.released_at.is_(None),
            )
        )
        is not None
    )


def propose(
    ctx: ServiceContext, dossier: Dossier, instance: ProcessInstance, level: str
) -> list[HumanTask] | None:
    """S1: the dossier waits for `level`'s sitting (None), or, where no sitting is needed,
    goes on at once (the tasks it reached)."""
    cap = cap_row(ctx, dossier.jurisdiction_id, dossier.round, dossier.award_form, level)
    if cap is None or cap.cap is None:
        return deliver(ctx, dossier, instance, selected=True, reason=NO_CAP)
    if _holds_slot(ctx, cap, dossier):  # selected before, returned to this level since
        return deliver(ctx, dossier, instance, selected=True, reason=SLOT_HELD)
    add_proposal(ctx, dossier, level)
    record_event(
        ctx,
        dossier,
        "dossier_proposed",
        data={"level": level, "round": cap.round, "award_form": cap.award_form, "cap": cap.cap},
        model_version=version_label(instance.version),
    )
    return None


def deliver(
    ctx: ServiceContext,
    dossier: Dossier,
    instance: ProcessInstance,
    *,
    selected: bool,
    reason: str,
    sitting_id: int | None = None,
    proposal: SelectionProposal | None = None,
    release: bool = True,
    live_tasks: list[HumanTask] | None = None,
    states: StateWrites | None = None,
) -> list[HumanTask]:
    """Send `selection_decided` to the waiting workflow and project what follows: the next
    level's task, or the end (`not_selected`, or `approved` where this level decides). A
    sitting passes the proposals it read, gives back slots for all candidates at once and
    stores all their states with one statement (`states`)."""
    payload = {"selected": selected, "reason": reason, "sitting_id": sitting_id}
    model = parsed_model(ctx, instance.version)
    step = ctx.engine.send_message(model, instance.state, SELECTION_DECIDED, payload)
    if not step.delivered:
        raise Conflict(
            "candidate_not_waiting",
            dossiers=f"HS-{dossier.id}",
            details={"dossier_ids": [dossier.id]},
        )
    label = version_label(instance.version)
    record_event(  # X4: before the tasks it creates, as a completion is
        ctx,
        dossier,
        SELECTED_EVENT if selected else NOT_SELECTED_EVENT,
        data={
            "message": SELECTION_DECIDED,
            "payload": payload,
            "caught": True,
            "state_sha256": step.state_sha256,
        },
        model_version=label,
    )
    outcome = "selected" if selected else "not_selected"
    if proposal is not None:
        proposal.closed_at, proposal.outcome, proposal.sitting_id = ctx.now, outcome, sitting_id
    else:
        close_proposal(ctx, dossier, outcome, sitting_id)
    if states is None:
        save_state(ctx, instance, step)
    else:
        states.save(ctx, instance, step)
    tasks = sync_tasks(ctx, dossier, instance, step, live_tasks)
    status = apply_outcome(ctx, dossier, step, None)
    if status == "not_selected" and release:
        quotas.release_all(ctx, dossier, RELEASED_NOT_SELECTED)  # S4: it falls out, slots go back
    if status == "approved":
        record_event(ctx, dossier, "dossier_approved", data={"reason": ""}, model_version=label)
    level = proposed_level(step)
    if level is not None:  # a chain may propose again on its way (a level with no task)
        return propose(ctx, dossier, instance, level) or tasks
    return tasks
