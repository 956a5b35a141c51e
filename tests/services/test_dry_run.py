"""Dry runs of a process-model version (issue 4): the real engine and step code walk sample
dossiers with scripted decisions, the path each took is shown, and nothing is kept."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.factories import add_roles, walk_to
from workflow_app.domain.errors import Invalid, NotAllowed, NotFound
from workflow_app.persistence.models import (
    Document,
    Dossier,
    HistoryEvent,
    HumanTask,
    Nominee,
    ProcessInstance,
    ProcessModel,
    ProcessModelVersion,
    QuotaCap,
    QuotaSlot,
    User,
)
from workflow_app.services.accounts import actor_for
from workflow_app.services.context import ServiceContext
from workflow_app.services.dry_run import dry_run
from workflow_app.services.dry_run_samples import bundled_samples, form_data
from workflow_app.services.forms import validate_task_data
from workflow_app.services.history import verify_all_chains
from workflow_app.services.model_versions import clone_model, upload_version
from workflow_app.services.process_models import parsed_model

HCM = "hcm-award-chain"
FULL_CHAIN = [
    ("unit_council", "unit"),
    ("so_gddt_appraisal", "so_gddt"),
    ("sector_council", "so_gddt"),
    ("so_noi_vu_appraisal", "so_noi_vu"),
    ("ubnd_decision", "ubnd"),
    ("central_appraisal", "central"),  # C6 (issue 17)
    ("central_decision", "central"),
]


@contextmanager
def acting(app, db, clock, username: str):
    """A use case's context for `username`, committed at the end like a request's."""
    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        yield ServiceContext(
            session, actor_for(user), clock(), app.extensions["workflow_engine"], Path(".")
        )


def published(session, key: str = HCM) -> int:
    return session.scalar(
        select(ProcessModelVersion.version)
        .join(ProcessModel)
        .where(ProcessModel.key == key, ProcessModelVersion.status == "published")
    )


def run_samples(app, db, clock, *names, user="hcm-admin", **kwargs) -> dict:
    with acting(app, db, clock, user) as ctx:
        result = dry_run(ctx, HCM, published(ctx.session), list(names), **kwargs)
    return {run["sample"]: run for run in result["runs"]}


def steps(run: dict) -> list[tuple[str, str]]:
    return [(step["task"], step["lane"]) for step in run["path"]]


def counts(session) -> dict:
    """Every table a dry run writes to, and the quota counters."""
    tables = (Dossier, Nominee, HistoryEvent, HumanTask, ProcessInstance, QuotaSlot, Document)
    found = {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in tables}
    found["quota_used"] = session.scalar(select(func.coalesce(func.sum(QuotaCap.used), 0)))
    return found


def test_bang_khen_thu_tuong_walks_the_whole_chain_and_is_approved(app, db, clock):
    """Does a Bằng khen Thủ tướng sample walk unit -> Sở GDĐT -> sector council -> Sở Nội vụ
    -> UBND -> central appraisal -> central decision on the published HCMC chain, and end
    approved?"""
    run = run_samples(app, db, clock, "bang-khen-thu-tuong")["bang-khen-thu-tuong"]
    assert steps(run) == FULL_CHAIN
    assert [s["decision"] for s in run["path"][1:]] == ["approve"] * 6
    assert run["stopped"]["kind"] == "completed"
    assert run["stopped"]["outcome"] == "approved"
    assert run["status"] == "approved"
    # E1: the earliest round open on 5 May 2025 that gives a Bằng khen Thủ tướng (not annual)
    assert run["round"] == "so-ket-2025"


def test_returned_sample_shows_the_return_and_the_re_forward(app, db, clock):
    """When Sở GDĐT returns the dossier once, does the path show the return to the unit, the
    unit's second council and the re-forwarded appraisal?"""
    run = run_samples(app, db, clock, "bang-khen-ubnd-tra-lai")["bang-khen-ubnd-tra-lai"]
    names = [(s["task"], s["decision"], s["status"]) for s in run["path"]]
    assert names[:4] == [
        ("unit_council", None, "in_progress"),
        ("so_gddt_appraisal", "return", "returned"),
        ("unit_council", None, "in_progress"),
        ("so_gddt_appraisal", "approve", "in_progress"),
    ]
    assert [s["task"] for s in run["path"][4:]] == [
        "sector_council",
        "so_noi_vu_appraisal",
        "ubnd_decision",
    ]
    assert run["stopped"]["outcome"] == "approved"


