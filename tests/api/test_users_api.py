"""Users and role grants through the JSON API: an administrator manages their own
jurisdiction's users and never grants rights outside it."""

from __future__ import annotations

import pytest

from tests.factories import add_roles, walk_to

PASSWORD = "mat-khau-moi-2025"


@pytest.fixture(autouse=True)
def can_tho_roles(db):
    """Issue 17: Cần Thơ's administrator has created the roles these tests grant there."""
    add_roles(db, "can-tho")


def new_user(api, admin="can-tho-admin", username="can-tho-snv-2", grants=None, **extra):
    grants = grants or [{"role": "so_noi_vu", "jurisdiction": "can-tho"}]
    body = {
        "username": username,
        "display_name": "Chuyên viên Sở Nội vụ mới",
        "password": PASSWORD,
        "grants": grants,
        **extra,
    }
    return api.post("/users", admin, json=body)


def token_for(client, username: str, password: str = PASSWORD):
    """A fresh token (not the factory's cache: these users come and go within a test)."""
    return client.post("/api/v1/tokens", json={"username": username, "password": password})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_created_reviewer_signs_in_and_sees_their_inbox(api, client):
    """Can a new Cần Thơ reviewer created by their admin get a token and open their inbox?"""
    created = new_user(api)
    assert created.status_code == 201, created.json
    assert created.json["grants"][0]["role"] == "so_noi_vu"
    assert "password" not in created.json and "password_hash" not in created.json
    token = token_for(client, "can-tho-snv-2")
    assert token.status_code == 201
    tasks = client.get("/api/v1/tasks", headers=bearer(token.json["token"]))
    assert tasks.status_code == 200 and tasks.json["items"] == []
    listed = api.get("/users?role=so_noi_vu", "can-tho-admin").json["items"]
    assert [u["username"] for u in listed] == ["can-tho-snv", "can-tho-snv-2"]


def test_new_reviewer_receives_the_lanes_tasks(api, client):
    """Does a new HCMC so_gddt reviewer see the dossier waiting at the Sở GDĐT step?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    grants = [{"role": "so_gddt", "jurisdiction": "hcm"}]
    assert new_user(api, "hcm-admin", "hcm-sgd-2", grants).status_code == 201
    token = token_for(client, "hcm-sgd-2").json["token"]
    items = client.get("/api/v1/tasks", headers=bearer(token)).json["items"]
    assert [t["dossier_id"] for t in items if t["name"] == "so_gddt_appraisal"] == [dossier["id"]]


def test_deactivated_user_cannot_sign_in_and_old_token_stops(api, client):
    """After deactivation, is a new token refused and the token they already had too?"""
    new_user(api)
    token = token_for(client, "can-tho-snv-2").json["token"]
    response = api.post("/users/can-tho-snv-2/deactivate", "can-tho-admin")
    assert response.status_code == 200 and response.json["active"] is False
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 401
    assert token_for(client, "can-tho-snv-2").status_code == 401
    assert api.post("/users/can-tho-snv-2/activate", "can-tho-admin").json["active"] is True
    assert token_for(client, "can-tho-snv-2").status_code == 201


def test_deactivation_puts_claimed_tasks_back_in_the_group_inbox(api):
    """When a reviewer holding a claimed task is deactivated, does the task go back to the
    group, noted in the dossier's history?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    task = api.open_task(dossier["id"])
    assert api.post(f"/tasks/{task['id']}/claim", "hcm-sgd").status_code == 200
    response = api.post("/users/hcm-sgd/deactivate", "hcm-admin")
    assert response.status_code == 200 and response.json["released_tasks"] == [task["id"]]
    assert api.open_task(dossier["id"])["claimed_by"] is None
    events = api.get(f"/dossiers/{dossier['id']}/history", "hcm-admin").json["events"]
    assert events[-1]["type"] == "task_unclaimed" and events[-1]["actor"] == "hcm-admin"


