"""Yearly reports and targets (L1-L4, T4) through the API, Lạng Sơn's demo."""

from __future__ import annotations

from datetime import datetime

import pytest

UNIT, UNIT2, VP = "lang-son-unit", "lang-son-unit2", "lang-son-van-phong"
CHECKER = "lang-son-reviewer"
UNITS = {
    UNIT: "lang-son-phong-quan-ly-dat-dai",
    UNIT2: "lang-son-phong-ke-hoach-tai-chinh",
    VP: "lang-son-van-phong-so",
}
YEAR = 2026


def figures(staff, learning, digital, proficient, **extra) -> dict:
    return {
        "staff_total": staff,
        "learning_citizens": learning,
        "with_digital_skills": digital,
        "proficient": proficient,
        **extra,
    }


def draft(api, user, counts, year=YEAR, **extra):
    body = {"unit": UNITS[user], "year": year, **figures(*counts), **extra}
    response = api.post("/reports", user, json=body)
    assert response.status_code == 201, response.json
    return response.json


def checker_task(api, report_id) -> dict:
    items = api.get("/report-tasks", CHECKER).json["items"]
    return next(t for t in items if t["report_id"] == report_id)


def acknowledge(api, user, counts, year=YEAR) -> dict:
    report = draft(api, user, counts, year)
    assert api.post(f"/reports/{report['id']}/submit", user).status_code == 200
    task = checker_task(api, report["id"])
    done = api.post(
        f"/report-tasks/{task['id']}/complete", CHECKER, json={"data": {"decision": "approve"}}
    )
    assert done.status_code == 200, done.json
    return done.json


@pytest.fixture(autouse=True)
def late_november(clock):
    clock.now = datetime(2026, 11, 20, 9, 0)


@pytest.mark.rule("L1")
def test_lang_son_targets_are_the_plans(api):
    """Does GET /targets give Lạng Sơn's 60/80, 70/90 and 60/80 with the 2025 ones in force?"""
    response = api.get(f"/targets?jurisdiction=lang-son&year={YEAR}", UNIT)
    assert response.status_code == 200
    found = {
        (t["indicator"], t["by_year"]): (t["share"], t["in_force"]) for t in response.json["items"]
    }
    assert found == {
        ("learning_citizens_share", 2025): (60.0, True),
        ("learning_citizens_share", 2030): (80.0, False),
        ("digital_skills_share", 2025): (70.0, True),
        ("digital_skills_share", 2030): (90.0, False),
        ("proficient_share", 2025): (60.0, True),
        ("proficient_share", 2030): (80.0, False),
    }


@pytest.mark.rule("L1")
def test_only_the_admin_edits_a_target_and_the_change_is_kept(api):
    """Is a unit refused, and is the admin's change kept in the settings history?"""
    body = {
        "jurisdiction": "lang-son",
        "indicator": "learning_citizens_share",
        "share": 65,
        "by_year": 2025,
    }
    assert api.call("PUT", "/targets", UNIT, json=body).status_code == 403
    assert api.call("PUT", "/targets", "lang-son-admin", json=body).status_code == 200
    bad = api.call("PUT", "/targets", "lang-son-admin", json={**body, "share": 120})
    assert bad.status_code == 422 and "share" in bad.json["error"]["details"]
    items = api.get(f"/targets?jurisdiction=lang-son&year={YEAR}", UNIT).json["items"]
    assert {
        (t["by_year"], t["share"]) for t in items if t["indicator"] == "learning_citizens_share"
    } == {(2025, 65.0), (2030, 80.0)}


