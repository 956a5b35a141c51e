"""The Đồng Nai chain (seed 004, UBND tỉnh Đồng Nai's plan) walked through the JSON API for
each of its award forms: the nominating body's own council decides its Giấy khen; the
Bằng khen UBND goes through Sở Nội vụ's appraisal and the provincial council to UBND; the
Bằng khen Thủ tướng on to the central level; a ministry's Bằng khen leaves the province as a
proposal whose answer is entered when it comes back."""

from __future__ import annotations

import pytest

from tests.api.chain_walk import (
    APPROVE,
    AWARDED,
    COUNCIL_APPROVES,
    COUNCIL_PASSED,
    COUNCIL_VOTE,
    NOT_AWARDED,
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

DONG_NAI = Chain(
    key="dong-nai-award-chain",
    unit="dong-nai-thpt-ngo-quyen",
    admin="dong-nai-admin",
    users={
        "unit": "dong-nai-unit",
        "so_noi_vu": "dong-nai-snv",
        "hoi_dong_tdkt_tinh": "dong-nai-hoi-dong",
        "ubnd": "dong-nai-ubnd",
        "central": "central",
    },
)
UNIT_COUNCIL = ("unit_council", {**COUNCIL_PASSED, "nominee_category": "commune"})
TO_UBND = [
    UNIT_COUNCIL,
    ("so_noi_vu_appraisal", {**APPROVE, "so_gddt_opinion": "Sở GDĐT thống nhất"}),
    ("provincial_council", COUNCIL_APPROVES),
    ("ubnd_decision", APPROVE),
]
LANES_TO_UBND = ["unit", "so_noi_vu", "hoi_dong_tdkt_tinh", "ubnd"]


def test_giay_khen_is_decided_by_the_nominating_body(api):
    """Plan III.2.a: does a Giấy khen end approved once the nominating body's own council
    passes it, without going to the province?"""
    dossier_id = submit(api, DONG_NAI, "giay-khen-so", "annual-2025", kind="household")
    assert walk(api, DONG_NAI, dossier_id, [UNIT_COUNCIL]) == ["unit"]
    dossier = final(api, DONG_NAI, dossier_id)
    assert dossier["status"] == "approved" and dossier["open_tasks"] == []


@pytest.mark.parametrize("round_", ["annual-2025", "so-ket-2025"])
def test_bang_khen_ubnd_goes_through_so_noi_vu_and_the_provincial_council(api, round_):
    """Plan III.2.a-b, VII.4: does a Bằng khen UBND go unit, Sở Nội vụ's appraisal, the
    provincial council, the Chairman of UBND, and end there approved?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-ubnd", round_, kind="collective")
    assert walk(api, DONG_NAI, dossier_id, TO_UBND) == LANES_TO_UBND
    assert final(api, DONG_NAI, dossier_id)["status"] == "approved"


def test_bang_khen_thu_tuong_goes_on_to_the_central_level(api):
    """Plan III.2.b: does a Bằng khen Thủ tướng at the review go past UBND to the Prime
    Minister (lane central) and end approved there?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-thu-tuong", "so-ket-2025")
    lanes = walk(api, DONG_NAI, dossier_id, [*TO_UBND, ("central_decision", APPROVE)])
    assert lanes == [*LANES_TO_UBND, "central"]
    assert final(api, DONG_NAI, dossier_id)["status"] == "approved"


@pytest.mark.parametrize(("answer", "status"), [(AWARDED, "approved"), (NOT_AWARDED, "rejected")])
@pytest.mark.rule("X4")
def test_ministry_award_leaves_as_a_proposal_with_its_answer(api, answer, status):
    """Plan III.2.b (Bằng khen cấp bộ, ban, ngành, đoàn thể Trung ương): after UBND, is the
    proposal letter recorded, and does the answer entered later decide the dossier?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-bo", "tong-ket-2030", kind="collective")
    steps = [*TO_UBND, ("external_proposal", PROPOSAL_SENT), ("external_answer", answer)]
    assert walk(api, DONG_NAI, dossier_id, steps)[-2:] == ["ubnd", "ubnd"]
    assert final(api, DONG_NAI, dossier_id)["status"] == status
    events = api.get(f"/dossiers/{dossier_id}/history", DONG_NAI.admin).json["events"]
    [sent] = [
        e["data"]["form"]
        for e in events
        if e["type"] == "task_completed" and e["task"] == "external_proposal"
    ]
    assert sent["proposed_to"] == "Bộ Giáo dục và Đào tạo"
    assert sent["letter_number"] == "123/TTr-UBND"


def test_proposal_needs_its_letter(api):
    """X4: is the proposal to a ministry refused (422) without the addressee, number and date
    of its letter, naming each field?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-bo", "so-ket-2025")
    walk(api, DONG_NAI, dossier_id, TO_UBND)
    [task] = final(api, DONG_NAI, dossier_id)["open_tasks"]
    response = api.post(
        f"/tasks/{task['id']}/complete", "dong-nai-ubnd", json={"data": {"decision": "approve"}}
    )
    assert response.status_code == 422
    assert {"proposed_to", "letter_number", "sent_on"} <= set(
        response.json["error"]["details"]["fields"]
    )


@pytest.mark.parametrize(
    ("award_form", "round_", "kind"),
    [
        ("bang-khen-thu-tuong", "annual-2025", "individual"),  # III.2.b: reviews only
        ("bang-khen-bo", "annual-2025", "collective"),  # III.2.b: reviews only
        ("bang-khen-thu-tuong", "so-ket-2025", "clan"),  # III.2.b: not for clans
        ("co-thi-dua-bo", "so-ket-2025", "collective"),  # not a form of the plan
        ("huan-chuong-lao-dong", "tong-ket-2030", "collective"),  # not a form of the plan
    ],
)
@pytest.mark.rule("E1")
def test_forms_the_plan_does_not_give_are_not_eligible(api, award_form, round_, kind):
    """Plan III.2 (E1): is a form, round or nominee kind the Đồng Nai plan does not give
    refused with 422 `not_eligible` when the dossier is opened?"""
    extra = {"labour_order_class": 3} if award_form == "huan-chuong-lao-dong" else {}
    response = nominate(api, DONG_NAI, award_form, round_, kind, **extra)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "not_eligible"


def nominate_body(api, category: str, round_: str, award_form="bang-khen-ubnd"):
    """A collective of the given kind of body (plan III.1) proposed for `award_form`."""
    nominee = api.gen_nominee(
        user="dong-nai-unit", unit=DONG_NAI.unit, kind="collective", category=category
    )
    body = {"nominee_id": nominee["id"], "round": round_, "award_form": award_form}
    return nominee, api.post("/dossiers", "dong-nai-unit", json=body)


@pytest.mark.rule("E1")
def test_a_district_is_not_proposed_after_the_district_level_ended(api):
    """Plan III.1 (cấp huyện among the nominees) and the 2025 map: the eligibility table reads
    the collective's kind of body; is a district refused for the 2030 review, naming the
    row, while a commune is accepted and a district still could be at the 2025 review?"""
    nominee, refused = nominate_body(api, "district", "tong-ket-2030")
    assert nominee["category"] == "district"
    assert refused.status_code == 422, refused.json
    error = refused.json["error"]
    assert error["code"] == "not_eligible"
    assert error["details"]["rule_id"] == "eligibility_district_after_july_2025"
    assert "không còn cấp huyện" in error["details"]["rule"]
    assert nominate_body(api, "commune", "tong-ket-2030")[1].status_code == 201
    assert nominate_body(api, "district", "so-ket-2025")[1].status_code == 201


def test_only_a_collective_has_a_kind_of_body(api):
    """Plan III.1: households, clans and individuals are their own nominee kinds; is a
    category given to an individual, or one the plan does not name, refused (422)?"""
    for kind, category in (("individual", "commune"), ("collective", "ministry")):
        body = {"kind": kind, "name": "Thử", "unit": DONG_NAI.unit, "category": category}
        response = api.post("/nominees", "dong-nai-unit", json=body)
        assert response.status_code == 422, response.json
        assert list(response.json["error"]["details"]) == ["category"]


@pytest.mark.rule("C1")
def test_provincial_council_below_threshold_turns_it_down(api):
    """Plan VII.4, law on council votes (S2): does a provincial council that approves with
    4 of 10 votes (below the 50% of all members) end the dossier instead of sending it on?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-ubnd", "annual-2025")
    short = {**APPROVE, **COUNCIL_VOTE, "votes_for": 4}
    walk(api, DONG_NAI, dossier_id, [*TO_UBND[:2], ("provincial_council", short)])
    assert final(api, DONG_NAI, dossier_id)["status"] == "rejected"


@pytest.mark.rule("X4")
def test_council_step_refuses_a_decision_without_its_vote(api):
    """S2, X4: can the provincial council's step be completed with a decision but no vote
    counts? (No: 422 naming the missing counts.)"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-ubnd", "annual-2025")
    walk(api, DONG_NAI, dossier_id, TO_UBND[:2])
    [task] = final(api, DONG_NAI, dossier_id)["open_tasks"]
    response = api.post(
        f"/tasks/{task['id']}/complete", "dong-nai-hoi-dong", json={"data": APPROVE}
    )
    assert response.status_code == 422
    assert {"members_total", "votes_for"} <= set(response.json["error"]["details"]["fields"])


