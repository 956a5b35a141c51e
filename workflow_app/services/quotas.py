"""Quota caps (Q1-Q4): reserve a slot when a selecting level approves, release it when the
dossier falls out. The database decides: a conditional update `used < cap`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update

from ..domain.errors import Invalid
from ..domain.quota import (
    RELEASED_RETURNED,
    QuotaFull,
    check_cap_value,
    check_level,
    levels_to_release,
)
from ..domain.vocabulary import AWARD_FORMS, is_round
from ..persistence.models import Dossier, Nominee, QuotaCap, QuotaSlot
from .context import ServiceContext
from .history import record_event
from .process_models import published_reserved_levels
from .roles import levels_of
from .setting_changes import record_change
from .settings_admin import require_admin


def _cap_for(ctx: ServiceContext, dossier: Dossier, level: str) -> QuotaCap | None:
    return ctx.session.scalar(
        select(QuotaCap).where(
            QuotaCap.jurisdiction_id == dossier.jurisdiction_id,
            QuotaCap.round == dossier.round,
            QuotaCap.award_form == dossier.award_form,
            QuotaCap.level == level,
        )
    )


def _held_slot(ctx: ServiceContext, cap: QuotaCap, dossier: Dossier) -> QuotaSlot | None:
    return ctx.session.scalar(
        select(QuotaSlot).where(
            QuotaSlot.quota_cap_id == cap.id,
            QuotaSlot.dossier_id == dossier.id,
            QuotaSlot.released_at.is_(None),
        )
    )


def slots_to_take(ctx: ServiceContext, dossier: Dossier, levels: Iterable[str]) -> list[QuotaCap]:
    """The caps whose slot a step asked for (`StepResult.slot_requests`) and must now take.

    No cap row, or a cap of None, means no limit (Q4); a slot the dossier already holds is
    kept. A cap that is already full refuses at once (QuotaFull: the step rolls back, the
    task stays open), before the step writes anything.
    """
    caps = []
    for level in dict.fromkeys(levels):
        cap = _cap_for(ctx, dossier, level)
        if cap is None or cap.cap is None or _held_slot(ctx, cap, dossier) is not None:
            continue
        if cap.used >= cap.cap:
            raise _quota_full(ctx, cap)
        caps.append(cap)
    return caps


def take_slots(ctx: ServiceContext, dossier: Dossier, caps: Iterable[QuotaCap]) -> None:
    """Take the slots, last in the step so the cap row is locked only until the commit: a
    conditional update `used < cap` decided by the database, so concurrent approvals on any
    number of processes never overrun a cap."""
    for cap in caps:
        taken = ctx.session.execute(
            update(QuotaCap)
            .where(QuotaCap.id == cap.id, QuotaCap.used < QuotaCap.cap)
            .values(used=QuotaCap.used + 1)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            ctx.session.refresh(cap)
            raise _quota_full(ctx, cap)
        add_slot(ctx, cap, dossier)


def _quota_full(ctx: ServiceContext, cap: QuotaCap) -> QuotaFull:
    holders = [h["dossier_id"] for h in _holders(ctx, [cap.id]).get(cap.id, [])]
    return QuotaFull(
        cap=cap.cap,
        used=cap.used,
        level=cap.level,
        round=cap.round,
        award_form=cap.award_form,
        details={"holders": holders},
    )


def _release(ctx: ServiceContext, dossier: Dossier, slot: QuotaSlot, reason: str) -> None:
    slot.released_at, slot.release_reason = ctx.now, reason
    ctx.session.execute(
        update(QuotaCap)
        .where(QuotaCap.id == slot.quota_cap_id)
        .values(used=QuotaCap.used - 1)
        .execution_options(synchronize_session=False)
    )
    record_event(
        ctx, dossier, "quota_slot_released", data={"level": slot.quota_cap.level, "reason": reason}
    )


def held_slots(ctx: ServiceContext, dossier: Dossier) -> list[QuotaSlot]:
    return list(
        ctx.session.scalars(
            select(QuotaSlot).where(
                QuotaSlot.dossier_id == dossier.id, QuotaSlot.released_at.is_(None)
            )
        )
    )


def release_all(ctx: ServiceContext, dossier: Dossier, reason: str) -> None:
    """Give back every slot: the dossier was rejected, withdrawn or excluded."""
    for slot in held_slots(ctx, dossier):
        _release(ctx, dossier, slot, reason)


def release_all_of(ctx: ServiceContext, dossiers: list[Dossier], reason: str) -> None:
    """Give back every slot of several dossiers at once (S4: those a sitting left out), with
    one query for all of them instead of one each."""
    if not dossiers:
        return
    by_id = {dossier.id: dossier for dossier in dossiers}
    slots = ctx.session.scalars(
        select(QuotaSlot).where(QuotaSlot.dossier_id.in_(by_id), QuotaSlot.released_at.is_(None))
    )
    for slot in slots:
        _release(ctx, by_id[slot.dossier_id], slot, reason)


def release_if_below(ctx: ServiceContext, dossier: Dossier, open_lanes: Iterable[str]) -> None:
    """A dossier returned below a selecting level gives that level's slot back."""
    slots = held_slots(ctx, dossier)
    if not slots:  # most steps: no slot held, so no levels to read (issue 15)
        return
    order = levels_of(ctx.session, dossier.jurisdiction_id)  # issue 17: its roles' levels
    below = levels_to_release([s.quota_cap.level for s in slots], open_lanes, order)
    for slot in slots:
        if slot.quota_cap.level in below:
            _release(ctx, dossier, slot, RELEASED_RETURNED)


