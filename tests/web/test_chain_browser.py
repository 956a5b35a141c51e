"""Each issue 17 chain walked in the browser along its longest path, every step done by the
demo user holding the step's office role (bpmn/<jurisdiction>/model.json)."""

from __future__ import annotations

from functools import partial

import pytest

from tests.factories import Api

from .browser import DEMO_PASSWORD, go

VOTE = {"#meeting_date": "2025-04-25", "#members_total": "10", "#members_present": "9"}
PROPOSAL = {
    "#proposed_to": "Bộ Giáo dục và Đào tạo",
    "#letter_number": "88/TTr-UBND",
    "#sent_on": "2025-05-05",
}
ANSWER = {"#answered_on": "2025-05-05", "#answer_reference": "99/QĐ-BGDĐT"}


@pytest.fixture
def api(live_server) -> Api:
    """The JSON API of the live app, to open the dossier each walk starts from."""
    return Api(live_server.test_client(), DEMO_PASSWORD)


def _submitted(api, user: str, unit: str, award_form: str, round_: str) -> int:
    nominee = api.gen_nominee(user=user, unit=unit, kind="collective")
    return api.gen_submitted(award_form, round_=round_, user=user, nominee=nominee)["id"]


def _do_step(
    people, api, admin: str, username: str, dossier_id: int, step: str, fields: dict, votes=None
):
    """As `username`: find the dossier in the inbox, open its task (which must be `step`),
    fill the form, approve where the form has a decision, send."""
    open_tasks = api.dossier(dossier_id, admin)["open_tasks"]
    assert [t["name"] for t in open_tasks] == [step]
    page = people().login(username)
    page.fill("#q", f"HS-{dossier_id}")
    with page.expect_navigation():
        page.press("#q", "Enter")
    go(page, f"text=HS-{dossier_id}")
    page.wait_for_selector("#task-form")
    for selector, value in fields.items():
        page.fill(selector, value)
    if votes is not None:
        page.fill("#votes_for", str(votes))
    if page.locator("#decision-approve").count():
        page.check("#decision-approve")
    go(page, "#complete")
    page.wait_for_selector(".flash-success")


def _approved(people, username: str, dossier_id: int) -> None:
    page = people().login(username)
    page.goto(f"/dossiers/{dossier_id}")
    assert page.locator("#dossier-status").inner_text() == "Đã khen thưởng"


def test_dong_nai_ministry_award_walked_in_the_browser(people, api):
    """Đồng Nai plan III.2.b, VII.4: can a ministry's Bằng khen go unit council, Sở Nội vụ,
    the provincial council, the Chairman, the proposal letter and the ministry's answer, each
    step done in the browser by its office's demo user, and end approved?"""
    step = partial(_do_step, people, api, "dong-nai-admin")
    dossier_id = _submitted(
        api, "dong-nai-unit", "dong-nai-thpt-ngo-quyen", "bang-khen-bo", "so-ket-2025"
    )
    step("dong-nai-unit", dossier_id, "unit_council", VOTE, votes=8)
    step("dong-nai-snv", dossier_id, "so_noi_vu_appraisal", {})
    step("dong-nai-hoi-dong", dossier_id, "provincial_council", VOTE, votes=8)
    step("dong-nai-ubnd", dossier_id, "ubnd_decision", {})
    step("dong-nai-ubnd", dossier_id, "external_proposal", PROPOSAL)
    step("dong-nai-ubnd", dossier_id, "external_answer", ANSWER)
    _approved(people, "dong-nai-admin", dossier_id)


def test_can_tho_so_noi_vu_ministry_award_walked_in_the_browser(people, api):
    """Sóc Trăng plan III.2.b, VI.1, VI.3 (Cần Thơ's chain since the merger): can a ministry's
    Bằng khen go office, Văn phòng Sở, the department's council, the Director, the Chairman,
    the proposal and the answer in the browser, and end approved?"""
    step = partial(_do_step, people, api, "can-tho-admin")
    dossier_id = _submitted(
        api, "can-tho-unit", "can-tho-thpt-chau-van-liem", "bang-khen-bo", "tong-ket-2030"
    )
    step("can-tho-unit", dossier_id, "unit_council", VOTE, votes=8)
    step("can-tho-van-phong", dossier_id, "van_phong_appraisal", {})
    step("can-tho-hoi-dong", dossier_id, "department_council", VOTE, votes=8)
    step("can-tho-giam-doc", dossier_id, "director_decision", {})
    step("can-tho-ubnd", dossier_id, "ubnd_decision", {})
    step("can-tho-ubnd", dossier_id, "external_proposal", PROPOSAL)
    step("can-tho-ubnd", dossier_id, "external_answer", ANSWER)
    _approved(people, "can-tho-admin", dossier_id)


def test_soc_trang_dossier_from_before_the_merger_finished_in_the_browser(people, api):
    """Sóc Trăng plan III.2.a, VI.3, and M1: the demo's Giấy khen passed Sóc Trăng's office
    council and Văn phòng Sở before the merger; do Cần Thơ's council and Director finish it in
    the browser on its pinned Sóc Trăng chain, and does it end approved?"""
    step = partial(_do_step, people, api, "can-tho-admin")
    items = api.get("/dossiers?limit=200", "can-tho-admin").json["items"]
    [dossier_id] = [d["id"] for d in items if d["process_model"]["key"] == "soc-trang-award-chain"]
    step("can-tho-hoi-dong", dossier_id, "department_council", VOTE, votes=8)
    step("can-tho-giam-doc", dossier_id, "director_decision", {})
    _approved(people, "can-tho-admin", dossier_id)


def test_bo_y_te_prime_ministers_award_walked_in_the_browser(people, api):
    """Bộ Y tế plan VII.2 (units -> Vụ Tổ chức cán bộ -> Hội đồng TĐKT Bộ -> Bộ trưởng -> the
    Prime Minister): can a Bằng khen Thủ tướng go every step in the browser, each done by its
    office's demo user, and end approved?"""
    step = partial(_do_step, people, api, "bo-y-te-admin")
    dossier_id = _submitted(
        api, "bo-y-te-unit", "bo-y-te-benh-vien-bach-mai", "bang-khen-thu-tuong", "tong-ket-2030"
    )
    step("bo-y-te-unit", dossier_id, "unit_council", VOTE, votes=8)
    step("bo-y-te-vu-tccb", dossier_id, "vu_tccb_appraisal", {})
    step("bo-y-te-hoi-dong", dossier_id, "ministry_council", VOTE, votes=8)
    step("bo-y-te-bo-truong", dossier_id, "minister_decision", {})
    step("central", dossier_id, "central_decision", {})
    _approved(people, "bo-y-te-admin", dossier_id)
