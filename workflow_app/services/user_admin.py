"""Administrators' use cases on users and role grants: list, create, grant, revoke,
deactivate, reactivate and reset a password, each change kept in the settings history.

An administrator manages the users holding any grant in a jurisdiction they administer, and
only the grants of those jurisdictions: a user with grants elsewhere is visible, but those
grants are only counted, never shown or changed. National grants (no jurisdiction, e.g.
`central`) are never granted or revoked here. Another jurisdiction's user is not found
(404); a grant in a jurisdiction the administrator does not hold is refused (403).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..domain.errors import (
    REQUIRED,
    Conflict,
    FieldProblem,
    Invalid,
    NotAllowed,
    NotFound,
    problem,
)
from ..domain.roles import BUILTIN_ROLES, NATIONAL_LANES, ROLE_KEY
from ..persistence.models import HumanTask, RoleGrant, SettingChange, Unit, User
from .accounts import (  # noqa: F401  (the API's schema reads the length limits here)
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    actor_for,
    hash_password,
    password_problem,
    set_account_active,
    set_password,
)
from .context import ServiceContext
from .history import lock_dossier, record_event
from .roles import is_grantable
from .setting_changes import record_change

USERNAME = re.compile(r"^[a-z0-9][a-z0-9-]{2,99}$")
MAX_DISPLAY_NAME = 200
HISTORY_SUBJECTS = ("user", "role_grant")
# The central level (and the President, E3) reviews every jurisdiction's dossiers: its role
# is only ever national, so no provincial administrator grants it, even "in" their own
# jurisdiction.
NATIONAL_ROLES = NATIONAL_LANES
# Issue 17: besides these built-ins, a jurisdiction's own reviewing roles (services.roles).
GRANTABLE_ROLES = tuple(r for r in BUILTIN_ROLES if r not in NATIONAL_ROLES)


@dataclass(frozen=True)
class GrantSpec:
    """A grant asked for: a role, the jurisdiction it holds in, and for `unit`, the unit."""

    role: str
    jurisdiction_id: str | None
    unit_id: str | None = None


@dataclass(frozen=True)
class ManagedUser:
    """A user as one administrator sees them: only their own jurisdictions' grants."""

    user: User
    grants: list[RoleGrant]
    elsewhere: int  # grants held in other jurisdictions or nationally: counted, not shown


@dataclass(frozen=True)
class HistoryEntry:
    action: str  # created, deactivated, activated, password_reset, granted, revoked
    jurisdiction_id: str | None
    role: str | None
    unit_id: str | None
    changed_by: str
    changed_at: datetime


# --- who may act -------------------------------------------------------------------------


def administered(ctx: ServiceContext) -> set[str]:
    """The jurisdictions the actor administers (a national `admin` grant counts for none)."""
    return ctx.actor.administered_jurisdictions() if ctx.actor else set()


def _require_admin(ctx: ServiceContext) -> set[str]:
    jurisdictions = administered(ctx)
    if not jurisdictions:
        raise NotAllowed("not_users_admin")
    return jurisdictions


def _require_jurisdiction(ctx: ServiceContext, jurisdiction_id: str | None) -> str:
    """A jurisdiction the actor administers; national grants are no provincial admin's."""
    if jurisdiction_id is None:
        raise NotAllowed("national_grant_refused", jurisdiction=None)
    if jurisdiction_id not in _require_admin(ctx):
        raise NotAllowed("not_jurisdiction_admin", jurisdiction=jurisdiction_id)
    return jurisdiction_id


def as_managed(ctx: ServiceContext, user: User) -> ManagedUser:
    """The user with only the grants of the actor's jurisdictions shown."""
    mine = administered(ctx)
    here = [g for g in user.grants if g.jurisdiction_id in mine]
    here.sort(key=lambda g: (g.jurisdiction_id, _role_rank(g.role), g.role, g.unit_id or ""))
    return ManagedUser(user, here, len(user.grants) - len(here))


def _role_rank(role: str) -> int:
    """Built-ins first in their own order (unit, admin, auditor), then the jurisdiction's."""
    return BUILTIN_ROLES.index(role) if role in BUILTIN_ROLES else len(BUILTIN_ROLES)


def managed_user(ctx: ServiceContext, username: str) -> ManagedUser:
    """The user if they hold a grant where the actor administers; anyone else is not found."""
    _require_admin(ctx)
    user = ctx.session.scalar(select(User).where(User.username == username))
    found = user and as_managed(ctx, user)
    if not found or not found.grants:
        raise NotFound()
    return found


def _whole_account(ctx: ServiceContext, found: ManagedUser) -> None:
    """Locking or taking over an account (deactivate, password) touches all of its rights:
    only an administrator of every jurisdiction it holds a grant in may do it."""
    if found.elsewhere:
        raise NotAllowed("account_held_elsewhere", other_jurisdictions=found.elsewhere)


def _not_myself(ctx: ServiceContext, user: User, code: str) -> None:
    if ctx.actor is not None and user.id == ctx.actor.user_id:
        raise NotAllowed(code)


# --- reading -----------------------------------------------------------------------------


