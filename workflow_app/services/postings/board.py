"""P1-P3 use cases: open a posting of waiting candidates, log and resolve the public's
comments, close the posting when its period ends (the timer runner), and read what the
public may see."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from ...domain.errors import Conflict, Invalid, NotAllowed, NotFound, problem
from ...domain.posting import (
    DEFAULT_HOLD_KIND,
    POSTING_STATUSES,
    check_comment,
    check_opening,
    check_resolution,
    check_url,
    is_posted,
    period_over,
    posting_ends_on,
)
from ...persistence.models import Dossier, Posting, PostingCandidate, PostingComment, Unit
from ..calendar import calendar_of
from ..context import ServiceContext
from ..history import lock_dossier, record_event
from ..holds import place_hold
from ..rule_sets import posting_working_days

LIVE = ("in_progress", "on_hold")


# --- who may do what ----------------------------------------------------------------------


def readable_jurisdictions(ctx: ServiceContext) -> set[str | None]:
    """Reviewers, admins and auditors of a jurisdiction read its postings."""
    actor = ctx.actor
    return (
        actor.reviews_in() | actor.jurisdictions_for("admin") | actor.jurisdictions_for("auditor")
    )


def _require_runner(ctx: ServiceContext, jurisdiction_id: str, lane: str) -> None:
    """The posting step's lane (HCMC: Sở Nội vụ) runs the posting; an admin may too."""
    if not (ctx.actor.holds(lane, jurisdiction_id) or ctx.actor.holds("admin", jurisdiction_id)):
        raise NotAllowed("not_lane_role", lane=lane)


def may_run(ctx: ServiceContext, posting: Posting) -> bool:
    actor, where = ctx.actor, posting.jurisdiction_id
    return actor.holds(posting.lane, where) or actor.holds("admin", where)


def get_posting(ctx: ServiceContext, posting_id: int, for_update: bool = False) -> Posting:
    stmt = select(Posting).where(Posting.id == posting_id)
    posting = ctx.session.scalar(stmt.with_for_update() if for_update else stmt)
    if posting is None:
        raise NotFound()
    readable = readable_jurisdictions(ctx)
    if posting.jurisdiction_id not in readable and None not in readable:
        raise NotFound()
    return posting


def list_postings(ctx: ServiceContext, status: str | None = None) -> list[Posting]:
    """The postings of the jurisdictions I read, newest first; `status`: open or closed."""
    if status is not None and status not in POSTING_STATUSES:
        raise Invalid("invalid", details={"status": problem("one_of", choices="open, closed")})
    readable = readable_jurisdictions(ctx)
    stmt = select(Posting)
    if None not in readable:
        stmt = stmt.where(Posting.jurisdiction_id.in_([j for j in readable if j]))
    if status:
        stmt = stmt.where(Posting.status == status)
    return list(ctx.session.scalars(stmt.order_by(Posting.id.desc())))


def waiting_for_posting(ctx: ServiceContext) -> list[PostingCandidate]:
    """P1: the dossiers put forward and not yet posted, in the jurisdictions I read."""
    from .candidates import waiting_candidates

    readable = sorted(j for j in readable_jurisdictions(ctx) if j)
    return [row for j in readable for row in waiting_candidates(ctx, j)]


# --- opening --------------------------------------------------------------------------------


def _as_ids(dossier_ids) -> list[int]:
    if (
        not isinstance(dossier_ids, list)
        or not dossier_ids
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in dossier_ids)
    ):
        raise Invalid("invalid_posting", details={"dossier_ids": problem("required")})
    return sorted(set(dossier_ids))


