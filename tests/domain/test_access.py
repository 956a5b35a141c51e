"""Who may act and read (domain/access.py): pure rules over a user's grants, no database."""

from __future__ import annotations

import pytest

from workflow_app.domain.access import Actor, Grant


def actor(*grants: Grant) -> Actor:
    return Actor(1, "someone", frozenset(grants))


UNIT = Grant("unit", "hcm", "hcm-thpt-le-quy-don")
SO_GDDT = Grant("so_gddt", "hcm")
CENTRAL = Grant("central", None)


@pytest.mark.rule("X3")
def test_a_unit_acts_only_for_the_unit_it_manages():
    """X3: may a unit's user act in the unit lane of its own school, and never of another's?"""
    user = actor(UNIT)
    assert user.may_act_in_lane("unit", "hcm", "hcm-thpt-le-quy-don")
    assert not user.may_act_in_lane("unit", "hcm", "hcm-thpt-other")
    assert not user.may_act_in_lane("unit", "dong-nai", "hcm-thpt-le-quy-don")


@pytest.mark.rule("X3")
def test_a_reviewer_acts_only_in_their_lane_and_jurisdiction():
    """Does a Sở GDĐT reviewer of HCMC act on HCMC's Sở GDĐT steps only?"""
    user = actor(SO_GDDT)
    assert user.may_act_in_lane("so_gddt", "hcm", "hcm-thpt-le-quy-don")
    assert not user.may_act_in_lane("so_noi_vu", "hcm", None)
    assert not user.may_act_in_lane("so_gddt", "dong-nai", None)


def test_a_national_grant_covers_every_jurisdiction():
    """Does the central level's reviewer act on the central step of every province?"""
    user = actor(CENTRAL)
    assert user.may_act_in_lane("central", "hcm", None)
    assert user.may_act_in_lane("central", "dong-nai", None)


def test_a_unit_sees_its_own_dossiers_even_as_drafts():
    """Does a unit read its own draft, while another unit of the province does not?"""
    assert actor(UNIT).may_read_dossier("hcm", "hcm-thpt-le-quy-don", "draft", False)
    other = actor(Grant("unit", "hcm", "hcm-thpt-other"))
    assert not other.may_read_dossier("hcm", "hcm-thpt-le-quy-don", "in_progress", False)


def test_reviewers_see_a_dossier_only_once_it_is_submitted():
    """Is a draft hidden from Sở GDĐT until the unit submits it?"""
    reviewer = actor(SO_GDDT)
    assert not reviewer.may_read_dossier("hcm", "hcm-thpt-le-quy-don", "draft", False)
    assert reviewer.may_read_dossier("hcm", "hcm-thpt-le-quy-don", "in_progress", False)
    assert not reviewer.may_read_dossier("dong-nai", "dn-unit", "in_progress", False)


def test_the_central_level_sees_only_what_reached_it():
    """Does the central level read a dossier only once it has reached the central step?"""
    central = actor(CENTRAL)
    assert not central.may_read_dossier("hcm", "hcm-thpt-le-quy-don", "in_progress", False)
    assert central.may_read_dossier("hcm", "hcm-thpt-le-quy-don", "approved", True)


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_admins_and_auditors_see_every_dossier_of_their_jurisdiction(role):
    """Do an admin and an auditor read every HCMC dossier, drafts too, and none of Đồng Nai?"""
    user = actor(Grant(role, "hcm"))
    assert user.may_read_dossier("hcm", "hcm-thpt-le-quy-don", "draft", False)
    assert not user.may_read_dossier("dong-nai", "dn-unit", "approved", True)


def test_a_national_admin_grant_administers_no_jurisdiction():
    """Can only a province's own admin change its models, settings and users?"""
    user = actor(Grant("admin", None), Grant("admin", "hcm"), Grant("admin", "can-tho"))
    assert user.administered_jurisdictions() == {"hcm", "can-tho"}
    assert actor(Grant("admin", None)).administered_jurisdictions() == set()


def test_the_units_a_user_manages_are_those_of_their_unit_grants():
    """Does a user with two unit grants manage both units, and a reviewer none?"""
    other = Grant("unit", "hcm", "hcm-thpt-other")
    assert actor(UNIT, other, SO_GDDT).unit_ids() == {"hcm-thpt-le-quy-don", "hcm-thpt-other"}
    assert actor(SO_GDDT).unit_ids() == set()
