"""Walks of the bundled Bộ Y tế, Sóc Trăng and Đồng Nai chains through the JSON API."""

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
        "so_gddt": "bo-y-te-vu-tccb",
        "so_noi_vu": "bo-y-te-hoi-dong",
        "ubnd": "bo-y-te-bo-truong",
        "central": "central",
    },
}
SOC_TRANG = {
    "key": "soc-trang-award-chain",
    "unit": "soc-trang-phong-xdcq",
    "admin": "soc-trang-admin",
    "users": {
        "unit": "soc-trang-unit",
        "so_gddt": "soc-trang-van-phong",
        "so_noi_vu": "soc-trang-giam-doc",
        "ubnd": "soc-trang-ubnd",
    },
}
DONG_NAI = {
    "key": "dong-nai-award-chain",
    "unit": "dong-nai-thpt-ngo-quyen",
    "admin": "dong-nai-admin",
    "users": {
        "unit": "dong-nai-unit",
        "so_gddt": "dong-nai-sgd",
        "so_noi_vu": "dong-nai-snv",
        "ubnd": "dong-nai-ubnd",
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
    assert lanes == ["unit", "so_gddt", "so_noi_vu", "ubnd"]
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


SOC_TRANG_TO_DIRECTOR = [("unit_council", COUNCIL_PASSED), ("van_phong_appraisal", APPROVE)]


def test_director_decides_the_certificate(api):
    """Does a Giấy khen in Sóc Trăng end with the Director of the department?"""
    dossier_id = submit(api, SOC_TRANG, "giay-khen-so", "annual-2025")
    lanes = walk(
        api, SOC_TRANG, dossier_id, [*SOC_TRANG_TO_DIRECTOR, ("director_decision", APPROVE)]
    )
    assert lanes == ["unit", "so_gddt", "so_noi_vu"]
    assert status(api, SOC_TRANG, dossier_id) == "approved"


def test_director_proposes_the_chairmans_award(api):
    """Does a Bằng khen UBND in Sóc Trăng go on from the Director to the UBND Chairman?"""
    dossier_id = submit(api, SOC_TRANG, "bang-khen-ubnd")
    steps = [*SOC_TRANG_TO_DIRECTOR, ("director_decision", APPROVE), ("ubnd_decision", APPROVE)]
    assert walk(api, SOC_TRANG, dossier_id, steps)[-1] == "ubnd"
    assert status(api, SOC_TRANG, dossier_id) == "approved"


def test_soc_trang_return_and_reject(api):
    """Does the Văn phòng's return reach the unit again, and the Chairman's rejection end it?"""
    dossier_id = submit(api, SOC_TRANG, "bang-khen-ubnd")
    walk(
        api,
        SOC_TRANG,
        dossier_id,
        [("unit_council", COUNCIL_PASSED), ("van_phong_appraisal", RETURN)],
    )
    assert status(api, SOC_TRANG, dossier_id) == "returned"
    steps = [*SOC_TRANG_TO_DIRECTOR, ("director_decision", APPROVE), ("ubnd_decision", REJECT)]
    walk(api, SOC_TRANG, dossier_id, steps)
    assert status(api, SOC_TRANG, dossier_id) == "rejected"


DONG_NAI_CHAIN = [
    ("unit_council", {**COUNCIL_PASSED, "nominee_category": "commune"}),
    ("so_gddt_appraisal", APPROVE),
    ("sector_council", APPROVE),
    ("so_noi_vu_appraisal", APPROVE),
    ("ubnd_decision", APPROVE),
    ("central_decision", APPROVE),
]


@pytest.mark.parametrize(
    ("award_form", "steps", "round_"),
    [
        ("giay-khen-so", 3, "annual-2025"),
        ("bang-khen-ubnd", 5, "so-ket-2025"),
        ("bang-khen-thu-tuong", 6, "so-ket-2025"),
    ],
)
def test_dong_nai_ends_at_each_deciding_level(api, award_form, steps, round_):
    """Does each award form in Đồng Nai end approved at its deciding level (Sở GDĐT, UBND,
    the Prime Minister)?"""
    dossier_id = submit(api, DONG_NAI, award_form, round_)
    walk(api, DONG_NAI, dossier_id, DONG_NAI_CHAIN[:steps])
    final = api.dossier(dossier_id, DONG_NAI["admin"])
    assert final["status"] == "approved" and final["open_tasks"] == []


def test_dong_nai_return_and_reject(api):
    """Does Sở Nội vụ's return go back to the sector council, and UBND's rejection end it?"""
    dossier_id = submit(api, DONG_NAI, "bang-khen-ubnd")
    walk(api, DONG_NAI, dossier_id, [*DONG_NAI_CHAIN[:3], ("so_noi_vu_appraisal", RETURN)])
    assert status(api, DONG_NAI, dossier_id) == "returned"
    walk(api, DONG_NAI, dossier_id, [*DONG_NAI_CHAIN[2:4], ("ubnd_decision", REJECT)])
    assert status(api, DONG_NAI, dossier_id) == "rejected"


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
