"""The demo jurisdictions, units and users of CONTRACT.md, created idempotently."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.rounds import rounds_between
from ..persistence.models import QuotaCap, Unit
from .accounts import ensure_user
from .deadlines import seed_deadlines
from .demo_reorganisation import seed_reorganisation
from .process_models import ensure_jurisdiction
from .reports.demo_data import seed_reports
from .roles import regrant

JURISDICTIONS = {
    "hcm": ("Thành phố Hồ Chí Minh", "province"),
    "dong-nai": ("Tỉnh Đồng Nai", "province"),
    "bo-y-te": ("Bộ Y tế", "ministry"),
    "soc-trang": ("Tỉnh Sóc Trăng (Sở Nội vụ)", "province"),
    # Merged with Sóc Trăng and Hậu Giang in July 2025; starts with no chain of its own: its
    # administrator builds one from a template (README, "Administrators").
    "can-tho": ("Thành phố Cần Thơ", "province"),
    # Issue 14 (L1-L4): no award chain of its own; targets and yearly reports (Sở TN&MT, now
    # Sở Nông nghiệp và Môi trường).
    "lang-son": ("Tỉnh Lạng Sơn (Sở Nông nghiệp và Môi trường)", "province"),
}

UNITS = {
    "hcm-thpt-le-quy-don": ("hcm", "Trường THPT Lê Quý Đôn"),
    "hcm-phong-gddt-quan-1": ("hcm", "Phòng Giáo dục và Đào tạo Quận 1"),
    # M1: retired on 1 July 2025 (no district level); the ward took its work over.
    "hcm-phuong-sai-gon": ("hcm", "UBND phường Sài Gòn (Phòng Văn hóa - Xã hội)"),
    # M1: HCMC now includes the former Bình Dương and Bà Rịa - Vũng Tàu.
    "hcm-thpt-chuyen-hung-vuong": (
        "hcm",
        "Trường THPT chuyên Hùng Vương (phường Phú Lợi, trước đây tỉnh Bình Dương)",
    ),
    "hcm-thpt-chuyen-le-quy-don-vung-tau": (
        "hcm",
        "Trường THPT chuyên Lê Quý Đôn (phường Vũng Tàu, trước đây tỉnh Bà Rịa - Vũng Tàu)",
    ),
    "dong-nai-thpt-ngo-quyen": ("dong-nai", "Trường THPT Ngô Quyền"),
    "bo-y-te-benh-vien-bach-mai": ("bo-y-te", "Bệnh viện Bạch Mai"),
    "soc-trang-phong-xdcq": ("soc-trang", "Phòng Xây dựng chính quyền - Sở Nội vụ"),
    "can-tho-thpt-chau-van-liem": ("can-tho", "Trường THPT Châu Văn Liêm"),
    # Lạng Sơn: two offices of the Sở and its Văn phòng Sở, each reporting its own figures.
    "lang-son-phong-quan-ly-dat-dai": ("lang-son", "Phòng Quản lý đất đai - Sở NN&MT"),
    "lang-son-phong-ke-hoach-tai-chinh": ("lang-son", "Phòng Kế hoạch - Tài chính - Sở NN&MT"),
    "lang-son-van-phong-so": ("lang-son", "Văn phòng Sở NN&MT Lạng Sơn"),
}

# Q1-Q3 of the HCMC plan: (round, award form, selecting level, cap).
HCM_CAPS = [
    ("so-ket-2025", "bang-khen-thu-tuong", "ubnd", 2),
    ("tong-ket-2030", "bang-khen-thu-tuong", "ubnd", 3),
    ("tong-ket-2030", "bang-khen-ubnd", "so_gddt", 2),
]
# T1-T3: the rounds whose deadlines are loaded for each demo jurisdiction.
ROUNDS = rounds_between(2024, 2030)

# Issue 17: demo users granted the old national roles, moved to their office's role:
# (username, jurisdiction, old role, new role).
REGRANTS = [
    ("bo-y-te-vu-tccb", "bo-y-te", "so_gddt", "vu_tccb"),
    ("bo-y-te-hoi-dong", "bo-y-te", "so_noi_vu", "hoi_dong_bo"),
    ("bo-y-te-bo-truong", "bo-y-te", "ubnd", "bo_truong"),
]

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
    # R1, K1: the decrees' tables (rule sets, award money) are national: only this admin,
    # granted at the national level, changes them; the provinces' admins read them.
    "national-admin": (
        "Quản trị quy định chung - Ban Thi đua - Khen thưởng Trung ương",
        [("admin", None, None)],
    ),
    "hcm-auditor": ("Thanh tra - TP.HCM", [("auditor", "hcm", None)]),
    "dong-nai-admin": ("Quản trị quy trình - Đồng Nai", [("admin", "dong-nai", None)]),
    # The other chains' bodies hold the lane roles documented in each BPMN lane.
    "dong-nai-unit": (
        "Thư ký HĐTĐKT - THPT Ngô Quyền",
        [("unit", "dong-nai", "dong-nai-thpt-ngo-quyen")],
    ),
    "dong-nai-sgd": ("Chuyên viên Sở GDĐT Đồng Nai", [("so_gddt", "dong-nai", None)]),
    "dong-nai-snv": ("Chuyên viên Sở Nội vụ Đồng Nai", [("so_noi_vu", "dong-nai", None)]),
    "dong-nai-hoi-dong": (
        "Thư ký Hội đồng TĐKT tỉnh Đồng Nai",
        [("hoi_dong_tdkt_tinh", "dong-nai", None)],
    ),
    "dong-nai-ubnd": ("Văn phòng UBND tỉnh Đồng Nai", [("ubnd", "dong-nai", None)]),
    "bo-y-te-unit": (
        "Thư ký HĐTĐKT - Bệnh viện Bạch Mai",
        [("unit", "bo-y-te", "bo-y-te-benh-vien-bach-mai")],
    ),
    # Issue 17: Bộ Y tế's roles are named for its offices (bpmn/bo-y-te/model.json).
    "bo-y-te-vu-tccb": ("Chuyên viên Vụ Tổ chức cán bộ", [("vu_tccb", "bo-y-te", None)]),
    "bo-y-te-hoi-dong": ("Thư ký Hội đồng TĐKT Bộ Y tế", [("hoi_dong_bo", "bo-y-te", None)]),
    "bo-y-te-bo-truong": ("Văn phòng Bộ trưởng Bộ Y tế", [("bo_truong", "bo-y-te", None)]),
    "bo-y-te-admin": ("Quản trị quy trình - Bộ Y tế", [("admin", "bo-y-te", None)]),
    "soc-trang-unit": (
        "Phòng Xây dựng chính quyền - Sở Nội vụ Sóc Trăng",
        [("unit", "soc-trang", "soc-trang-phong-xdcq")],
    ),
    # Issue 17: Sở Nội vụ's own offices (bpmn/soc-trang/model.json roles).
    "soc-trang-van-phong": ("Văn phòng Sở Nội vụ Sóc Trăng", [("van_phong_so", "soc-trang", None)]),
    "soc-trang-hoi-dong": (
        "Thư ký Hội đồng TĐKT Sở Nội vụ Sóc Trăng",
        [("hoi_dong_tdkt_so", "soc-trang", None)],
    ),
    "soc-trang-giam-doc": ("Giám đốc Sở Nội vụ Sóc Trăng", [("giam_doc_so", "soc-trang", None)]),
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
    # M1: auditors of both sides of the Sóc Trăng - Cần Thơ merger.
    "can-tho-auditor": ("Thanh tra - TP. Cần Thơ", [("auditor", "can-tho", None)]),
    "soc-trang-auditor": (
        "Thanh tra - Sóc Trăng (trước sáp nhập)",
        [("auditor", "soc-trang", None)],
    ),
    # Issue 17: after the merger Sóc Trăng's Sở Nội vụ chain is Cần Thơ's (bpmn/can-tho).
    "can-tho-van-phong": ("Văn phòng Sở Nội vụ Cần Thơ", [("van_phong_so", "can-tho", None)]),
    "can-tho-hoi-dong": (
        "Thư ký Hội đồng TĐKT Sở Nội vụ Cần Thơ",
        [("hoi_dong_tdkt_so", "can-tho", None)],
    ),
    "can-tho-giam-doc": ("Giám đốc Sở Nội vụ Cần Thơ", [("giam_doc_so", "can-tho", None)]),
    # Issue 14: Lạng Sơn's offices report; Văn phòng Sở (`van_phong_so`) checks and aggregates.
    "lang-son-admin": ("Quản trị - Sở NN&MT Lạng Sơn", [("admin", "lang-son", None)]),
    "lang-son-unit": (
        "Phòng Quản lý đất đai - Sở NN&MT Lạng Sơn",
        [("unit", "lang-son", "lang-son-phong-quan-ly-dat-dai")],
    ),
    "lang-son-unit2": (
        "Phòng Kế hoạch - Tài chính - Sở NN&MT Lạng Sơn",
        [("unit", "lang-son", "lang-son-phong-ke-hoach-tai-chinh")],
    ),
    "lang-son-van-phong": (
        "Văn phòng Sở NN&MT Lạng Sơn (báo cáo của Văn phòng)",
        [("unit", "lang-son", "lang-son-van-phong-so")],
    ),
    "lang-son-reviewer": (
        "Chuyên viên Văn phòng Sở NN&MT Lạng Sơn",
        [("van_phong_so", "lang-son", None)],
    ),
}


def seed_demo(session: Session, password: str, now, upload_dir: Path | None = None) -> None:
    """Create whatever of the demo is missing; running it twice changes nothing. The demo's
    papers go to `upload_dir` (the app's upload folder)."""
    for jurisdiction_id, (name, kind) in JURISDICTIONS.items():
        ensure_jurisdiction(session, jurisdiction_id, name, kind).name = name
    for unit_id, (jurisdiction_id, name) in UNITS.items():
        if session.get(Unit, unit_id) is None:
            session.add(Unit(id=unit_id, jurisdiction_id=jurisdiction_id, name=name))
    session.flush()
    for username, (display_name, grants) in USERS.items():
        user = ensure_user(session, username, display_name, password, grants, now)
        if user.email is None:  # issue 18: demo notices show on the outbox page (make run)
            user.email = f"{username}@example.invalid"
    regrant(session, REGRANTS)  # issue 17: a demo seeded before keeps working
    for jurisdiction_id in JURISDICTIONS:
        seed_deadlines(session, jurisdiction_id, ROUNDS, now)
    seed_caps(session, "hcm", HCM_CAPS, now)
    seed_reports(session, now)  # T4 of every seed; Lạng Sơn's targets and past reports
    # M1, last: a retired district office and Sóc Trăng merged into Cần Thơ (once).
    seed_reorganisation(session, upload_dir)


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
