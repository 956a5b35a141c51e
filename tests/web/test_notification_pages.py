"""Issue 18's pages: a user chooses on /profile which notices they are mailed; with no SMTP
server (as `make run`), an administrator reads the mail sent on /admin/outbox."""

from __future__ import annotations

from tests.factories import COUNCIL_PASSED
from workflow_app import worker


def text(response) -> str:
    return response.get_data(as_text=True)


def test_profile_shows_every_notice_on_by_default(pages):
    """Does a reviewer see their address and every notice ticked before choosing anything?"""
    pages.login("hcm-sgd")
    html = text(pages.get("/profile"))
    assert 'value="hcm-sgd@example.invalid"' in html
    for choice in ("task_offered", "task_assigned", "daily_digest", "unit_dossiers"):
        assert f'name="{choice}" id="pref-{choice}" checked' in html


def test_a_user_turns_a_notice_off_and_changes_the_address(pages):
    """Are the choices and the new address kept, and a malformed address refused?"""
    pages.login("hcm-sgd")
    form = {"email": "minh@sgddt.example.invalid", "task_offered": "on", "daily_digest": "on"}
    assert pages.post("/profile", form, token_from="/profile").status_code == 302
    html = text(pages.get("/profile"))
    assert 'value="minh@sgddt.example.invalid"' in html
    assert 'id="pref-task_offered" checked' in html
    assert 'id="pref-task_assigned" >' in html  # unticked
    refused = pages.post("/profile", {"email": "not an address"}, token_from="/profile")
    assert refused.status_code == 422
    assert "Địa chỉ thư điện tử chưa đúng" in text(refused)


def test_the_outbox_page_shows_mail_sent_without_smtp(api, app, pages, new_pages):
    """With no SMTP server set, does the administrator read the reviewer's mail, marked sent,
    on the outbox page, and does nobody else see that page?"""
    app.config.update(MAIL_SMTP_HOST="")
    worker.bind_app(app)
    try:
        dossier = api.gen_submitted()
        assert api.complete_open(dossier["id"], COUNCIL_PASSED).status_code == 200
        assert pages.login("hcm-admin").status_code == 302
        result = app.test_cli_runner().invoke(args=["notifications", "send-queued"])
        assert result.exit_code == 0, result.output
    finally:
        worker.bind_app(None)
    html = text(pages.get("/admin/outbox"))
    assert "hcm-sgd@example.invalid" in html
    assert f"HS-{dossier['id']}" in html
    assert "đã gửi" in html and "chỉ lưu tại đây" in html
    reviewer = new_pages()
    reviewer.login("hcm-sgd")
    assert reviewer.get("/admin/outbox").status_code == 403
