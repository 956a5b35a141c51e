"""P1, P3: the chain's public-posting step puts a dossier forward; until its posting has run
its course and every comment on it is resolved, no step of the dossier completes.

The queue is the projection of the BPMN `public_posting` step (its host request), as a
selection proposal is of a `selection_decided` wait."""

from __future__ import annotations

from sqlalchemy import func, select

from ...domain.posting import PostingFacts, check_may_move_on, needs_posting
from ...engine.engine import StepResult
from ...persistence.models import Dossier, Posting, PostingCandidate, PostingComment
from ..context import ServiceContext
from ..history import record_event


def candidate_of(ctx: ServiceContext, dossier_id: int) -> PostingCandidate | None:
    return ctx.session.scalar(
        select(PostingCandidate).where(PostingCandidate.dossier_id == dossier_id)
    )


def take_posting_requests(ctx: ServiceContext, dossier: Dossier, step: StepResult, lane: str):
    """P1: the step reached the chain's posting step; put the dossier forward when the law
    or the jurisdiction's switch says so. A dossier already posted is not posted again."""
    if not step.posting_requests:
        return None
    switched_on = step.posting_requests[-1]
    if not needs_posting(dossier.award_form, switched_on) or candidate_of(ctx, dossier.id):
        return None
    candidate = PostingCandidate(
        dossier_id=dossier.id,
        jurisdiction_id=dossier.jurisdiction_id,
        lane=lane,
        requested_at=ctx.now,
    )
    ctx.session.add(candidate)
    record_event(
        ctx, dossier, "posting_requested", data={"award_form": dossier.award_form, "lane": lane}
    )
    return candidate


def _unresolved(ctx: ServiceContext, posting_id: int, dossier_id: int) -> int:
    return ctx.session.scalar(
        select(func.count(PostingComment.id)).where(
            PostingComment.posting_id == posting_id,
            PostingComment.dossier_id == dossier_id,
            PostingComment.resolution.is_(None),
        )
    )


def refuse_while_posted(ctx: ServiceContext, dossier: Dossier) -> None:
    """P3: 409 while the dossier waits for its posting, while the posting runs, or while a
    comment on it is unresolved. A dossier never put forward costs one query."""
    candidate = candidate_of(ctx, dossier.id)
    if candidate is None:
        return
    posting = ctx.session.get(Posting, candidate.posting_id) if candidate.posting_id else None
    facts = PostingFacts(
        posting_id=posting.id if posting else None,
        ends_on=posting.ends_on if posting else None,
        unresolved=_unresolved(ctx, posting.id, dossier.id) if posting else 0,
        closed=bool(posting and posting.status == "closed"),
    )
    check_may_move_on(facts, ctx.now.date())


def waiting_candidates(ctx: ServiceContext, jurisdiction_id: str) -> list[PostingCandidate]:
    """Dossiers put forward and not yet in a posting, still live (P1)."""
    stmt = (
        select(PostingCandidate)
        .join(Dossier, Dossier.id == PostingCandidate.dossier_id)
        .where(
            PostingCandidate.jurisdiction_id == jurisdiction_id,
            PostingCandidate.posting_id.is_(None),
            Dossier.status.in_(("in_progress", "on_hold")),
        )
        .order_by(PostingCandidate.requested_at, PostingCandidate.dossier_id)
    )
    return list(ctx.session.scalars(stmt))
