"""E1 and E3 through the API: the eligibility table refuses a combination when the dossier is
created, publish refuses a routing form the table has no rows for, and the Labour Order
proposes a class and ends with the President."""

from __future__ import annotations

import io
import re

import pytest

from tests.factories import APPROVE, AT_UBND, walk_to
from workflow_app.config import PROJECT_ROOT

HCM = "hcm-award-chain"
ELIGIBILITY = (PROJECT_ROOT / "bpmn" / "hcm" / "eligibility.dmn").read_text(encoding="utf-8")


def create(api, kind: str, round_: str, award_form: str, user="hcm-unit", unit=None, **extra):
    nominee = api.gen_nominee(user=user, unit=unit or "hcm-thpt-le-quy-don", kind=kind)
    body = {"nominee_id": nominee["id"], "round": round_, "award_form": award_form, **extra}
    return api.post("/dossiers", user, json=body)


def drafts(api, user="hcm-unit") -> int:
    return len(api.get("/dossiers?status=draft&limit=200", user).json["items"])


# E1, HCMC: each combination the plan does not allow, and the row of the table that says so.
REFUSED_IN_HCMC = [
    ("individual", "annual-2026", "bang-khen-thu-tuong", "eligibility_bang_khen_thu_tuong_annual"),
    ("collective", "annual-2026", "bang-khen-thu-tuong", "eligibility_bang_khen_thu_tuong_annual"),
    ("clan", "so-ket-2025", "bang-khen-thu-tuong", "eligibility_bang_khen_thu_tuong_other"),
    ("clan", "tong-ket-2030", "bang-khen-thu-tuong", "eligibility_bang_khen_thu_tuong_other"),
    ("household", "annual-2026", "bang-khen-ubnd", "eligibility_bang_khen_ubnd_other"),
    ("clan", "so-ket-2025", "bang-khen-ubnd", "eligibility_bang_khen_ubnd_other"),
    ("household", "annual-2026", "giay-khen-so", "eligibility_giay_khen_so_other"),
    (
        "individual",
        "tong-ket-2030",
        "huan-chuong-lao-dong",
        "eligibility_huan_chuong_lao_dong_other",
    ),
    ("collective", "so-ket-2025", "huan-chuong-lao-dong", "eligibility_huan_chuong_lao_dong_other"),
    ("collective", "annual-2026", "huan-chuong-lao-dong", "eligibility_huan_chuong_lao_dong_other"),
    ("collective", "so-ket-2025", "co-thi-dua-bo", "eligibility_default"),
    ("individual", "annual-2026", "bang-khen-bo", "eligibility_default"),
]
ALLOWED_IN_HCMC = [
    ("individual", "annual-2026", "giay-khen-so"),
    ("collective", "annual-2026", "bang-khen-ubnd"),
    ("individual", "so-ket-2025", "bang-khen-thu-tuong"),
    ("household", "tong-ket-2030", "bang-khen-thu-tuong"),
    ("collective", "tong-ket-2030", "bang-khen-thu-tuong"),
]


@pytest.mark.rule("E1")
@pytest.mark.parametrize(("kind", "round_", "award_form", "rule_id"), REFUSED_IN_HCMC)
def test_each_refused_combination_is_422_at_creation(api, kind, round_, award_form, rule_id):
    """E1: is each combination HCMC's plan does not allow refused when the dossier is
    created (422 not_eligible naming the table's row), with no draft written?"""
    before = drafts(api)
    extra = {"labour_order_class": 1} if award_form == "huan-chuong-lao-dong" else {}
    response = create(api, kind, round_, award_form, **extra)
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "not_eligible"
    assert error["details"]["rule_id"] == rule_id
    assert error["details"]["rule"].startswith(("E1", "C8"))
    assert (error["details"]["kind"], error["details"]["award_form"]) == (kind, award_form)
    assert drafts(api) == before


@pytest.mark.rule("E1")
@pytest.mark.parametrize(("kind", "round_", "award_form"), ALLOWED_IN_HCMC)
def test_allowed_combinations_open_a_draft(api, kind, round_, award_form):
    """E1: do the combinations the plan allows open a draft?"""
    response = create(api, kind, round_, award_form)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "draft"