def _holders(ctx: ServiceContext, cap_ids: list[int]) -> dict[int, list[dict]]:
    rows = ctx.session.execute(
        select(QuotaSlot.quota_cap_id, QuotaSlot.dossier_id, QuotaSlot.reserved_at, Nominee.name)
        .join(Dossier, Dossier.id == QuotaSlot.dossier_id)
        .join(Nominee, Nominee.id == Dossier.nominee_id)
        .where(QuotaSlot.quota_cap_id.in_(cap_ids), QuotaSlot.released_at.is_(None))
        .order_by(QuotaSlot.reserved_at, QuotaSlot.id)
    )
    holders: dict[int, list[dict]] = {}
    for cap_id, dossier_id, reserved_at, nominee in rows:
        holders.setdefault(cap_id, []).append(
            {"dossier_id": dossier_id, "nominee": nominee, "reserved_at": reserved_at}
        )
    return holders


def quota_overview(
    ctx: ServiceContext, round_: str | None = None, jurisdiction_id: str | None = None
) -> list[dict]:
    """Caps of the jurisdictions this user works in (or of one of them): cap, used, and who
    holds each slot."""
    jurisdictions = {g.jurisdiction_id for g in ctx.actor.grants if g.jurisdiction_id}
    if jurisdiction_id is not None:
        jurisdictions &= {jurisdiction_id}
    stmt = select(QuotaCap).where(QuotaCap.jurisdiction_id.in_(jurisdictions))
    if round_:
        stmt = stmt.where(QuotaCap.round == round_)
    caps = list(
        ctx.session.scalars(stmt.order_by(QuotaCap.round, QuotaCap.award_form, QuotaCap.level))
    )
    holders = _holders(ctx, [c.id for c in caps])
    return [
        {
            "jurisdiction": c.jurisdiction_id,
            "round": c.round,
            "award_form": c.award_form,
            "level": c.level,
            "cap": c.cap,
            "used": c.used,
            "holders": holders.get(c.id, []),
            "updated_by": c.updated_by,
            "updated_at": c.updated_at,
        }
        for c in caps
    ]


def cap_at(
    ctx: ServiceContext, jurisdiction_id: str, round_: str, award_form: str, level: str
) -> dict | None:
    """The overview row of one cap (what a step at `level` would draw on), if one is set."""
    key = (jurisdiction_id, award_form, level)
    return next(
        (
            c
            for c in quota_overview(ctx, round_)
            if (c["jurisdiction"], c["award_form"], c["level"]) == key
        ),
        None,
    )


def admin_caps(ctx: ServiceContext, jurisdiction_id: str | None) -> list[dict]:
    """The caps page of one jurisdiction: every cap by round, award form and level, with the
    slots used and free (None: no cap, Q4)."""
    jurisdiction_id = require_admin(ctx, jurisdiction_id)
    rows = quota_overview(ctx, jurisdiction_id=jurisdiction_id)
    for row in rows:
        row["free"] = None if row["cap"] is None else max(row["cap"] - row["used"], 0)
    return rows


def cap_key(round_: str, award_form: str, level: str) -> str:
    """How the history names a cap: `tong-ket-2030/bang-khen-ubnd/so_gddt`."""
    return f"{round_}/{award_form}/{level}"


def set_cap(
    ctx: ServiceContext,
    round_: str,
    award_form: str,
    level: str,
    cap: int | None,
    jurisdiction_id: str | None = None,
) -> QuotaCap:
    """Create or change a cap (admin), keeping the change in the settings history. A cap on
    a level the published model never reserves at would not be enforced, so it is refused."""
    jurisdiction_id = require_admin(ctx, jurisdiction_id)
    # Q1-Q3: the selecting levels are those the published model reserves slots at.
    reserved_levels = published_reserved_levels(ctx, jurisdiction_id) or set()
    if not is_round(round_) or award_form not in AWARD_FORMS:
        raise Invalid("invalid_round_or_award_form", round=round_, award_form=award_form)
    if cap is not None and level not in reserved_levels:
        raise Invalid("level_not_reserved", level=level)
    check_level(level, reserved_levels)
    row = ctx.session.scalar(
        select(QuotaCap)
        .where(
            QuotaCap.jurisdiction_id == jurisdiction_id,
            QuotaCap.round == round_,
            QuotaCap.award_form == award_form,
            QuotaCap.level == level,
        )
        .with_for_update()
    )
    if row is None:
        row = QuotaCap(
            jurisdiction_id=jurisdiction_id,
            round=round_,
            award_form=award_form,
            level=level,
            used=0,
        )
        ctx.session.add(row)
    check_cap_value(cap, row.used or 0)
    before = None if row.id is None else {"cap": row.cap}
    row.cap, row.updated_by, row.updated_at = cap, ctx.actor_name, ctx.now
    record_change(
        ctx, jurisdiction_id, "quota_cap", cap_key(round_, award_form, level), before, {"cap": cap}
    )
    ctx.session.flush()
    return row


def add_slot(ctx: ServiceContext, cap: QuotaCap, dossier: Dossier, sitting_id=None) -> None:
    """Record the slot a dossier now holds under `cap` (the cap's `used` was already raised),
    and say so in its history, with the sitting that gave it (S4) when there was one."""
    ctx.session.add(
        QuotaSlot(
            quota_cap_id=cap.id,
            dossier_id=dossier.id,
            reserved_at=ctx.now,
            reserved_by=ctx.actor_name,
        )
    )
    facts = {"level": cap.level, "cap": cap.cap, "round": cap.round, "award_form": cap.award_form}
    if sitting_id is not None:
        facts["sitting_id"] = sitting_id
    record_event(ctx, dossier, "quota_slot_reserved", data=facts)
