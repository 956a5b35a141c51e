"""A jurisdiction's reviewing roles (issue 17): read, create and change them, and load the
ones a bundled model declares in its `model.json`. What a role is (its key, its level, the
built-in ones) is in domain/roles.py; here is where they are stored.

An administrator of a jurisdiction creates and renames its roles (each change kept in the
settings history); any user holding a grant in the jurisdiction (or a national one) reads
them, so the modeler and the admin pages can offer them as lanes and grants."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound
from ..domain.roles import (
    BUILTIN_LEVELS,
    BUILTIN_ROLES,
    RoleInfo,
    check_role,
    lane_levels,
)
from ..persistence.models import Jurisdiction, Role, User
from .context import ServiceContext
from .setting_changes import record_change

# The built-in lanes' names, for lists that show them next to a jurisdiction's own roles.
BUILTIN_NAMES = {
    "unit": ("Đơn vị", "Unit"),
    "central": ("Trung ương (Thủ tướng Chính phủ)", "Central level (Prime Minister)"),
    "president": ("Chủ tịch nước", "President"),
}
# The national list every jurisdiction had before issue 17 (and HCMC keeps, CONTRACT.md): a
# bundle that declares no roles gets those of them its lanes name.
LEGACY_ROLES = {
    "so_gddt": {
        "name_vi": "Sở Giáo dục và Đào tạo",
        "name_en": "Department of Education and Training",
        "level": 2,
    },
    "so_noi_vu": {
        "name_vi": "Sở Nội vụ",
        "name_en": "Department of Home Affairs",
        "level": 3,
        "places_holds": True,
    },
    "ubnd": {"name_vi": "Ủy ban nhân dân", "name_en": "People's Committee", "level": 4},
}
LANE_NAME = re.compile(r"""<(?:\w+:)?lane\b[^>]*\bname=["']([^"']+)["']""")
# Grants an administrator gives besides the jurisdiction's own roles.
GRANTABLE_BUILTINS = ("unit", "admin", "auditor")


@dataclass(frozen=True)
class RoleView:
    """A role as lists show it: a jurisdiction's own or a built-in lane."""

    key: str
    name_vi: str
    name_en: str
    level: int
    places_holds: bool
    builtin: bool


def _info(role: Role) -> RoleInfo:
    return RoleInfo(role.key, role.name_vi, role.name_en, role.level, role.places_holds)


def jurisdiction_roles(session: Session, jurisdiction_id: str) -> list[Role]:
    """The jurisdiction's own roles, lowest level first."""
    stmt = select(Role).where(Role.jurisdiction_id == jurisdiction_id)
    return list(session.scalars(stmt.order_by(Role.level, Role.key)))


def role_infos(session: Session, jurisdiction_id: str) -> list[RoleInfo]:
    return [_info(role) for role in jurisdiction_roles(session, jurisdiction_id)]


def levels_of(session: Session, jurisdiction_id: str) -> dict[str, int]:
    """Every lane the jurisdiction's chain may use, with its level (built-ins included)."""
    return lane_levels(role_infos(session, jurisdiction_id))


def find_role(session: Session, jurisdiction_id: str, key: str) -> Role | None:
    stmt = select(Role).where(Role.jurisdiction_id == jurisdiction_id, Role.key == key)
    return session.scalar(stmt)


def is_grantable(session: Session, jurisdiction_id: str, key: str) -> bool:
    """A role an administrator may grant in the jurisdiction (national ones never)."""
    return key in GRANTABLE_BUILTINS or find_role(session, jurisdiction_id, key) is not None


def hold_roles(session: Session, jurisdiction_id: str) -> set[str]:
    """X2: the roles whose holders place and clear holds here, besides `admin`."""
    stmt = select(Role.key).where(
        Role.jurisdiction_id == jurisdiction_id, Role.places_holds.is_(True)
    )
    return {"admin", *session.scalars(stmt)}


def role_names(session: Session) -> dict[str, tuple[str, str]]:
    """(Vietnamese, English) name of every role key (a key two jurisdictions share takes
    the lowest jurisdiction's name), for labels that only know the key."""
    names = dict(BUILTIN_NAMES)
    stmt = select(Role).order_by(Role.jurisdiction_id.desc())
    for role in session.scalars(stmt):
        names[role.key] = (role.name_vi, role.name_en)
    return names


def _view(role: Role) -> RoleView:
    return RoleView(role.key, role.name_vi, role.name_en, role.level, role.places_holds, False)


def _views(roles: Iterable[Role]) -> list[RoleView]:
    own = [_view(r) for r in roles]
    builtin = [
        RoleView(key, *BUILTIN_NAMES[key], level, False, True)
        for key, level in BUILTIN_LEVELS.items()
    ]
    return sorted(own + builtin, key=lambda v: (v.level, v.key))


def _jurisdiction(ctx: ServiceContext, jurisdiction_id: str) -> str:
    if ctx.session.get(Jurisdiction, jurisdiction_id) is None:
        raise NotFound()
    return jurisdiction_id