def test_rejected_sample_stops_rejected_where_it_was_refused(app, db, clock):
    """Does a sample Sở Nội vụ refuses stop there, rejected, with no UBND step?"""
    run = run_samples(app, db, clock, "bang-khen-ubnd-tu-choi")["bang-khen-ubnd-tu-choi"]
    assert steps(run)[-1] == ("so_noi_vu_appraisal", "so_noi_vu")
    assert run["path"][-1]["decision"] == "reject"
    assert (run["stopped"]["kind"], run["stopped"]["outcome"]) == ("completed", "rejected")
    assert run["status"] == "rejected"


@pytest.mark.rule("C7")
def test_giay_khen_stops_at_so_gddt(app, db, clock):
    """C7: does a Giấy khen sample end at Sở GDĐT's sector council, decided there?"""
    run = run_samples(app, db, clock, "giay-khen-so")["giay-khen-so"]
    assert steps(run) == FULL_CHAIN[:3]
    assert run["stopped"]["outcome"] == "approved"


def test_a_failed_council_vote_ends_at_the_unit(app, db, clock):
    """When the sample scripts 3 of 9 votes, does the run end rejected after the unit?"""
    run = run_samples(app, db, clock, "hoi-dong-khong-du-phieu")["hoi-dong-khong-du-phieu"]
    assert steps(run) == FULL_CHAIN[:1]
    assert run["path"][0]["data"]["votes_for"] == 3
    assert run["stopped"]["outcome"] == "rejected"


@pytest.mark.rule("E1")
def test_award_form_the_eligibility_table_refuses_is_reported(app, db, clock):
    """E1: does a Cờ thi đua Bộ sample on the HCMC chain stop before it starts with the
    eligibility table's refusal (422 not_eligible) naming the row, as a real dossier would?"""
    run = run_samples(app, db, clock, "co-thi-dua-bo")["co-thi-dua-bo"]
    assert run["path"] == []
    stop = run["stopped"]
    assert (stop["kind"], stop["code"]) == ("error", "not_eligible")
    assert stop["details"]["rule_id"] == "eligibility_default"
    assert run["status"] == "draft"


@pytest.mark.rule("Q1")
def test_quota_slot_is_reserved_in_the_run_and_nothing_is_kept(app, db, clock):
    """Does the so-ket-2025 sample reserve a Q1 slot at UBND in its path, while dossiers,
    nominees, history, tasks, slots and the cap's counter are unchanged afterwards, inside the
    same transaction and after it committed?"""
    with db.unit_of_work() as session:
        before = counts(session)
    with acting(app, db, clock, "hcm-admin") as ctx:
        result = dry_run(ctx, HCM, published(ctx.session), ["bang-khen-thu-tuong-so-ket"])
        assert counts(ctx.session) == before
    run = result["runs"][0]
    ubnd = next(s for s in run["path"] if s["task"] == "ubnd_decision")
    assert {"code": "dry_run_slot_reserved", "params": {"level": "ubnd", "cap": 2}} in ubnd["notes"]
    assert run["stopped"]["outcome"] == "approved"
    with db.unit_of_work() as session:
        assert counts(session) == before


@pytest.mark.rule("Q1", "S4")
def test_a_full_cap_leaves_the_sample_outside_the_quota(app, db, clock):
    """Q1, S4: when the so-ket-2025 cap at UBND is already used up, is the sample proposed at
    the UBND decision, left outside the quota by its sitting (not rejected, no 409), and the
    counter untouched?"""
    with db.unit_of_work() as session:
        session.execute(
            update(QuotaCap)
            .where(QuotaCap.round == "so-ket-2025", QuotaCap.jurisdiction_id == "hcm")
            .values(used=QuotaCap.cap)
        )
        before = counts(session)
    run = run_samples(app, db, clock, "bang-khen-thu-tuong-so-ket")["bang-khen-thu-tuong-so-ket"]
    stop = run["stopped"]
    assert (stop["kind"], stop["outcome"], stop["reason"]) == (
        "completed",
        "not_selected",
        "dry_run_outside_quota",
    )
    ubnd = next(s for s in run["path"] if s["task"] == "ubnd_decision")
    assert [n["code"] for n in ubnd["notes"]] == ["dry_run_proposed", "dry_run_not_selected"]
    assert run["status"] == "not_selected"
    with db.unit_of_work() as session:
        assert counts(session) == before


