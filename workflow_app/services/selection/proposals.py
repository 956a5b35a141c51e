"""S1: the queue of a capped level: a proposal is the projection of a workflow waiting at its
`selection_decided` catch event, as a human task is of a user task. Rows only; what moves the
workflow is in `delivery`."""

from __future__ import annotations

from sqlalchemy import select

from ...domain.selection import SELECTION_DECIDED
from ...engine.engine import StepResult
from ...persistence.models import Dossier, SelectionProposal
from ..context import ServiceContext


def proposed_level(step: StepResult) -> str | None:
    """The level whose sitting the step left the workflow waiting for: the level it asked a
    slot at, when a selection wait follows (a model drawn before sittings has none and takes
    its slot at approval instead)."""
    if step.slot_requests and SELECTION_DECIDED in step.waiting_for:
        return step.slot_requests[-1]
    return None


def open_proposal(ctx: ServiceContext, dossier_id: int) -> SelectionProposal | None:
    return ctx.session.scalar(
        select(SelectionProposal).where(
            SelectionProposal.dossier_id == dossier_id, SelectionProposal.closed_at.is_(None)
        )
    )


def add_proposal(ctx: ServiceContext, dossier: Dossier, level: str) -> SelectionProposal:
    proposal = SelectionProposal(
        dossier_id=dossier.id,
        jurisdiction_id=dossier.jurisdiction_id,
        round=dossier.round,
        award_form=dossier.award_form,
        level=level,
        proposed_at=ctx.now,
        proposed_by=ctx.actor_name,
    )
    ctx.session.add(proposal)
    return proposal


def close_proposal(
    ctx: ServiceContext, dossier: Dossier, outcome: str, sitting_id: int | None = None
) -> None:
    """The dossier left the queue: decided by a sitting, withdrawn, excluded."""
    proposal = open_proposal(ctx, dossier.id)
    if proposal is not None:
        proposal.closed_at, proposal.outcome, proposal.sitting_id = ctx.now, outcome, sitting_id
