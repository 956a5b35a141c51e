"""Web page helpers: sign in through the login form and post forms with their CSRF token."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.conftest import DEMO_PASSWORD

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Pages:
    """A browser-like user of the Flask test client: one cookie jar, one CSRF token."""

    def __init__(self, client: FlaskClient, address: str = "10.0.0.1"):
        self.client = client
        self.address = address

    def token(self, path: str = "/login") -> str:
        # Followed: "/" leads an auditor or administrator on to their own page (issue 18).
        page = self.client.get(path, environ_base=self._env(), follow_redirects=True)
        html = page.get_data(as_text=True)
        match = _TOKEN.search(html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def _env(self) -> dict:
        return {"REMOTE_ADDR": self.address}

    def login(self, username: str, password: str = DEMO_PASSWORD):
        if self.client.get("/login", environ_base=self._env()).status_code == 302:
            self.post("/logout")  # switching users, as a person would: sign out first
        data = {"username": username, "password": password, "csrf_token": self.token()}
        return self.client.post("/login", data=data, environ_base=self._env())

    def get(self, path: str, **kwargs):
        return self.client.get(path, environ_base=self._env(), **kwargs)

    def post(self, path: str, data: dict | None = None, token_from: str = "/", **kwargs):
        data = {"csrf_token": self.token(token_from), **(data or {})}
        return self.client.post(path, data=data, environ_base=self._env(), **kwargs)


@pytest.fixture
def pages(client) -> Pages:
    return Pages(client)


@pytest.fixture
def new_pages(app):
    """Another browser: its own cookies and, if asked, its own network address."""
    return lambda address="10.0.0.2": Pages(app.test_client(), address)


from .browser import browser, live_server, people  # noqa: E402,F401  (browser-test fixtures)
from .site import site  # noqa: E402,F401  (one demo site shared by the page-wide checks)


@pytest.fixture(params=["laptop", "phone"])
def screen(request) -> str:
    """A browser test asking for it runs on both screens reviewers work on (issue 18)."""
    return request.param