@pytest.mark.rule("T2")
def test_a_closed_round_is_refused_with_its_deadline(app, db, clock):
    """T2: after 1 July 2025, does the so-ket-2025 sample say the round's deadline passed, and
    does an 'open round' sample move on to the next annual round (E1: one its form is given
    in, so a Bằng khen Thủ tướng moves on to tong-ket-2030)?"""
    clock.now = datetime(2025, 8, 1, 9, 0)
    names = ("bang-khen-thu-tuong-so-ket", "giay-khen-so", "bang-khen-thu-tuong")
    runs = run_samples(app, db, clock, *names)
    refused = runs["bang-khen-thu-tuong-so-ket"]["stopped"]
    assert (refused["kind"], refused["code"]) == ("error", "round_closed")
    # T1: "before 1 July" ends at midnight in Vietnam, 17:00 UTC the day before
    assert refused["refusal"].params["deadline"] == datetime(2025, 6, 30, 17, 0)
    assert runs["giay-khen-so"]["round"] == "annual-2026"
    assert runs["giay-khen-so"]["stopped"]["outcome"] == "approved"
    assert runs["bang-khen-thu-tuong"]["round"] == "tong-ket-2030"


def test_a_decision_that_always_returns_stops_as_a_loop(app, db, clock):
    """When Sở GDĐT is scripted to return every time, does the run stop after 50 steps and
    say it may loop?"""
    decisions = {"so_gddt_appraisal": "return"}
    run = run_samples(app, db, clock, "giay-khen-so", decisions=decisions)["giay-khen-so"]
    assert run["stopped"]["kind"] == "loop"
    assert len(run["path"]) == 50
    assert run["status"] == "returned"


def test_scripted_form_data_the_form_refuses_stops_with_the_field(app, db, clock):
    """When a script gives the council more votes than members, does the real form validation
    refuse it (422) and the run stop at the unit naming the field?"""
    decisions = {"unit_council": {"votes_for": 20, "members_total": 9}}
    run = run_samples(app, db, clock, "giay-khen-so", decisions=decisions)["giay-khen-so"]
    stop = run["stopped"]
    assert (stop["kind"], stop["code"], stop["task"]) == (
        "error",
        "invalid_form_fields",
        "unit_council",
    )
    assert "votes_for" in stop["details"]["fields"]
    assert run["path"] == []


def test_decisions_override_the_samples_scripts(app, db, clock):
    """Do the decisions passed in replace a sample's own script for that task?"""
    decisions = {"so_gddt_appraisal": "approve", "ubnd_decision": ["return", "reject"]}
    run = run_samples(app, db, clock, "bang-khen-ubnd-tra-lai", decisions=decisions)
    path = run["bang-khen-ubnd-tra-lai"]["path"]
    assert [s["decision"] for s in path if s["task"] == "so_gddt_appraisal"] == ["approve"]
    assert [s["task"] for s in path][-3:] == [
        "ubnd_decision",
        "so_noi_vu_appraisal",
        "ubnd_decision",
    ]
    assert run["bang-khen-ubnd-tra-lai"]["stopped"]["outcome"] == "rejected"


def test_an_existing_dossier_is_copied_and_left_untouched(api, app, db, clock):
    """Does a chosen dossier run with its own facts (award form, round) in a throw-away copy,
    while the real one keeps its status, tasks and a verifying history chain?"""
    real = api.gen_submitted("bang-khen-ubnd", round_="annual-2025")
    walk_to(api, real["id"], ("unit_council",))
    before = api.dossier(real["id"])
    with acting(app, db, clock, "hcm-admin") as ctx:
        result = dry_run(ctx, HCM, published(ctx.session), [], dossier_ids=[real["id"]])
    run = result["runs"][0]
    assert (run["sample"], run["dossier_id"]) == (f"HS-{real['id']}", real["id"])
    assert (run["award_form"], run["round"]) == ("bang-khen-ubnd", "annual-2025")
    assert steps(run) == FULL_CHAIN[:5]
    assert api.dossier(real["id"]) == before
    with db.unit_of_work() as session:
        assert verify_all_chains(session) == []
    replay = api.post(f"/dossiers/{real['id']}/replay", "hcm-auditor")
    assert replay.json["verified"] is True


