"""The demo's reorganisation as of today (M1): Quận 1's education office retired into the ward
that took it over, and Sóc Trăng merged into Cần Thơ on 1 July 2025, after one of its
dossiers was submitted and passed two of its steps, so auditors of both see a history that
crosses the merger and Cần Thơ's council finishes it on Sóc Trăng's pinned chain. Idempotent."""

from __future__ import annotations

import io
import os
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import INSTANCE_DIR
from ..domain.access import Actor, Grant
from ..domain.dossier import REQUIRED_DOCUMENTS
from ..domain.reorganisation import MERGED
from ..engine.engine import WorkflowEngine
from ..persistence.models import Dossier, HumanTask, Jurisdiction, Unit, User
from .accounts import actor_for
from .context import ServiceContext
from .documents import add_document
from .dossiers import create_dossier, submit_dossier
from .nominees import create_nominee
from .process_models import find_published_version
from .reorganisation import merge_jurisdiction, retire_unit
from .tasks import complete_task

# 1 July 2025: no district level; Phòng GDĐT Quận 1's work passed to phường Sài Gòn.
RETIRED_UNITS = [("hcm-phong-gddt-quan-1", "hcm-phuong-sai-gon", date(2025, 7, 1))]
MERGERS = [("soc-trang", "can-tho", date(2025, 7, 1))]
# The dossier Sóc Trăng's Sở Nội vụ sent up before the merger (annual-2025 closed 1 June).
PRE_MERGER_AT = datetime(2025, 5, 20, 2, 0)
PRE_MERGER_NOMINEE = "Lâm Thị Ngọc Hân"
# Its steps before the merger (Sóc Trăng plan VI.3): the office's council, then Văn phòng Sở.
PRE_MERGER_STEPS = [
    (
        "unit_council",
        {
            "meeting_date": "2025-05-22",
            "members_total": 7,
            "members_present": 7,
            "votes_for": 6,
        },
    ),
    ("van_phong_appraisal", {"decision": "approve"}),
]
# A one-page PDF standing in for each required paper (D1-D4) of the demo dossier.
DEMO_PAPER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_reorganisation(session: Session, upload_dir: Path | None = None) -> None:
    """Retire the district office and merge Sóc Trăng, unless done already."""
    engine = WorkflowEngine()
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
    dossier = create_dossier(
        ctx,
        nominee.id,
        "annual-2025",
        "giay-khen-so",
        "Hoàn thành xuất sắc nhiệm vụ, tích cực xây dựng cơ quan học tập năm 2025",
        False,
    )
    session.flush()
    if find_published_version(session, session.get(Jurisdiction, jurisdiction)) is None:
        return  # the models are imported after the demo: the dossier stays a draft
    for kind in REQUIRED_DOCUMENTS:
        paper = io.BytesIO(DEMO_PAPER)
        add_document(ctx, dossier.id, kind, f"{kind}.pdf", paper, "application/pdf")
    submit_dossier(ctx, dossier.id)
    session.flush()
    _pre_merger_steps(session, engine, upload_dir, dossier.id)


def _pre_merger_steps(session, engine, upload_dir, dossier_id: int) -> None:
    """Each step done by the first user holding its lane, a day apart, before the merger."""
    for day, (name, data) in enumerate(PRE_MERGER_STEPS, start=2):
        task = session.scalar(
            select(HumanTask).where(
                HumanTask.dossier_id == dossier_id,
                HumanTask.state == "open",
                HumanTask.name == name,
            )
        )
        worker = _lane_user(session, task.lane, task.jurisdiction_id, task.unit_id)
        at = PRE_MERGER_AT + timedelta(days=day)
        ctx = ServiceContext(session, actor_for(worker), at, engine, upload_dir)
        complete_task(ctx, task.id, data)
        session.flush()


def _unit_user(session, unit_id: str | None) -> User | None:
    return _lane_user(session, "unit", None, unit_id)


def _lane_user(session, lane: str, jurisdiction_id: str | None, unit_id: str | None) -> User | None:
    """The first demo user granted `lane` there (for `unit`, in that unit)."""
    for user in session.scalars(select(User).order_by(User.id)):
        for g in user.grants:
            if g.role != lane:
                continue
            if lane == "unit" and g.unit_id == unit_id:
                return user
            if lane != "unit" and g.jurisdiction_id == jurisdiction_id:
                return user
    return None
