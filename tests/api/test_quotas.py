"""Quota caps (Q1-Q4): taken when a selecting level's sitting selects (S1), never beyond the
cap, released when the dossier falls out, visible and editable through /quotas."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, walk_to

REJECT = {"decision": "reject", "reason": "Không tiêu biểu bằng hồ sơ khác"}
RETURN = {"decision": "return", "reason": "Cần bổ sung"}
# C6: the central appraisal returns an ineligible dossier in writing (its letter's number and
# date, between receipt and today).
RETURN_IN_WRITING = {
    **RETURN,
    "return_letter_number": "15/BTĐKT",
    "return_letter_date": "2025-05-05",
}


def at_ubnd(api, n: int, award_form="bang-khen-thu-tuong", round_="so-ket-2025"):
    """n dossiers waiting for UBND's decision."""
    ids = []
    for _ in range(n):
        dossier = api.gen_submitted(award_form, round_=round_)
        walk_to(api, dossier["id"])
        ids.append(dossier["id"])
    return ids


def quota(api, round_, award_form, level, user="hcm-admin"):
    items = api.get(f"/quotas?round={round_}", user).json["items"]
    return next(q for q in items if (q["award_form"], q["level"]) == (award_form, level))


def approve_and_select(api, ids, level="ubnd", votes=None):
    """Approve each dossier at the capped step (S1: it is proposed, never refused), then hold
    the level's sitting over them; `votes` defaults to the order given, best first."""
    for dossier_id in ids:
        response = api.complete_open(dossier_id, APPROVE)
        assert response.status_code == 200, response.json
        assert api.dossier(dossier_id)["waiting_for"] == "selection"
    dossier = api.dossier(ids[0])
    votes = votes or {dossier_id: 14 - i for i, dossier_id in enumerate(ids)}
    response = api.hold_sitting(votes, level, dossier["round"], dossier["award_form"])
    assert response.status_code == 201, response.json
    return [row["dossier_id"] for row in response.json["ranking"] if row["selected"]]


@pytest.mark.rule("Q1", "S1")
def test_ubnd_cap_selects_two_of_three_prime_minister_nominations(api):
    """Q1: with a cap of 2 at so-ket-2025, are all three UBND approvals accepted as proposals
    (no 409), and does the sitting send its two best on, the third ending outside the quota?"""
    first, second, third = at_ubnd(api, 3)
    votes = {first: 9, second: 13, third: 12}
    assert approve_and_select(api, [first, second, third], votes=votes) == [second, third]
    for dossier_id in (second, third):
        assert api.open_task(dossier_id)["lane"] == "central"
    assert api.dossier(first)["status"] == "not_selected"
    row = quota(api, "so-ket-2025", "bang-khen-thu-tuong", "ubnd")
    assert row["used"] == 2 and sorted(h["dossier_id"] for h in row["holders"]) == [second, third]


@pytest.mark.rule("C3", "Q3", "S1")
def test_sector_council_cap_for_ubnd_award(api):
    """Q3: at tong-ket-2030, may Sở GDĐT's sector council select at most 2 for the Bằng khen
    UBND?"""
    ids = []
    for _ in range(3):
        dossier = api.gen_submitted("bang-khen-ubnd", round_="tong-ket-2030")
        walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal"))
        ids.append(dossier["id"])
    assert approve_and_select(api, ids, level="so_gddt") == ids[:2]
    used = quota(api, "tong-ket-2030", "bang-khen-ubnd", "so_gddt")
    assert used["used"] == 2 and [h["dossier_id"] for h in used["holders"]] == ids[:2]


@pytest.mark.parametrize("how", ["rejected", "returned-below", "withdrawn"])
@pytest.mark.rule("Q1", "S1")
def test_slot_is_released(api, how):
    """Is a slot given back when its dossier is rejected, returned below UBND or withdrawn, so
    the next sitting can give it to a waiting dossier?"""
    first, second, third = at_ubnd(api, 3)
    assert approve_and_select(api, [first, second]) == [first, second]
    if how == "rejected":
        assert api.complete_open(first, REJECT).status_code == 200  # by the central level
    elif how == "returned-below":
        returned = api.complete_open(first, RETURN_IN_WRITING)  # central -> UBND: kept
        assert returned.status_code == 200, returned.json
        assert quota(api, "so-ket-2025", "bang-khen-thu-tuong", "ubnd")["used"] == 2
        assert api.complete_open(first, RETURN).status_code == 200  # UBND -> Sở Nội vụ
    else:
        assert api.post(f"/dossiers/{first}/withdraw", "hcm-unit").status_code == 200
    assert quota(api, "so-ket-2025", "bang-khen-thu-tuong", "ubnd")["used"] == 1
    assert approve_and_select(api, [third]) == [third]
    types = [e["type"] for e in api.get(f"/dossiers/{first}/history", "hcm-auditor").json["events"]]
    assert types.count("quota_slot_reserved") == 1 and "quota_slot_released" in types


