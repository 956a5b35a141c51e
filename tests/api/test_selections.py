"""Selection sittings at a capped level (S1-S5) through the API: approving proposes, the
sitting ranks every waiting candidate and the top ones up to the free slots go on."""

from __future__ import annotations

import pytest

from tests.factories import APPROVE, walk_to

ROUND, FORM, LEVEL = "tong-ket-2030", "bang-khen-ubnd", "so_gddt"  # Q3: cap 2
TO_SECTOR_COUNCIL = ("unit_council", "so_gddt_appraisal")


def proposed(api, n: int = 1, nominees: list[dict] | None = None) -> list[int]:
    """Dossiers approved by the sector council, each waiting for its sitting."""
    ids = []
    for nominee in nominees or [None] * n:
        dossier = api.gen_submitted(FORM, round_=ROUND, nominee=nominee)
        walk_to(api, dossier["id"], TO_SECTOR_COUNCIL)
        response = api.complete_open(dossier["id"], APPROVE)
        assert response.status_code == 200, response.json  # S1: never 409 quota_full
        ids.append(dossier["id"])
    return ids


def sitting(api, votes: dict[int, int], **extra):
    return api.hold_sitting(votes, LEVEL, ROUND, FORM, **extra)


def person(api, sex: str | None):
    body = {"kind": "individual", "name": f"Cá nhân {sex}", "unit": "hcm-thpt-le-quy-don"}
    if sex:
        body["sex"] = sex
    response = api.post("/nominees", "hcm-unit", json=body)
    assert response.status_code == 201, response.json
    return response.json


def collective(api, staff: int, women: int):
    body = {
        "kind": "collective",
        "name": f"Tập thể {women}/{staff}",
        "unit": "hcm-thpt-le-quy-don",
        "staff_total": staff,
        "women_total": women,
    }
    response = api.post("/nominees", "hcm-unit", json=body)
    assert response.status_code == 201, response.json
    return response.json


def selected_ids(response) -> list[int]:
    return [row["dossier_id"] for row in response.json["ranking"] if row["selected"]]


def history_types(api, dossier_id: int) -> list[str]:
    events = api.get(f"/dossiers/{dossier_id}/history", "hcm-auditor").json["events"]
    return [e["type"] for e in events]


@pytest.mark.rule("S1", "S2", "S4", "Q3")
def test_five_candidates_for_two_slots_go_by_share_not_by_approval_order(api):
    """With five candidates for the two Q3 slots, do the two highest shares go on to Sở Nội vụ
    whoever was approved first, the other three ending `not_selected` outside the quota?"""
    ids = proposed(api, 5)
    first = api.dossier(ids[0])
    assert (first["status"], first["waiting_for"], first["open_tasks"]) == (
        "in_progress",
        "selection",
        [],
    )
    waiting = api.candidates(ROUND, FORM, LEVEL)
    assert (waiting["cap"], waiting["used"]) == (2, 0)
    assert [item["dossier_id"] for item in waiting["items"]] == ids
    votes = dict(zip(ids, [8, 9, 12, 14, 13], strict=True))
    response = sitting(api, votes)
    assert response.status_code == 201, response.json
    assert selected_ids(response) == [ids[3], ids[4]]
    assert [(r["rank"], r["reason"]) for r in response.json["ranking"]] == [
        (1, "within_quota"),
        (2, "within_quota"),
        (3, "outside_quota"),
        (4, "outside_quota"),
        (5, "outside_quota"),
    ]
    for dossier_id in (ids[3], ids[4]):
        assert api.open_task(dossier_id)["name"] == "so_noi_vu_appraisal"
        assert api.dossier(dossier_id)["waiting_for"] is None
    for dossier_id in ids[:3]:
        assert api.dossier(dossier_id)["status"] == "not_selected"
    assert api.candidates(ROUND, FORM, LEVEL)["used"] == 2
    assert api.candidates(ROUND, FORM, LEVEL)["items"] == []
    shown = api.get(f"/selections/{response.json['id']}", "hcm-auditor").json
    assert shown["members_total"] == 15 and shown["cap"] == 2
    assert [r["dossier_id"] for r in shown["ranking"]][:2] == [ids[3], ids[4]]
    assert history_types(api, ids[3])[-4:-1] == [
        "selection_held",
        "quota_slot_reserved",
        "dossier_selected",
    ]
    assert history_types(api, ids[0])[-2:] == ["selection_held", "dossier_not_selected"]