def list_roles(ctx: ServiceContext, jurisdiction_id: str) -> list[RoleView]:
    """The lanes a chain of the jurisdiction may name: its own roles and the built-in lanes;
    readable by anyone holding a grant there (or a national one)."""
    _jurisdiction(ctx, jurisdiction_id)
    grants = ctx.actor.grants if ctx.actor else frozenset()
    if not any(g.jurisdiction_id in (None, jurisdiction_id) for g in grants):
        raise NotAllowed("roles_not_visible", jurisdiction=jurisdiction_id)
    return _views(jurisdiction_roles(ctx.session, jurisdiction_id))


def _require_admin(ctx: ServiceContext, jurisdiction_id: str) -> None:
    _jurisdiction(ctx, jurisdiction_id)
    if ctx.actor is None or jurisdiction_id not in ctx.actor.administered_jurisdictions():
        raise NotAllowed("not_jurisdiction_admin", jurisdiction=jurisdiction_id)


def _data(role: Role) -> dict:
    return {
        "name_vi": role.name_vi,
        "name_en": role.name_en,
        "level": role.level,
        "places_holds": role.places_holds,
    }


def create_role(
    ctx: ServiceContext,
    jurisdiction_id: str,
    key: str,
    name_vi: str,
    name_en: str,
    level: int,
    places_holds: bool = False,
) -> RoleView:
    """A new reviewing role of the jurisdiction, to grant and to name lanes after."""
    _require_admin(ctx, jurisdiction_id)
    check_role(key, name_vi, name_en, level)
    if find_role(ctx.session, jurisdiction_id, key) is not None:
        raise Conflict("role_exists", role=key, jurisdiction=jurisdiction_id)
    role = Role(
        jurisdiction_id=jurisdiction_id,
        key=key,
        name_vi=name_vi.strip(),
        name_en=name_en.strip(),
        level=level,
        places_holds=places_holds,
        created_at=ctx.now,
    )
    ctx.session.add(role)
    ctx.session.flush()
    record_change(ctx, jurisdiction_id, "role", key, None, _data(role))
    return _view(role)


def update_role(
    ctx: ServiceContext, jurisdiction_id: str, key: str, changes: Mapping[str, object]
) -> RoleView:
    """Rename a role, move its level or change whether it places holds; its key (what
    grants and lanes name) stays."""
    _require_admin(ctx, jurisdiction_id)
    role = find_role(ctx.session, jurisdiction_id, key)
    if role is None:
        raise NotFound()
    before = _data(role)
    after = {**before, **{k: v for k, v in changes.items() if k in before and v is not None}}
    check_role(key, str(after["name_vi"]), str(after["name_en"]), after["level"])
    role.name_vi, role.name_en = str(after["name_vi"]).strip(), str(after["name_en"]).strip()
    role.level, role.places_holds = int(after["level"]), bool(after["places_holds"])
    record_change(ctx, jurisdiction_id, "role", key, before, _data(role))
    return _view(role)


def sync_declared_roles(
    session: Session,
    jurisdiction_id: str,
    declared: Iterable[Mapping],
    now,
    update: bool = True,
) -> list[str]:
    """Create the roles a bundled model declares (`model.json` "roles") and, with `update`,
    set the existing ones to what it says; built-in keys are skipped, roles it does not name
    are left alone. Returns the keys it wrote."""
    written = []
    for entry in declared:
        key = entry.get("key", "")
        if key in BUILTIN_ROLES:
            continue
        name_vi, name_en = entry.get("name_vi", ""), entry.get("name_en", "")
        level, holds = entry.get("level"), bool(entry.get("places_holds", False))
        try:
            check_role(key, name_vi, name_en, level)
        except Invalid as error:
            raise Invalid("model_role_invalid", role=key, details=error.details) from error
        role = find_role(session, jurisdiction_id, key)
        if role is None:
            role = Role(jurisdiction_id=jurisdiction_id, key=key, created_at=now)
            session.add(role)
        elif not update:
            continue
        role.name_vi, role.name_en, role.level, role.places_holds = name_vi, name_en, level, holds
        written.append(key)
    session.flush()
    return written


def bundle_roles(declared: Iterable[Mapping], files: Mapping[str, str]) -> list[Mapping]:
    """The roles a bundled model brings: those its `model.json` declares, or, if it declares
    none, the legacy roles (LEGACY_ROLES) its BPMN lanes name."""
    declared = list(declared)
    if declared:
        return declared
    lanes = {name for content in files.values() for name in LANE_NAME.findall(content)}
    return [{"key": key, **LEGACY_ROLES[key]} for key in sorted(lanes & LEGACY_ROLES.keys())]


def regrant(session: Session, regrants: Iterable[tuple[str, str, str, str]]) -> None:
    """Move demo users granted before issue 17 to their office's role: each (username,
    jurisdiction, old role, new role) held under the old key is renamed; a user already
    holding the new one, or not the old one, is left as is (idempotent)."""
    for username, jurisdiction_id, old, new in regrants:
        user = session.scalar(select(User).where(User.username == username))
        if user is None or any(
            g.role == new and g.jurisdiction_id == jurisdiction_id for g in user.grants
        ):
            continue
        for grant in user.grants:
            if grant.role == old and grant.jurisdiction_id == jurisdiction_id:
                grant.role = new
    session.flush()
