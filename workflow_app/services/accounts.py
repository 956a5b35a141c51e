"""Users, passwords, API tokens and web sessions.

A token or a session names the user and their credential generation, never anything derived
from the password: deactivation, reactivation and a new password bump the generation, so
whatever was handed out before stops working.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..domain.access import Actor, Grant
from ..domain.errors import FieldProblem, problem
from ..persistence.models import RoleGrant, User

# A fixed hash to compare against when the user does not exist, so a wrong
# username costs as long as a wrong password and reveals nothing.
_DUMMY_HASH = generate_password_hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
MIN_STRENGTH = 3  # zxcvbn's score, 0 (guessed at once) to 4 (very unlikely guessed)
_STRENGTH_PREFIX = 72  # zxcvbn's own limit; a strong start is enough for a longer one
# Words zxcvbn's English lists miss: the first thing tried against a Vietnamese office.
_WEAK_WORDS = frozenset(
    {
        "matkhau",
        "password",
        "passw0rd",
        "admin",
        "administrator",
        "quantri",
        "quantrivien",
        "anhyeuem",
        "emyeuanh",
        "iloveyou",
        "vietnam",
        "hanoi",
        "saigon",
        "hochiminh",
        "qwerty",
        "qwertyuiop",
        "asdfghjkl",
        "abc",
        "abcd",
        "abcdef",
        "thidua",
        "khenthuong",
        "thiduakhenthuong",
        "workflow",
        "welcome",
    }
)
_APP_WORDS = ("thi dua", "khen thuong", "workflow", "huan chuong", "bang khen", "giay khen")


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def _ascii_letters(text: str) -> str:
    """Letters only, without Vietnamese marks: 'Mật-khẩu@123' -> 'matkhau'."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z]", "", "".join(c for c in plain if not unicodedata.combining(c)).lower())


def password_problem(password: str, *about: str) -> FieldProblem | None:
    """Why this password may not be set, else None: too short, too long, or easy to guess
    (zxcvbn's score below MIN_STRENGTH, a known-weak word with digits and symbols around it,
    or made of `about`: the username and the display name). Every way of setting one asks."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return problem("password_too_short", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return problem("too_long", max=MAX_PASSWORD_LENGTH)
    letters = _ascii_letters(password)
    if not letters or letters in _WEAK_WORDS:
        return problem("weak_password")
    words = [w for text in (*about, *_APP_WORDS) for w in re.split(r"[\W_]+", text) if w]
    hints = [*about, *words, *(_ascii_letters(w) for w in words)]
    estimate = zxcvbn(password[:_STRENGTH_PREFIX], user_inputs=[h for h in hints if h])
    return problem("weak_password") if estimate["score"] < MIN_STRENGTH else None


def revoke_credentials(user: User) -> None:
    """End every token and session issued to the user so far."""
    user.credential_generation = (user.credential_generation or 1) + 1


def set_password(user: User, password: str) -> None:
    """Keep only the new password's hash; older tokens and sessions stop working.
    (Check it with `password_problem` first: this does not.)"""
    user.password_hash = hash_password(password)
    revoke_credentials(user)


def set_account_active(user: User, active: bool) -> None:
    """Open or close the account; either way its older tokens and sessions stay dead."""
    if user.active != active:
        user.active = active
        revoke_credentials(user)


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
    """A signed bearer token naming the user and their credential generation; it expires
    (see TOKEN_MAX_AGE_SECONDS)."""
    return _signer(secret_key).dumps({"uid": user.id, "gen": user.credential_generation})


def _current_user(session: Session, user_id, generation) -> User | None:
    """The active user with this id, if `generation` is still theirs."""
    if not isinstance(user_id, int) or not isinstance(generation, int):
        return None
    stmt = select(User).options(joinedload(User.grants)).where(User.id == user_id)
    user = session.scalars(stmt).unique().first()
    if user is None or not user.active or user.credential_generation != generation:
        return None
    return user


def token_claims(secret_key: str, token: str, max_age: int) -> dict | None:
    """What a token we signed says (user id, generation), if it is ours and unexpired; no
    database needed, so a call without one is refused before anything else is read."""
    try:
        payload = _signer(secret_key).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    return payload if isinstance(payload, dict) else None


def user_for_token(session: Session, secret_key: str, token: str, max_age: int) -> User | None:
    """The active user a token names; a token from an older generation names no one."""
    payload = token_claims(secret_key, token, max_age)
    if payload is None:
        return None
    return _current_user(session, payload.get("uid"), payload.get("gen"))


def session_key(user: User) -> str:
    """What a web session remembers of its user: the id and the credential generation."""
    return f"{user.id}:{user.credential_generation}"


def user_for_session(session: Session, key: str) -> User | None:
    """The active user a web session names; a session from an older generation names no one."""
    user_id, _sep, generation = key.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    return _current_user(session, int(user_id), int(generation))


def ensure_user(
    session: Session,
    username: str,
    display_name: str,
    password: str,
    grants: list[tuple[str, str | None, str | None]],
    now: datetime,
) -> User:
    """Create the user with these grants if missing; existing users are left as they are.
    The password is the operator's (WORKFLOW_DEMO_PASSWORD): no strength check here."""
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


def people_names(session) -> dict[str, str]:
    """Each username's full name (issue 18: pages name people, not their logins)."""
    return dict(session.execute(select(User.username, User.display_name)).all())
