"""The demo jurisdictions, units and users of CONTRACT.md, created idempotently."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.rounds import rounds_between
from ..persistence.models import QuotaCap, Unit
from .accounts import ensure_user
from .deadlines import seed_deadlines
from .process_models import ensure_jurisdiction

JURISDICTIONS = {
    "hcm": ("Thành phố Hồ Chí Minh", "province"),
    "dong-nai": ("Tỉnh Đồng Nai", "province"),
    "bo-y-te": ("Bộ Y tế", "ministry"),
    "soc-trang": ("Tỉnh Sóc Trăng (Sở Nội vụ)", "province"),
    # Merged with Sóc Trăng and Hậu Giang in July 2025; starts with no chain of its own: its
    # administrator builds one from a template (README, "Administrators").
    "can-tho": ("Thành phố Cần Thơ", "province"),
}

UNITS = {
    "hcm-thpt-le-quy-don": ("hcm", "Trường THPT Lê Quý Đôn"),
    "hcm-phong-gddt-quan-1": ("hcm", "Phòng Giáo dục và Đào tạo Quận 1"),
    "dong-nai-thpt-ngo-quyen": ("dong-nai", "Trường THPT Ngô Quyền"),
    "bo-y-te-benh-vien-bach-mai": ("bo-y-te", "Bệnh viện Bạch Mai"),
    "soc-trang-phong-xdcq": ("soc-trang", "Phòng Xây dựng chính quyền - Sở Nội vụ"),
    "can-tho-thpt-chau-van-liem": ("can-tho", "Trường THPT Châu Văn Liêm"),
}

# Q1-Q3 of the HCMC plan: (round, award form, selecting level, cap).
HCM_CAPS = [
    ("so-ket-2025", "bang-khen-thu-tuong", "ubnd", 2),
    ("tong-ket-2030", "bang-khen-thu-tuong", "ubnd", 3),
    ("tong-ket-2030", "bang-khen-ubnd", "so_gddt", 2),
]
# T1-T3: the rounds whose deadlines are loaded for each demo jurisdiction.
ROUNDS = rounds_between(2024, 2030)

# username: (display name, [(role, jurisdiction, unit)])
USERS = {
    "hcm-unit": ("Thư ký HĐTĐKT - THPT Lê Quý Đôn", [("unit", "hcm", "hcm-thpt-le-quy-don")]),
    "hcm-unit2": ("Thư ký HĐTĐKT - Phòng GDĐT Quận 1", [("unit", "hcm", "hcm-phong-gddt-quan-1")]),
    "hcm-sgd": ("Chuyên viên Sở GDĐT (1)", [("so_gddt", "hcm", None)]),
    "hcm-sgd2": ("Chuyên viên Sở GDĐT (2)", [("so_gddt", "hcm", None)]),
    "hcm-snv": ("Chuyên viên Sở Nội vụ", [("so_noi_vu", "hcm", None)]),
    "hcm-ubnd": ("Văn phòng UBND Thành phố (1)", [("ubnd", "hcm", None)]),
    "hcm-ubnd2": ("Văn phòng UBND Thành phố (2)", [("ubnd", "hcm", None)]),
    # E3: the central body also prepares the President's decision on the Labour Order.
    "central": (
        "Ban Thi đua - Khen thưởng Trung ương",
        [("central", None, None), ("president", None, None)],
    ),
    "hcm-admin": ("Quản trị quy trình - TP.HCM", [("admin", "hcm", None)]),
    "hcm-auditor": ("Thanh tra - TP.HCM", [("auditor", "hcm", None)]),
    "dong-nai-admin": ("Quản trị quy trình - Đồng Nai", [("admin", "dong-nai", None)]),
    # The other chains' bodies hold the lane roles documented in each BPMN lane.
    "dong-nai-unit": (
        "Thư ký HĐTĐKT - THPT Ngô Quyền",
        [("unit", "dong-nai", "dong-nai-thpt-ngo-quyen")],
    ),
    "dong-nai-sgd": ("Chuyên viên Sở GDĐT Đồng Nai", [("so_gddt", "dong-nai", None)]),
    "dong-nai-snv": ("Chuyên viên Sở Nội vụ Đồng Nai", [("so_noi_vu", "dong-nai", None)]),
    "dong-nai-ubnd": ("Văn phòng UBND tỉnh Đồng Nai", [("ubnd", "dong-nai", None)]),
    "bo-y-te-unit": (
        "Thư ký HĐTĐKT - Bệnh viện Bạch Mai",
        [("unit", "bo-y-te", "bo-y-te-benh-vien-bach-mai")],
    ),
    "bo-y-te-vu-tccb": ("Chuyên viên Vụ Tổ chức cán bộ", [("so_gddt", "bo-y-te", None)]),
    "bo-y-te-hoi-dong": ("Thư ký Hội đồng TĐKT Bộ Y tế", [("so_noi_vu", "bo-y-te", None)]),
    "bo-y-te-bo-truong": ("Văn phòng Bộ trưởng Bộ Y tế", [("ubnd", "bo-y-te", None)]),
    "bo-y-te-admin": ("Quản trị quy trình - Bộ Y tế", [("admin", "bo-y-te", None)]),
    "soc-trang-unit": (
        "Phòng Xây dựng chính quyền - Sở Nội vụ Sóc Trăng",
        [("unit", "soc-trang", "soc-trang-phong-xdcq")],
    ),
    "soc-trang-van-phong": ("Văn phòng Sở Nội vụ Sóc Trăng", [("so_gddt", "soc-trang", None)]),
    "soc-trang-giam-doc": ("Giám đốc Sở Nội vụ Sóc Trăng", [("so_noi_vu", "soc-trang", None)]),
    "soc-trang-ubnd": ("Văn phòng UBND tỉnh Sóc Trăng", [("ubnd", "soc-trang", None)]),
    "soc-trang-admin": ("Quản trị quy trình - Sóc Trăng", [("admin", "soc-trang", None)]),
    "can-tho-admin": ("Quản trị quy trình - Cần Thơ", [("admin", "can-tho", None)]),
    "can-tho-unit": (
        "Thư ký HĐTĐKT - THPT Châu Văn Liêm",
        [("unit", "can-tho", "can-tho-thpt-chau-van-liem")],
    ),
    "can-tho-sgd": ("Chuyên viên Sở GDĐT Cần Thơ", [("so_gddt", "can-tho", None)]),
    "can-tho-snv": ("Chuyên viên Sở Nội vụ Cần Thơ", [("so_noi_vu", "can-tho", None)]),
    "can-tho-ubnd": ("Văn phòng UBND thành phố Cần Thơ", [("ubnd", "can-tho", None)]),
}


def seed_demo(session: Session, password: str, now) -> None:
    """Create whatever of the demo is missing; running it twice changes nothing."""
    for jurisdiction_id, (name, kind) in JURISDICTIONS.items():
        ensure_jurisdiction(session, jurisdiction_id, name, kind).name = name
    for unit_id, (jurisdiction_id, name) in UNITS.items():
        if session.get(Unit, unit_id) is None:
            session.add(Unit(id=unit_id, jurisdiction_id=jurisdiction_id, name=name))
    session.flush()
    for username, (display_name, grants) in USERS.items():
        ensure_user(session, username, display_name, password, grants, now)
    for jurisdiction_id in JURISDICTIONS:
        seed_deadlines(session, jurisdiction_id, ROUNDS, now)
    seed_caps(session, "hcm", HCM_CAPS, now)


def seed_caps(session: Session, jurisdiction_id: str, caps, now) -> None:
    """Load caps that are not there yet; an administrator's later changes are kept."""
    for round_, award_form, level, cap in caps:
        exists = session.scalar(
            select(QuotaCap.id).where(
                QuotaCap.jurisdiction_id == jurisdiction_id,
                QuotaCap.round == round_,
                QuotaCap.award_form == award_form,
                QuotaCap.level == level,
            )
        )
        if exists is None:
            session.add(
                QuotaCap(
                    jurisdiction_id=jurisdiction_id,
                    round=round_,
                    award_form=award_form,
                    level=level,
                    cap=cap,
                    used=0,
                    updated_by="seed-demo",
                    updated_at=now,
                )
            )