def list_users(
    ctx: ServiceContext,
    jurisdiction_id: str | None = None,
    role: str | None = None,
    search: str = "",
) -> list[ManagedUser]:
    """The users of the actor's jurisdictions (or of one), optionally holding `role` there and
    matching `search` in the username or display name (any case, Vietnamese letters too)."""
    scope = {_require_jurisdiction(ctx, jurisdiction_id)} if jurisdiction_id else None
    scope = scope or _require_admin(ctx)
    holders = select(RoleGrant.user_id).where(RoleGrant.jurisdiction_id.in_(scope))
    if role:
        holders = holders.where(RoleGrant.role == role)
    stmt = select(User).where(User.id.in_(holders)).order_by(User.username)
    needle = search.strip().casefold()
    found = []
    for user in ctx.session.scalars(stmt):
        if needle and needle not in f"{user.username} {user.display_name}".casefold():
            continue
        found.append(as_managed(ctx, user))
    return found


def units_for_admin(ctx: ServiceContext) -> list[Unit]:
    """The units a `unit` grant may name: those of the actor's jurisdictions."""
    stmt = select(Unit).where(Unit.jurisdiction_id.in_(_require_admin(ctx)))
    return list(ctx.session.scalars(stmt.order_by(Unit.jurisdiction_id, Unit.name)))


def _entry(change: SettingChange) -> HistoryEntry:
    before, after = change.before or {}, change.after or {}
    if change.subject == "role_grant":
        action = "granted" if change.before is None else "revoked"
        grant = after or before
    else:
        grant = {}
        if change.before is None:
            action = "created"
        elif after.get("password_reset"):
            action = "password_reset"
        else:
            action = "activated" if after.get("active") else "deactivated"
    return HistoryEntry(
        action,
        change.jurisdiction_id,
        grant.get("role"),
        grant.get("unit"),
        change.changed_by,
        change.changed_at,
    )


def user_history(ctx: ServiceContext, found: ManagedUser, limit: int = 200) -> list[HistoryEntry]:
    """The changes to this user and their grants in the actor's jurisdictions, newest first."""
    stmt = (
        select(SettingChange)
        .where(
            SettingChange.jurisdiction_id.in_(administered(ctx)),
            SettingChange.subject.in_(HISTORY_SUBJECTS),
            SettingChange.subject_key == found.user.username,
        )
        .order_by(SettingChange.changed_at.desc(), SettingChange.id.desc())
        .limit(limit)
    )
    return [_entry(change) for change in ctx.session.scalars(stmt)]


# --- checks on what is asked for -----------------------------------------------------------


def _invalid(fields: dict[str, FieldProblem]) -> Invalid:
    return Invalid(details={"fields": fields})


def _account_problems(username: str, display_name: str, password: str) -> dict[str, FieldProblem]:
    problems = {}
    if not USERNAME.match(username or ""):
        problems["username"] = problem("username_format")
    if not display_name.strip():
        problems["display_name"] = REQUIRED
    elif len(display_name.strip()) > MAX_DISPLAY_NAME:
        problems["display_name"] = problem("too_long", max=MAX_DISPLAY_NAME)
    if weak := password_problem(password, username, display_name):
        problems["password"] = weak
    return problems


def _check_grant(ctx: ServiceContext, spec: GrantSpec) -> GrantSpec:
    """A grant the actor may give: a known role, in a jurisdiction they administer, and
    for `unit` one of that jurisdiction's units (never another jurisdiction's)."""
    jurisdiction_id = _require_jurisdiction(ctx, spec.jurisdiction_id)
    if not ROLE_KEY.match(spec.role or ""):
        raise _invalid({"role": problem("unknown")})
    if spec.role in NATIONAL_ROLES:
        raise NotAllowed("national_role_refused", role=spec.role)
    if not is_grantable(ctx.session, jurisdiction_id, spec.role):  # issue 17: its own roles
        raise _invalid({"role": problem("role_not_in_jurisdiction", jurisdiction=jurisdiction_id)})
    if spec.role != "unit":
        if spec.unit_id:
            raise _invalid({"unit": problem("unit_only_for_unit_role")})
        return spec
    unit = ctx.session.get(Unit, spec.unit_id) if spec.unit_id else None
    if unit is None:
        raise _invalid({"unit": problem("unit_required")})
    if unit.jurisdiction_id != jurisdiction_id:
        if unit.jurisdiction_id not in administered(ctx):
            raise NotAllowed("unit_not_administered", unit=unit.id)
        raise _invalid({"unit": problem("unit_outside_jurisdiction")})
    return spec


def _grant_data(grant: RoleGrant | GrantSpec) -> dict:
    return {"role": grant.role, "jurisdiction": grant.jurisdiction_id, "unit": grant.unit_id}


# --- changes -----------------------------------------------------------------------------