def test_another_jurisdictions_dossier_is_not_found(api, app, db, clock):
    """May an HCMC admin dry-run a Đồng Nai dossier on the HCMC chain? (404, never shown)"""
    nominee = api.gen_nominee(user="dong-nai-unit", unit="dong-nai-thpt-ngo-quyen")
    other = api.gen_dossier("bang-khen-ubnd", "annual-2025", "dong-nai-unit", nominee=nominee)
    with pytest.raises(NotFound), acting(app, db, clock, "hcm-admin") as ctx:
        dry_run(ctx, HCM, published(ctx.session), [], dossier_ids=[other["id"]])


@pytest.mark.parametrize(
    ("user", "key", "number", "error"),
    [
        ("dong-nai-admin", HCM, None, NotAllowed),
        ("hcm-sgd", HCM, None, NotAllowed),
        ("hcm-admin", "no-such-model", 1, NotFound),
        ("hcm-admin", HCM, 99, NotFound),
    ],
)
def test_only_the_models_admins_may_dry_run(app, db, clock, user, key, number, error):
    """Is another jurisdiction's admin or a reviewer refused (403), and an unknown model or
    version not found (404)?"""
    with pytest.raises(error), acting(app, db, clock, user) as ctx:
        dry_run(ctx, key, number or published(ctx.session), ["giay-khen-so"])


def test_unknown_sample_and_bad_decision_are_invalid(app, db, clock):
    """Are an unknown sample name and a decision that is not approve/return/reject refused
    with the field named?"""
    with pytest.raises(Invalid) as unknown, acting(app, db, clock, "hcm-admin") as ctx:
        dry_run(ctx, HCM, published(ctx.session), ["no-such-sample"])
    assert "no-such-sample" in unknown.value.details["samples"]
    with pytest.raises(Invalid) as bad, acting(app, db, clock, "hcm-admin") as ctx:
        dry_run(ctx, HCM, published(ctx.session), ["giay-khen-so"], decisions={"x": "maybe"})
    assert "x" in bad.value.details["decisions"]


def clone_for_can_tho(app, db, clock, edit) -> int:
    """Clone the HCMC chain for Cần Thơ and upload a draft with `edit` applied to its files
    (HCMC's roles created in Cần Thơ first, issue 17)."""
    add_roles(db, "can-tho")
    with acting(app, db, clock, "can-tho-admin") as ctx:
        first = clone_model(ctx, HCM, "can-tho-chain", "can-tho", None)
        files = {f.name: f.content for f in first.files}
        changed = edit(files)
        assert changed != files
        draft = upload_version(
            ctx, first.process_model, {n: c.encode() for n, c in changed.items()}
        )
        return draft.version


def move_so_noi_vu_to_ubnd_lane(files: dict) -> dict:
    bpmn = files["award_chain.bpmn"]
    ref = "<bpmn:flowNodeRef>so_noi_vu_appraisal</bpmn:flowNodeRef>"
    bpmn = bpmn.replace(ref, "", 1).replace(
        "<bpmn:flowNodeRef>merge_ubnd</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>merge_ubnd</bpmn:flowNodeRef>" + ref,
        1,
    )
    return {"award_chain.bpmn": bpmn}


def route_giay_khen_to_ubnd(files: dict) -> dict:
    dmn = files["award_route.dmn"]
    return {"award_route.dmn": dmn.replace('<text>"so_gddt"</text>', '<text>"ubnd"</text>', 1)}


def run_can_tho(app, db, clock, number: int, sample: str) -> dict:
    with acting(app, db, clock, "can-tho-admin") as ctx:
        result = dry_run(ctx, "can-tho-chain", number, [sample])
    assert result["version"]["status"] == "draft"
    return result["runs"][0]


