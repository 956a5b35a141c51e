"""Reorganisation (M1): merge a jurisdiction into its successor, retire a unit into the one
taking it over. Each is one transaction; every dossier it moves gets one history event."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn
from ..domain.reorganisation import (
    MERGED,
    MOVING_STATUSES,
    check_merge,
    check_retirement,
    combined_cap,
    combined_deadline,
)
from ..domain.tasks import LIVE_TASK_STATES
from ..persistence.models import (
    Dossier,
    DossierMove,
    HoldKind,
    HumanTask,
    Jurisdiction,
    JurisdictionMerge,
    Nominee,
    Posting,
    PostingCandidate,
    QuotaCap,
    QuotaSlot,
    RoleGrant,
    RoundDeadline,
    SelectionProposal,
    Unit,
)
from .context import ServiceContext
from .history import lock_dossier, record_event
from .quotas import cap_key
from .read_only import mark_merged, writes_allowed
from .setting_changes import record_change

# --- reading -------------------------------------------------------------------------------


def list_jurisdictions(ctx: ServiceContext) -> list[Jurisdiction]:
    """Every jurisdiction with its status and successor (names are public)."""
    if ctx.actor is None:
        raise NotSignedIn()
    return list(ctx.session.scalars(select(Jurisdiction).order_by(Jurisdiction.id)))


def list_units(ctx: ServiceContext, jurisdiction_id: str) -> list[Unit]:
    """A jurisdiction's units, the retired ones too (admins and auditors)."""
    if not any(ctx.actor.holds(role, jurisdiction_id) for role in ("admin", "auditor")):
        raise NotAllowed("not_settings_admin", jurisdiction=jurisdiction_id)
    stmt = select(Unit).where(Unit.jurisdiction_id == jurisdiction_id).order_by(Unit.id)
    return list(ctx.session.scalars(stmt))


def merges_into(ctx: ServiceContext, jurisdiction_id: str) -> list[JurisdictionMerge]:
    stmt = select(JurisdictionMerge).where(
        (JurisdictionMerge.successor_id == jurisdiction_id)
        | (JurisdictionMerge.jurisdiction_id == jurisdiction_id)
    )
    return list(ctx.session.scalars(stmt.order_by(JurisdictionMerge.id)))


def related_audit_scope(ctx: ServiceContext, dossier: Dossier) -> set[str]:
    """M1: besides its own, the jurisdictions whose auditors may read this dossier: those it
    was moved from, and every successor of the one it stays in (a merged one's history)."""
    moved_from = ctx.session.scalars(
        select(DossierMove.from_jurisdiction_id).where(DossierMove.dossier_id == dossier.id)
    )
    return set(moved_from) | successors_of(ctx, dossier.jurisdiction_id)


def successors_of(ctx: ServiceContext, jurisdiction_id: str) -> set[str]:
    found: set[str] = set()
    current = ctx.session.get(Jurisdiction, jurisdiction_id)
    while current is not None and current.successor_id and current.successor_id not in found:
        found.add(current.successor_id)
        current = ctx.session.get(Jurisdiction, current.successor_id)
    return found


def audited_scope(ctx: ServiceContext, audited: set[str]):
    """M1: a filter on Dossier for the dossiers an auditor of `audited` reads beyond their
    own jurisdictions: those moved out of them, and those of the jurisdictions merged in."""
    predecessors = _predecessors(ctx, audited)
    moved = select(DossierMove.dossier_id).where(DossierMove.from_jurisdiction_id.in_(audited))
    return Dossier.id.in_(moved) | Dossier.jurisdiction_id.in_(predecessors)


def _predecessors(ctx: ServiceContext, jurisdictions: set[str]) -> set[str]:
    found: set[str] = set()
    frontier = set(jurisdictions)
    while frontier:
        stmt = select(Jurisdiction.id).where(Jurisdiction.successor_id.in_(frontier))
        frontier = set(ctx.session.scalars(stmt)) - found
        found |= frontier
    return found