def create_user(
    ctx: ServiceContext,
    username: str,
    display_name: str,
    password: str,
    grants: list[GrantSpec],
) -> ManagedUser:
    """A new active user with at least one grant in the actor's jurisdictions; the password
    is kept only as its hash."""
    _require_admin(ctx)
    problems = _account_problems(username, display_name, password)
    if not grants:
        problems["grants"] = problem("grant_required")
    specs = []
    for spec in grants:
        try:
            specs.append(_check_grant(ctx, spec))
        except Invalid as error:  # reported with the account's problems, all at once
            problems.update(error.details["fields"])
    if problems:
        raise _invalid(problems)
    specs = list(dict.fromkeys(specs))
    if ctx.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict("username_taken", username=username)
    user = User(
        username=username,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        active=True,
        locale="vi",
        created_at=ctx.now,
    )
    user.grants = [
        RoleGrant(role=s.role, jurisdiction_id=s.jurisdiction_id, unit_id=s.unit_id) for s in specs
    ]
    ctx.session.add(user)
    for jurisdiction_id in sorted({s.jurisdiction_id for s in specs}):
        after = {
            "username": username,
            "display_name": user.display_name,
            "active": True,
            "grants": [_grant_data(s) for s in specs if s.jurisdiction_id == jurisdiction_id],
        }
        record_change(ctx, jurisdiction_id, "user", username, None, after)
    ctx.session.flush()
    return as_managed(ctx, user)


def grant_role(ctx: ServiceContext, username: str, spec: GrantSpec) -> RoleGrant:
    """Give a visible user a role in one of the actor's jurisdictions (409 if already held)."""
    spec = _check_grant(ctx, spec)
    user = managed_user(ctx, username).user
    if any(_grant_data(g) == _grant_data(spec) for g in user.grants):
        raise Conflict("role_already_granted", **_grant_data(spec))
    grant = RoleGrant(role=spec.role, jurisdiction_id=spec.jurisdiction_id, unit_id=spec.unit_id)
    user.grants.append(grant)
    record_change(ctx, spec.jurisdiction_id, "role_grant", username, None, _grant_data(spec))
    ctx.session.flush()
    return grant


def revoke_grant(ctx: ServiceContext, username: str, grant_id: int) -> list[int]:
    """Take one of the actor's jurisdictions' grants away; the user's claimed tasks they may
    no longer act on go back to the group inbox. Returns the released tasks' ids."""
    found = managed_user(ctx, username)
    grant = next((g for g in found.user.grants if g.id == grant_id), None)
    if grant is None:
        raise NotFound()
    if grant not in found.grants:
        raise NotAllowed("grant_not_administered", grant=grant_id)
    if grant.role == "admin":
        others = [g for g in found.user.grants if g.role == "admin" and g is not grant]
        if not others:
            _not_myself(ctx, found.user, "cannot_revoke_own_last_admin")
    before = _grant_data(grant)
    found.user.grants.remove(grant)
    ctx.session.flush()
    record_change(ctx, grant.jurisdiction_id, "role_grant", username, before, None)
    still = actor_for(found.user)
    return release_claims(
        ctx, found.user, lambda t: not still.may_act_in_lane(t.lane, t.jurisdiction_id, t.unit_id)
    )


def set_active(ctx: ServiceContext, username: str, active: bool) -> list[int]:
    """Deactivate (the user can no longer sign in, and their sessions and tokens stop
    working; their claimed tasks go back to the group inbox) or reactivate an account."""
    found = managed_user(ctx, username)
    _whole_account(ctx, found)
    if not active:
        _not_myself(ctx, found.user, "cannot_deactivate_self")
    if found.user.active == active:
        return []
    set_account_active(found.user, active)  # older tokens and sessions stay dead
    for jurisdiction_id in sorted({g.jurisdiction_id for g in found.grants}):
        record_change(
            ctx, jurisdiction_id, "user", username, {"active": not active}, {"active": active}
        )
    return [] if active else release_claims(ctx, found.user, lambda task: True)


def reset_password(ctx: ServiceContext, username: str, password: str) -> None:
    """Set a new password; the user's older sessions and tokens stop working. The history
    says that it was reset, never what it is."""
    _require_admin(ctx)
    if problem := password_problem(password, username):
        raise _invalid({"password": problem})
    found = managed_user(ctx, username)
    _whole_account(ctx, found)
    set_password(found.user, password)
    for jurisdiction_id in sorted({g.jurisdiction_id for g in found.grants}):
        record_change(ctx, jurisdiction_id, "user", username, {}, {"password_reset": True})


def release_claims(
    ctx: ServiceContext, user: User, released: Callable[[HumanTask], bool]
) -> list[int]:
    """Put the user's claimed open tasks for which `released(task)` holds back in the group
    inbox, each noted in its dossier's history."""
    stmt = select(HumanTask).where(HumanTask.claimed_by_id == user.id, HumanTask.state == "open")
    ids = []
    for task in ctx.session.scalars(stmt.order_by(HumanTask.id)).all():
        if not released(task):
            continue
        task.claimed_by_id = None
        data = {"task_id": task.id, "released_from": user.username}
        record_event(
            ctx,
            lock_dossier(ctx.session, task.dossier_id),
            "task_unclaimed",
            task=task.name,
            data=data,
        )
        ids.append(task.id)
    return ids
