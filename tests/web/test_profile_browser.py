"""Issue 18 in a real Chromium: from their name in the header, a reviewer opens their profile
and turns the daily digest off (and on again)."""

from __future__ import annotations

from .browser import go


def _save_digest(page, wanted: bool) -> None:
    page.set_checked("#pref-daily_digest", wanted)
    go(page, "#profile-form button[type=submit]")
    page.wait_for_selector("text=Đã lưu thông tin nhận thư.")


def test_a_reviewer_turns_the_daily_digest_off_from_the_header(people, screen):
    """Does the header's name lead to the profile, and is an unticked digest kept unticked,
    the other notices still on?"""
    page = people(screen).login("hcm-snv")
    go(page, "header a.who")
    assert page.input_value("#email") == "hcm-snv@example.invalid"
    _save_digest(page, False)
    assert not page.is_checked("#pref-daily_digest")
    assert page.is_checked("#pref-task_offered") and page.is_checked("#pref-unit_dossiers")
    _save_digest(page, True)  # the shared live database keeps the demo's default
    assert page.is_checked("#pref-daily_digest")
