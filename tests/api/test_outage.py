"""What does a user get while the database is down? A 503 that says so, never a 500."""

from __future__ import annotations

import pytest

from workflow_app import create_app

# Nothing listens on port 1: every connection is refused at once, as in an outage.
DOWN_URLS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/workflow?connect_timeout=2",
    "sqlite": "sqlite:////nonexistent-folder/for/the/outage/workflow.db",
}


@pytest.fixture(params=sorted(DOWN_URLS))
def app_without_database(request):
    return create_app({"DATABASE_URL": DOWN_URLS[request.param], "TESTING": True})


def test_api_answers_503_with_retry_after_while_the_database_is_down(app_without_database):
    """Does a script signing in during an outage learn to retry, in its language?"""
    client = app_without_database.test_client()
    response = client.post(
        "/api/v1/tokens",
        json={"username": "hcm-sgd", "password": "whatever-it-is"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 503
    assert response.json["error"]["code"] == "service_unavailable"
    assert "try again" in response.json["error"]["message"]
    assert int(response.headers["Retry-After"]) > 0


def test_sign_in_page_says_the_service_is_briefly_unavailable(app_without_database):
    """Does a reviewer signing in during an outage see a clear Vietnamese page, not a crash?"""
    client = app_without_database.test_client()
    app_without_database.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/login", data={"username": "hcm-sgd", "password": "x" * 10})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Hệ thống tạm thời gián đoạn" in page
    assert "Retry-After" in response.headers
