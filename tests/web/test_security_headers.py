"""What a browser is told about this site: a strict Content-Security-Policy, cookies that stay
on HTTPS when asked, and downloads typed by their extension, never by the uploader (issue 16)."""

from __future__ import annotations

import io

from workflow_app import create_app
from workflow_app.config import load_config

from ..conftest import DEMO_PASSWORD


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_every_page_carries_a_strict_content_security_policy(pages):
    """Can a script injected into a page run? Only the app's own script files may."""
    for response in (pages.get("/login"), pages.login("hcm-sgd"), pages.get("/")):
        policy = _policy(response)
        assert policy["script-src"] == "'self'"
        assert "unsafe-inline" not in policy["script-src"]
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_behind_https_the_session_cookie_is_secure(monkeypatch, database_url, connection, tmp_path):
    """With WORKFLOW_SECURE_COOKIES=1, does the sign-in cookie travel only over HTTPS?"""
    monkeypatch.setenv("WORKFLOW_SECURE_COOKIES", "1")
    config = {
        **load_config(tmp_path),
        "DATABASE_URL": database_url,
        "DATABASE_BIND": connection,  # rolled back after the test, as every test's database
        "DATABASE_SESSION_OPTIONS": {"join_transaction_mode": "create_savepoint"},
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "WTF_CSRF_ENABLED": False,
        "TESTING": True,
    }
    client = create_app(config).test_client()
    signed_in = client.post("/login", data={"username": "hcm-sgd", "password": DEMO_PASSWORD})
    cookies = signed_in.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies)


def test_by_default_the_session_cookie_works_over_plain_http(tmp_path):
    """`make run` serves http://127.0.0.1:5000: is the cookie usable there by default?"""
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is False


def test_the_api_serves_a_download_by_its_extension_not_the_uploaders_claim(api):
    """Is a PDF whose uploader claimed text/html downloaded from the API as a PDF?"""
    dossier = api.gen_dossier("giay-khen-so", round_="annual-2025", documents=())
    data = {"kind": "to-trinh", "file": (io.BytesIO(b"<script>x</script>"), "a.pdf", "text/html")}
    response = api.post(
        f"/dossiers/{dossier['id']}/documents",
        "hcm-unit",
        data=data,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201
    downloaded = api.get(f"/dossiers/{dossier['id']}/documents/{response.json['id']}", "hcm-unit")
    assert downloaded.status_code == 200
    assert downloaded.mimetype == "application/pdf"
    assert downloaded.headers["Content-Disposition"].startswith("attachment")
