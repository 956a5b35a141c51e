"""The internal chain of Sở Nội vụ Sóc Trăng (seed 000), which after the July 2025 merger is
Cần Thơ's Sở Nội vụ chain, walked through the JSON API for each of its award forms: offices
-> Văn phòng Sở -> the department's Emulation and Reward Council -> the Director, who decides
the Giấy khen or proposes to the Chairman of UBND; at the reviews also the Bằng khen Thủ tướng
and a ministry's Bằng khen."""

from __future__ import annotations

import pytest

from tests.api.chain_walk import (
    APPROVE,
    AWARDED,
    COUNCIL_APPROVES,
    COUNCIL_PASSED,
    COUNCIL_VOTE,
    PROPOSAL_SENT,
    REJECT,
    RETURN,
    Chain,
    dry_run_endings,
    final,
    nominate,
    published_without_problems,
    submit,
    walk,
)

REVIEWERS = {
    "van_phong_so": "can-tho-van-phong",
    "hoi_dong_tdkt_so": "can-tho-hoi-dong",
    "giam_doc_so": "can-tho-giam-doc",
    "ubnd": "can-tho-ubnd",
    "central": "central",
}
# M1: Sóc Trăng merged into Cần Thơ on 1 July 2025 (the demo seeds the merger): both Cần
# Thơ's own office and Sóc Trăng's former one now nominate on Cần Thơ's Sở Nội vụ chain.
CAN_THO = Chain(
    "can-tho-award-chain",
    "can-tho-thpt-chau-van-liem",
    "can-tho-admin",
    {"unit": "can-tho-unit", **REVIEWERS},
)
FROM_SOC_TRANG = Chain(
    "can-tho-award-chain",
    "soc-trang-phong-xdcq",
    "can-tho-admin",
    {"unit": "soc-trang-unit", **REVIEWERS},
)
# The Sóc Trăng chain itself keeps running the dossiers started on it before the merger.
SOC_TRANG = Chain(
    "soc-trang-award-chain",
    "soc-trang-phong-xdcq",
    "can-tho-admin",
    {"unit": "soc-trang-unit", **REVIEWERS},
)
CHAINS = pytest.mark.parametrize(
    "chain", [CAN_THO, FROM_SOC_TRANG], ids=["can-tho", "office-of-soc-trang"]
)
TO_DIRECTOR = [
    ("unit_council", COUNCIL_PASSED),
    ("van_phong_appraisal", APPROVE),
    ("department_council", COUNCIL_APPROVES),
    ("director_decision", APPROVE),
]
LANES_TO_DIRECTOR = ["unit", "van_phong_so", "hoi_dong_tdkt_so", "giam_doc_so"]


@CHAINS
def test_director_decides_the_giay_khen_after_the_council(api, chain):
    """Plan III.2.a, VI.3: does a Giấy khen go office, Văn phòng Sở, the department's council,
    the Director, and end there approved?"""
    dossier_id = submit(api, chain, "giay-khen-so", "annual-2025")
    assert walk(api, chain, dossier_id, TO_DIRECTOR) == LANES_TO_DIRECTOR
    dossier = final(api, chain, dossier_id)
    assert dossier["status"] == "approved" and dossier["open_tasks"] == []


@CHAINS
@pytest.mark.parametrize("round_", ["annual-2025", "tong-ket-2030"])
def test_director_proposes_the_chairmans_bang_khen(api, chain, round_):
    """Plan III.2, V.2 (phase 2 ends with the tổng kết: "đề nghị Chủ tịch UBND tỉnh tặng
    Bằng khen"): does a Bằng khen UBND go on from the Director to UBND and end approved?"""
    dossier_id = submit(api, chain, "bang-khen-ubnd", round_, kind="collective")
    lanes = walk(api, chain, dossier_id, [*TO_DIRECTOR, ("ubnd_decision", APPROVE)])
    assert lanes == [*LANES_TO_DIRECTOR, "ubnd"]
    assert final(api, chain, dossier_id)["status"] == "approved"


@CHAINS
def test_bang_khen_thu_tuong_at_the_review(api, chain):
    """Plan III.2.b: at the sơ kết, does a Bằng khen Thủ tướng (422 before issue 17) go
    through the Director and UBND to the Prime Minister and end approved?"""
    dossier_id = submit(api, chain, "bang-khen-thu-tuong", "so-ket-2025")
    steps = [*TO_DIRECTOR, ("ubnd_decision", APPROVE), ("central_decision", APPROVE)]
    assert walk(api, chain, dossier_id, steps)[-2:] == ["ubnd", "central"]
    assert final(api, chain, dossier_id)["status"] == "approved"


