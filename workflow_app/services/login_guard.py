"""Sign-in for the browser: wrong passwords are rate-limited per account and per address.

Attempts are rows in `login_attempts`, so the limit holds across processes and machines.
A refusal never says whether the name or the password was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..persistence.models import LoginAttempt, User
from .accounts import authenticate


@dataclass(frozen=True)
class LoginPolicy:
    max_per_account: int = 5
    max_per_address: int = 20
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False  # too many recent failures: the password was not even checked


def _failures(session: Session, column, value: str, since: datetime) -> int:
    """Failures for this account (or address) in the window."""
    stmt = select(func.count(LoginAttempt.id)).where(
        column == value, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False)
    )
    return session.scalar(stmt) or 0


def is_locked(
    session: Session, username: str, address: str, now: datetime, policy: LoginPolicy
) -> bool:
    """Has this account or this address failed too often lately?"""
    since = now - policy.window
    # An account's count restarts at its last success; an address's never does, so one
    # valid account cannot be used to reset the limit for guessing others.
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.succeeded
        )
    )
    account_since = max(since, last_success) if last_success else since
    if _failures(session, LoginAttempt.username, username, account_since) >= policy.max_per_account:
        return True
    return _failures(session, LoginAttempt.address, address, since) >= policy.max_per_address


def sign_in(
    session: Session,
    username: str,
    password: str,
    address: str,
    now: datetime,
    policy: LoginPolicy | None = None,
) -> LoginResult:
    """Check the password unless locked out; record the attempt either way."""
    policy = policy or LoginPolicy()
    name = username.strip().lower()[:100]
    address = (address or "unknown")[:64]
    if is_locked(session, name, address, now, policy):
        session.add(LoginAttempt(username=name, address=address, at=now, succeeded=False))
        return LoginResult(None, locked=True)
    user = authenticate(session, username.strip(), password)
    session.add(LoginAttempt(username=name, address=address, at=now, succeeded=user is not None))
    return LoginResult(user)
