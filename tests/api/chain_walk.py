"""Walking a bundled chain through the JSON API as each lane's demo user (issue 17 chains)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import APPROVE, COUNCIL_PASSED

RETURN = {"decision": "return", "reason": "Bổ sung minh chứng"}
REJECT = {"decision": "reject", "reason": "Chưa tiêu biểu"}
# A council that meets and votes (share of ALL members, C1/S2): 8 of 10 passes 50%.
COUNCIL_VOTE = {"meeting_date": "2025-04-25", "members_total": 10, "members_present": 9}
COUNCIL_APPROVES = {**APPROVE, **COUNCIL_VOTE, "votes_for": 8}
PROPOSAL_SENT = {
    "decision": "approve",
    "proposed_to": "Bộ Giáo dục và Đào tạo",
    "letter_number": "123/TTr-UBND",
    "sent_on": "2025-05-05",
}
AWARDED = {"decision": "approve", "answered_on": "2025-05-05", "answer_reference": "456/QĐ-BGDĐT"}
NOT_AWARDED = {**AWARDED, "decision": "reject", "reason": "Bộ không xét trong đợt này"}

__all__ = ["APPROVE", "COUNCIL_PASSED"]


@dataclass(frozen=True)
class Chain:
    key: str
    unit: str
    admin: str
    users: dict[str, str]  # lane -> demo user


def nominate(api, chain: Chain, award_form: str, round_: str, kind: str = "individual", **extra):
    """POST /nominees then /dossiers; the raw answer of POST /dossiers. `extra`: more fields
    of the body (`labour_order_class` for a Huân chương, E3)."""
    user = chain.users["unit"]
    nominee = api.gen_nominee(user=user, unit=chain.unit, kind=kind)
    return api.post(
        "/dossiers",
        user,
        json={
            "nominee_id": nominee["id"],
            "round": round_,
            "award_form": award_form,
            "achievement_summary": "Thành tích xây dựng xã hội học tập",
            "claims_initiative": False,
            **extra,
        },
    )


def submit(api, chain: Chain, award_form: str, round_: str, kind: str = "individual") -> int:
    user = chain.users["unit"]
    nominee = api.gen_nominee(user=user, unit=chain.unit, kind=kind)
    dossier = api.gen_submitted(award_form, round_=round_, user=user, nominee=nominee)
    assert dossier["process_model"]["key"] == chain.key
    return dossier["id"]


def step(api, chain: Chain, dossier_id: int, name: str, data: dict) -> str:
    """Complete the open task, which must be `name`, as its lane's user; return the lane."""
    tasks = api.dossier(dossier_id, chain.admin)["open_tasks"]
    assert [t["name"] for t in tasks] == [name]
    lane = tasks[0]["lane"]
    response = api.post(f"/tasks/{tasks[0]['id']}/complete", chain.users[lane], json={"data": data})
    assert response.status_code == 200, response.json
    return lane


def walk(api, chain: Chain, dossier_id: int, steps: list[tuple[str, dict]]) -> list[str]:
    return [step(api, chain, dossier_id, name, data) for name, data in steps]


def final(api, chain: Chain, dossier_id: int) -> dict:
    return api.dossier(dossier_id, chain.admin)


DRY_RUN_SAMPLES = ["giay-khen-so", "bang-khen-thu-tuong-so-ket", "bang-khen-bo"]


def dry_run_endings(api, key: str, admin: str) -> dict[str, tuple[str, str]]:
    """Dry-run the published version of `key` on the samples of each award form; sample ->
    (the last task it passed, the status it would have)."""
    models = api.get("/process-models", admin).json["items"]
    [version] = [
        v["version"]
        for m in models
        if m["key"] == key
        for v in m["versions"]
        if v["status"] == "published"
    ]
    response = api.post(
        f"/process-models/{key}/versions/{version}/dry-run",
        admin,
        json={"samples": DRY_RUN_SAMPLES},
    )
    assert response.status_code == 200, response.json
    return {
        run["sample"]: (run["path"][-1]["task"] if run["path"] else None, run["status"])
        for run in response.json["runs"]
    }


def published_without_problems(api, key: str, admin: str) -> dict:
    """The latest version of the bundled model `key` as its administrator reads it."""
    models = {m["key"]: m for m in api.get("/process-models", admin).json["items"]}
    number = models[key]["versions"][-1]["version"]
    return api.get(f"/process-models/{key}/versions/{number}", admin).json