@pytest.mark.rule("E1")
@pytest.mark.parametrize(
    ("chain", "kind", "round_", "award_form", "allowed"),
    [
        (
            ("soc-trang-unit", "soc-trang-phong-xdcq"),
            "individual",
            "so-ket-2025",
            "bang-khen-thu-tuong",
            True,  # issue 17: Sóc Trăng plan III.2.b (Cần Thơ's chain since the merger)
        ),
        (
            ("soc-trang-unit", "soc-trang-phong-xdcq"),
            "individual",
            "so-ket-2025",
            "bang-khen-ubnd",
            True,
        ),
        (
            ("dong-nai-unit", "dong-nai-thpt-ngo-quyen"),
            "household",
            "tong-ket-2030",
            "bang-khen-thu-tuong",
            True,
        ),
        (
            ("dong-nai-unit", "dong-nai-thpt-ngo-quyen"),
            "clan",
            "annual-2026",
            "bang-khen-ubnd",
            True,
        ),
        (
            ("dong-nai-unit", "dong-nai-thpt-ngo-quyen"),
            "collective",
            "so-ket-2025",
            "bang-khen-bo",
            True,  # issue 17: Đồng Nai plan III.2.b, a proposal to the ministry
        ),
        (
            ("bo-y-te-unit", "bo-y-te-benh-vien-bach-mai"),
            "collective",
            "so-ket-2025",
            "co-thi-dua-bo",
            True,
        ),
        (
            ("bo-y-te-unit", "bo-y-te-benh-vien-bach-mai"),
            "individual",
            "so-ket-2025",
            "co-thi-dua-bo",
            False,
        ),
        (
            ("bo-y-te-unit", "bo-y-te-benh-vien-bach-mai"),
            "individual",
            "so-ket-2025",  # a unit's own Giấy khen is annual (Bộ Y tế plan IV.1)
            "giay-khen-so",
            False,
        ),
    ],
)
def test_every_bundled_jurisdiction_has_its_own_table(
    api, chain, kind, round_, award_form, allowed
):
    """E1: does each bundled jurisdiction answer from its own table (a Sóc Trăng Bằng khen
    Thủ tướng is refused at creation, not at submit with an engine error)?"""
    user, unit = chain
    response = create(api, kind, round_, award_form, user=user, unit=unit)
    assert response.status_code == (201 if allowed else 422), response.json
    if not allowed:
        assert response.json["error"]["code"] == "not_eligible"


@pytest.mark.rule("E1")
def test_not_eligible_is_in_english_for_an_english_caller(api):
    """Does an English caller get the refusal in English, the labels of the kind and form
    translated?"""
    nominee = api.gen_nominee(kind="clan")
    body = {"nominee_id": nominee["id"], "round": "so-ket-2025", "award_form": "giay-khen-so"}
    english, vietnamese = api.in_both_languages("POST", "/dossiers", "hcm-unit", json=body)
    assert english.status_code == vietnamese.status_code == 422
    assert "Clan" in english.json["error"]["message"]
    assert "Dòng họ" in vietnamese.json["error"]["message"]


# --- the table is a model file: publish checks it, submit asks it again -----------------


def upload(api, files: dict[str, str]):
    parts = [(io.BytesIO(content.encode("utf-8")), name) for name, content in files.items()]
    return api.post(
        f"/process-models/{HCM}/versions",
        "hcm-admin",
        data={"files": parts},
        content_type="multipart/form-data",
    )


def without_rows(xml: str, prefix: str) -> str:
    """The DMN without the rules whose id starts with `prefix`."""
    return re.sub(rf'\s*<rule id="{prefix}[^"]*">.*?</rule>', "", xml, flags=re.S)


@pytest.mark.rule("E1")
def test_publish_refuses_a_routed_form_without_eligibility_rows(api):
    """E1: is a version whose eligibility table lost the Bằng khen Thủ tướng rows (a form the
    routing table knows) kept as a draft with that problem, and refused on publish?"""
    created = upload(
        api, {"eligibility.dmn": without_rows(ELIGIBILITY, "eligibility_bang_khen_thu_tuong")}
    )
    assert created.status_code == 201, created.json
    problems = created.json["problems"]
    missing = [p for p in problems if p["code"] == "eligibility_rows_missing"]
    assert [p["params"]["award_form"] for p in missing] == ["bang-khen-thu-tuong"]
    assert "Bằng khen của Thủ tướng Chính phủ" in missing[0]["message"]
    number = created.json["version"]
    refused = api.post(f"/process-models/{HCM}/versions/{number}/publish", "hcm-admin")
    assert refused.status_code in (409, 422)
    assert api.get(f"/process-models/{HCM}/versions/{number}", "hcm-admin").json["status"] == (
        "draft"
    )


