"""Users, passwords and API tokens."""

from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.access import Actor, Grant
from ..persistence.models import RoleGrant, User

# A fixed hash to compare against when the user does not exist, so a wrong
# username costs as long as a wrong password and reveals nothing.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None (never saying which failed)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def actor_for(user: User) -> Actor:
    grants = frozenset(Grant(g.role, g.jurisdiction_id, g.unit_id) for g in user.grants)
    return Actor(user.id, user.username, grants)


def _signer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="workflow-api-token")


def issue_token(secret_key: str, user: User) -> str:
    """A signed bearer token naming the user; it expires (see TOKEN_MAX_AGE_SECONDS)."""
    return _signer(secret_key).dumps({"uid": user.id, "pw": user.password_hash[-12:]})


def user_for_token(session: Session, secret_key: str, token: str, max_age: int) -> User | None:
    """The active user a token names; a changed password invalidates older tokens."""
    try:
        payload = _signer(secret_key).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    stmt = select(User).options(joinedload(User.grants)).where(User.id == payload.get("uid"))
    user = session.scalars(stmt).unique().first()
    if user is None or not user.active or user.password_hash[-12:] != payload.get("pw"):
        return None
    return user


def ensure_user(
    session: Session,
    username: str,
    display_name: str,
    password: str,
    grants: list[tuple[str, str | None, str | None]],
    now: datetime,
) -> User:
    """Create the user with these grants if missing; existing users are left as they are."""
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        return user
    user = User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        active=True,
        locale="vi",
        created_at=now,
    )
    for role, jurisdiction_id, unit_id in grants:
        user.grants.append(RoleGrant(role=role, jurisdiction_id=jurisdiction_id, unit_id=unit_id))
    session.add(user)
    return user
