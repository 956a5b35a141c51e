"""Sign-in, sign-out, CSRF, wrong-password limits and idle sessions, through the web pages."""

from __future__ import annotations

from datetime import timedelta


def test_login_then_inbox_then_logout(pages):
    """Can a reviewer sign in, see the inbox in Vietnamese, and sign out again?"""
    response = pages.login("hcm-sgd")
    assert response.status_code == 302
    inbox = pages.get("/")
    html = inbox.get_data(as_text=True)
    assert inbox.status_code == 200
    assert '<html lang="vi">' in html
    assert "Hộp công việc" in html and "Chuyên viên Sở GDĐT (1)" in html
    assert pages.post("/logout").status_code == 302
    assert pages.get("/").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(pages):
    """Is a form posted without its CSRF token refused, even with the right password?"""
    response = pages.client.post("/login", data={"username": "hcm-sgd", "password": "demo-test"})
    assert response.status_code == 400
    assert "mã bảo mật" in response.get_data(as_text=True)
    pages.login("hcm-sgd")
    refused = pages.client.post("/tasks/1/claim", data={})
    assert refused.status_code == 400


def test_wrong_name_and_wrong_password_look_the_same(pages):
    """Does the sign-in page never say which half of a login was wrong?"""
    wrong_password = pages.login("hcm-sgd", "nope")
    wrong_name = pages.login("no-such-user", "nope")
    assert wrong_password.status_code == wrong_name.status_code == 401
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in wrong_password.get_data(as_text=True)
    assert message in wrong_name.get_data(as_text=True)


def test_an_account_is_locked_after_five_wrong_passwords(pages, new_pages, clock):
    """After five wrong passwords, is even the right one refused for a while, from anywhere?"""
    for _ in range(5):
        assert pages.login("hcm-snv", "wrong").status_code == 401
    elsewhere = new_pages("10.9.9.9")
    locked = elsewhere.login("hcm-snv")
    assert locked.status_code == 429
    assert "Thử quá nhiều lần. Vui lòng thử lại sau" in locked.get_data(as_text=True)
    assert elsewhere.login("hcm-ubnd").status_code == 302  # other accounts are unaffected
    clock.now += timedelta(minutes=16)
    assert new_pages("10.9.9.8").login("hcm-snv").status_code == 302


def test_an_address_is_locked_after_twenty_wrong_passwords(new_pages, clock):
    """Does one address guessing across many accounts get stopped, while others still sign in?"""
    guesser = new_pages("10.6.6.6")
    for i in range(20):
        assert guesser.login(f"someone-{i}", "guess").status_code == 401
    assert guesser.login("hcm-sgd2").status_code == 429
    assert new_pages("10.6.6.7").login("hcm-sgd2").status_code == 302
    clock.now += timedelta(minutes=16)
    assert guesser.login("hcm-sgd2").status_code == 302


def test_a_session_expires_after_inactivity(pages, clock):
    """Is a signed-in user signed out after 30 minutes without doing anything, but not before?"""
    pages.login("hcm-ubnd")
    clock.now += timedelta(minutes=29)
    assert pages.get("/").status_code == 200
    clock.now += timedelta(minutes=29)
    assert pages.get("/").status_code == 200
    clock.now += timedelta(minutes=31)
    expired = pages.get("/")
    assert expired.status_code == 302 and "/login" in expired.headers["Location"]
    assert "hết hạn" in pages.get(expired.headers["Location"]).get_data(as_text=True)


def test_language_switch_is_remembered_for_the_user(pages, new_pages):
    """When a user switches to English, do later sessions of that user open in English?
    (A reviewer: since issue 18 an auditor's "/" leads on to Kiểm tra.)"""
    pages.login("hcm-sgd2")
    pages.post("/language", {"locale": "en", "next": "/"})
    html = pages.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Inbox" in html
    other = new_pages()
    other.login("hcm-sgd2")
    assert '<html lang="en">' in other.get("/").get_data(as_text=True)
    other.post("/language", {"locale": "vi", "next": "/"})
    assert '<html lang="vi">' in other.get("/").get_data(as_text=True)


def test_sign_in_only_follows_same_site_next(pages):
    """Can a crafted link send a user to another site after signing in?"""
    token = pages.token()
    response = pages.client.post(
        "/login?next=https://evil.example/",
        data={"username": "hcm-sgd", "password": "demo-test", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"
