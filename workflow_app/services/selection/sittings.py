"""Sittings of a capped level's council (S1-S5): who waits, a preview of the ranking, and the
sitting itself, which ranks every waiting candidate and moves each on or out in ONE
transaction. The cap row is locked and its counter moved by a conditional update, so two
sittings for one cap at once never exceed it (the database decides, Q1-Q3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ...domain.errors import REQUIRED, Conflict, Invalid, NotAllowed, problem
from ...domain.quota import RELEASED_NOT_SELECTED
from ...domain.selection import (
    OUTSIDE_QUOTA,
    WITHIN_QUOTA,
    Candidate,
    Placement,
    check_lower_award,
    lower_form_at,
    rank_sitting,
)
from ...domain.tasks import LIVE_TASK_STATES
from ...domain.vocabulary import AWARD_FORMS, is_round
from ...engine.engine import EngineError
from ...persistence.models import (
    Dossier,
    HumanTask,
    Jurisdiction,
    Nominee,
    ProcessInstance,
    ProcessModelVersion,
    QuotaCap,
    SelectionProposal,
    SelectionSitting,
    SittingCandidate,
)
from .. import quotas
from ..context import ServiceContext
from ..eligibility import check_eligible
from ..history import record_event
from ..process_models import find_published_version, parsed_model
from ..rule_sets import law_threshold
from ..step_batch import StateWrites
from .delivery import cap_row, deliver
from .proposals import open_proposal

READ_ROLES = ("admin", "auditor")
THRESHOLD_OUTPUT = "min_approval_percent"  # the council threshold table's output (S2)
ROUTE_OUTPUT = "last_level"  # the award route table's output: the level deciding a form (S4)


@dataclass(frozen=True)
class SittingInput:
    """What the level's reviewers enter: the council's numbers, each candidate's votes in the
    order entered, and optionally their own order (S3)."""

    round: str
    award_form: str
    level: str
    held_on: date
    members_total: int
    members_present: int
    votes: list[tuple[int, int]]
    order: list[int] = field(default_factory=list)
    jurisdiction: str | None = None
    lower_award: list[int] = field(default_factory=list)  # S4: given the level's lower form


def sitting_jurisdiction(
    ctx: ServiceContext, level: str, jurisdiction: str | None, roles: tuple[str, ...] = ()
) -> str:
    """Where the user sits for `level` (the lane's role there, or one of `roles`)."""
    held = {j for role in (level, *roles) for j in ctx.actor.jurisdictions_for(role)} - {None}
    if jurisdiction is not None:
        if not any(ctx.actor.holds(r, jurisdiction) for r in (level, *roles)):
            raise NotAllowed("not_lane_role", lane=level)
        return jurisdiction
    if not held:
        raise NotAllowed("not_lane_role", lane=level)
    if len(held) > 1:
        raise Invalid("jurisdiction_required", details={"jurisdiction": REQUIRED})
    return held.pop()


def check_key(round_: str, award_form: str) -> None:
    if not is_round(round_) or award_form not in AWARD_FORMS:
        raise Invalid("invalid_round_or_award_form", round=round_, award_form=award_form)


def waiting_rows(ctx: ServiceContext, key: tuple, *, lock: bool = False) -> list[tuple]:
    """S1: every dossier waiting for the sitting of `key` (on hold is not waiting, X2), with
    its proposal and nominee, in the order they were proposed."""
    jurisdiction, round_, award_form, level = key
    stmt = (
        select(SelectionProposal, Dossier, Nominee)
        .join(Dossier, Dossier.id == SelectionProposal.dossier_id)
        .join(Nominee, Nominee.id == Dossier.nominee_id)
        .where(
            SelectionProposal.closed_at.is_(None),
            SelectionProposal.jurisdiction_id == jurisdiction,
            SelectionProposal.round == round_,
            SelectionProposal.award_form == award_form,
            SelectionProposal.level == level,
            Dossier.status == "in_progress",
        )
        .order_by(SelectionProposal.proposed_at, SelectionProposal.id)
    )
    if lock:
        stmt = stmt.with_for_update(of=Dossier).execution_options(populate_existing=True)
    return list(ctx.session.execute(stmt).tuples())


def threshold_for(ctx: ServiceContext, jurisdiction_id: str, award_form: str) -> float:
    """S2: the share an award form needs, from the jurisdiction's council threshold table
    (the published model's DMN, editable by its administrator); no table: no threshold."""
    jurisdiction = ctx.session.get(Jurisdiction, jurisdiction_id)
    version = find_published_version(ctx.session, jurisdiction) if jurisdiction else None
    if version is None:
        return 0.0
    model = parsed_model(ctx, version)
    value = ctx.engine.decision_output(model, THRESHOLD_OUTPUT, {"award_form": award_form})
    # R1: never below the floor the decree in force sets (Cờ thi đua: 80% of all members).
    return max(float(value or 0), law_threshold(ctx, award_form))


def _free_slots(cap: QuotaCap | None) -> int | None:
    if cap is None or cap.cap is None:
        return None
    return max(cap.cap - cap.used, 0)


def _as_candidates(sitting: SittingInput, rows: list[tuple]) -> list[Candidate]:
    """The domain's candidates, in the order the votes were entered."""
    nominees = {dossier.id: nominee for _, dossier, nominee in rows}
    return [
        Candidate(
            dossier_id,
            votes_for,
            nominees[dossier_id].kind,
            getattr(nominees[dossier_id], "sex", None),
            getattr(nominees[dossier_id], "staff_total", None),
            getattr(nominees[dossier_id], "women_total", None),
        )
        for dossier_id, votes_for in sitting.votes
    ]


def _check_queue(sitting: SittingInput, rows: list[tuple]) -> None:
    """S1: the votes name exactly the waiting candidates: one that left the queue (held,
    withdrawn, decided by another sitting) or one that joined it since is a 409."""
    ids = [dossier_id for dossier_id, _ in sitting.votes]
    if len(set(ids)) != len(ids):
        raise Invalid("invalid_sitting", details={"votes": problem("duplicate_candidate")})
    waiting = {dossier.id for _, dossier, _ in rows}
    gone = sorted(set(ids) - waiting)
    if gone:
        names = ", ".join(f"HS-{i}" for i in gone)
        raise Conflict("candidate_not_waiting", dossiers=names, details={"dossier_ids": gone})
    missing = sorted(waiting - set(ids))
    if missing:
        names = ", ".join(f"HS-{i}" for i in missing)
        raise Conflict("candidates_missing", dossiers=names, details={"dossier_ids": missing})


def _rank(ctx: ServiceContext, sitting: SittingInput, key: tuple, rows, cap) -> tuple:
    threshold = threshold_for(ctx, key[0], sitting.award_form)
    placements = rank_sitting(
        _as_candidates(sitting, rows),
        sitting.members_total,
        sitting.members_present,
        threshold,
        _free_slots(cap),
        sitting.order,
    )
    return threshold, placements


def preview(ctx: ServiceContext, sitting: SittingInput) -> dict:
    """The ranking the sitting would give now, changing nothing (the page's live preview)."""
    jurisdiction = sitting_jurisdiction(ctx, sitting.level, sitting.jurisdiction)
    check_key(sitting.round, sitting.award_form)
    key = (jurisdiction, sitting.round, sitting.award_form, sitting.level)
    rows = waiting_rows(ctx, key)
    _check_queue(sitting, rows)
    cap = cap_row(ctx, *key)
    threshold, placements = _rank(ctx, sitting, key, rows, cap)
    lower = _lower_award(ctx, sitting, key, placements, rows)
    votes = dict(sitting.votes)
    return {
        "cap": cap.cap if cap else None,
        "used": cap.used if cap else 0,
        "threshold_percent": threshold,
        "ranking": [_ranking_row(p, votes[p.dossier_id], lower) for p in placements],
    }


def _ranking_row(placement: Placement, votes_for: int, lower: dict[int, str]) -> dict:
    return {
        "dossier_id": placement.dossier_id,
        "votes_for": votes_for,
        "rank": placement.rank,
        "share": round(float(placement.share), 4),
        "selected": placement.selected,
        "reason": placement.reason,
        "lower_award_form": lower.get(placement.dossier_id),
    }


def _locked_cap(ctx: ServiceContext, key: tuple) -> QuotaCap | None:
    """The cap row, locked until commit: a second sitting for the same cap waits here, then
    sees the slots the first one took (PostgreSQL; SQLite serializes writers anyway)."""
    jurisdiction, round_, award_form, level = key
    return ctx.session.scalar(
        select(QuotaCap)
        .where(
            QuotaCap.jurisdiction_id == jurisdiction,
            QuotaCap.round == round_,
            QuotaCap.award_form == award_form,
            QuotaCap.level == level,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def hold_sitting(ctx: ServiceContext, sitting: SittingInput) -> SelectionSitting:
    """S1-S5 in one transaction: rank every waiting candidate, take the selected ones' slots
    (a conditional update `used + n <= cap`), move each on or out, write each history."""
    jurisdiction = sitting_jurisdiction(ctx, sitting.level, sitting.jurisdiction)
    check_key(sitting.round, sitting.award_form)
    key = (jurisdiction, sitting.round, sitting.award_form, sitting.level)
    cap = _locked_cap(ctx, key)
    rows = waiting_rows(ctx, key, lock=True)
    _check_queue(sitting, rows)
    threshold, placements = _rank(ctx, sitting, key, rows, cap)
    lower = _lower_award(ctx, sitting, key, placements, rows)
    row = _sitting_row(ctx, sitting, key, threshold, cap)
    votes = dict(sitting.votes)
    ctx.session.add_all(
        SittingCandidate(
            sitting_id=row.id,
            votes_for=votes[p.dossier_id],
            lower_award_form=lower.get(p.dossier_id),
            **_stored(p),
        )
        for p in placements
    )
    chosen = [p for p in placements if p.selected]
    if cap is not None and cap.cap is not None:
        _take_slots(ctx, cap, len(chosen))
    # Issue 11: one flush at commit, and the candidates' states written by one statement
    # (200 candidates: not 200 flushes, nor one UPDATE per versioned row).
    states = StateWrites()
    with ctx.session.no_autoflush:
        _move_candidates(ctx, row, placements, votes, cap, rows, states)
        _give_lower_award(ctx, row, lower, rows)
    states.write(ctx.session)
    return row


def lower_form_for(ctx: ServiceContext, jurisdiction_id: str, level: str, award_form: str):
    """S4: the level's own lower form, read from the published model's award route table
    (the form this level decides), so an administrator's edit of the table moves it."""
    jurisdiction = ctx.session.get(Jurisdiction, jurisdiction_id)
    version = find_published_version(ctx.session, jurisdiction) if jurisdiction else None
    if version is None:
        return None, None
    model = parsed_model(ctx, version)
    deciding = {}
    for form in AWARD_FORMS:
        try:
            deciding[form] = ctx.engine.decision_output(model, ROUTE_OUTPUT, {"award_form": form})
        except EngineError:  # no row for this form: the chain does not route it
            deciding[form] = None
    return lower_form_at(level, award_form, deciding), version


def _lower_award(ctx, sitting: SittingInput, key: tuple, placements, rows) -> dict[int, str]:
    """S4: dossier id -> the lower form the sitting gives it instead; each must be left out
    of the quota and eligible for that form (E1)."""
    if not sitting.lower_award:
        return {}
    form, version = lower_form_for(ctx, key[0], key[3], key[2])
    check_lower_award(placements, sitting.lower_award, form)
    nominees = {dossier.id: nominee for _, dossier, nominee in rows}
    for dossier_id in sitting.lower_award:
        nominee = nominees[dossier_id]
        category = getattr(nominee, "category", None)
        check_eligible(ctx, version, form, nominee.kind, sitting.round, category)
    return dict.fromkeys(sitting.lower_award, form)


def _give_lower_award(ctx, row: SelectionSitting, lower: dict[int, str], rows) -> None:
    """S4: the dossier ends `not_selected` for its own form and records the lower form the
    level awards it instead, in its history and on the dossier."""
    dossiers = {dossier.id: dossier for _, dossier, _ in rows}
    for dossier_id, form in lower.items():
        dossier = dossiers[dossier_id]
        dossier.awarded_form = form
        data = {"award_form": form, "level": row.level, "sitting_id": row.id}
        record_event(ctx, dossier, "lower_award_given", data=data)


def _stored(placement: Placement) -> dict:
    return {
        "dossier_id": placement.dossier_id,
        "rank": placement.rank,
        "share": float(placement.share),
        "selected": placement.selected,
        "reason": placement.reason,
    }


def _sitting_row(ctx, sitting: SittingInput, key: tuple, threshold: float, cap) -> SelectionSitting:
    jurisdiction, round_, award_form, level = key
    row = SelectionSitting(
        jurisdiction_id=jurisdiction,
        round=round_,
        award_form=award_form,
        level=level,
        held_on=sitting.held_on,
        members_total=sitting.members_total,
        members_present=sitting.members_present,
        threshold_percent=threshold,
        cap=cap.cap if cap else None,
        used_before=cap.used if cap else 0,
        held_by=ctx.actor_name,
        created_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    return row


def _take_slots(ctx: ServiceContext, cap: QuotaCap, count: int) -> None:
    """Q1-Q3: the database decides; if another sitting took the slots first, nothing changes."""
    if count == 0:
        return
    taken = ctx.session.execute(
        update(QuotaCap)
        .where(QuotaCap.id == cap.id, QuotaCap.used + count <= QuotaCap.cap)
        .values(used=QuotaCap.used + count)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise Conflict("sitting_exceeds_cap", cap=cap.cap, used=cap.used, count=count)


def _instances(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, ProcessInstance]:
    stmt = (
        select(ProcessInstance)
        .where(ProcessInstance.dossier_id.in_(dossier_ids))
        .options(joinedload(ProcessInstance.version).joinedload(ProcessModelVersion.process_model))
        .with_for_update(of=ProcessInstance)
    )
    return {i.dossier_id: i for i in ctx.session.scalars(stmt).unique()}


def _live_tasks(ctx: ServiceContext, dossier_ids: list[int]) -> dict[int, list[HumanTask]]:
    """The candidates' live tasks (none while they wait; read once for the whole sitting)."""
    grouped: dict[int, list[HumanTask]] = {}
    rows = ctx.session.scalars(
        select(HumanTask).where(
            HumanTask.dossier_id.in_(dossier_ids), HumanTask.state.in_(LIVE_TASK_STATES)
        )
    )
    for task in rows:
        grouped.setdefault(task.dossier_id, []).append(task)
    return grouped


def _move_candidates(ctx, row, placements, votes, cap, rows: list[tuple], states) -> None:
    """S4, S5: each candidate's history shows the sitting and its ranking; the selected take
    a slot and go on, the others end `not_selected` (and give back any slot they held)."""
    dossiers = {dossier.id: dossier for _, dossier, _ in rows}
    proposals = {dossier.id: proposal for proposal, dossier, _ in rows}
    instances = _instances(ctx, list(dossiers))
    live = _live_tasks(ctx, list(dossiers))
    ranking = [[p.dossier_id, p.rank, votes[p.dossier_id], p.selected] for p in placements]
    for placement in placements:
        dossier = dossiers[placement.dossier_id]
        facts = _held_facts(row, placement, ranking)
        record_event(ctx, dossier, "selection_held", data={**facts, "votes_for": votes[dossier.id]})
        if placement.selected and cap is not None and cap.cap is not None:
            quotas.add_slot(ctx, cap, dossier, row.id)
        deliver(
            ctx,
            dossier,
            instances[dossier.id],
            selected=placement.selected,
            reason=placement.reason,
            sitting_id=row.id,
            proposal=proposals[dossier.id],
            release=False,
            live_tasks=live.get(dossier.id, []),
            states=states,
        )
    left_out = [dossiers[p.dossier_id] for p in placements if not p.selected]
    quotas.release_all_of(ctx, left_out, RELEASED_NOT_SELECTED)


def _held_facts(row: SelectionSitting, placement: Placement, ranking: list) -> dict:
    return {
        "sitting_id": row.id,
        "level": row.level,
        "round": row.round,
        "award_form": row.award_form,
        "held_on": row.held_on.isoformat(),
        "members_total": row.members_total,
        "members_present": row.members_present,
        "threshold_percent": row.threshold_percent,
        "cap": row.cap,
        "rank": placement.rank,
        "share": round(float(placement.share), 4),
        "selected": placement.selected,
        "reason": placement.reason,
        # [dossier_id, rank, votes_for, selected] of every candidate, best first
        "ranking": ranking,
    }


def sit_alone(ctx: ServiceContext, dossier: Dossier) -> bool:
    """A dry run's sitting of one (S1): the sample alone with every vote, selected if a slot
    is free. The real queue is left out; the run's savepoint undoes it all."""
    proposal = open_proposal(ctx, dossier.id)
    if proposal is None:
        return False
    key = (proposal.jurisdiction_id, proposal.round, proposal.award_form, proposal.level)
    cap = _locked_cap(ctx, key)
    free = _free_slots(cap)
    selected = free is None or free > 0
    if selected and cap is not None and cap.cap is not None:
        _take_slots(ctx, cap, 1)
        quotas.add_slot(ctx, cap, dossier, None)
    instance = _instances(ctx, [dossier.id])[dossier.id]
    reason = WITHIN_QUOTA if selected else OUTSIDE_QUOTA
    deliver(ctx, dossier, instance, selected=selected, reason=reason)
    return True
