"""The users use cases: an administrator sees and changes only their own jurisdictions' grants,
and a password never reaches the history."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from tests.factories import add_roles
from workflow_app.domain.errors import Invalid, NotAllowed, NotFound
from workflow_app.persistence.models import SettingChange, User
from workflow_app.services import user_admin
from workflow_app.services.accounts import actor_for, ensure_user
from workflow_app.services.context import ServiceContext
from workflow_app.services.user_admin import GrantSpec

PASSWORD = "mat-khau-du-dai-1"


@pytest.fixture(autouse=True)
def can_tho_roles(db):
    """Issue 17: Cần Thơ's administrator has created the roles these tests grant there."""
    add_roles(db, "can-tho")


@contextmanager
def acting_as(app, db, clock, username: str | None):
    """One use case as `username` (None: the system), committed at the end."""
    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        actor = actor_for(user) if user else None
        yield ServiceContext(session, actor, clock(), app.extensions["workflow_engine"], Path("."))


def add_user(app, db, clock, username: str, grants) -> None:
    with acting_as(app, db, clock, None) as ctx:
        ensure_user(ctx.session, username, "Người dùng thử", PASSWORD, grants, ctx.now)


def test_created_password_is_only_a_hash_and_history_keeps_none(app, db, clock):
    """Is a new user's password stored only hashed, and kept out of the history rows?"""
    with acting_as(app, db, clock, "can-tho-admin") as ctx:
        found = user_admin.create_user(
            ctx, "can-tho-moi", "Người mới", PASSWORD, [GrantSpec("so_gddt", "can-tho")]
        )
        stored = found.user.password_hash
        assert stored != PASSWORD and check_password_hash(stored, PASSWORD)
    with acting_as(app, db, clock, "can-tho-admin") as ctx:
        rows = ctx.session.scalars(
            select(SettingChange).where(SettingChange.subject_key == "can-tho-moi")
        ).all()
        assert [(r.subject, r.jurisdiction_id, r.changed_by) for r in rows] == [
            ("user", "can-tho", "can-tho-admin")
        ]
        assert rows[0].after["grants"] == [
            {"role": "so_gddt", "jurisdiction": "can-tho", "unit": None}
        ]
        assert PASSWORD not in str(rows[0].after) and stored not in str(rows[0].after)


def test_shared_user_shows_only_this_jurisdictions_grants(app, db, clock):
    """Does each admin see only their own grants of a user of two jurisdictions, and may the
    HCMC admin neither lock the shared account nor touch the Cần Thơ grant?"""
    grants = [("so_gddt", "hcm", None), ("so_gddt", "can-tho", None), ("central", None, None)]
    add_user(app, db, clock, "hai-noi", grants)
    with acting_as(app, db, clock, "hcm-admin") as ctx:
        found = user_admin.managed_user(ctx, "hai-noi")
        assert [g.jurisdiction_id for g in found.grants] == ["hcm"] and found.elsewhere == 2
        elsewhere = next(g.id for g in found.user.grants if g.jurisdiction_id == "can-tho")
        national = next(g.id for g in found.user.grants if g.jurisdiction_id is None)
        mine = found.grants[0].id
        for refused in (
            lambda: user_admin.set_active(ctx, "hai-noi", False),
            lambda: user_admin.reset_password(ctx, "hai-noi", "mot-mat-khau-khac"),
            lambda: user_admin.revoke_grant(ctx, "hai-noi", elsewhere),
            lambda: user_admin.revoke_grant(ctx, "hai-noi", national),
        ):
            with pytest.raises(NotAllowed):
                refused()
        user_admin.revoke_grant(ctx, "hai-noi", mine)
        with pytest.raises(NotFound):
            user_admin.managed_user(ctx, "hai-noi")
    with acting_as(app, db, clock, "can-tho-admin") as ctx:
        found = user_admin.managed_user(ctx, "hai-noi")
        assert found.user.active and [g.role for g in found.grants] == ["so_gddt"]
        assert found.elsewhere == 1  # the national grant, counted only


def test_grant_and_revoke_are_in_the_users_history(app, db, clock):
    """Are a grant and its revocation shown in the user's history, newest first?"""
    with acting_as(app, db, clock, "hcm-admin") as ctx:
        grant = user_admin.grant_role(ctx, "hcm-snv", GrantSpec("auditor", "hcm"))
        grant_id = grant.id
    clock.now = clock.now.replace(hour=9)
    with acting_as(app, db, clock, "hcm-admin") as ctx:
        user_admin.revoke_grant(ctx, "hcm-snv", grant_id)
        history = user_admin.user_history(ctx, user_admin.managed_user(ctx, "hcm-snv"))
        assert [(h.action, h.role) for h in history] == [
            ("revoked", "auditor"),
            ("granted", "auditor"),
        ]
        assert history[0].changed_by == "hcm-admin"


def test_a_unit_grant_needs_a_unit_of_that_jurisdiction(app, db, clock):
    """Is a unit grant refused without a unit, or with a unit of a jurisdiction the admin
    does not administer, and a role that does not exist refused?"""
    with acting_as(app, db, clock, "hcm-admin") as ctx:
        with pytest.raises(Invalid) as missing:
            user_admin.grant_role(ctx, "hcm-sgd", GrantSpec("unit", "hcm"))
        assert "unit" in missing.value.details["fields"]
        with pytest.raises(NotAllowed):
            user_admin.grant_role(
                ctx, "hcm-sgd", GrantSpec("unit", "hcm", "can-tho-thpt-chau-van-liem")
            )
        with pytest.raises(Invalid) as unknown:
            user_admin.grant_role(ctx, "hcm-sgd", GrantSpec("giam-doc", "hcm"))
        assert "role" in unknown.value.details["fields"]
        grant = user_admin.grant_role(
            ctx, "hcm-sgd", GrantSpec("unit", "hcm", "hcm-thpt-le-quy-don")
        )
        assert grant.unit_id == "hcm-thpt-le-quy-don"


def test_admin_of_two_jurisdictions_records_each(app, db, clock):
    """Does an admin of two jurisdictions create a user in both, one history row in each?"""
    add_user(app, db, clock, "hai-tinh-admin", [("admin", "hcm", None), ("admin", "can-tho", None)])
    with acting_as(app, db, clock, "hai-tinh-admin") as ctx:
        specs = [GrantSpec("ubnd", "hcm"), GrantSpec("ubnd", "can-tho")]
        found = user_admin.create_user(ctx, "ubnd-chung", "UBND chung", PASSWORD, specs)
        assert found.elsewhere == 0 and len(found.grants) == 2
        rows = ctx.session.scalars(
            select(SettingChange.jurisdiction_id).where(SettingChange.subject_key == "ubnd-chung")
        ).all()
        assert sorted(rows) == ["can-tho", "hcm"]
        assert user_admin.set_active(ctx, "ubnd-chung", False) == []


def test_search_ignores_case_of_vietnamese_letters(app, db, clock):
    """Does searching "SỞ NỘI VỤ" find the Sở Nội vụ reviewer of the admin's jurisdiction?"""
    with acting_as(app, db, clock, "can-tho-admin") as ctx:
        found = [m.user.username for m in user_admin.list_users(ctx, search="SỞ NỘI VỤ")]
        assert "can-tho-snv" in found and "can-tho-sgd" not in found
        # M1: Sóc Trăng's office (and its member) joined Cần Thơ in the demo's merger.
        assert [m.user.username for m in user_admin.list_users(ctx, role="unit")] == [
            "can-tho-unit",
            "soc-trang-unit",
        ]
