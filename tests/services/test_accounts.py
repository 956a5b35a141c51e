"""Accounts: which passwords may be set, and which tokens and sessions still name a user
after the account changed (issue 16)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD
from workflow_app.persistence.models import User
from workflow_app.services import accounts
from workflow_app.services.login_guard import LoginPolicy, sign_in

SECRET = "test-secret"
MAX_AGE = 3600


def _user(session, username: str = "can-tho-snv") -> User:
    return session.scalar(select(User).where(User.username == username))


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaa",
        "1234567890",
        "password123",
        "qwertyuiop",
        "Matkhau@2025",
        "Mật-khẩu@123",
        "Abcd@123456",
        "can-tho-snv-2025",
        "a" * 150,
    ],
)
def test_easy_passwords_are_refused(password):
    """Are repeated letters, digit runs, keyboard rows, common words dressed up with digits
    and symbols, and the username itself all refused as weak?"""
    found = accounts.password_problem(password, "can-tho-snv", "Chuyên viên Sở Nội vụ")
    assert found is not None and found.code == "weak_password"


@pytest.mark.parametrize(
    "password", ["mat-khau-moi-2025", "mot-mat-khau-khac-hoan-toan", "xk29-fj3k-Lq8w"]
)
def test_long_uncommon_passwords_pass(password):
    """Does a long, uncommon phrase pass, so people can still choose their own?"""
    assert accounts.password_problem(password, "can-tho-snv") is None


def test_length_limits_come_first():
    """Is a short or an over-long password named as such, not as weak?"""
    assert accounts.password_problem("ngan").code == "password_too_short"
    assert accounts.password_problem("xk29-fj3k-" * 21).code == "too_long"


def test_demo_users_keep_the_operators_demo_password(db, clock):
    """Seeding bypasses the check: the demo password is weak by the rules, yet demo users
    sign in with it."""
    assert accounts.password_problem(DEMO_PASSWORD) is not None
    with db.unit_of_work() as session:
        assert sign_in(session, "hcm-unit", DEMO_PASSWORD, "10.1.1.1", clock()).user


def _payload(token: str) -> str:
    body = token.split(".")[0]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


def test_a_token_carries_nothing_of_the_password_hash(db):
    """Does a token name only the user and their credential generation, no hash characters?"""
    with db.unit_of_work() as session:
        user = _user(session)
        token = accounts.issue_token(SECRET, user)
        payload = _payload(token)
        assert json.loads(payload) == {"uid": user.id, "gen": user.credential_generation}
        digest = user.password_hash.rsplit("$", 1)[-1]
        windows = {digest[i : i + 6] for i in range(len(digest) - 5)}
        assert not any(window in token or window in payload for window in windows)


@pytest.mark.parametrize("change", ["deactivate_reactivate", "password"])
def test_credential_changes_end_older_tokens_and_sessions(db, change):
    """After a deactivation and reactivation, or a new password, do the token and the
    session handed out before name no one, while new ones work?"""
    with db.unit_of_work() as session:
        user = _user(session)
        old_token = accounts.issue_token(SECRET, user)
        old_session = accounts.session_key(user)
        assert accounts.user_for_token(session, SECRET, old_token, MAX_AGE) is user
        assert accounts.user_for_session(session, old_session) is user
        if change == "password":
            accounts.set_password(user, "mot-mat-khau-khac-hoan-toan")
        else:
            accounts.set_account_active(user, False)
            assert accounts.user_for_token(session, SECRET, old_token, MAX_AGE) is None
            accounts.set_account_active(user, True)
        session.flush()
        assert accounts.user_for_token(session, SECRET, old_token, MAX_AGE) is None
        assert accounts.user_for_session(session, old_session) is None
        fresh = accounts.issue_token(SECRET, user)
        assert accounts.user_for_token(session, SECRET, fresh, MAX_AGE) is user
        assert accounts.user_for_session(session, accounts.session_key(user)) is user


def test_garbled_session_keys_name_no_one(db):
    """Is a session key from before this release (a hash tail) or a garbled one refused?"""
    with db.unit_of_work() as session:
        user = _user(session)
        for key in (f"{user.id}:{user.password_hash[-12:]}", f"{user.id}", "x:1", ""):
            assert accounts.user_for_session(session, key) is None


def test_retry_after_says_when_the_lock_ends(db, clock):
    """Does a locked sign-in say how long to wait, and is the right password accepted
    exactly then and not a second earlier?"""
    policy = LoginPolicy(max_per_account=3, max_per_address=100, window=timedelta(minutes=10))
    with db.unit_of_work() as session:
        for minute in range(3):
            at = clock() + timedelta(minutes=minute)
            assert sign_in(session, "hcm-snv", "wrong", "10.1.1.2", at, policy).user is None
        now = clock() + timedelta(minutes=3)
        locked = sign_in(session, "hcm-snv", DEMO_PASSWORD, "10.1.1.3", now, policy)
        # The try while locked counts too: the second failure (minute 1) is the oldest of
        # the three latest, so the lock ends when it leaves the window, at minute 11.
        assert locked.locked and locked.user is None
        assert locked.retry_after == 8 * 60
        refusal = locked.refusal()
        assert refusal.code == "rate_limited" and refusal.params["minutes"] == 8
        end = now + timedelta(seconds=locked.retry_after)
        early = sign_in(
            session, "hcm-snv", DEMO_PASSWORD, "10.1.1.3", end - timedelta(seconds=1), policy
        )
        assert early.locked
        # That early try counted too: it is now one of the three latest failures.
        later = end - timedelta(seconds=1) + timedelta(seconds=early.retry_after)
        assert sign_in(session, "hcm-snv", DEMO_PASSWORD, "10.1.1.3", later, policy).user
