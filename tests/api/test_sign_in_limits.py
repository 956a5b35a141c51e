"""Signing in, hardened (issue 16): one wrong-password limiter for the sign-in page and API
tokens, credentials that die with an account change, weak passwords refused, and anonymous
API calls refused before their body is read."""

from __future__ import annotations

import math
import re
from datetime import timedelta

from tests.conftest import DEMO_PASSWORD
from workflow_app import create_app

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STRONG = "mat-khau-moi-2025"


def ask_token(client, username, password=DEMO_PASSWORD, address="10.3.0.1", **headers):
    return client.post(
        "/api/v1/tokens",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def web_sign_in(client, username, password=DEMO_PASSWORD, address="10.4.0.1"):
    """The sign-in form, as a browser at `address` posts it."""
    env = {"REMOTE_ADDR": address}
    html = client.get("/login", environ_base=env).get_data(as_text=True)
    data = {"username": username, "password": password, "csrf_token": _CSRF.search(html)[1]}
    return client.post("/login", data=data, environ_base=env)


def another_process(app):
    """A second app on the same database, as another worker process would be."""
    keys = (
        "TESTING",
        "DATABASE_URL",
        "DATABASE_BIND",
        "DATABASE_SESSION_OPTIONS",
        "DEMO_PASSWORD",
        "UPLOAD_DIR",
        "CLOCK",
        "SECRET_KEY",
    )
    return create_app({key: app.config[key] for key in keys})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- one limiter for every way to sign in --------------------------------------------------


def test_api_guessing_stops_and_a_locked_account_gets_no_token(client, clock):
    """After five wrong passwords for an account, is even the right one refused with 429
    rate_limited and a Retry-After, from any address, until exactly then?"""
    for _ in range(5):
        wrong = ask_token(client, "hcm-snv", "doan-sai-mat-khau")
        assert wrong.status_code == 401 and wrong.json["error"]["code"] == "wrong_credentials"
    locked = ask_token(client, "hcm-snv", address="10.3.0.2")
    assert locked.status_code == 429
    error = locked.json["error"]
    wait = int(locked.headers["Retry-After"])
    assert error["code"] == "rate_limited" and 0 < wait <= 15 * 60
    assert error["details"]["minutes"] == math.ceil(wait / 60)
    assert f"{math.ceil(wait / 60)} phút" in error["message"]
    assert ask_token(client, "hcm-ubnd", address="10.3.0.2").status_code == 201  # others: fine
    clock.now += timedelta(seconds=wait - 1)
    assert ask_token(client, "hcm-snv", address="10.3.0.3").status_code == 429
    clock.now += timedelta(seconds=int(ask_token(client, "hcm-snv").headers["Retry-After"]))
    assert ask_token(client, "hcm-snv", address="10.3.0.3").status_code == 201


def test_one_address_guessing_many_accounts_is_stopped(client):
    """Does an address that failed twenty times get no token for any account, while another
    address signs the same user in?"""
    for i in range(20):
        assert ask_token(client, f"ai-do-{i}", "doan-bua", address="10.6.6.6").status_code == 401
    for _ in range(5):  # the rest of a scripted run never reaches a password check
        assert ask_token(client, "ai-do", "doan-bua", address="10.6.6.6").status_code == 429
    assert ask_token(client, "hcm-sgd2", address="10.6.6.6").status_code == 429
    assert ask_token(client, "hcm-sgd2", address="10.6.6.7").status_code == 201


def test_web_and_api_share_one_limit_across_processes(app, client):
    """Do wrong passwords on the sign-in page lock the API in another process, and wrong
    passwords on the API lock the sign-in page (a clear 429 page with Retry-After)?"""
    api_process = another_process(app).test_client()
    for _ in range(5):
        assert web_sign_in(client, "hcm-ubnd", "sai-roi-sai-roi").status_code == 401
    locked = ask_token(api_process, "hcm-ubnd")
    assert locked.status_code == 429 and locked.json["error"]["code"] == "rate_limited"

    for _ in range(5):
        assert ask_token(api_process, "hcm-auditor", "sai-roi-sai-roi").status_code == 401
    page = web_sign_in(app.test_client(), "hcm-auditor", address="10.4.0.9")
    assert page.status_code == 429 and 0 < int(page.headers["Retry-After"]) <= 15 * 60
    assert "Thử quá nhiều lần. Vui lòng thử lại sau" in page.get_data(as_text=True)


def test_a_locked_sign_in_is_explained_in_english(client):
    """Does an English caller get the lock-out in English?"""
    for _ in range(5):
        ask_token(client, "hcm-admin", "sai-roi-sai-roi")
    locked = ask_token(client, "hcm-admin", **{"Accept-Language": "en"})
    assert locked.status_code == 429
    assert locked.json["error"]["message"].startswith("Too many attempts. Please try again in")


# --- an account change ends the credentials handed out before ------------------------------


def test_reactivation_does_not_revive_old_tokens_or_sessions(api, app, client):
    """After a deactivation and a reactivation, are the user's old token and open browser
    session dead, while a fresh sign-in works?"""
    browser = app.test_client()
    assert web_sign_in(browser, "can-tho-snv", address="10.5.0.1").status_code == 302
    assert browser.get("/", environ_base={"REMOTE_ADDR": "10.5.0.1"}).status_code == 200
    old = ask_token(client, "can-tho-snv").json["token"]
    assert api.post("/users/can-tho-snv/deactivate", "can-tho-admin").status_code == 200
    assert api.post("/users/can-tho-snv/activate", "can-tho-admin").json["active"] is True
    assert client.get("/api/v1/tasks", headers=bearer(old)).status_code == 401
    assert browser.get("/", environ_base={"REMOTE_ADDR": "10.5.0.1"}).status_code == 302
    fresh = ask_token(client, "can-tho-snv").json["token"]
    assert client.get("/api/v1/tasks", headers=bearer(fresh)).status_code == 200
    assert web_sign_in(browser, "can-tho-snv", address="10.5.0.1").status_code == 302


# --- weak passwords --------------------------------------------------------------------------


def test_weak_passwords_are_refused_wherever_a_password_is_set(api):
    """Are 'aaaaaaaaaa' for a new user and a dressed-up common word for a reset refused with
    the weak_password problem, in Vietnamese and in English?"""
    body = {
        "username": "can-tho-snv-2",
        "display_name": "Chuyên viên Sở Nội vụ mới",
        "password": "aaaaaaaaaa",
        "grants": [{"role": "so_noi_vu", "jurisdiction": "can-tho"}],
    }
    created = api.post("/users", "can-tho-admin", json=body)
    assert created.status_code == 422
    assert "quá dễ đoán" in created.json["error"]["details"]["fields"]["password"]
    reset = api.client.post(
        "/api/v1/users/can-tho-snv/password",
        json={"password": "Matkhau@2025"},
        headers={**bearer(api.token("can-tho-admin")), "Accept-Language": "en"},
    )
    assert reset.status_code == 422
    assert "too easy to guess" in reset.json["error"]["details"]["fields"]["password"]
    assert api.post("/users", "can-tho-admin", json={**body, "password": STRONG}).status_code == 201


# --- authenticate first ----------------------------------------------------------------------


def test_anonymous_calls_are_401_before_their_body_is_read(api, client):
    """Is a call without a valid token 401 whatever its body, while signing in and the
    OpenAPI document stay open to anyone?"""
    for headers in ({}, bearer("forged.token")):
        bad_fields = client.post("/api/v1/nominees", json={"kind": "alien"}, headers=headers)
        assert bad_fields.status_code == 401
        assert bad_fields.json["error"]["code"] == "unauthenticated"
        not_json = client.post(
            "/api/v1/nominees", data="{oops", content_type="application/json", headers=headers
        )
        assert not_json.status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.post("/api/v1/tokens", json={}).status_code == 422
    signed_in = api.post("/nominees", "hcm-unit", json={"kind": "alien"})
    assert signed_in.status_code == 422  # a signed-in caller still hears about the fields
