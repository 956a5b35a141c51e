"""The bundled Sở Nội vụ Sóc Trăng chain (seed 000) on the real engine. Since the July 2025
merger no new dossier starts on it (the jurisdiction is read-only and its office files on
Cần Thơ's chain, tests/api/test_chain_so_noi_vu.py), but the dossiers pinned to it must still
walk every award form to its deciding level, with its state saved between steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow_app.config import PROJECT_ROOT
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.serializer import StateSerializer
from workflow_app.engine.specs import SpecCache, parse_model
from workflow_app.services.process_models import read_bundle

VOTE = {"meeting_date": "2025-04-20", "members_total": 9, "members_present": 9, "votes_for": 9}
APPROVE = {"decision": "approve", "reason": ""}
DATA = {
    "unit_council": VOTE,
    "department_council": {**APPROVE, **VOTE},
    "external_proposal": {
        "decision": "approve",
        "proposed_to": "Bộ Nội vụ",
        "letter_number": "12/TTr-UBND",
        "sent_on": "2025-06-01",
    },
    "external_answer": {
        "decision": "approve",
        "answered_on": "2025-06-20",
        "answer_reference": "34/QĐ-BNV",
    },
}
TO_DIRECTOR = ["unit_council", "van_phong_appraisal", "department_council", "director_decision"]


@pytest.fixture(scope="module")
def model():
    bundle = read_bundle(Path(PROJECT_ROOT), "soc-trang")
    return parse_model(bundle.files, bundle.process_id)


def walk(model, award_form: str, round_: str) -> tuple[list[tuple[str, str]], str | None]:
    """Approve every step from the stored state; the (task, lane) path and the outcome."""
    engine = WorkflowEngine(SpecCache(), StateSerializer())
    step = engine.start(model, {"award_form": award_form, "round": round_})
    path = []
    while not step.completed:
        [task] = step.ready_tasks
        path.append((task.info.id, task.info.lane))
        data = DATA.get(task.info.id, APPROVE)
        step = engine.complete(model, step.state, task.spiff_id, data)
    return path, step.outcome


@pytest.mark.parametrize(
    ("award_form", "round_", "after_director"),
    [
        ("giay-khen-so", "annual-2025", []),
        ("bang-khen-ubnd", "tong-ket-2030", [("ubnd_decision", "ubnd")]),
        (
            "bang-khen-thu-tuong",
            "so-ket-2025",
            [("ubnd_decision", "ubnd"), ("central_decision", "central")],
        ),
        (
            "bang-khen-bo",
            "so-ket-2025",
            [
                ("ubnd_decision", "ubnd"),
                ("external_proposal", "ubnd"),
                ("external_answer", "ubnd"),
            ],
        ),
    ],
)
def test_each_form_reaches_its_deciding_level(model, award_form, round_, after_director):
    """Plan III.2, V.2, VI.3: offices, Văn phòng Sở, the department's council, the Director,
    then (by form) nothing more, UBND, the Prime Minister, or a ministry's answer?"""
    path, outcome = walk(model, award_form, round_)
    lanes = ["unit", "van_phong_so", "hoi_dong_tdkt_so", "giam_doc_so"]
    assert path == [*zip(TO_DIRECTOR, lanes, strict=True), *after_director]
    assert outcome == "approved"