@CHAINS
def test_ministry_bang_khen_at_the_review(api, chain):
    """Plan III.2.b: at the tổng kết, does a ministry's Bằng khen leave as a proposal (its
    letter recorded) and end approved when the ministry's answer is entered?"""
    dossier_id = submit(api, chain, "bang-khen-bo", "tong-ket-2030", kind="collective")
    steps = [
        *TO_DIRECTOR,
        ("ubnd_decision", APPROVE),
        ("external_proposal", PROPOSAL_SENT),
        ("external_answer", AWARDED),
    ]
    walk(api, chain, dossier_id, steps)
    assert final(api, chain, dossier_id)["status"] == "approved"


@CHAINS
@pytest.mark.parametrize(
    ("award_form", "round_", "kind"),
    [
        ("bang-khen-thu-tuong", "annual-2025", "individual"),  # III.2.b: reviews only
        ("bang-khen-bo", "annual-2025", "collective"),  # III.2.b: reviews only
        ("giay-khen-so", "annual-2025", "household"),  # III.1: collectives and individuals
        ("co-thi-dua-bo", "so-ket-2025", "collective"),  # not a form of the plan
    ],
)
@pytest.mark.rule("E1")
def test_forms_the_plan_does_not_give_are_not_eligible(api, chain, award_form, round_, kind):
    """Plan III.1-III.2 (E1): is what Sở Nội vụ's plan does not give refused with 422
    `not_eligible` when the dossier is opened?"""
    response = nominate(api, chain, award_form, round_, kind)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "not_eligible"


@CHAINS
@pytest.mark.rule("C1")
def test_department_council_vote_decides(api, chain):
    """Plan VI.3 (the department's council, missing before issue 17): does a council that
    approves with 4 of 10 votes end the dossier, while 8 of 10 sends it to the Director?"""
    short = {**APPROVE, **COUNCIL_VOTE, "votes_for": 4}
    turned_down = submit(api, chain, "giay-khen-so", "annual-2025")
    walk(api, chain, turned_down, [*TO_DIRECTOR[:2], ("department_council", short)])
    assert final(api, chain, turned_down)["status"] == "rejected"
    passed = submit(api, chain, "giay-khen-so", "annual-2025")
    walk(api, chain, passed, TO_DIRECTOR[:3])
    assert [t["name"] for t in final(api, chain, passed)["open_tasks"]] == ["director_decision"]


def test_returns_and_rejection(api):
    """Plan VI.1, VI.3: does the Director's return reach the council, the council's return
    the Văn phòng, the Văn phòng's return the office, and UBND's rejection end it?"""
    chain = CAN_THO
    dossier_id = submit(api, chain, "bang-khen-ubnd", "annual-2025")
    walk(api, chain, dossier_id, [*TO_DIRECTOR[:3], ("director_decision", RETURN)])
    assert final(api, chain, dossier_id)["status"] == "returned"
    council_returns = {**RETURN, **COUNCIL_VOTE, "votes_for": 0}
    walk(api, chain, dossier_id, [("department_council", council_returns)])
    walk(api, chain, dossier_id, [("van_phong_appraisal", RETURN)])
    walk(api, chain, dossier_id, [*TO_DIRECTOR, ("ubnd_decision", REJECT)])
    assert final(api, chain, dossier_id)["status"] == "rejected"


def test_dry_runs_reach_each_forms_deciding_level(api):
    """Plan III.2 (Giấy khen, Bằng khen Thủ tướng, a ministry's Bằng khen): do the bundled
    dry-run samples end approved at the level each form names on Cần Thơ's chain? (The Sóc
    Trăng chain has no unit left to dry-run with: tests/engine/test_soc_trang_model.py.)"""
    assert dry_run_endings(api, CAN_THO.key, CAN_THO.admin) == {
        "giay-khen-so": ("director_decision", "approved"),
        "bang-khen-thu-tuong-so-ket": ("central_decision", "approved"),
        "bang-khen-bo": ("external_answer", "approved"),
    }


@pytest.mark.parametrize("key", ["can-tho-award-chain", "soc-trang-award-chain"])
def test_the_bundled_chain_passes_the_publish_checks(api, key):
    """Issue 17: is the bundled chain imported as a published version with no problems
    (lanes that are the jurisdiction's office roles, forms, gateways, E1 table)?"""
    version = published_without_problems(api, key, "can-tho-admin")
    assert (version["status"], version["problems"]) == ("published", [])