@pytest.mark.rule("Q1", "S1")
def test_reapproval_at_the_same_level_keeps_one_slot(api):
    """When the centre returns a dossier to UBND and UBND approves it again, does it go on at
    once with the one slot it holds, without a second sitting?"""
    [dossier_id] = at_ubnd(api, 1)
    assert approve_and_select(api, [dossier_id]) == [dossier_id]
    assert api.complete_open(dossier_id, RETURN_IN_WRITING).status_code == 200
    assert api.complete_open(dossier_id, APPROVE).status_code == 200
    assert api.open_task(dossier_id)["lane"] == "central"
    assert quota(api, "so-ket-2025", "bang-khen-thu-tuong", "ubnd")["used"] == 1


@pytest.mark.rule("Q4", "S1")
def test_admin_sets_a_cap_and_it_applies(api):
    """Q4: can the admin put a cap where the plan set none (annual Bằng khen UBND at UBND),
    and does the next sitting then select only that many?"""
    body = {"round": "annual-2025", "award_form": "bang-khen-ubnd", "level": "ubnd", "cap": 1}
    response = api.call("PUT", "/quotas", "hcm-admin", json=body)
    assert response.status_code == 200, response.json
    assert response.json["cap"] == 1 and response.json["updated_by"] == "hcm-admin"
    ids = at_ubnd(api, 2, award_form="bang-khen-ubnd", round_="annual-2025")
    assert approve_and_select(api, ids) == ids[:1]
    assert api.dossier(ids[0])["status"] == "approved"


def test_only_the_jurisdictions_admin_edits_caps(api):
    """Are reviewers and another jurisdiction's admin refused (403), and a cap below the slots
    already held refused (409)?"""
    body = {"round": "so-ket-2025", "award_form": "bang-khen-thu-tuong", "level": "ubnd", "cap": 5}
    assert api.call("PUT", "/quotas", "hcm-ubnd", json=body).status_code == 403
    other = api.call("PUT", "/quotas", "dong-nai-admin", json={**body, "jurisdiction": "hcm"})
    assert other.status_code == 403
    approve_and_select(api, at_ubnd(api, 2))
    lower = api.call("PUT", "/quotas", "hcm-admin", json={**body, "cap": 1})
    assert lower.status_code == 409


def test_quota_list_shows_cap_used_and_holders(api):
    """Does GET /quotas show each cap of the plan with how many slots are used and by whom?"""
    [dossier_id] = at_ubnd(api, 1)
    approve_and_select(api, [dossier_id])
    row = quota(api, "so-ket-2025", "bang-khen-thu-tuong", "ubnd", user="hcm-ubnd")
    assert (row["cap"], row["used"]) == (2, 1)
    assert row["holders"][0]["dossier_id"] == dossier_id
    assert row["holders"][0]["nominee"]
    plan = {
        (q["round"], q["award_form"], q["level"], q["cap"])
        for q in api.get("/quotas", "hcm-admin").json["items"]
    }
    assert ("tong-ket-2030", "bang-khen-thu-tuong", "ubnd", 3) in plan
    assert ("tong-ket-2030", "bang-khen-ubnd", "so_gddt", 2) in plan


@pytest.mark.rule("X4")
def test_a_cap_change_through_the_api_is_in_the_history(api):
    """Does PUT /quotas record who changed which cap from what to what?"""
    body = {"round": "so-ket-2025", "award_form": "bang-khen-thu-tuong", "level": "ubnd", "cap": 1}
    assert api.call("PUT", "/quotas", "hcm-admin", json=body).status_code == 200
    history = api.get("/settings-history?jurisdiction=hcm&subject=quota_cap", "hcm-auditor")
    [change] = history.json["items"]
    assert change["subject_key"] == "so-ket-2025/bang-khen-thu-tuong/ubnd"
    assert (change["before"], change["after"], change["changed_by"]) == (
        {"cap": 2},
        {"cap": 1},
        "hcm-admin",
    )


def test_a_refused_cap_leaves_no_history(api):
    """Is a cap of -1 refused (422) without a history row?"""
    body = {"round": "so-ket-2025", "award_form": "bang-khen-thu-tuong", "level": "ubnd", "cap": -1}
    assert api.call("PUT", "/quotas", "hcm-admin", json=body).status_code == 422
    history = api.get("/settings-history?jurisdiction=hcm", "hcm-admin").json["items"]
    assert history == []