@pytest.mark.rule("E1")
def test_publish_refuses_allowing_a_form_the_chain_does_not_route(api):
    """E1: is a table whose last row allows everything refused, naming the forms the routing
    table would stop on (a ministry Bằng khen, a ministry flag in HCMC)?"""
    last_row = '        <outputEntry id="eligibility_default_out2">'
    allow_all = ELIGIBILITY.replace(
        f"<text>False</text>\n        </outputEntry>\n{last_row}",
        f"<text>True</text>\n        </outputEntry>\n{last_row}",
    )
    assert allow_all != ELIGIBILITY
    problems = upload(api, {"eligibility.dmn": allow_all}).json["problems"]
    unrouted = [
        p["params"]["award_form"] for p in problems if p["code"] == "eligible_form_not_routed"
    ]
    assert unrouted == ["bang-khen-bo", "co-thi-dua-bo"]


@pytest.mark.rule("E1")
def test_submit_asks_the_published_table_again(api):
    """E1: when a new version stops allowing individuals the Bằng khen Thủ tướng, is a draft
    opened before refused at submit (422 not_eligible) and left a draft?"""
    dossier = api.gen_dossier("bang-khen-thu-tuong", "so-ket-2025")
    stricter = ELIGIBILITY.replace(
        '<text>? in ("collective", "individual", "household")</text>\n        </inputEntry>\n'
        '        <inputEntry id="eligibility_bang_khen_thu_tuong_in3">',
        '<text>? in ("collective", "household")</text>\n        </inputEntry>\n'
        '        <inputEntry id="eligibility_bang_khen_thu_tuong_in3">',
    )
    assert stricter != ELIGIBILITY
    created = upload(api, {"eligibility.dmn": stricter})
    assert created.json["problems"] == [], created.json["problems"]
    number = created.json["version"]
    published = api.post(f"/process-models/{HCM}/versions/{number}/publish", "hcm-admin")
    assert published.status_code == 200, published.json
    refused = api.post(f"/dossiers/{dossier['id']}/submit", "hcm-unit")
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "not_eligible"
    assert api.dossier(dossier["id"])["status"] == "draft"


# --- E3: the Labour Order ---------------------------------------------------------------

LABOUR_ORDER = ("collective", "tong-ket-2030", "huan-chuong-lao-dong")


@pytest.mark.rule("E3")
def test_the_labour_order_needs_its_proposed_class(api):
    """E3: is a Huân chương Lao động without a class, or with a class that does not exist,
    refused (422 naming labour_order_class), and a class on another form refused too?"""
    missing = create(api, *LABOUR_ORDER)
    assert missing.status_code == 422
    assert missing.json["error"]["code"] == "invalid_dossier"
    assert missing.json["error"]["details"]["labour_order_class"] == "Bắt buộc nhập."
    wrong = create(api, *LABOUR_ORDER, labour_order_class=4)
    assert wrong.status_code == 422
    assert "1, 2, 3" in wrong.json["error"]["details"]["labour_order_class"]
    other = create(api, "collective", "tong-ket-2030", "bang-khen-ubnd", labour_order_class=1)
    assert other.status_code == 422
    assert "Huân chương Lao động" in other.json["error"]["details"]["labour_order_class"]
    ok = create(api, *LABOUR_ORDER, labour_order_class=2)
    assert ok.status_code == 201, ok.json
    assert api.dossier(ok.json["id"])["labour_order_class"] == 2


@pytest.mark.rule("E3", "C8")
def test_the_labour_order_ends_with_the_president(api):
    """E3: after the Prime Minister's step, does a Huân chương Lao động go to the President
    (lane `president`, taken by the central demo user), and end approved there?"""
    school = api.gen_nominee(kind="collective", staff_total=80, women_total=60)
    dossier = api.gen_submitted(
        "huan-chuong-lao-dong", round_="tong-ket-2030", nominee=school, labour_order_class=1
    )
    walk_to(
        api, dossier["id"], (*AT_UBND, "ubnd_decision", "central_appraisal", "central_decision")
    )
    task = api.open_task(dossier["id"])
    assert (task["name"], task["lane"]) == ("president_decision", "president")
    assert api.dossier(dossier["id"])["status"] == "in_progress"
    done = api.complete_open(dossier["id"], APPROVE, user="central")
    assert done.status_code == 200, done.json
    final = api.dossier(dossier["id"])
    assert (final["status"], final["open_tasks"]) == ("approved", [])
    events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    assert events[0]["data"]["labour_order_class"] == 1
