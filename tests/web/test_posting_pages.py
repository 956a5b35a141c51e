"""Công khai pages (P1-P3), without a browser: the reviewers open a posting, log and resolve
comments (CSRF, redirect after POST); the public page lists the posted candidates, only
during the period and only what the public may see."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from tests.api.test_postings import labour_order

URL = "https://sonoivu.hcm.example/cong-khai"


def posting_id_of(response) -> int:
    match = re.search(r"/postings/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


@pytest.mark.rule("P1", "P2")
def test_sonoivu_opens_a_posting_and_logs_and_dismisses_a_comment(api, pages):
    """Does Sở Nội vụ see the waiting dossier, open its posting, log a comment and dismiss it
    with a reason, each POST redirecting to the posting's page?"""
    dossier_id = labour_order(api)
    pages.login("hcm-snv")
    index = pages.get("/postings").get_data(as_text=True)
    assert 'id="nav-postings"' in index and f'value="{dossier_id}"' in index
    opened = pages.post("/postings", {"dossier": str(dossier_id), "channel_url": URL}, "/postings")
    assert opened.status_code == 302
    posting_id = posting_id_of(opened)
    show = f"/postings/{posting_id}"
    logged = pages.post(
        f"{show}/comments",
        {"author": "Trần Thị B", "channel": "phone", "text": "Cần xem lại thành tích."},
        show,
    )
    assert (logged.status_code, logged.headers["Location"]) == (302, show)
    page = pages.get(show).get_data(as_text=True)
    assert "Trần Thị B" in page and "Điện thoại" in page and "Cần xem lại thành tích." in page
    comment_id = api.get(show, "hcm-snv").json["comments"][0]["id"]
    refused = pages.post(
        f"{show}/comments/{comment_id}/resolve", {"resolution": "dismissed", "reason": ""}, show
    )
    assert refused.status_code == 422
    dismissed = pages.post(
        f"{show}/comments/{comment_id}/resolve",
        {"resolution": "dismissed", "reason": "Không có căn cứ"},
        show,
    )
    assert dismissed.status_code == 302
    assert "Không có căn cứ" in pages.get(show).get_data(as_text=True)


@pytest.mark.rule("P1")
def test_a_form_without_its_csrf_token_is_refused(api, pages):
    """Is opening a posting without the page's CSRF token refused?"""
    dossier_id = labour_order(api)
    pages.login("hcm-snv")
    response = pages.client.post("/postings", data={"dossier": str(dossier_id), "channel_url": URL})
    assert response.status_code == 400
    assert dossier_id in [
        i["dossier_id"] for i in api.get("/postings/candidates", "hcm-snv").json["items"]
    ]


@pytest.mark.rule("P1")
def test_the_public_page_shows_the_candidate_only_during_the_period(api, client, clock):
    """Can anyone, without signing in, see the posted candidate's name, unit, award form,
    summary and end date, never the citizen id, and not any more once the period is over?"""
    person = api.post(
        "/nominees",
        "hcm-unit",
        json={
            "kind": "collective",
            "name": "Trường THPT Công Khai",
            "unit": "hcm-thpt-le-quy-don",
            "staff_total": 50,
            "women_total": 30,
        },
    ).json
    dossier = api.gen_submitted(
        "huan-chuong-lao-dong", round_="tong-ket-2030", nominee=person, labour_order_class=2
    )
    from tests.factories import APPROVE, walk_to

    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal", "sector_council"))
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    before = client.get("/public/hcm/postings").get_data(as_text=True)
    assert "Trường THPT Công Khai" not in before  # put forward, not yet posted
    posting = api.open_posting([dossier["id"]]).json
    page = client.get("/public/hcm/postings")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Trường THPT Công Khai" in text and "Huân chương Lao động" in text
    assert "Thành tích xây dựng xã hội học tập" in text
    assert date.fromisoformat(posting["ends_on"]).strftime("%d/%m/%Y") in text
    assert "THPT Lê Quý Đôn" in text or "Lê Quý Đôn" in text
    assert client.get("/public/nowhere/postings").status_code == 404
    clock.now = datetime.combine(date.fromisoformat(posting["ends_on"]), clock.now.time())
    clock.now += timedelta(days=1)
    after = client.get("/public/hcm/postings").get_data(as_text=True)
    assert "Trường THPT Công Khai" not in after


@pytest.mark.rule("P1")
def test_the_public_page_never_shows_a_citizen_id_or_comments(api, client):
    """With posting switched on for the Bằng khen Thủ tướng, is a posted individual shown by
    name while their 12-digit citizen id and the comments received stay off the page?"""
    from tests.api.test_postings import switch_on_prime_minister_award
    from tests.factories import APPROVE, walk_to

    switch_on_prime_minister_award(api)
    nominee = api.post(
        "/nominees",
        "hcm-unit",
        json={
            "kind": "individual",
            "name": "Lê Văn Công Dân",
            "unit": "hcm-thpt-le-quy-don",
            "sex": "male",
            "citizen_id": "079123456789",
        },
    )
    assert nominee.status_code == 201, nominee.json
    dossier = api.gen_submitted("bang-khen-thu-tuong", nominee=nominee.json)
    walk_to(api, dossier["id"], ("unit_council", "so_gddt_appraisal", "sector_council"))
    assert api.complete_open(dossier["id"], APPROVE).status_code == 200
    posting = api.open_posting([dossier["id"]]).json
    body = {"author": "Người dân", "channel": "portal", "text": "Ý kiến nội bộ XYZ"}
    assert api.post(f"/postings/{posting['id']}/comments", "hcm-snv", json=body).status_code == 201
    text = client.get("/public/hcm/postings").get_data(as_text=True)
    assert "Lê Văn Công Dân" in text
    assert "079123456789" not in text
    assert "Ý kiến nội bộ XYZ" not in text and "Người dân" not in text