@pytest.mark.rule("S3")
def test_a_tie_between_a_man_and_a_woman_goes_to_the_woman(api):
    """Equal votes for the last slot: is the woman selected, though the man came first?"""
    [taken, man, woman] = proposed(api, nominees=[None, person(api, "male"), person(api, "female")])
    response = sitting(api, {taken: 14, man: 11, woman: 11})
    assert response.status_code == 201, response.json
    assert selected_ids(response) == [taken, woman]


@pytest.mark.rule("S3")
def test_a_tie_between_collectives_goes_to_the_one_at_least_70_percent_women(api):
    """Equal votes for one slot left: does the collective with 70% women win over one with
    half?"""
    nominees = [None, collective(api, 40, 20), collective(api, 30, 21)]
    [taken, half, mostly_women] = proposed(api, nominees=nominees)
    response = sitting(api, {taken: 15, half: 12, mostly_women: 12})
    assert selected_ids(response) == [taken, mostly_women]


@pytest.mark.rule("S3")
def test_a_tie_that_needs_a_missing_sex_is_refused_naming_the_dossier(api):
    """When the last slot's tie needs a nominee's sex that was never recorded (the man comes
    first in the council's order, so she would win only as a woman), is the sitting refused
    (422) naming that dossier, with nothing changed?"""
    [taken, man, unknown] = proposed(api, nominees=[None, person(api, "male"), person(api, None)])
    response = sitting(api, {taken: 14, man: 11, unknown: 11})  # the man first, in order
    assert response.status_code == 422
    assert response.json["error"]["code"] == "tie_needs_nominee_data"
    assert response.json["error"]["details"]["dossier_ids"] == [unknown]
    assert f"HS-{unknown}" in response.json["error"]["message"]
    assert len(api.candidates(ROUND, FORM, LEVEL)["items"]) == 3


@pytest.mark.rule("S2")
def test_a_candidate_under_the_threshold_is_never_selected(api):
    """1 vote of 15 is below the 50% threshold: is it not selected even with a free slot?"""
    [low, good] = proposed(api, 2)
    response = sitting(api, {low: 1, good: 9})
    assert selected_ids(response) == [good]
    [row] = [r for r in response.json["ranking"] if r["dossier_id"] == low]
    assert (row["selected"], row["reason"], row["share"]) == (False, "below_threshold", 0.0667)
    assert api.dossier(low)["status"] == "not_selected"
    assert api.candidates(ROUND, FORM, LEVEL)["used"] == 1


@pytest.mark.rule("S1", "X2")
@pytest.mark.parametrize("how", ["held", "withdrawn"])
def test_a_candidate_that_left_the_queue_makes_the_sitting_409_with_nothing_changed(api, how):
    """If a candidate is put on hold or withdrawn after the page was loaded, is the sitting
    refused with 409 naming it, every other candidate still waiting and no slot taken?"""
    [gone, other] = proposed(api, 2)
    if how == "held":
        nominee_id = api.dossier(gone)["nominee"]["id"]
        body = {"nominee_id": nominee_id, "kind": "complaint", "reference": "Đơn 12/2030"}
        assert api.post("/holds", "hcm-snv", json=body).status_code == 201
        assert api.dossier(gone)["waiting_for"] is None
    else:
        assert api.post(f"/dossiers/{gone}/withdraw", "hcm-unit").status_code == 200
    assert [i["dossier_id"] for i in api.candidates(ROUND, FORM, LEVEL)["items"]] == [other]
    response = sitting(api, {gone: 12, other: 11})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "candidate_not_waiting"
    assert response.json["error"]["details"]["dossier_ids"] == [gone]
    assert api.dossier(other)["waiting_for"] == "selection"
    assert api.candidates(ROUND, FORM, LEVEL)["used"] == 0
    assert "selection_held" not in history_types(api, other)


@pytest.mark.rule("S1")
def test_a_sitting_must_vote_on_every_waiting_candidate(api):
    """S1: is a sitting that leaves out a waiting candidate refused (409) naming it?"""
    [first, second] = proposed(api, 2)
    response = sitting(api, {first: 12})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "candidates_missing"
    assert response.json["error"]["details"]["dossier_ids"] == [second]