def test_a_draft_with_a_task_moved_to_another_lane_shows_the_new_lane(app, db, clock):
    """When a Cần Thơ draft moves Sở Nội vụ's appraisal into the UBND lane, does its dry run
    show that step in the UBND lane, on a unit of Cần Thơ, while the draft stays a draft?"""
    number = clone_for_can_tho(app, db, clock, move_so_noi_vu_to_ubnd_lane)
    run = run_can_tho(app, db, clock, number, "bang-khen-ubnd-tu-choi")
    assert steps(run) == [*FULL_CHAIN[:3], ("so_noi_vu_appraisal", "ubnd")]
    assert run["unit"] == "can-tho-thpt-chau-van-liem"
    assert run["stopped"]["outcome"] == "rejected"


def test_a_draft_with_a_changed_route_shows_the_longer_path(app, db, clock):
    """When a draft's routing table sends Giấy khen to UBND, does the Giấy khen sample now go
    through Sở Nội vụ and UBND instead of ending at Sở GDĐT?"""
    number = clone_for_can_tho(app, db, clock, route_giay_khen_to_ubnd)
    run = run_can_tho(app, db, clock, number, "giay-khen-so")
    assert steps(run) == FULL_CHAIN[:5]
    assert run["stopped"]["outcome"] == "approved"


def rename_so_noi_vu_lane(files: dict) -> dict:
    bpmn = files["award_chain.bpmn"]
    return {"award_chain.bpmn": bpmn.replace('name="so_noi_vu">', 'name="noi_vu_cu">', 1)}


def test_a_step_in_a_lane_nobody_holds_waits_there(app, db, clock):
    """When a draft's lane is not a role anyone holds, does the run stop waiting at that step,
    naming the lane, with the dossier still in progress?"""
    number = clone_for_can_tho(app, db, clock, rename_so_noi_vu_lane)
    run = run_can_tho(app, db, clock, number, "bang-khen-thu-tuong")
    stop = run["stopped"]
    assert (stop["kind"], stop["task"], stop["lane"]) == (
        "waiting",
        "so_noi_vu_appraisal",
        "noi_vu_cu",
    )
    assert (stop["reason"], stop["params"]["lane"]) == ("dry_run_no_lane_role", "noi_vu_cu")
    assert steps(run) == FULL_CHAIN[:3]
    assert run["status"] == "in_progress"


def test_a_version_that_does_not_build_cannot_be_dry_run(app, db, clock):
    """Is a draft whose BPMN does not parse refused (422) with its problems listed?"""
    number = clone_for_can_tho(
        app, db, clock, lambda files: {"award_chain.bpmn": "<bpmn:definitions"}
    )
    with pytest.raises(Invalid) as refused, acting(app, db, clock, "can-tho-admin") as ctx:
        dry_run(ctx, "can-tho-chain", number, ["giay-khen-so"])
    assert refused.value.details["problems"]


def test_generated_form_data_passes_the_real_form_validation(app, db, clock):
    """Does the data a dry run fills in for every HCMC task (each decision) satisfy the form's
    server-side validation, dates being the given day and votes a pass?"""
    with acting(app, db, clock, "hcm-admin") as ctx:
        version = ctx.session.scalar(
            select(ProcessModelVersion)
            .join(ProcessModel)
            .where(ProcessModel.key == HCM, ProcessModelVersion.version == published(ctx.session))
        )
        model = parsed_model(ctx, version)
    for info in model.user_tasks.values():
        for decision in ("approve", "return", "reject"):
            data = form_data(model, info.form_schema, decision, date(2025, 5, 5))
            assert validate_task_data(model, info.form_schema, data) == data
    council = form_data(model, "unit_council.schema.json", "approve", date(2025, 5, 5))
    assert council["meeting_date"] == "2025-05-05"
    assert council["votes_for"] == council["members_total"]


def test_bundled_samples_cover_each_ending():
    """Do the bundled samples include a full approval, a return, a rejection and a Giấy khen?"""
    names = {s.name for s in bundled_samples()}
    assert {"bang-khen-thu-tuong", "bang-khen-ubnd-tra-lai", "bang-khen-ubnd-tu-choi"} <= names
    assert "giay-khen-so" in names
