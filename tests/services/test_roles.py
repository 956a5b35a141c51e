"""Issue 17: where a jurisdiction's roles come from (a bundle's model.json, or the old names
its lanes use), and how demo users granted before it move to their office's role."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from workflow_app.domain.errors import Invalid
from workflow_app.persistence.models import User
from workflow_app.services.roles import (
    bundle_roles,
    jurisdiction_roles,
    regrant,
    sync_declared_roles,
)

NOW = datetime(2025, 5, 5)
COUNCIL = {"key": "hoi_dong_so", "name_vi": "Hội đồng", "name_en": "Council", "level": 3}


def test_a_bundle_without_roles_brings_the_old_roles_its_lanes_name():
    """Does a model.json with no "roles" get only the old national roles its lanes use?"""
    bpmn = '<bpmn:lane id="a" name="unit"/><bpmn:lane id="b" name="so_noi_vu"/>'
    found = bundle_roles([], {"award_chain.bpmn": bpmn})
    assert [(r["key"], r["level"], r.get("places_holds")) for r in found] == [
        ("so_noi_vu", 3, True)
    ]
    assert bundle_roles([COUNCIL], {"award_chain.bpmn": bpmn}) == [COUNCIL]


def test_declared_roles_are_created_and_an_admins_rename_survives_a_reimport(db):
    """Are declared roles created (built-in keys skipped), and is an existing role left as
    the administrator named it when the bundle did not change (update=False)?"""
    with db.unit_of_work() as session:
        written = sync_declared_roles(session, "dong-nai", [COUNCIL, {"key": "unit"}], NOW)
        assert written == ["hoi_dong_so"]
        role = next(r for r in jurisdiction_roles(session, "dong-nai") if r.key == "hoi_dong_so")
        role.name_vi = "Hội đồng TĐKT Sở"
        sync_declared_roles(session, "dong-nai", [COUNCIL], NOW, update=False)
        assert role.name_vi == "Hội đồng TĐKT Sở"
        sync_declared_roles(session, "dong-nai", [COUNCIL], NOW)
        assert role.name_vi == "Hội đồng"


def test_a_badly_declared_role_is_refused_naming_it(db):
    with db.unit_of_work() as session, pytest.raises(Invalid) as refused:
        sync_declared_roles(session, "dong-nai", [{**COUNCIL, "level": 1}], NOW)
    assert (refused.value.code, refused.value.params["role"]) == (
        "model_role_invalid",
        COUNCIL["key"],
    )


def test_a_demo_user_moves_to_the_office_role_once(db):
    """Does a user still granted an old role in the jurisdiction move to the new one, and does
    running it again change nothing?"""
    moves = [("hcm-snv", "hcm", "so_noi_vu", "ban_tdkt")]
    with db.unit_of_work() as session:
        regrant(session, moves)
        regrant(session, moves)
        user = session.scalar(select(User).where(User.username == "hcm-snv"))
        assert [(g.role, g.jurisdiction_id) for g in user.grants] == [("ban_tdkt", "hcm")]
