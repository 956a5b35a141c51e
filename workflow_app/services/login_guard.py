"""Signing in, by the web form or for an API token: wrong passwords are limited per account
and per address.

Attempts are rows in `login_attempts`, so the limit holds across processes and machines and
across both ways of signing in. A refusal never says whether the name or the password was
wrong; a locked account or address is not even checked until its window has passed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError, NotSignedIn
from ..persistence.models import LoginAttempt, User
from .accounts import authenticate


@dataclass(frozen=True)
class LoginPolicy:
    max_per_account: int = 5
    max_per_address: int = 20
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Mapping) -> LoginPolicy:
        """The policy the app is configured with (LOGIN_* settings)."""
        return cls(
            max_per_account=settings["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            max_per_address=settings["LOGIN_MAX_FAILURES_PER_ADDRESS"],
            window=timedelta(minutes=settings["LOGIN_WINDOW_MINUTES"]),
        )


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    retry_after: int = 0  # seconds: too many recent failures, the password was not checked

    @property
    def locked(self) -> bool:
        return self.retry_after > 0

    def refusal(self) -> DomainError:
        """Why no one was signed in: too many tries (and when to try again), or wrong
        credentials, the same words whichever half was wrong."""
        if self.locked:
            minutes = math.ceil(self.retry_after / 60)
            return DomainError("rate_limited", minutes=minutes, retry_after=self.retry_after)
        return NotSignedIn("wrong_credentials")


def _unlocks_at(
    session: Session, column, value: str, since: datetime, limit: int, window: timedelta
) -> datetime | None:
    """When this account's (or address's) failures since `since` fall below `limit`, if
    they are at it now: the limit-th latest failure leaves the window."""
    stmt = (
        select(LoginAttempt.at)
        .where(column == value, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
        .order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc())
        .offset(max(limit, 1) - 1)
        .limit(1)
    )
    counted = session.scalar(stmt)
    return counted + window if counted else None


def locked_until(
    session: Session, username: str, address: str, now: datetime, policy: LoginPolicy
) -> datetime | None:
    """Until when this account or this address may not try, if it failed too often lately."""
    since = now - policy.window
    # An account's count restarts at its last success; an address's never does, so one
    # valid account cannot be used to reset the limit for guessing others.
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.succeeded
        )
    )
    account_since = max(since, last_success) if last_success else since
    ends = [
        _unlocks_at(
            session,
            LoginAttempt.username,
            username,
            account_since,
            policy.max_per_account,
            policy.window,
        ),
        _unlocks_at(
            session, LoginAttempt.address, address, since, policy.max_per_address, policy.window
        ),
    ]
    ends = [end for end in ends if end and end > now]
    return max(ends) if ends else None


def is_locked(
    session: Session, username: str, address: str, now: datetime, policy: LoginPolicy
) -> bool:
    """Has this account or this address failed too often lately?"""
    return locked_until(session, username, address, now, policy) is not None


def sign_in(
    session: Session,
    username: str,
    password: str,
    address: str,
    now: datetime,
    policy: LoginPolicy | None = None,
) -> LoginResult:
    """Check the password unless locked out; record the attempt either way. The caller
    commits the attempt even when it refuses (`LoginResult.refusal()`)."""
    policy = policy or LoginPolicy()
    name = username.strip().lower()[:100]
    address = (address or "unknown")[:64]
    if is_locked(session, name, address, now, policy):
        session.add(LoginAttempt(username=name, address=address, at=now, succeeded=False))
        session.flush()  # a try while locked counts too: the wait is said after it
        until = locked_until(session, name, address, now, policy) or now + policy.window
        return LoginResult(None, retry_after=max(1, math.ceil((until - now).total_seconds())))
    user = authenticate(session, username.strip(), password)
    session.add(LoginAttempt(username=name, address=address, at=now, succeeded=user is not None))
    return LoginResult(user)
