"""A Quyết định and its list for 500 awardees (K1, K2), on the embedded SQLite.

500 Bằng khen UBND dossiers (250 individuals, 250 collectives, Vietnamese names with
diacritics) approved by UBND are written straight into a fresh database (the chain's steps are
measured by other benchmarks); UBND records one decision over all of them through the service
(award money from the coefficient table and base salary), then the Word file (docxtpl on the
bundled template) and the spreadsheet (openpyxl) are made through the API, as a user downloads
them. Each is the median of 5 runs, wall and CPU time. Target: the Quyết định and its list
together under 2 s.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import Api
from workflow_app.domain.decisions import DecisionInput
from workflow_app.persistence.models import Dossier, Nominee, User
from workflow_app.services.accounts import actor_for
from workflow_app.services.context import ServiceContext
from workflow_app.services.history import record_event
from workflow_app.services.papers.decisions import record_decision

from .seeded import PASSWORD, seeded_app

AWARDEES = 500
RUNS = 5
CLOCK = datetime(2025, 11, 20, 9, 0)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng")
GIVEN = ("Thị Hồng Nhung", "Văn Đức", "Ngọc Ánh", "Quốc Việt", "Thu Hà", "Minh Tuấn")


def _name(i: int, kind: str) -> str:
    if kind == "collective":
        return f"Tổ Ngữ văn số {i} - Trường THPT Lê Quý Đôn"
    return f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[i % len(GIVEN)]} {i}"


def _context(app, session, username: str | None) -> ServiceContext:
    actor = None
    if username:
        actor = actor_for(session.scalar(select(User).where(User.username == username)))
    return ServiceContext(
        session, actor, CLOCK, app.extensions["workflow_engine"], Path(tempfile.gettempdir())
    )


def _approved_dossiers(app) -> list[int]:
    """500 dossiers as UBND's approval left them: status approved, last step in UBND's lane."""
    with app.extensions["workflow_db"].unit_of_work() as session:
        ctx = _context(app, session, None)
        unit_user = session.scalar(select(User.id).where(User.username == "hcm-unit"))
        ids = []
        for i in range(AWARDEES):
            kind = "individual" if i % 2 == 0 else "collective"
            nominee = Nominee(
                kind=kind,
                name=_name(i, kind),
                unit_id="hcm-thpt-le-quy-don",
                jurisdiction_id="hcm",
                created_at=CLOCK,
            )
            dossier = Dossier(
                nominee=nominee,
                unit_id="hcm-thpt-le-quy-don",
                jurisdiction_id="hcm",
                round="annual-2025",
                award_form="bang-khen-ubnd",
                status="approved",
                created_by_id=unit_user,
                created_at=CLOCK,
            )
            session.add(dossier)
            session.flush()
            record_event(
                ctx, dossier, "task_completed", task="ubnd_decision", data={"lane": "ubnd"}
            )
            record_event(ctx, dossier, "dossier_approved", data={"reason": ""})
            ids.append(dossier.id)
        return ids


def _median(step) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(RUNS):
        began_wall, began_cpu = time.perf_counter(), time.process_time()
        result = step()
        walls.append(time.perf_counter() - began_wall)
        cpus.append(time.process_time() - began_cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _timed_once(step) -> tuple[float, float, object]:
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - began_wall, time.process_time() - began_cpu, result


def run() -> str:
    folder = Path(tempfile.mkdtemp())
    app = seeded_app(f"sqlite:///{folder / 'bench.db'}", folder / "uploads", CLOCK)
    ids = _approved_dossiers(app)
    entry = DecisionInput(
        level="ubnd",
        award_form="bang-khen-ubnd",
        number=1234,
        symbol="QĐ-UBND",
        signed_on=date(2025, 11, 20),
        signer_name="Nguyễn Văn Được",
        signer_title="Chủ tịch",
        dossier_ids=tuple(ids),
    )

    def recorded():
        with app.extensions["workflow_db"].unit_of_work() as session:
            return record_decision(_context(app, session, "hcm-ubnd"), entry).id

    record_wall, record_cpu, decision_id = _timed_once(recorded)
    api = Api(app.test_client(), PASSWORD)
    api.token("hcm-ubnd")

    def word():
        return api.get(f"/decisions/{decision_id}/document.docx", "hcm-ubnd").data

    def sheet():
        return api.get(f"/decisions/{decision_id}/list.xlsx", "hcm-ubnd").data

    word_wall, word_cpu, docx_bytes = _median(word)
    sheet_wall, sheet_cpu, xlsx_bytes = _median(sheet)
    table = Document(io.BytesIO(docx_bytes)).tables[-1]
    assert len(table.rows) == AWARDEES + 2  # header, 500 awardees, total
    assert table.rows[1].cells[1].text == _name(0, "individual")
    rows = load_workbook(io.BytesIO(xlsx_bytes)).active
    total = rows.cell(row=4 + AWARDEES + 1, column=7).value
    assert total == 250 * 2_340_000 + 250 * 4_680_000, total
    both_wall, both_cpu = word_wall + sheet_wall, word_cpu + sheet_cpu
    verdict = "met" if both_wall < 2 else "MISSED"
    lines = [
        f"## A Quyết định and its list for {AWARDEES} awardees",
        "",
        __doc__.strip(),
        "",
        "| step | wall s | CPU s |",
        "|---|---|---|",
        f"| record the decision over {AWARDEES} dossiers (money, {AWARDEES} history events) "
        f"| {record_wall:.3f} | {record_cpu:.3f} |",
        f"| `GET /decisions/{{id}}/document.docx` ({len(docx_bytes) // 1024} KiB) "
        f"| {word_wall:.3f} | {word_cpu:.3f} |",
        f"| `GET /decisions/{{id}}/list.xlsx` ({len(xlsx_bytes) // 1024} KiB) "
        f"| {sheet_wall:.3f} | {sheet_cpu:.3f} |",
        f"| **both papers** (target < 2 s: {verdict}) | **{both_wall:.3f}** | **{both_cpu:.3f}** |",
        "",
        f"1-minute load average after the runs: {os.getloadavg()[0]:.2f} on 2 cores (the machine "
        "is shared; the CPU column is this process's own time).",
        "",
    ]
    return "\n".join(lines)
