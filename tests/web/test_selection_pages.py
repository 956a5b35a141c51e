"""Phiên xét chọn pages (S1-S5), without a browser: the nav link, the sitting page with its
candidates, the preview, the confirmation, the result and minutes, each dossier's history."""

from __future__ import annotations

import pytest

from tests.api.test_selections import FORM, LEVEL, ROUND, proposed

SIT = f"/selections/sit?jurisdiction=hcm&round={ROUND}&award_form={FORM}&level={LEVEL}"


def form_for(ids: list[int], votes: list[int], action: str) -> dict:
    data = {
        "jurisdiction": "hcm",
        "round": ROUND,
        "award_form": FORM,
        "level": LEVEL,
        "held_on": "2030-06-10",
        "members_total": "15",
        "members_present": "13",
        "action": action,
        "candidate": [str(i) for i in ids],
    }
    data.update({f"votes-{i}": str(v) for i, v in zip(ids, votes, strict=True)})
    return data


@pytest.mark.rule("S1", "S5")
def test_the_sector_council_holds_a_sitting_through_the_pages(api, pages):
    """Does Sở GDĐT see the link and its three candidates, preview the ranking, confirm it,
    and find the result, the minutes and each candidate's history naming the sitting?"""
    ids = proposed(api, 3)
    pages.login("hcm-sgd")
    assert 'id="nav-selections"' in pages.get("/selections").get_data(as_text=True)
    page = pages.get(SIT).get_data(as_text=True)
    assert all(f"HS-{i}" in page for i in ids) and "chỉ tiêu 2, đã dùng 0" in page
    preview = pages.post("/selections/preview", form_for(ids, [9, 14, 12], "preview"), SIT)
    text = preview.get_data(as_text=True)
    assert text.count("Được chọn trong chỉ tiêu") == 2
    assert "Không được chọn trong chỉ tiêu" in text
    assert pages.get(SIT).get_data(as_text=True).count(f"HS-{ids[0]}") >= 1  # nothing changed
    done = pages.post("/selections/sit", form_for(ids, [9, 14, 12], "confirm"), SIT)
    assert done.status_code == 302
    result = pages.get(done.headers["Location"]).get_data(as_text=True)
    assert "Kết quả phiên xét chọn" in result and f"HS-{ids[1]}" in result
    minutes = pages.get(done.headers["Location"] + "/minutes").get_data(as_text=True)
    assert "BIÊN BẢN PHIÊN XÉT CHỌN" in minutes and "9/15" in minutes
    dossier = pages.get(f"/dossiers/{ids[0]}").get_data(as_text=True)
    assert "Không được chọn trong chỉ tiêu" in dossier and "Hạng 3/3" in dossier


def test_the_no_script_preview_is_a_get_page_that_keeps_the_votes(api, pages):
    """Issue 18: without JavaScript, does "Xem trước" redirect to a GET page showing the
    ranking with the typed votes kept, so a reload re-sends nothing and nothing is held?"""
    ids = proposed(api, 3)
    pages.login("hcm-sgd")
    sent = pages.post("/selections/sit", form_for(ids, [9, 14, 12], "preview"), SIT)
    assert sent.status_code == 302 and "preview=1" in sent.headers["Location"]
    shown = pages.get(sent.headers["Location"])
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert text.count("Được chọn trong chỉ tiêu") == 2
    assert f'name="votes-{ids[1]}"' in text and 'value="14"' in text
    assert api.candidates(ROUND, FORM, LEVEL)["items"]  # still waiting: nothing was held


def test_a_candidate_that_left_shows_the_refusal_on_the_page(api, pages):
    """If a candidate was withdrawn since the page was loaded, is the confirmation refused
    with a 409 page that names it, keeping the typed votes?"""
    ids = proposed(api, 2)
    pages.login("hcm-sgd")
    pages.get(SIT)
    assert api.post(f"/dossiers/{ids[0]}/withdraw", "hcm-unit").status_code == 200
    refused = pages.post("/selections/sit", form_for(ids, [13, 11], "confirm"), SIT)
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert f"HS-{ids[0]}" in text and "không còn chờ phiên xét chọn" in text


def test_a_dossier_waiting_for_its_sitting_says_so(api, pages):
    [dossier_id] = proposed(api, 1)
    pages.login("hcm-sgd")
    page = pages.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert 'id="waiting-selection"' in page and "Đang chờ phiên xét chọn của Sở GDĐT" in page


def test_a_unit_user_has_no_sitting_link(pages):
    pages.login("hcm-unit")
    assert 'id="nav-selections"' not in pages.get("/dossiers").get_data(as_text=True)


@pytest.mark.rule("S4")
def test_the_sitting_page_gives_the_lower_form_to_a_candidate_left_out(api, pages):
    """S4: does the sitting page offer the Sở's Giấy khen for a candidate left out, and do
    the minutes and the dossier page show it was given instead?"""
    ids = proposed(api, 3)
    pages.login("hcm-sgd")
    page = pages.get(SIT).get_data(as_text=True)
    assert f'name="lower-{ids[0]}"' in page and "Nếu không được chọn: tặng" in page
    data = {**form_for(ids, [9, 14, 12], "confirm"), f"lower-{ids[0]}": "1"}
    done = pages.post("/selections/sit", data, SIT)
    assert done.status_code == 302, done.get_data(as_text=True)
    minutes = pages.get(done.headers["Location"] + "/minutes").get_data(as_text=True)
    assert "Tặng thay thế: Giấy khen" in minutes
    dossier = pages.get(f"/dossiers/{ids[0]}").get_data(as_text=True)
    assert 'id="lower-award"' in dossier and "tặng thay thế: Giấy khen" in dossier