@pytest.mark.rule("S1", "Q3")
def test_a_withdrawn_selected_candidate_frees_its_slot_for_the_next_sitting(api):
    """When a selected dossier is withdrawn, can the next sitting give its slot to another?"""
    ids = proposed(api, 3)
    first = sitting(api, dict(zip(ids[:2] + ids[2:], [14, 13, 5], strict=True)))
    assert selected_ids(first) == ids[:2]
    assert api.post(f"/dossiers/{ids[0]}/withdraw", "hcm-unit").status_code == 200
    assert api.candidates(ROUND, FORM, LEVEL)["used"] == 1
    [late] = proposed(api, 1)
    second = sitting(api, {late: 12})
    assert second.status_code == 201, second.json
    assert selected_ids(second) == [late]
    assert api.open_task(late)["name"] == "so_noi_vu_appraisal"
    assert api.candidates(ROUND, FORM, LEVEL)["used"] == 2


@pytest.mark.rule("S1", "Q3")
def test_a_full_cap_selects_nobody_at_the_next_sitting(api):
    """With both slots taken, does a later sitting leave its candidate outside the quota?"""
    sitting(api, dict(zip(proposed(api, 2), [12, 12], strict=True)))
    [late] = proposed(api, 1)
    response = sitting(api, {late: 15})
    assert response.status_code == 201
    assert response.json["ranking"][0]["reason"] == "outside_quota"
    assert api.dossier(late)["status"] == "not_selected"


@pytest.mark.rule("S1", "Q4")
def test_without_a_cap_approval_goes_straight_on(api):
    """Q4: with no cap at the level (annual Bằng khen UBND), does the sector council's
    approval move the dossier on at once, its history saying why?"""
    dossier = api.gen_submitted(FORM, round_="annual-2025")
    walk_to(api, dossier["id"], (*TO_SECTOR_COUNCIL, "sector_council"))
    assert api.open_task(dossier["id"])["name"] == "so_noi_vu_appraisal"
    events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    [selected] = [e for e in events if e["type"] == "dossier_selected"]
    assert selected["data"]["payload"]["reason"] == "no_cap"


def test_only_the_levels_reviewers_hold_a_sitting(api):
    """Is a unit user, or Sở Nội vụ for Sở GDĐT's level, refused with 403?"""
    [dossier_id] = proposed(api, 1)
    for user in ("hcm-unit", "hcm-snv", "dong-nai-admin"):
        assert sitting(api, {dossier_id: 12}, user=user).status_code == 403
    path = f"/selections/candidates?round={ROUND}&award_form={FORM}&level={LEVEL}"
    assert api.get(path, "hcm-unit").status_code == 403
    assert api.get(path, "hcm-auditor").status_code == 200


@pytest.mark.rule("S2", "S5")
def test_council_numbers_that_do_not_add_up_are_refused_in_english_too(api):
    """Are votes above the members total refused (422 naming the dossier's votes), in the
    caller's language?"""
    [dossier_id] = proposed(api, 1)
    body = {
        "round": ROUND,
        "award_form": FORM,
        "level": LEVEL,
        "held_on": "2030-06-10",
        "members_total": 15,
        "members_present": 16,
        "votes": [{"dossier_id": dossier_id, "votes_for": 16}],
    }
    english, vietnamese = api.in_both_languages("POST", "/selections", "hcm-sgd", json=body)
    assert english.status_code == vietnamese.status_code == 422
    assert english.json["error"]["code"] == "invalid_sitting"
    assert set(english.json["error"]["details"]) == {"members_present", "votes"}
    assert english.json["error"]["message"] != vietnamese.json["error"]["message"]
    assert vietnamese.json["error"]["message"] == "Số liệu của phiên xét chọn chưa hợp lệ."


@pytest.mark.rule("S2")
def test_the_preview_ranks_without_changing_anything(api):
    """Does POST /selections/preview give the ranking the sitting would give, and change
    nothing?"""
    ids = proposed(api, 3)
    body = {
        "round": ROUND,
        "award_form": FORM,
        "level": LEVEL,
        "held_on": "2030-06-10",
        "members_total": 15,
        "members_present": 15,
        "votes": [{"dossier_id": i, "votes_for": v} for i, v in zip(ids, [9, 14, 12], strict=True)],
    }
    response = api.post("/selections/preview", "hcm-sgd", json=body)
    assert response.status_code == 200, response.json
    assert [r["dossier_id"] for r in response.json["ranking"] if r["selected"]] == [ids[1], ids[2]]
    assert len(api.candidates(ROUND, FORM, LEVEL)["items"]) == 3


