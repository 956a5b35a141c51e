"""Issue 18 without a browser: the modeler's lint route (the publish checks on unsaved XML),
the Publish button locked while problems remain, diagram pages naming lanes in words, and a
refused task or report check keeping what the reviewer typed."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import datetime

from tests.api.test_reports import CHECKER, UNIT, checker_task, draft
from tests.factories import APPROVE, COUNCIL_PASSED

from .test_admin_models import HCM_BPMN, _upload, _with_sector_council_in, can_tho  # noqa: F401

CHECK = "/admin/models/{key}/versions/{n}/modeler/check?file=award_chain.bpmn"


def _check(pages, xml: str, key: str = "can-tho-ban-sao", number: int = 1, token: bool = True):
    modeler = f"/admin/models/{key}/versions/{number}/modeler"
    headers = {"Content-Type": "application/xml"}
    if token:
        headers["X-CSRFToken"] = pages.token(modeler)
    return pages.client.post(
        CHECK.format(key=key, n=number),
        data=xml.encode(),
        headers=headers,
        environ_base=pages._env(),
    )


def test_the_lint_route_runs_the_publish_checks_and_saves_nothing(can_tho):  # noqa: F811
    """Does the modeler's check of an unchanged chain find nothing, of a chain handing a
    dossier down name the task in words, and store no draft either time?"""
    clean = _check(can_tho, HCM_BPMN)
    assert clean.status_code == 200 and clean.json == {"problems": []}
    moved = _check(can_tho, _with_sector_council_in("lane_ubnd"))
    assert moved.status_code == 200
    found = [p for p in moved.json["problems"] if p["code"] == "chain_goes_down"]
    assert found and found[0]["element"] == "sector_council"
    assert "ubnd" in found[0]["message"] or "UBND" in found[0]["message"]
    assert can_tho.get("/admin/models/can-tho-ban-sao/versions/2").status_code == 404


def test_the_lint_route_is_refused_without_token_or_right(can_tho):  # noqa: F811
    """Is a check without the CSRF header refused, and one on another jurisdiction's model
    refused to its reader?"""
    assert _check(can_tho, HCM_BPMN, token=False).status_code == 400
    html = can_tho.get("/admin/models/hcm-award-chain").get_data(as_text=True)
    number = int(re.search(r'data-version="(\d+)"', html).group(1))
    assert _check(can_tho, HCM_BPMN, "hcm-award-chain", number).status_code == 403


def test_publish_is_locked_while_problems_remain_and_asks_first(can_tho):  # noqa: F811
    """Is Publish disabled (with the reason beside it) on a draft with problems, and on a
    clean draft enabled with a confirmation naming the version?"""
    _upload(can_tho, "can-tho-ban-sao", {"award_chain.bpmn": _with_sector_council_in("lane_ubnd")})
    locked = can_tho.get("/admin/models/can-tho-ban-sao/versions/2").get_data(as_text=True)
    assert re.search(r'id="publish" disabled', locked)
    assert 'id="publish-blocked"' in locked
    clean = can_tho.get("/admin/models/can-tho-ban-sao/versions/1").get_data(as_text=True)
    assert 'id="publish">' in clean and 'id="publish-blocked"' not in clean
    assert 'id="publish-confirm"' in clean and "Phát hành phiên bản 1?" in clean


def _lane_labels(page_html: str) -> dict:
    found = re.search(r'data-lane-labels="([^"]*)"', page_html)
    return json.loads(html_lib.unescape(found.group(1)))


def test_diagram_pages_name_lanes_by_their_roles(api, pages):
    """Do the dossier page and the auditor's step-through give the diagram each lane's role
    name (HCMC's Sở GDĐT, not so_gddt)?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    pages.login("hcm-sgd")
    labels = _lane_labels(pages.get(f"/dossiers/{dossier['id']}").get_data(as_text=True))
    assert labels["so_gddt"] == "Sở GDĐT" and labels["so_noi_vu"] == "Sở Nội vụ"
    pages.login("hcm-auditor")
    steps = pages.get(f"/audit/dossiers/{dossier['id']}/steps").get_data(as_text=True)
    assert _lane_labels(steps)["ubnd"] == "UBND"


def test_a_task_completed_meanwhile_keeps_the_typed_reason(api, pages):
    """When a colleague completes the step first, does the reviewer's 409 page show the
    reason they typed?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
    task = api.open_task(dossier["id"])
    pages.login("hcm-sgd")
    path = f"/tasks/{task['id']}"
    assert pages.get(path).status_code == 200  # the reviewer opens the form
    done = api.post(f"{path}/complete", "hcm-sgd2", json={"data": APPROVE})
    assert done.status_code == 200
    reason = "Thiếu biên bản họp hội đồng cơ sở, đề nghị bổ sung."
    refused = pages.post(
        f"{path}/complete", {"decision": "return", "reason": reason}, f"/dossiers/{dossier['id']}"
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert 'id="typed-kept"' in text and reason in text


def test_a_refused_report_check_keeps_the_typed_reason(api, pages, clock):
    """When Văn phòng Sở sends a check without choosing a decision, is the report page shown
    again (422) with the reason it typed, not a redirect that loses it?"""
    clock.now = datetime(2026, 11, 20, 9, 0)
    report = draft(api, UNIT, (25, 16, 12, 10))
    assert api.post(f"/reports/{report['id']}/submit", UNIT).status_code == 200
    task = checker_task(api, report["id"])
    pages.login(CHECKER)
    show = f"/reports/{report['id']}"
    reason = "Số người có kỹ năng số chưa khớp danh sách kèm theo."
    refused = pages.post(
        f"/reports/tasks/{task['id']}", {"report_id": report["id"], "reason": reason}, show
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert f">{reason}</textarea>" in text
