"""Walks of the bundled Bộ Y tế chain through the JSON API. The Đồng Nai and Sở Nội vụ Sóc Trăng /
Cần Thơ chains (issue 17) have their own: test_chain_dong_nai.py, test_chain_so_noi_vu.py."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, COUNCIL_PASSED

RETURN = {"decision": "return", "reason": "Bổ sung minh chứng"}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}
VOTES = {"meeting_date": "2025-04-25", "members_total": 10, "members_present": 9}
MINISTRY = {
    "key": "bo-y-te-award-chain",
    "unit": "bo-y-te-benh-vien-bach-mai",
    "admin": "bo-y-te-admin",
    "users": {
        "unit": "bo-y-te-unit",
        "vu_tccb": "bo-y-te-vu-tccb",  # issue 17: lanes named for the ministry's offices
        "hoi_dong_bo": "bo-y-te-hoi-dong",
        "bo_truong": "bo-y-te-bo-truong",
        "central": "central",
    },
}


def submit(api, chain: dict, award_form: str, round_="so-ket-2025") -> int:
    user = chain["users"]["unit"]
    kind = "collective" if award_form == "co-thi-dua-bo" else "individual"  # E1: a flag
    nominee = api.gen_nominee(user=user, unit=chain["unit"], kind=kind)
    dossier = api.gen_submitted(award_form, round_=round_, user=user, nominee=nominee)
    assert dossier["process_model"] == {"key": chain["key"], "version": 1}
    return dossier["id"]


def step(api, chain: dict, dossier_id: int, name: str, data: dict) -> str:
    """Complete the open task, which must be `name`, as its lane's user; return the lane."""
    task = api.dossier(dossier_id, chain["admin"])["open_tasks"]
    assert [t["name"] for t in task] == [name]
    lane = task[0]["lane"]
    response = api.post(
        f"/tasks/{task[0]['id']}/complete", chain["users"][lane], json={"data": data}
    )
    assert response.status_code == 200, response.json
    return lane


def walk(api, chain: dict, dossier_id: int, steps: list[tuple[str, dict]]) -> list[str]:
    return [step(api, chain, dossier_id, name, data) for name, data in steps]


def status(api, chain: dict, dossier_id: int) -> str:
    return api.dossier(dossier_id, chain["admin"])["status"]


MINISTRY_TO_MINISTER = [
    ("unit_council", COUNCIL_PASSED),
    ("vu_tccb_appraisal", APPROVE),
    ("ministry_council", {**APPROVE, **VOTES, "votes_for": 8}),
]


@pytest.mark.parametrize("award_form", ["bang-khen-bo", "co-thi-dua-bo"])
def test_minister_decides_ministry_awards(api, award_form):
    """Does a Bằng khen Bộ or Cờ thi đua Bộ go unit, Vụ TCCB, ministry council, Minister, and
    end there approved?"""
    dossier_id = submit(api, MINISTRY, award_form)
    lanes = walk(api, MINISTRY, dossier_id, [*MINISTRY_TO_MINISTER, ("minister_decision", APPROVE)])
    assert lanes == ["unit", "vu_tccb", "hoi_dong_bo", "bo_truong"]
    assert status(api, MINISTRY, dossier_id) == "approved"


def test_minister_proposes_prime_minister_award(api):
    """Does a Bằng khen Thủ tướng from the ministry reach the central level and get approved?"""
    dossier_id = submit(api, MINISTRY, "bang-khen-thu-tuong")
    walk(
        api,
        MINISTRY,
        dossier_id,
        [*MINISTRY_TO_MINISTER, ("minister_decision", APPROVE), ("central_decision", APPROVE)],
    )
    assert status(api, MINISTRY, dossier_id) == "approved"


def test_ministry_flag_needs_eighty_percent_of_the_council(api):
    """Is a Cờ thi đua Bộ that 7 of 10 council members approved turned down, while a Bằng khen
    Bộ with the same vote goes on to the Minister?"""
    steps = [*MINISTRY_TO_MINISTER[:2], ("ministry_council", {**APPROVE, **VOTES, "votes_for": 7})]
    flag = submit(api, MINISTRY, "co-thi-dua-bo")
    walk(api, MINISTRY, flag, steps)
    assert status(api, MINISTRY, flag) == "rejected"
    certificate = submit(api, MINISTRY, "bang-khen-bo")
    walk(api, MINISTRY, certificate, steps)
    task = api.dossier(certificate, MINISTRY["admin"])["open_tasks"][0]
    assert task["name"] == "minister_decision"


def test_ministry_return_and_reject(api):
    """Does the Minister's return send the dossier back to the council, and a rejection end it?"""
    dossier_id = submit(api, MINISTRY, "bang-khen-bo")
    walk(api, MINISTRY, dossier_id, [*MINISTRY_TO_MINISTER, ("minister_decision", RETURN)])
    assert status(api, MINISTRY, dossier_id) == "returned"
    walk(api, MINISTRY, dossier_id, [MINISTRY_TO_MINISTER[2], ("minister_decision", REJECT)])
    assert status(api, MINISTRY, dossier_id) == "rejected"


def test_bundled_chains_are_templates(api):
    """Does every administrator see the four bundled chains as published templates?"""
    items = {m["key"]: m for m in api.get("/process-models", "soc-trang-admin").json["items"]}
    for key in (
        "hcm-award-chain",
        "bo-y-te-award-chain",
        "soc-trang-award-chain",
        "dong-nai-award-chain",
    ):
        assert items[key]["template"] and items[key]["versions"][0]["status"] == "published"