@pytest.mark.rule("L2")
def test_a_sub_count_above_its_total_is_refused_naming_the_field(api):
    """Is 30 recognised citizens out of 25 staff a 422 naming `learning_citizens`?"""
    body = {"unit": UNITS[UNIT], "year": YEAR, **figures(25, 30, 10, 5)}
    response = api.post("/reports", UNIT, json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_report"
    assert set(response.json["error"]["details"]) == {"learning_citizens"}
    proficient = api.post("/reports", UNIT, json={**body, **figures(25, 20, 10, 11)})
    assert proficient.status_code == 422
    assert set(proficient.json["error"]["details"]) == {"proficient"}


@pytest.mark.rule("L2")
def test_another_units_report_is_refused(api):
    """May an office file a report for another office of the Sở?"""
    body = {"unit": UNITS[UNIT2], "year": YEAR, **figures(25, 20, 10, 5)}
    assert api.post("/reports", UNIT, json=body).status_code == 403


@pytest.mark.rule("L3")
def test_the_chain_returns_with_a_reason_then_acknowledges_and_freezes(api):
    """Office enters, Văn phòng Sở returns with a reason, office corrects, it is acknowledged,
    cannot change any more, and an auditor's replay verifies it."""
    activities = [
        {"kind": "book-day", "name": "Ngày sách", "held_on": "2026-04-21", "participants": 20}
    ]
    report = draft(api, UNIT, (25, 16, 12, 10), activities=activities)
    assert report["status"] == "draft" and report["last_year"]["figures"]["staff_total"] == 25
    rid = report["id"]
    assert api.post(f"/reports/{rid}/submit", UNIT).json["status"] == "submitted"
    task = checker_task(api, rid)
    assert task["lane"] == "van_phong_so" and not task["overdue"]
    no_reason = api.post(
        f"/report-tasks/{task['id']}/complete", CHECKER, json={"data": {"decision": "return"}}
    )
    assert no_reason.status_code == 422
    returned = api.post(
        f"/report-tasks/{task['id']}/complete",
        CHECKER,
        json={"data": {"decision": "return", "reason": "Sai số kỹ năng số"}},
    )
    assert returned.json["status"] == "returned"
    assert returned.json["return_reason"] == "Sai số kỹ năng số"
    fixed = api.call(
        "PUT", f"/reports/{rid}", UNIT, json={**figures(25, 16, 13, 10), "activities": activities}
    )
    assert fixed.status_code == 200
    assert api.post(f"/reports/{rid}/submit", UNIT).json["status"] == "submitted"
    task = checker_task(api, rid)
    done = api.post(
        f"/report-tasks/{task['id']}/complete", CHECKER, json={"data": {"decision": "approve"}}
    )
    assert done.json["status"] == "acknowledged" and done.json["with_digital_skills"] == 13
    frozen = api.call("PUT", f"/reports/{rid}", UNIT, json=figures(25, 17, 13, 10))
    assert frozen.status_code == 409 and frozen.json["error"]["code"] == "report_acknowledged"
    assert api.post(f"/reports/{rid}/submit", UNIT).status_code == 409
    replay = api.post(f"/reports/{rid}/replay", "lang-son-admin")
    assert replay.json == {"verified": True, "steps": 4, "mismatch_at": None, "reason": None}
    types = [e["type"] for e in api.get(f"/reports/{rid}/history", CHECKER).json["events"]]
    assert types[0] == "report_created" and types[-1] == "report_acknowledged"
    assert "report_returned" in types


@pytest.mark.rule("L3")
def test_a_tampered_acknowledged_report_fails_its_replay(api, db):
    """If someone edits an acknowledged report's figures in the database, does replay say so?"""
    rid = acknowledge(api, UNIT, (25, 16, 12, 10))["id"]
    from sqlalchemy import text

    with db.unit_of_work() as session:
        session.execute(
            text("UPDATE yearly_reports SET learning_citizens = 20 WHERE id = :i"), {"i": rid}
        )
    replay = api.post(f"/reports/{rid}/replay", "lang-son-admin").json
    assert replay["verified"] is False and "acknowledged" in replay["reason"]


@pytest.mark.rule("L4")
def test_the_summary_shares_and_met_flags(api):
    """For hand-computed figures, are the shares, `met` flags and behind-first order right?"""
    acknowledge(api, UNIT, (25, 16, 12, 10))  # 64.0 / 75.0 / 62.5: all met
    acknowledge(api, UNIT2, (20, 10, 8, 5))  # 50.0 / 80.0 / 50.0: behind
    acknowledge(api, VP, (30, 19, 13, 11))  # 63.3 / 68.4 / 57.9: behind on skills
    data = api.get(f"/reports/summary?jurisdiction=lang-son&year={YEAR}", CHECKER).json
    rows = {r["unit"]: r for r in data["units"]}
    assert [r["unit"] for r in data["units"]] == [UNITS[UNIT2], UNITS[VP], UNITS[UNIT]]
    assert rows[UNITS[UNIT]]["shares"] == {
        "learning_citizens_share": 64.0,
        "digital_skills_share": 75.0,
        "proficient_share": 62.5,
    }
    assert [t["met"] for t in rows[UNITS[UNIT]]["targets"]] == [True, True, True]
    assert rows[UNITS[UNIT2]]["shares"]["learning_citizens_share"] == 50.0
    assert {t["indicator"]: t["met"] for t in rows[UNITS[VP]]["targets"]} == {
        "learning_citizens_share": True,
        "digital_skills_share": False,
        "proficient_share": False,
    }
    assert rows[UNITS[VP]]["shares"]["digital_skills_share"] == 68.4
    total = data["total"]
    assert total["counts"] == figures(75, 45, 33, 26)
    assert total["shares"] == {
        "learning_citizens_share": 60.0,
        "digital_skills_share": 73.3,
        "proficient_share": 57.8,
    }
    met = {(t["indicator"], t["by_year"]): t["met"] for t in total["targets"]}
    assert met == {
        ("learning_citizens_share", 2025): True,
        ("learning_citizens_share", 2030): False,
        ("digital_skills_share", 2025): True,
        ("digital_skills_share", 2030): False,
        ("proficient_share", 2025): False,
        ("proficient_share", 2030): False,
    }
    assert [p["year"] for p in data["trend"]] == [2024, 2025, 2026]
    assert data["trend"][1]["counts"] == figures(75, 46, 32, 23)  # the demo's 2025 reports
    xlsx = api.get(f"/reports/summary.xlsx?jurisdiction=lang-son&year={YEAR}", CHECKER)
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


@pytest.mark.rule("T4")
def test_a_report_not_in_by_5_december_is_overdue(api, clock):
    """Is a draft flagged overdue on 6 December, not on 4 December, in the report, the
    inbox and the summary; and a report sent in time not?"""
    late = draft(api, UNIT, (25, 16, 12, 10))
    on_time = draft(api, UNIT2, (20, 10, 8, 5))
    api.post(f"/reports/{on_time['id']}/submit", UNIT2)
    clock.now = datetime(2026, 12, 4, 9, 0)
    assert api.get(f"/reports/{late['id']}", UNIT).json["overdue"] is False
    clock.now = datetime(2026, 12, 6, 9, 0)
    assert api.get(f"/reports/{late['id']}", UNIT).json["overdue"] is True
    assert api.get(f"/reports/{on_time['id']}", UNIT2).json["overdue"] is False
    summary = api.get(f"/reports/summary?jurisdiction=lang-son&year={YEAR}", CHECKER).json
    flags = {r["unit"]: r["overdue"] for r in summary["units"]}
    assert flags == {UNITS[UNIT]: True, UNITS[UNIT2]: False, UNITS[VP]: True}  # VP: missing
    assert summary["total"]["units_overdue"] == 2
    api.post(f"/reports/{late['id']}/submit", UNIT)
    task = checker_task(api, late["id"])
    assert task["overdue"] is True


@pytest.mark.rule("T4")
def test_the_award_statistics_of_a_round(api, clock):
    """Does HCMC's report on annual-2025 count its dossiers by status, level and form, give
    the share of women among the individuals, and how long the decided one took?"""
    from tests.api.test_chain import FULL_CHAIN, walk

    clock.now = datetime(2025, 5, 5, 8, 0)
    woman = api.gen_nominee(sex="female", citizen_id="079190000101")
    man = api.gen_nominee(sex="male", citizen_id="079190000102")
    decided = api.gen_submitted("giay-khen-so", round_="annual-2025", nominee=woman)
    api.gen_submitted("bang-khen-ubnd", round_="annual-2025", nominee=man)
    api.gen_dossier("giay-khen-so", round_="annual-2025")  # a draft is no proposal yet
    clock.now = datetime(2025, 5, 9, 20, 0)  # 4.5 days after it was sent
    walk(api, decided["id"], FULL_CHAIN[:3])

    response = api.get("/reports/award-statistics?jurisdiction=hcm&round=annual-2025", "hcm-admin")
    assert response.status_code == 200, response.json
    stats = response.json
    assert stats["by_status"] == {"approved": 1, "in_progress": 1}
    assert stats["by_award_form"] == {"bang-khen-ubnd": 1, "giay-khen-so": 1}
    assert stats["by_level"] == {"unit": 1}  # the other waits for its unit council
    assert stats["women"] == {"individuals": 2, "women": 1, "share": 50.0}
    assert stats["processing_days"] == {"count": 1, "median": 4.5, "mean": 4.5, "longest": 4.5}
    refused = api.get("/reports/award-statistics?jurisdiction=hcm&round=annual-2025", UNIT)
    assert refused.status_code == 403
    bad = api.get("/reports/award-statistics?jurisdiction=hcm&round=2025", "hcm-admin")
    assert bad.status_code == 422 and "round" in bad.json["error"]["details"]


@pytest.mark.rule("L4")
def test_the_province_overview_lists_each_readable_jurisdiction(api):
    """Does the overview give Lạng Sơn's totals against its 60% target to its checker, and
    show a national reader every jurisdiction with a report duty?"""
    acknowledge(api, UNIT, (20, 9, 6, 5))  # 45%: behind the 60% of 2025
    response = api.get(f"/reports/overview?year={YEAR}", CHECKER)
    assert response.status_code == 200, response.json
    rows = response.json["jurisdictions"]
    assert [r["jurisdiction"] for r in rows] == ["lang-son"]
    mine = rows[0]
    assert mine["units_reported"] == 1 and mine["units_total"] == 3
    assert mine["shares"]["learning_citizens_share"] == 45.0
    assert mine["behind"] is True
    first = {t["indicator"]: (t["share"], t["met"]) for t in mine["targets"]}
    assert first["learning_citizens_share"] == (60.0, False)


@pytest.mark.rule("L4")
def test_a_report_exports_to_excel_as_its_page_shows_it(api):
    """Does a report's workbook carry this year's figures and shares, and is another unit
    refused it?"""
    from io import BytesIO

    from openpyxl import load_workbook

    report = acknowledge(api, UNIT, (25, 16, 12, 7))
    response = api.get(f"/reports/{report['id']}/xlsx", CHECKER)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).worksheets[0]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Tổng số CC, VC, NLĐ"] == 25 and rows["Đạt Công dân học tập"] == 16
    assert rows["Tỷ lệ đạt Công dân học tập (%)"] == 64.0  # 16 of 25
    assert api.get(f"/reports/{report['id']}/xlsx", UNIT2).status_code == 404
