"""Test-data helpers in the CTFd style: gen_nominee, gen_dossier... driven through the real API."""

from __future__ import annotations

import io
import itertools

from flask.testing import FlaskClient

_names = itertools.count(1)

COUNCIL_PASSED = {
    "meeting_date": "2025-04-20",
    "members_total": 9,
    "members_present": 8,
    "votes_for": 8,
    "standards_met": True,
}
APPROVE = {"decision": "approve", "reason": ""}
# Issue 17: the sector council records its vote (share of all members) with its decision.
SECTOR_VOTE = {"sector_members_total": 9, "sector_members_present": 8, "sector_votes_for": 8}
SECTOR_APPROVES = {**APPROVE, **SECTOR_VOTE}
# What walk_to completes each step with when it is not a plain approval.
STEP_DATA = {"unit_council": COUNCIL_PASSED, "sector_council": SECTOR_APPROVES}
# What a step's form needs with any decision (the sector council's vote, C3 and X4).
STEP_FIELDS = {"sector_council": SECTOR_VOTE}
# What a return needs besides its reason (C6: the Central Committee's letter returning it).
RETURN_FIELDS = {
    "central_appraisal": {"return_letter_number": "15/BTĐKT-TH", "return_letter_date": "2025-09-10"}
}
LANE_USERS = {
    "unit": "hcm-unit",
    "so_gddt": "hcm-sgd",
    "so_noi_vu": "hcm-snv",
    "ubnd": "hcm-ubnd",
    "central": "central",
    "president": "central",  # E3: the central demo user also holds the President's role
}
REQUIRED_KINDS = ("to-trinh", "bien-ban", "bao-cao-thanh-tich")


class Api:
    """Calls /api/v1 as a demo user, logging in once per user.

    `tokens` (username -> token) may be shared by every Api of one database: the `api_tokens`
    fixture does so; without it each Api signs in for itself."""

    def __init__(self, client: FlaskClient, password: str, tokens: dict[str, str] | None = None):
        self.client = client
        self.password = password
        self.tokens = {} if tokens is None else tokens

    def token(self, username: str) -> str:
        if username not in self.tokens:
            response = self.client.post(
                "/api/v1/tokens", json={"username": username, "password": self.password}
            )
            assert response.status_code == 201, response.json
            self.tokens[username] = response.json["token"]
        return self.tokens[username]

    def call(self, method: str, path: str, user: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.token(user)}"}
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def in_both_languages(self, method: str, path: str, user: str, **kwargs):
        """The same call asked in English, then with no language: (english, vietnamese)."""
        answers = []
        for language in ("en", None):
            headers = {"Authorization": f"Bearer {self.token(user)}"}
            if language:
                headers["Accept-Language"] = language
            answers.append(
                self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)
            )
        return answers

    def get(self, path: str, user: str, **kwargs):
        return self.call("GET", path, user, **kwargs)

    def post(self, path: str, user: str, **kwargs):
        return self.call("POST", path, user, **kwargs)

    # --- generators -------------------------------------------------------------------

    def gen_nominee(
        self, user="hcm-unit", unit="hcm-thpt-le-quy-don", kind="individual", name=None, **identity
    ):
        """`identity`: sex, citizen_id (individuals), staff_total, women_total (collectives)."""
        name = name or f"Nguyễn Văn Thử {next(_names)}"
        body = {"kind": kind, "name": name, "unit": unit, **identity}
        response = self.post("/nominees", user, json=body)
        assert response.status_code == 201, response.json
        return response.json

    def attach(self, dossier_id: int, kind: str, user="hcm-unit", content=b"%PDF-1.4 test"):
        data = {"kind": kind, "file": (io.BytesIO(content), f"{kind}.pdf", "application/pdf")}
        return self.post(
            f"/dossiers/{dossier_id}/documents", user, data=data, content_type="multipart/form-data"
        )

    def gen_dossier(
        self,
        award_form="bang-khen-thu-tuong",
        round_="so-ket-2025",
        user="hcm-unit",
        nominee=None,
        documents=REQUIRED_KINDS,
        claims_initiative=False,
        **extra,
    ):
        """`extra`: more fields of the body, such as `labour_order_class` (E3)."""
        nominee = nominee or self.gen_nominee(user=user)
        response = self.post(
            "/dossiers",
            user,
            json={
                "nominee_id": nominee["id"],
                "round": round_,
                "award_form": award_form,
                "achievement_summary": "Thành tích xây dựng xã hội học tập",
                "claims_initiative": claims_initiative,
                **extra,
            },
        )
        assert response.status_code == 201, response.json
        for kind in documents:
            assert self.attach(response.json["id"], kind, user).status_code == 201
        return response.json

    def gen_submitted(self, award_form="bang-khen-thu-tuong", **kwargs):
        dossier = self.gen_dossier(award_form, **kwargs)
        response = self.post(f"/dossiers/{dossier['id']}/submit", kwargs.get("user", "hcm-unit"))
        assert response.status_code == 200, response.json
        return response.json

    def dossier(self, dossier_id: int, user="hcm-admin"):
        response = self.get(f"/dossiers/{dossier_id}", user)
        assert response.status_code == 200, response.json
        return response.json

    def open_task(self, dossier_id: int) -> dict:
        tasks = self.dossier(dossier_id)["open_tasks"]
        assert len(tasks) == 1, tasks
        return tasks[0]

    def complete_open(self, dossier_id: int, data: dict, user: str | None = None):
        """Complete the dossier's one open task as the lane's demo user (or `user`); a
        council step's decision carries the council's vote unless `data` gives one (issue 17:
        STEP_FIELDS)."""
        task = self.open_task(dossier_id)
        data = {**STEP_FIELDS.get(task["name"], {}), **data}
        if data.get("decision") == "return":  # C6: the central level returns in writing
            data = {**RETURN_FIELDS.get(task["name"], {}), **data}
        return self.post(
            f"/tasks/{task['id']}/complete", user or LANE_USERS[task["lane"]], json={"data": data}
        )

    # --- selection sittings (S1-S5) -----------------------------------------------------

    def candidates(self, round_: str, award_form: str, level: str, user: str | None = None):
        path = f"/selections/candidates?round={round_}&award_form={award_form}&level={level}"
        response = self.get(path, user or LANE_USERS[level])
        assert response.status_code == 200, response.json
        return response.json

    def hold_sitting(
        self,
        votes: dict[int, int],
        level: str,
        round_: str,
        award_form: str,
        user: str | None = None,
        members_total: int = 15,
        members_present: int = 13,
        **extra,
    ):
        """POST /selections: `votes` maps each candidate's dossier id to its votes for."""
        body = {
            "round": round_,
            "award_form": award_form,
            "level": level,
            "held_on": "2025-06-10",
            "members_total": members_total,
            "members_present": members_present,
            "votes": [{"dossier_id": d, "votes_for": v} for d, v in votes.items()],
            **extra,
        }
        return self.post("/selections", user or LANE_USERS[level], json=body)

    # --- public posting (P1-P3) ------------------------------------------------------------

    def open_posting(self, dossier_ids: list[int], user: str = "hcm-snv", **extra):
        """POST /postings for waiting candidates, on a demo channel, starting today."""
        body = {"dossier_ids": dossier_ids, "channel_url": "https://sonoivu.hcm.example/cong-khai"}
        return self.post("/postings", user, json={**body, **extra})

    def close_posting(self, posting: dict) -> None:
        """Let the posting's period run out: move the clock past its end, close it as the timer
        runner does, and put the clock back."""
        from datetime import date, datetime, time, timedelta

        from workflow_app.runtime import service_context
        from workflow_app.services.postings import close_posting

        app = self.client.application
        clock = app.config["CLOCK"]
        saved = clock.now
        ends_on = date.fromisoformat(posting["ends_on"])
        clock.now = datetime.combine(ends_on + timedelta(days=1), time(8))
        try:
            with app.app_context(), app.extensions["workflow_db"].unit_of_work() as session:
                assert close_posting(service_context(session, None, app), posting["id"])
        finally:
            clock.now = saved

    def post_if_waiting(self, dossier_id: int) -> None:
        """P1-P3: if the chain put the dossier forward for public posting, post it and let the
        period end with no comment, so the council's step can complete."""
        waiting = self.get("/postings/candidates", "hcm-snv").json["items"]
        if dossier_id not in [item["dossier_id"] for item in waiting]:
            return
        response = self.open_posting([dossier_id])
        assert response.status_code == 201, response.json
        self.close_posting(response.json)

    def select_waiting(self, dossier_id: int) -> None:
        """If the dossier waits for its level's sitting, hold one for every waiting candidate
        of that sitting, this dossier first (S1): it goes on with a slot."""
        dossier = self.dossier(dossier_id)
        if dossier["waiting_for"] != "selection":
            return
        level = dossier["selection"]["level"]
        waiting = self.candidates(dossier["round"], dossier["award_form"], level)
        votes = {item["dossier_id"]: 10 for item in waiting["items"]}
        votes[dossier_id] = 14
        response = self.hold_sitting(votes, level, dossier["round"], dossier["award_form"])
        assert response.status_code == 201, response.json
        [row] = [r for r in response.json["ranking"] if r["dossier_id"] == dossier_id]
        assert row["selected"], response.json