def test_revoking_a_role_releases_only_the_tasks_it_covered(api):
    """When a reviewer loses the role a claimed task needs, does that task go back?"""
    dossier = api.gen_submitted("giay-khen-so", round_="annual-2025")
    walk_to(api, dossier["id"], ("unit_council",))
    task = api.open_task(dossier["id"])
    api.post(f"/tasks/{task['id']}/claim", "hcm-sgd")
    grant = api.post(
        "/users/hcm-sgd/grants", "hcm-admin", json={"role": "auditor", "jurisdiction": "hcm"}
    )
    assert grant.status_code == 201
    assert (
        api.call("DELETE", f"/users/hcm-sgd/grants/{grant.json['id']}", "hcm-admin").json[
            "released_tasks"
        ]
        == []
    )
    so_gddt = next(g for g in api.get("/users/hcm-sgd", "hcm-admin").json["grants"])
    assert so_gddt["role"] == "so_gddt"
    response = api.call("DELETE", f"/users/hcm-sgd/grants/{so_gddt['id']}", "hcm-admin")
    assert response.status_code == 200 and response.json["released_tasks"] == [task["id"]]
    assert api.get("/users/hcm-sgd", "hcm-admin").status_code == 404  # no grant here left


def test_admin_of_another_jurisdiction_is_refused(api):
    """Is the HCMC admin unable to see, change or grant on Cần Thơ's users?"""
    assert api.get("/users/can-tho-snv", "hcm-admin").status_code == 404
    grant = {"role": "so_gddt", "jurisdiction": "can-tho"}
    assert api.post("/users/can-tho-snv/grants", "hcm-admin", json=grant).status_code == 403
    assert api.post("/users/can-tho-snv/deactivate", "hcm-admin").status_code == 404
    assert api.post("/users/can-tho-snv/activate", "hcm-admin").status_code == 404
    reset = api.post("/users/can-tho-snv/password", "hcm-admin", json={"password": PASSWORD})
    assert reset.status_code == 404
    assert api.get("/users?jurisdiction=can-tho", "hcm-admin").status_code == 403
    listed = {u["username"] for u in api.get("/users", "hcm-admin").json["items"]}
    assert "hcm-sgd" in listed and not any(name.startswith("can-tho") for name in listed)
    created = new_user(api, "hcm-admin", "tham-nhap")  # a user for Cần Thơ, made by HCMC
    assert created.status_code == 403
    assert api.get("/users/tham-nhap", "can-tho-admin").status_code == 404


@pytest.mark.parametrize(
    "grant",
    [
        {"role": "central", "jurisdiction": None},
        {"role": "central", "jurisdiction": "hcm"},
        {"role": "admin", "jurisdiction": None},
        {"role": "unit", "jurisdiction": "hcm", "unit": "can-tho-thpt-chau-van-liem"},
        {"role": "unit", "jurisdiction": "can-tho", "unit": "can-tho-thpt-chau-van-liem"},
    ],
)
def test_no_national_grant_and_no_other_jurisdictions_unit(api, grant):
    """Can the HCMC admin grant a national role or another jurisdiction's unit? (No: 403.)"""
    response = api.post("/users/hcm-sgd/grants", "hcm-admin", json=grant)
    assert response.status_code == 403, response.json
    assert new_user(api, "hcm-admin", "hcm-moi", [grant]).status_code == 403
    roles = [g["role"] for g in api.get("/users/hcm-sgd", "hcm-admin").json["grants"]]
    assert roles == ["so_gddt"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/users", None),
        (
            "POST",
            "/users",
            {
                "username": "x-y-z",
                "display_name": "X",
                "password": PASSWORD,
                "grants": [{"role": "so_gddt", "jurisdiction": "hcm"}],
            },
        ),
        ("GET", "/users/hcm-sgd", None),
        ("POST", "/users/hcm-snv/deactivate", None),
        ("POST", "/users/hcm-snv/activate", None),
        ("POST", "/users/hcm-snv/grants", {"role": "ubnd", "jurisdiction": "hcm"}),
        ("DELETE", "/users/hcm-snv/grants/1", None),
        ("POST", "/users/hcm-snv/password", {"password": PASSWORD}),
    ],
)
def test_reviewers_are_refused_every_users_route(api, method, path, body):
    """Is a reviewer (not an admin) refused on every users route?"""
    response = api.call(method, path, "hcm-sgd", json=body)
    assert response.status_code == 403, response.json


