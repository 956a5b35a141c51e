"""The contract's words: rounds, award forms, nominee kinds, documents, statuses, roles."""

from __future__ import annotations

from .rounds import is_round  # noqa: F401  (rounds are named in domain/rounds.py)

# Ids and counts are INTEGER columns (32-bit on PostgreSQL): a larger number names nothing and
# never reaches the database; it is a 404 in a path and a 422 in a field (issue 16).
INTEGER_MAX = 2**31 - 1

# Award forms from lowest to highest (DOMAIN.md, "Words").
AWARD_FORMS = (
    "giay-khen-so",
    "bang-khen-ubnd",
    "bang-khen-bo",
    "co-thi-dua-bo",
    "bang-khen-thu-tuong",
    "huan-chuong-lao-dong",
)
NOMINEE_KINDS = ("individual", "collective", "household", "clan")
# What kind of body a collective is (Đồng Nai plan III.1): an attribute the eligibility
# tables may read (`nominee_category`); optional, and only for collectives.
NOMINEE_CATEGORIES = (
    "party-body",
    "department",
    "fatherland-front",
    "district",
    "commune",
    "school",
    "enterprise",
)
DOCUMENT_KINDS = ("to-trinh", "bien-ban", "bao-cao-thanh-tich", "xac-nhan-sang-kien")
HOLD_KINDS = (
    "disciplinary-review",
    "administrative-violation",
    "criminal-proceedings",
    "inspection",
    "complaint",
    "press-allegation",
)
DOSSIER_STATUSES = (
    "draft",
    "in_progress",
    "on_hold",
    "returned",
    "approved",
    "rejected",
    "not_selected",
    "excluded",
    "withdrawn",
)
# Issue 17: a jurisdiction's reviewing roles are data (domain/roles.py, services/roles.py);
# these are only the contract's HCMC roles, lowest level first, kept for reference and
# for tests. No check reads them: ask the jurisdiction's roles instead.
# E3: `president` (Văn phòng Chủ tịch nước) decides the Huân chương Lao động after the
# Prime Minister's proposal (`central`); both are national levels.
ROLES = ("unit", "so_gddt", "so_noi_vu", "ubnd", "central", "president", "admin", "auditor")
LANE_ROLES = ("unit", "so_gddt", "so_noi_vu", "ubnd", "central", "president")
# Levels above every jurisdiction: their grants are national, and they see a dossier only
# once it has reached them.
NATIONAL_LANES = ("central", "president")
DECISIONS = ("approve", "return", "reject")