AT_UBND = ("unit_council", "so_gddt_appraisal", "sector_council", "so_noi_vu_appraisal")


def walk_to(api, dossier_id: int, steps=AT_UBND) -> None:
    """Approve the dossier through `steps` as each lane's demo user; where a step proposes it
    to a capped level's sitting (S1), a sitting selects it at once (`Api.select_waiting`)."""
    for name in steps:
        task = api.open_task(dossier_id)
        assert task["name"] == name, (task["name"], name)
        data = STEP_DATA.get(name, APPROVE)
        response = api.complete_open(dossier_id, data)
        assert response.status_code == 200, response.json
        api.select_waiting(dossier_id)  # S1: a capped step waits for its sitting
        api.post_if_waiting(dossier_id)  # P1: a state-level candidate is posted first


# Issue 17: HCMC's roles, as Cần Thơ's administrator would create them before granting them or
# publishing a copy of HCMC's chain there (its own bundled chain names its own offices).
EXTRA_ROLES = [
    {"key": "so_gddt", "name_vi": "Sở GDĐT", "name_en": "Education", "level": 2},
    {"key": "so_noi_vu", "name_vi": "Sở Nội vụ", "name_en": "Home Affairs", "level": 3},
    {"key": "ubnd", "name_vi": "UBND", "name_en": "People's Committee", "level": 4},
]


def add_roles(db, jurisdiction_id: str, roles=EXTRA_ROLES, now=None) -> None:
    """Create (or update) `roles` in the jurisdiction, committed in the test's transaction."""
    from datetime import datetime

    from workflow_app.services.roles import sync_declared_roles

    with db.unit_of_work() as session:
        sync_declared_roles(session, jurisdiction_id, roles, now or datetime(2026, 1, 1))
