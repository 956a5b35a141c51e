"""The demo's reorganisation as of today (M1): Quận 1's education office retired into the ward
that took it over, and Sóc Trăng merged into Cần Thơ on 1 July 2025, after one of its
dossiers was drafted, so auditors of both see a history that crosses the merger. Idempotent."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import INSTANCE_DIR
from ..domain.access import Actor, Grant
from ..domain.reorganisation import MERGED
from ..engine.engine import WorkflowEngine
from ..persistence.models import Dossier, Jurisdiction, Unit, User
from .accounts import actor_for
from .context import ServiceContext
from .dossiers import create_dossier
from .nominees import create_nominee
from .reorganisation import merge_jurisdiction, retire_unit

# 1 July 2025: no district level; Phòng GDĐT Quận 1's work passed to phường Sài Gòn.
RETIRED_UNITS = [("hcm-phong-gddt-quan-1", "hcm-phuong-sai-gon", date(2025, 7, 1))]
MERGERS = [("soc-trang", "can-tho", date(2025, 7, 1))]
# The dossier Sóc Trăng's Sở Nội vụ sent up before the merger (annual-2025 closed 1 June).
PRE_MERGER_AT = datetime(2025, 5, 20, 2, 0)
PRE_MERGER_NOMINEE = "Lâm Thị Ngọc Hân"


def seed_reorganisation(session: Session, upload_dir: Path | None = None) -> None:
    """Retire the district office and merge Sóc Trăng, unless done already."""
    engine = WorkflowEngine()
    # As config.py reads it (its load_config would also make a secret key).
    upload_dir = upload_dir or Path(
        os.environ.get("WORKFLOW_UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    )
    for unit_id, successor_id, on in RETIRED_UNITS:
        unit = session.get(Unit, unit_id)
        if unit is not None and unit.retired_on is None:
            ctx = _as_admin(session, engine, upload_dir, unit.jurisdiction_id, on)
            retire_unit(ctx, unit_id, successor_id, on)
    for old, into, on in MERGERS:
        jurisdiction = session.get(Jurisdiction, old)
        if jurisdiction is None or jurisdiction.status == MERGED:
            continue
        _pre_merger_dossier(session, engine, upload_dir, old)
        ctx = _as_admin(session, engine, upload_dir, old, on, into)
        merge_jurisdiction(ctx, old, into, on)
    session.flush()


def _as_admin(session, engine, upload_dir, jurisdiction: str, on: date, *more: str):
    """The demo acts as the administrators of the jurisdictions concerned, on the day."""
    grants = frozenset(Grant("admin", j) for j in (jurisdiction, *more))
    actor = Actor(0, "seed-demo", grants)
    return ServiceContext(
        session, actor, datetime.combine(on, datetime.min.time()), engine, upload_dir
    )


def _pre_merger_dossier(session, engine, upload_dir, jurisdiction: str) -> None:
    """One Giấy khen dossier the Sở's own office drafted before the merger. A draft: the
    demo keeps no document files (each test run has its own upload folder to sweep)."""
    unit = session.scalar(select(Unit).where(Unit.jurisdiction_id == jurisdiction))
    user = _unit_user(session, unit.id if unit else None)
    if unit is None or user is None:
        return
    if session.scalar(select(Dossier.id).where(Dossier.unit_id == unit.id)) is not None:
        return
    ctx = ServiceContext(session, actor_for(user), PRE_MERGER_AT, engine, upload_dir)
    nominee = create_nominee(ctx, "individual", PRE_MERGER_NOMINEE, unit.id)
    session.flush()
    create_dossier(
        ctx,
        nominee.id,
        "annual-2025",
        "giay-khen-so",
        "Hoàn thành xuất sắc nhiệm vụ, tích cực xây dựng cơ quan học tập năm 2025",
        False,
    )
    session.flush()


def _unit_user(session, unit_id: str | None) -> User | None:
    for user in session.scalars(select(User).order_by(User.id)):
        if any(g.role == "unit" and g.unit_id == unit_id for g in user.grants):
            return user
    return None