def test_validation_errors_name_each_field(api):
    """Are a bad username, a short password and no grant reported field by field (422)?"""
    response = new_user(api, username="AB", password="ngan", grants=[])
    assert response.status_code == 422
    fields = response.json["error"]["details"]["fields"]
    assert {"username", "password"} <= set(fields)
    assert new_user(api, grants=[{"role": "sep", "jurisdiction": "can-tho"}]).status_code == 422
    unitless = new_user(api, grants=[{"role": "unit", "jurisdiction": "can-tho"}])
    assert unitless.status_code == 422 and "unit" in unitless.json["error"]["details"]["fields"]
    short = api.post("/users/can-tho-snv/password", "can-tho-admin", json={"password": "123"})
    assert short.status_code == 422 and "password" in short.json["error"]["details"]["fields"]


def test_duplicates_and_unknown_grants(api):
    """Is a taken username or an already held role a 409, and an unknown grant a 404?"""
    taken = new_user(api, username="can-tho-snv")
    assert taken.status_code == 409 and taken.json["error"]["code"] == "username_taken"
    assert taken.json["error"]["details"] == {"username": "can-tho-snv"}
    same = {"role": "so_noi_vu", "jurisdiction": "can-tho"}
    held = api.post("/users/can-tho-snv/grants", "can-tho-admin", json=same)
    assert held.status_code == 409 and held.json["error"]["code"] == "role_already_granted"
    assert (
        api.call("DELETE", "/users/can-tho-snv/grants/999999", "can-tho-admin").status_code == 404
    )


def test_admin_cannot_lock_themselves_out(api):
    """Is an admin refused deactivating themselves or revoking their own last admin grant?"""
    locked = api.post("/users/can-tho-admin/deactivate", "can-tho-admin")
    assert locked.status_code == 403 and locked.json["error"]["code"] == "cannot_deactivate_self"
    grant = api.get("/users/can-tho-admin", "can-tho-admin").json["grants"][0]
    assert grant["role"] == "admin"
    revoke = api.call("DELETE", f"/users/can-tho-admin/grants/{grant['id']}", "can-tho-admin")
    assert revoke.status_code == 403
    assert revoke.json["error"]["code"] == "cannot_revoke_own_last_admin"
    assert api.get("/users/can-tho-admin", "can-tho-admin").json["active"] is True


def test_password_reset_ends_old_tokens_and_is_recorded_without_the_password(api, client):
    """After a reset, does the old token stop, the new password work, and the history say
    only that the password was reset?"""
    new_user(api)
    old = token_for(client, "can-tho-snv-2").json["token"]
    fresh = "mot-mat-khau-khac-hoan-toan"
    reset = api.post("/users/can-tho-snv-2/password", "can-tho-admin", json={"password": fresh})
    assert reset.status_code == 204
    assert client.get("/api/v1/tasks", headers=bearer(old)).status_code == 401
    assert token_for(client, "can-tho-snv-2", fresh).status_code == 201
    history = api.get("/users/can-tho-snv-2", "can-tho-admin").json["history"]
    assert [h["action"] for h in history] == ["password_reset", "created"]
    assert history[0]["changed_by"] == "can-tho-admin"
    assert PASSWORD not in str(history) and fresh not in str(history)


def test_users_operations_are_in_the_openapi_document(client):
    """Does the OpenAPI document describe the users routes?"""
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/users"])
    assert "delete" in paths["/users/{username}/grants/{id}"]
    assert "post" in paths["/users/{username}/password"]
