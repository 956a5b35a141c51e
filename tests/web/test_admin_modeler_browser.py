"""The administrators' modeler in a real Chromium, against a live server (issue 4's
acceptance test): clone a template for Cần Thơ, move a task between lanes, see the publish
check refuse a chain that hands a dossier down, fix it, publish, and watch a dossier follow."""

from __future__ import annotations

import io
import re

from tests.factories import COUNCIL_PASSED, Api
from workflow_app.config import PROJECT_ROOT

from .browser import ARTIFACTS, DEMO_PASSWORD, go

UNIT, SCHOOL = "can-tho-unit", "can-tho-thpt-chau-van-liem"


def _clone_template(page) -> None:
    """On /admin/models: clone the latest published HCMC chain into Cần Thơ."""
    page.goto("/admin/models")
    source = page.locator('#source option[value^="hcm-award-chain@"]').get_attribute("value")
    page.select_option("#source", source)
    page.fill("#new_key", "can-tho-ban-sao")
    page.select_option("#jurisdiction", "can-tho")
    go(page, "#clone-submit")
    page.wait_for_selector(".flash-success")
    assert page.url.endswith("/admin/models/can-tho-ban-sao/versions/1")


def _open_modeler(page, opener: str = "#open-modeler") -> None:
    go(page, opener)
    page.wait_for_selector("#modeler[data-ready=true]")


def _move_sector_council(page, lane: str, opener: str = "#open-modeler") -> int:
    """In the modeler: select sector_council, pick its lane in the panel, save; the draft."""
    _open_modeler(page, opener)
    if opener == "#open-modeler":
        page.click('#diagram-zoom [data-zoom="all"]')  # it opens readable, on the start
        page.click('[data-element-id="sector_council"]')
    else:  # opened from a problem's ?element=: already selected
        assert page.get_attribute("#modeler", "data-selected") == "sector_council"
    page.wait_for_selector("#panel-task:not([hidden])")
    assert page.input_value("#element-id") == "sector_council"
    assert page.input_value("#task-form") == "sector_council.schema.json"
    page.select_option("#task-lane", label=lane)
    lane_of_task = page.evaluate(
        """() => document.querySelector('#task-lane').selectedOptions[0].textContent"""
    )
    assert lane_of_task == lane  # the panel reads the lane back from the moved shape
    if lane == "ubnd":
        page.screenshot(path=str(ARTIFACTS / "modeler.png"))
    go(page, "#save-model")
    page.wait_for_selector("#version-status")
    return int(re.search(r"/versions/(\d+)$", page.url).group(1))


def _inbox_rows(page, dossier_id: int) -> int:
    """How many rows of the signed-in user's inbox are this dossier's tasks."""
    page.goto("/")
    return page.locator(f'.task-link:text-is("HS-{dossier_id}")').count()


def _open_task(api: Api, dossier_id: int, user: str) -> dict:
    tasks = api.get(f"/dossiers/{dossier_id}", user).json["open_tasks"]
    assert len(tasks) == 1, tasks
    return tasks[0]


def _complete(api: Api, dossier_id: int, user: str, name: str, data: dict) -> None:
    task = _open_task(api, dossier_id, user)
    assert task["name"] == name, task
    response = api.post(f"/tasks/{task['id']}/complete", user, json={"data": data})
    assert response.status_code == 200, response.json


def test_an_admin_builds_a_chain_in_the_modeler_and_a_dossier_follows_it(people, live_server):
    """Can Cần Thơ's administrator clone the HCMC chain, move a task to another lane in the
    modeler, be refused a chain that hands dossiers down, fix it, publish it, and then see a
    Cần Thơ dossier offered to the lane the task was moved to?"""
    admin = people()
    page = admin.login("can-tho-admin")
    _clone_template(page)

    draft = _move_sector_council(page, "ubnd")
    problems = page.locator("#problems").inner_text()
    assert "sector_council" in problems
    # Issue 18: Publish stays locked while problems remain (the server refuses too, 409).
    assert page.locator("#publish").is_disabled()
    assert page.locator("#publish-blocked").is_visible()
    assert "nháp" in page.locator("#version-status").inner_text()
    admin.screenshot("modeler-publish-refused")

    # The problem's element links to the modeler with that task already selected.
    fixed = _move_sector_council(page, "so_noi_vu", '#problems a[href*="element=sector_council"]')
    assert fixed == draft + 1
    assert page.locator("#no-problems").is_visible()
    page.click("#publish")  # issue 18: asked to confirm first
    go(page, "#publish-confirm-yes")
    page.wait_for_selector(".flash-success")
    assert "đã phát hành" in page.locator("#version-status").inner_text()

    api = Api(live_server.test_client(), DEMO_PASSWORD)
    nominee = api.gen_nominee(user=UNIT, unit=SCHOOL, name="Trần Văn Cần Thơ")
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025", user=UNIT, nominee=nominee)
    dossier_id = dossier["id"]
    assert api.post(f"/dossiers/{dossier_id}/submit", UNIT).status_code == 200
    _complete(api, dossier_id, UNIT, "unit_council", COUNCIL_PASSED)

    reviewer = people().login("can-tho-sgd")
    reviewer.goto("/")
    go(reviewer, f'.task-link:text-is("HS-{dossier_id}")')
    reviewer.check("#decision-approve")
    go(reviewer, "#complete")
    reviewer.wait_for_selector(".flash-success")
    assert _inbox_rows(reviewer, dossier_id) == 0

    snv = people().login("can-tho-snv")
    assert _inbox_rows(snv, dossier_id) == 1
    assert _open_task(api, dossier_id, "can-tho-snv")["name"] == "sector_council"
    snv.goto(f"/dossiers/{dossier_id}")
    facts = snv.locator(".facts").first.inner_text()
    assert f"can-tho-ban-sao · phiên bản {fixed}" in facts
    _publish_own_chain_again(api)


def _publish_own_chain_again(api) -> None:
    """The live server is shared by the session's browser tests: Cần Thơ goes back to its
    bundled chain (a new version of it, published) for the tests that walk that chain."""
    key = "can-tho-award-chain"
    bpmn = (PROJECT_ROOT / "bpmn" / "can-tho" / "award_chain.bpmn").read_bytes()
    parts = [(io.BytesIO(bpmn), "award_chain.bpmn")]
    uploaded = api.post(
        f"/process-models/{key}/versions",
        "can-tho-admin",
        data={"files": parts},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 201, uploaded.json
    number = uploaded.json["version"]
    published = api.post(f"/process-models/{key}/versions/{number}/publish", "can-tho-admin")
    assert published.status_code == 200, published.json


def test_an_unchanged_model_saved_from_the_modeler_keeps_everything(people):
    """Does saving the HCMC chain from the modeler unchanged give a draft with no problems and
    no difference in tasks, lanes, flows, forms or tables (the SpiffWorkflow extensions kept)?"""
    page = people().login("can-tho-admin")
    page.goto("/admin/models/hcm-award-chain")
    number = page.locator("#versions tbody tr").first.get_attribute("data-version")
    page.goto(f"/admin/models/hcm-award-chain/versions/{number}")
    assert page.locator("#publish").count() == 0  # another jurisdiction's: read-only
    page.fill("#new_key", "can-tho-round-trip")
    page.select_option("#jurisdiction", "can-tho")
    go(page, "#clone-submit")
    _open_modeler(page)
    go(page, "#save-model")
    page.wait_for_selector("#no-problems")
    assert page.url.endswith("/admin/models/can-tho-round-trip/versions/2")
    page.goto("/admin/models/can-tho-round-trip/compare?from=1&to=2")
    assert page.locator("#no-difference").is_visible()