# --- merging -------------------------------------------------------------------------------


def merge_jurisdiction(
    ctx: ServiceContext, jurisdiction_id: str, into: str, effective_on: date
) -> dict:
    """M1: move units, nominees, open dossiers, caps and deadlines to the successor, and
    leave the old jurisdiction merged and read-only. Returns what moved and what to review."""
    if ctx.actor is None:
        raise NotSignedIn()
    if not (ctx.actor.holds("admin", jurisdiction_id) and ctx.actor.holds("admin", into)):
        raise NotAllowed("merge_needs_both_admins", jurisdiction=jurisdiction_id, into=into)
    old = _locked_jurisdiction(ctx, jurisdiction_id)
    successor = ctx.session.get(Jurisdiction, into)
    if old is None or successor is None:
        raise NotFound()
    check_merge(old.id, old.status, successor.id, successor.status)
    if effective_on > ctx.now.date():
        raise Invalid("merge_in_future", effective_on=effective_on.isoformat())
    _check_no_shared_citizens(ctx, old.id, successor.id)
    with writes_allowed(ctx.session):
        merge = JurisdictionMerge(
            jurisdiction_id=old.id,
            successor_id=successor.id,
            effective_on=effective_on,
            merged_by=ctx.actor_name,
            merged_at=ctx.now,
            summary={},
        )
        ctx.session.add(merge)
        ctx.session.flush()
        summary = _carry_over(ctx, old, successor, merge)
        old.status, old.successor_id, old.merged_on = MERGED, successor.id, effective_on
        merge.summary = summary
        ctx.session.flush()
    mark_merged(ctx.session, old.id)
    return summary