def test_returns_go_one_step_back_and_ubnd_can_reject(api):
    """Plan VII.4: does the council's return reach Sở Nội vụ again, Sở Nội vụ's return the
    nominating body, and a rejection by UBND end the dossier?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-ubnd", "annual-2025")
    council_returns = {**RETURN, **COUNCIL_VOTE, "votes_for": 0}
    walk(api, DONG_NAI, dossier_id, [*TO_UBND[:2], ("provincial_council", council_returns)])
    assert final(api, DONG_NAI, dossier_id)["status"] == "returned"
    walk(api, DONG_NAI, dossier_id, [("so_noi_vu_appraisal", RETURN)])
    walk(api, DONG_NAI, dossier_id, [*TO_UBND[:3], ("ubnd_decision", REJECT)])
    assert final(api, DONG_NAI, dossier_id)["status"] == "rejected"


def test_dry_runs_reach_each_forms_deciding_level(api):
    """Plan III.2: do the bundled dry-run samples end approved at the level each form names:
    the nominating body's council, the Prime Minister, a ministry's answer?"""
    assert dry_run_endings(api, DONG_NAI.key, DONG_NAI.admin) == {
        "giay-khen-so": ("unit_council", "approved"),
        "bang-khen-thu-tuong-so-ket": ("central_decision", "approved"),
        "bang-khen-bo": ("external_answer", "approved"),
    }


@pytest.mark.parametrize("key", ["dong-nai-award-chain"])
def test_the_bundled_chain_passes_the_publish_checks(api, key):
    """Issue 17: is the bundled chain imported as a published version with no problems
    (lanes that are the jurisdiction's office roles, forms, gateways, E1 table)?"""
    version = published_without_problems(api, key, "dong-nai-admin")
    assert (version["status"], version["problems"]) == ("published", [])
