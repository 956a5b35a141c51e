"""The contract's words: rounds, award forms, nominee kinds, documents, statuses, roles."""

from __future__ import annotations

import re

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
    "excluded",
    "withdrawn",
)
ROLES = ("unit", "so_gddt", "so_noi_vu", "ubnd", "central", "admin", "auditor")
# Roles that review dossiers in a chain: the lanes of a BPMN model.
LANE_ROLES = ("unit", "so_gddt", "so_noi_vu", "ubnd", "central")
DECISIONS = ("approve", "return", "reject")

_ROUND = re.compile(r"^(annual-(20[2-9][0-9])|so-ket-2025|tong-ket-2030)$")


def is_round(value: str) -> bool:
    """`annual-YYYY`, `so-ket-2025` or `tong-ket-2030`."""
    return bool(_ROUND.match(value or ""))