@pytest.mark.rule("S4", "X1")
def test_a_dossier_not_selected_is_no_longer_live(api):
    """S4, X1: a dossier left outside the quota is final but not live: may its unit nominate
    the same nominee again in that round?"""
    [low, good] = proposed(api, 2)
    sitting(api, {low: 2, good: 12})
    nominee = api.dossier(low)["nominee"]
    again = api.post(
        "/dossiers",
        "hcm-unit",
        json={
            "nominee_id": nominee["id"],
            "round": ROUND,
            "award_form": FORM,
            "achievement_summary": "Đề nghị lại sau phiên xét chọn",
            "claims_initiative": False,
        },
    )
    assert again.status_code == 201, again.json


@pytest.mark.rule("S4")
def test_the_level_gives_its_own_lower_form_to_a_candidate_left_out(api):
    """S4: may Sở GDĐT's sitting give a candidate left outside the Bằng khen UBND quota its
    own Giấy khen instead, the dossier ending `not_selected` for Bằng khen UBND but showing
    the Giấy khen it received, with the sitting's minutes saying so?"""
    ids = proposed(api, 3)
    assert api.candidates(ROUND, FORM, LEVEL)["lower_award_form"] == "giay-khen-so"
    response = sitting(api, dict(zip(ids, [14, 13, 10], strict=True)), lower_award=[ids[2]])
    assert response.status_code == 201, response.json
    rows = {r["dossier_id"]: r for r in response.json["ranking"]}
    assert rows[ids[2]]["lower_award_form"] == "giay-khen-so"
    assert rows[ids[0]]["lower_award_form"] is None
    left_out = api.dossier(ids[2])
    assert (left_out["status"], left_out["awarded_form"]) == ("not_selected", "giay-khen-so")
    assert api.dossier(ids[0])["awarded_form"] is None
    assert history_types(api, ids[2])[-1] == "lower_award_given"


@pytest.mark.rule("S4")
def test_a_selected_candidate_cannot_also_get_the_lower_form(api):
    """S4: is a lower form for a candidate inside the quota refused (422 beside that
    candidate) with nothing changed, every candidate still waiting?"""
    ids = proposed(api, 3)
    response = sitting(api, dict(zip(ids, [14, 13, 10], strict=True)), lower_award=[ids[0]])
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "invalid_sitting"
    assert str(ids[0]) in response.json["error"]["details"]["lower_award"]
    assert len(api.candidates(ROUND, FORM, LEVEL)["items"]) == 3


@pytest.mark.rule("S4", "E1")
def test_the_preview_shows_the_lower_form_before_the_sitting_is_confirmed(api):
    """S4: does the preview show which left-out candidate would receive the lower form?"""
    ids = proposed(api, 3)
    body = {
        "round": ROUND,
        "award_form": FORM,
        "level": LEVEL,
        "held_on": "2030-06-10",
        "members_total": 15,
        "members_present": 15,
        "votes": [{"dossier_id": i, "votes_for": v} for i, v in zip(ids, [9, 14, 12], strict=True)],
        "lower_award": [ids[0]],
    }
    response = api.post("/selections/preview", "hcm-sgd", json=body)
    assert response.status_code == 200, response.json
    shown = {r["dossier_id"]: r["lower_award_form"] for r in response.json["ranking"]}
    assert shown == {ids[0]: "giay-khen-so", ids[1]: None, ids[2]: None}
    assert api.dossier(ids[0])["awarded_form"] is None


@pytest.mark.rule("S4", "X1")
def test_a_nominee_given_the_lower_form_is_not_nominated_again_in_that_round(api):
    """X1 (nor two awards for the same round): after the sitting gave a left-out candidate
    the Sở's Giấy khen, is a new dossier for that nominee in the round a 409 naming it?"""
    ids = proposed(api, 3)
    sitting(api, dict(zip(ids, [14, 13, 10], strict=True)), lower_award=[ids[2]])
    nominee = api.dossier(ids[2])["nominee"]
    again = api.post(
        "/dossiers",
        "hcm-unit",
        json={
            "nominee_id": nominee["id"],
            "round": ROUND,
            "award_form": FORM,
            "achievement_summary": "Đề nghị lại",
            "claims_initiative": False,
        },
    )
    assert again.status_code == 409, again.json
    assert again.json["error"]["code"] == "already_awarded"
    assert again.json["error"]["details"]["dossier_id"] == ids[2]