def _locked_jurisdiction(ctx: ServiceContext, jurisdiction_id: str) -> Jurisdiction | None:
    """Two merges of the same jurisdiction at once: the second waits, then sees `merged`."""
    stmt = (
        select(Jurisdiction)
        .where(Jurisdiction.id == jurisdiction_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return ctx.session.scalars(stmt).first()


def _check_no_shared_citizens(ctx: ServiceContext, old: str, successor: str) -> None:
    """E2 holds across a merge: one nominee per citizen id, so duplicates are resolved first."""
    theirs = select(Nominee.citizen_id).where(
        Nominee.jurisdiction_id == successor, Nominee.citizen_id.is_not(None)
    )
    shared = ctx.session.scalars(
        select(Nominee.id).where(Nominee.jurisdiction_id == old, Nominee.citizen_id.in_(theirs))
    ).all()
    if shared:
        raise Conflict("merge_duplicate_nominees", details={"nominee_ids": sorted(shared)})


def _carry_over(
    ctx: ServiceContext, old: Jurisdiction, successor: Jurisdiction, merge: JurisdictionMerge
) -> dict:
    units = _move_units(ctx, old.id, successor.id)
    dossiers = _move_open_dossiers(ctx, old.id, successor.id, merge)
    return {
        "jurisdiction": old.id,
        "into": successor.id,
        "effective_on": merge.effective_on.isoformat(),
        "units": units,
        "nominees": _move_nominees(ctx, old.id, successor.id),
        "dossiers": dossiers,
        "caps": _carry_caps(ctx, old.id, successor.id),
        "deadlines": _carry_deadlines(ctx, old.id, successor.id),
        "hold_kinds": _move_hold_kinds(ctx, old.id, successor.id),
        "postings": _move_open_postings(ctx, old.id, successor.id),
        "unstaffed_lanes": _unstaffed_lanes(ctx, successor.id, dossiers),
    }


def _move_units(ctx: ServiceContext, old: str, successor: str) -> list[str]:
    """The units and their members go over: a unit's grants follow it."""
    units = ctx.session.scalars(select(Unit).where(Unit.jurisdiction_id == old)).all()
    for unit in units:
        unit.jurisdiction_id = successor
    grants = ctx.session.scalars(
        select(RoleGrant).where(RoleGrant.jurisdiction_id == old, RoleGrant.role == "unit")
    ).all()
    for grant in grants:
        grant.jurisdiction_id = successor
    return sorted(unit.id for unit in units)


def _move_nominees(ctx: ServiceContext, old: str, successor: str) -> int:
    nominees = ctx.session.scalars(select(Nominee).where(Nominee.jurisdiction_id == old)).all()
    for nominee in nominees:
        nominee.jurisdiction_id = successor
    return len(nominees)


def _move_open_dossiers(
    ctx: ServiceContext, old: str, successor: str, merge: JurisdictionMerge
) -> list[int]:
    """Open dossiers go on under the successor's reviewers, on their pinned version: only
    where their tasks are offered changes, never their workflow (so each still replays)."""
    ids = ctx.session.scalars(
        select(Dossier.id)
        .where(Dossier.jurisdiction_id == old, Dossier.status.in_(MOVING_STATUSES))
        .order_by(Dossier.id)
    ).all()
    for dossier_id in ids:
        dossier = lock_dossier(ctx.session, dossier_id)
        _move_dossier(ctx, dossier, successor, dossier.unit_id, "merge", merge.id)
    return list(ids)


def _move_dossier(
    ctx: ServiceContext,
    dossier: Dossier,
    to_jurisdiction: str,
    to_unit: str,
    reason: str,
    merge_id: int | None = None,
) -> None:
    """Move one dossier (and its live tasks and waiting proposal), with one history event."""
    move = DossierMove(
        dossier_id=dossier.id,
        reason=reason,
        from_jurisdiction_id=dossier.jurisdiction_id,
        to_jurisdiction_id=to_jurisdiction,
        from_unit_id=dossier.unit_id,
        to_unit_id=to_unit,
        merge_id=merge_id,
        moved_at=ctx.now,
    )
    ctx.session.add(move)
    for task in _live_tasks(ctx, dossier.id):
        task.jurisdiction_id = to_jurisdiction
        if task.unit_id == dossier.unit_id:
            task.unit_id = to_unit
    proposals = ctx.session.scalars(
        select(SelectionProposal).where(
            SelectionProposal.dossier_id == dossier.id, SelectionProposal.closed_at.is_(None)
        )
    )
    for proposal in proposals:  # S1: it waits for the successor's sitting now
        proposal.jurisdiction_id = to_jurisdiction
    candidates = ctx.session.scalars(
        select(PostingCandidate).where(PostingCandidate.dossier_id == dossier.id)
    )
    for candidate in candidates:  # P1: posted, or waiting to be, by the successor
        candidate.jurisdiction_id = to_jurisdiction
    record_event(
        ctx,
        dossier,
        "dossier_moved",
        data={
            "reason": reason,
            "from_jurisdiction": dossier.jurisdiction_id,
            "to_jurisdiction": to_jurisdiction,
            "from_unit": dossier.unit_id,
            "to_unit": to_unit,
        },
    )
    dossier.jurisdiction_id, dossier.unit_id = to_jurisdiction, to_unit


def _live_tasks(ctx: ServiceContext, dossier_id: int) -> list[HumanTask]:
    stmt = select(HumanTask).where(
        HumanTask.dossier_id == dossier_id, HumanTask.state.in_(LIVE_TASK_STATES)
    )
    return list(ctx.session.scalars(stmt))


def _carry_caps(ctx: ServiceContext, old: str, successor: str) -> list[dict]:
    """Q1-Q4: each cap carries over, summed where both had one; the slots held under the old
    cap (open and approved dossiers alike) count under the successor's from now on."""
    lines = []
    caps = ctx.session.scalars(select(QuotaCap).where(QuotaCap.jurisdiction_id == old)).all()
    for cap in caps:
        target = ctx.session.scalar(
            select(QuotaCap)
            .where(
                QuotaCap.jurisdiction_id == successor,
                QuotaCap.round == cap.round,
                QuotaCap.award_form == cap.award_form,
                QuotaCap.level == cap.level,
            )
            .with_for_update()
        )
        had_row = target is not None
        before = target.cap if had_row else None
        if target is None:
            target = QuotaCap(
                jurisdiction_id=successor,
                round=cap.round,
                award_form=cap.award_form,
                level=cap.level,
                used=0,
                updated_by=ctx.actor_name,
                updated_at=ctx.now,
            )
            ctx.session.add(target)
            ctx.session.flush()
        target.cap = combined_cap(before, had_row, cap.cap)
        target.used = (target.used or 0) + _move_slots(ctx, cap, target)
        target.updated_by, target.updated_at = ctx.actor_name, ctx.now
        key = cap_key(cap.round, cap.award_form, cap.level)
        record_change(
            ctx,
            successor,
            "quota_cap",
            key,
            {"cap": before} if had_row else None,
            {"cap": target.cap},
        )
        lines.append(
            {
                "round": cap.round,
                "award_form": cap.award_form,
                "level": cap.level,
                "before": before,
                "carried": cap.cap,
                "cap": target.cap,
                "used": target.used,
                "review": had_row,
            }
        )
    return lines


def _move_slots(ctx: ServiceContext, old_cap: QuotaCap, new_cap: QuotaCap) -> int:
    slots = ctx.session.scalars(
        select(QuotaSlot).where(
            QuotaSlot.quota_cap_id == old_cap.id, QuotaSlot.released_at.is_(None)
        )
    ).all()
    for slot in slots:
        slot.quota_cap_id = new_cap.id
    old_cap.used = 0
    return len(slots)


def _carry_deadlines(ctx: ServiceContext, old: str, successor: str) -> list[dict]:
    """T1-T3: a round's deadline carries over; where both had one, the later holds (T5: no
    moved dossier loses time it had) and the line is marked for review."""
    lines = []
    stmt = select(RoundDeadline).where(RoundDeadline.jurisdiction_id == old)
    for row in ctx.session.scalars(stmt.order_by(RoundDeadline.round)).all():
        target = ctx.session.scalar(
            select(RoundDeadline).where(
                RoundDeadline.jurisdiction_id == successor, RoundDeadline.round == row.round
            )
        )
        before = target.deadline if target is not None else None
        result = combined_deadline(before, row.deadline)
        if target is None:
            target = RoundDeadline(
                jurisdiction_id=successor,
                round=row.round,
                deadline=result,
                updated_by=ctx.actor_name,
                updated_at=ctx.now,
            )
            ctx.session.add(target)
        if before != result:
            target.deadline, target.updated_by, target.updated_at = result, ctx.actor_name, ctx.now
            record_change(
                ctx,
                successor,
                "round_deadline",
                row.round,
                None if before is None else {"deadline": before.isoformat()},
                {"deadline": result.isoformat()},
            )
        lines.append(
            {
                "round": row.round,
                "before": _iso(before),
                "carried": _iso(row.deadline),
                "deadline": _iso(result),
                "review": before is not None and before != row.deadline,
            }
        )
    return lines


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _move_open_postings(ctx: ServiceContext, old: str, successor: str) -> list[int]:
    """P1-P3: a posting still open goes on (and is closed) under the successor."""
    postings = ctx.session.scalars(
        select(Posting).where(Posting.jurisdiction_id == old, Posting.status == "open")
    ).all()
    for posting in postings:
        posting.jurisdiction_id = successor
    return sorted(posting.id for posting in postings)


def _move_hold_kinds(ctx: ServiceContext, old: str, successor: str) -> list[str]:
    """X2: the kinds of hold the old jurisdiction added stay usable on its nominees."""
    kinds = ctx.session.scalars(select(HoldKind).where(HoldKind.jurisdiction_id == old)).all()
    for kind in kinds:
        kind.jurisdiction_id = successor
    return sorted(kind.key for kind in kinds)


def _unstaffed_lanes(ctx: ServiceContext, successor: str, dossier_ids: list[int]) -> list[str]:
    """Lanes of the moved dossiers' live tasks that no one holds in the successor yet."""
    if not dossier_ids:
        return []
    lanes = set(
        ctx.session.scalars(
            select(HumanTask.lane).where(
                HumanTask.dossier_id.in_(dossier_ids),
                HumanTask.state.in_(LIVE_TASK_STATES),
                HumanTask.lane != "unit",
            )
        )
    )
    held = set(
        ctx.session.scalars(
            select(RoleGrant.role).where(
                (RoleGrant.jurisdiction_id == successor) | RoleGrant.jurisdiction_id.is_(None)
            )
        )
    )
    return sorted(lanes - held)


# --- retiring a unit -----------------------------------------------------------------------


def retire_unit(ctx: ServiceContext, unit_id: str, successor_id: str, effective_on: date) -> dict:
    """M1: a district office closes; its nominees, open dossiers and members go to the unit
    taking it over. The retired unit stays, read-only, for the history that names it."""
    unit = ctx.session.get(Unit, unit_id)
    if unit is None or ctx.actor is None:
        raise NotFound()
    if not ctx.actor.holds("admin", unit.jurisdiction_id):
        raise NotAllowed("not_settings_admin", jurisdiction=unit.jurisdiction_id)
    successor = ctx.session.get(Unit, successor_id)
    if successor is None:
        raise Invalid("unit_successor_invalid", unit=unit_id, successor=successor_id)
    check_retirement(
        unit.id,
        (unit.successor_id or "") if unit.retired_on is not None else None,
        successor.id,
        successor.retired_on is not None,
        successor.jurisdiction_id == unit.jurisdiction_id,
    )
    nominees = ctx.session.scalars(select(Nominee).where(Nominee.unit_id == unit.id)).all()
    for nominee in nominees:
        nominee.unit_id = successor.id
    moved = _move_unit_dossiers(ctx, unit, successor)
    members = _move_unit_grants(ctx, unit, successor)
    unit.retired_on, unit.successor_id = effective_on, successor.id
    ctx.session.flush()
    return {
        "unit": unit.id,
        "successor": successor.id,
        "effective_on": effective_on.isoformat(),
        "nominees": len(nominees),
        "dossiers": moved,
        "members": members,
    }


def _move_unit_dossiers(ctx: ServiceContext, unit: Unit, successor: Unit) -> list[int]:
    ids = ctx.session.scalars(
        select(Dossier.id)
        .where(Dossier.unit_id == unit.id, Dossier.status.in_(MOVING_STATUSES))
        .order_by(Dossier.id)
    ).all()
    for dossier_id in ids:
        dossier = lock_dossier(ctx.session, dossier_id)
        _move_dossier(ctx, dossier, dossier.jurisdiction_id, successor.id, "unit_retired")
    return list(ids)


def _move_unit_grants(ctx: ServiceContext, unit: Unit, successor: Unit) -> list[str]:
    """The office's staff keep working, now for the successor unit."""
    grants = ctx.session.scalars(
        select(RoleGrant).where(RoleGrant.unit_id == unit.id, RoleGrant.role == "unit")
    ).all()
    names = []
    for grant in grants:
        names.append(grant.user.username)
        already = any(g.role == "unit" and g.unit_id == successor.id for g in grant.user.grants)
        if already:
            ctx.session.delete(grant)
        else:
            grant.unit_id = successor.id
    return sorted(names)


def audits_related(ctx: ServiceContext, dossier: Dossier) -> bool:
    """M1: may this auditor read the dossier as part of a merged jurisdiction's history?"""
    if ctx.actor is None or not ctx.actor.jurisdictions_for("auditor"):
        return False
    return any(ctx.actor.holds("auditor", j) for j in related_audit_scope(ctx, dossier))