def _waiting_rows(ctx: ServiceContext, ids: list[int]) -> list[PostingCandidate]:
    rows = ctx.session.scalars(
        select(PostingCandidate)
        .where(PostingCandidate.dossier_id.in_(ids))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    found = {row.dossier_id: row for row in rows}
    readable = readable_jurisdictions(ctx)
    for dossier_id in ids:
        row = found.get(dossier_id)
        if row is None or (row.jurisdiction_id not in readable and None not in readable):
            raise NotFound()
    not_waiting = [
        r.dossier_id
        for r in rows
        if r.posting_id is not None or ctx.session.get(Dossier, r.dossier_id).status not in LIVE
    ]
    if not_waiting:
        raise Conflict("posting_candidate_not_waiting", dossiers=", ".join(map(str, not_waiting)))
    return [found[i] for i in ids]


def open_posting(
    ctx: ServiceContext, dossier_ids, channel_url: str, starts_on: date | None = None
) -> Posting:
    """P1: publish waiting candidates on `channel_url` from `starts_on` (today by default)
    for the rule set's working days on the jurisdiction's calendar."""
    ids = _as_ids(dossier_ids)
    url = check_url(channel_url)
    rows = _waiting_rows(ctx, ids)
    places = {(row.jurisdiction_id, row.lane) for row in rows}
    if len(places) != 1:
        raise Invalid("invalid_posting", details={"dossier_ids": problem("posting_mixed")})
    [(jurisdiction_id, lane)] = places
    _require_runner(ctx, jurisdiction_id, lane)
    today = ctx.now.date()
    starts_on = starts_on or today
    check_opening(starts_on, [row.requested_at.date() for row in rows], today)
    holidays = calendar_of(ctx.session, jurisdiction_id, starts_on, starts_on + timedelta(days=90))
    posting = Posting(
        jurisdiction_id=jurisdiction_id,
        lane=lane,
        channel_url=url,
        starts_on=starts_on,
        ends_on=posting_ends_on(starts_on, holidays, _posting_days(ctx, rows)),
        status="open",
        opened_by=ctx.actor_name,
        opened_at=ctx.now,
    )
    ctx.session.add(posting)
    ctx.session.flush()
    for row in rows:
        row.posting_id = posting.id
        _record(ctx, row.dossier_id, "posting_opened", posting, channel_url=url)
    return posting


def _posting_days(ctx: ServiceContext, rows: list[PostingCandidate]) -> int | None:
    """R1, P1: the working days each dossier's rule set posts for; the longest, so every
    candidate is posted at least as long as its own rule set asks (None: the default)."""
    days = [
        posting_working_days(ctx.session, ctx.session.get(Dossier, row.dossier_id)) for row in rows
    ]
    return max((d for d in days if d), default=None)


def _record(ctx: ServiceContext, dossier_id: int, type_: str, posting: Posting, **data) -> None:
    dossier = lock_dossier(ctx.session, dossier_id)
    facts = {"posting_id": posting.id, "starts_on": posting.starts_on.isoformat()}
    facts["ends_on"] = posting.ends_on.isoformat()
    record_event(ctx, dossier, type_, data={**facts, **data})


# --- comments (P2) ------------------------------------------------------------------------


def _dossier_of_comment(posting: Posting, dossier_id) -> int:
    posted = [row.dossier_id for row in posting.candidates]
    if dossier_id is None and len(posted) == 1:
        return posted[0]
    if dossier_id not in posted:
        raise Invalid("invalid_comment", details={"dossier_id": problem("not_in_posting")})
    return dossier_id


def add_comment(
    ctx: ServiceContext,
    posting_id: int,
    author: str,
    channel: str,
    text: str,
    dossier_id: int | None = None,
) -> PostingComment:
    """P2: log a comment received during the posting: who, how, what, about which dossier."""
    posting = get_posting(ctx, posting_id, for_update=True)
    _require_runner(ctx, posting.jurisdiction_id, posting.lane)
    if posting.status != "open":
        raise Conflict("posting_closed", posting=posting.id)
    author, channel, text = check_comment(author, channel, text)
    comment = PostingComment(
        posting_id=posting.id,
        dossier_id=_dossier_of_comment(posting, dossier_id),
        author=author,
        channel=channel,
        text=text,
        logged_by=ctx.actor_name,
        logged_at=ctx.now,
    )
    ctx.session.add(comment)
    ctx.session.flush()
    _record(
        ctx,
        comment.dossier_id,
        "posting_comment_logged",
        posting,
        comment_id=comment.id,
        author=author,
        channel=channel,
        text=text,
    )
    return comment


def resolve_comment(
    ctx: ServiceContext,
    posting_id: int,
    comment_id: int,
    resolution: str,
    reason: str,
    hold_kind: str | None = None,
) -> PostingComment:
    """P2: dismiss a comment with a reason, or keep it for verification: an X2(e) hold on
    the nominee (a complaint by default), which stops the dossier where it stands."""
    posting = get_posting(ctx, posting_id)
    _require_runner(ctx, posting.jurisdiction_id, posting.lane)
    comment = ctx.session.scalar(
        select(PostingComment)
        .where(PostingComment.id == comment_id, PostingComment.posting_id == posting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if comment is None:
        raise NotFound()
    reason = check_resolution(resolution, reason, comment.resolution)
    if resolution == "hold":
        dossier = ctx.session.get(Dossier, comment.dossier_id)
        reference = f"posting-{posting.id}/comment-{comment.id}"
        hold = place_hold(
            ctx,
            dossier.nominee_id,
            hold_kind or DEFAULT_HOLD_KIND,
            reference,
            note=f"{comment.author} ({comment.channel}): {comment.text}\n{reason}",
        )
        comment.hold_id = hold.id
    comment.resolution, comment.reason = resolution, reason
    comment.resolved_by, comment.resolved_at = ctx.actor_name, ctx.now
    _record(
        ctx,
        comment.dossier_id,
        "posting_comment_resolved",
        posting,
        comment_id=comment.id,
        resolution=resolution,
        reason=reason,
        hold_id=comment.hold_id,
    )
    return comment


# --- closing (the timer runner) ---------------------------------------------------------


def close_posting(ctx: ServiceContext, posting_id: int) -> bool:
    """Close a posting whose period is over; False if it is not over yet or another runner
    closed it first (a conditional update: safe in several processes at once)."""
    posting = ctx.session.get(Posting, posting_id)
    if posting is None or not period_over(posting.ends_on, ctx.now.date()):
        return False
    won = ctx.session.execute(
        update(Posting)
        .where(Posting.id == posting_id, Posting.status == "open")
        .values(status="closed", closed_at=ctx.now)
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:
        return False
    ctx.session.refresh(posting)
    for row in posting.candidates:
        _record(ctx, row.dossier_id, "posting_closed", posting)
    return True


def due_posting_ids(ctx: ServiceContext, today: date) -> list[int]:
    stmt = select(Posting.id).where(Posting.status == "open", Posting.ends_on < today)
    return list(ctx.session.scalars(stmt.order_by(Posting.id)))


def fire_due_postings(
    unit_of_work: Callable[[], AbstractContextManager[ServiceContext]], now: datetime
) -> int:
    """Close every posting whose period ended, each in its own transaction; return how many
    this runner closed."""
    with unit_of_work() as ctx:
        due = due_posting_ids(ctx, now.date())
    closed = 0
    for posting_id in due:
        with unit_of_work() as ctx:
            closed += close_posting(ctx, posting_id)
    return closed


# --- the public page ----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCandidate:
    """What the public sees of a posted candidate, and nothing else (no citizen id, no
    internal notes, no comments)."""

    name: str
    unit: str
    award_form: str
    achievement_summary: str
    ends_on: date


def public_candidates(ctx: ServiceContext, jurisdiction_id: str) -> list[PublicCandidate]:
    """P1: the candidates posted today in the jurisdiction; no sign-in needed."""
    today = ctx.now.date()
    stmt = (
        select(Posting, Dossier, Unit)
        .join(PostingCandidate, PostingCandidate.posting_id == Posting.id)
        .join(Dossier, Dossier.id == PostingCandidate.dossier_id)
        .join(Unit, Unit.id == Dossier.unit_id)
        .where(
            Posting.jurisdiction_id == jurisdiction_id,
            Posting.status == "open",
            Posting.starts_on <= today,
            Posting.ends_on >= today,
            Dossier.status.in_(LIVE),
        )
        .order_by(Posting.ends_on, Dossier.id)
    )
    return [
        PublicCandidate(
            dossier.nominee.name,
            unit.name,
            dossier.award_form,
            dossier.achievement_summary,
            posting.ends_on,
        )
        for posting, dossier, unit in ctx.session.execute(stmt)
        if is_posted(posting.starts_on, posting.ends_on, posting.status, today)
    ]


@dataclass(frozen=True)
class PostedDossier:
    """A dossier as the reviewers' posting pages name it."""

    dossier_id: int
    nominee: str
    unit: str
    award_form: str
    status: str


def dossiers_named(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, PostedDossier]:
    """The nominee, unit and award form of each dossier, for the reviewers' pages."""
    if not dossier_ids:
        return {}
    rows = ctx.session.execute(
        select(Dossier, Unit)
        .join(Unit, Unit.id == Dossier.unit_id)
        .where(Dossier.id.in_(dossier_ids))
    )
    return {
        d.id: PostedDossier(d.id, d.nominee.name, u.name, d.award_form, d.status) for d, u in rows
    }


def jurisdiction_name(ctx: ServiceContext, jurisdiction_id: str) -> str | None:
    """The public page's heading; None for a jurisdiction that does not exist."""
    from ...persistence.models import Jurisdiction

    row = ctx.session.get(Jurisdiction, jurisdiction_id)
    return row.name if row else None
