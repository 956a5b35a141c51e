"""Nominee identity (domain/nominee.py, E2): which fields fit which kind, and their values."""

from __future__ import annotations

import pytest

from workflow_app.domain.errors import Invalid, problem
from workflow_app.domain.nominee import (
    Identity,
    check_identity,
    identity_problems,
    normalised_citizen_id,
)


@pytest.mark.rule("E2")
def test_an_individual_with_sex_and_a_twelve_digit_citizen_id_is_fine():
    """E2: are a sex and a 12-digit citizen id accepted for an individual?"""
    check_identity("individual", Identity(sex="male", citizen_id="001099012345"))
    check_identity("individual", Identity())  # both may be left out (rows from before E2)


@pytest.mark.rule("E2")
@pytest.mark.parametrize("citizen_id", ["12345", "0010990123456", "00109901234x", "００１"])
def test_a_citizen_id_that_is_not_twelve_digits_is_refused(citizen_id):
    """E2: is anything but exactly 12 ASCII digits refused, naming the field?"""
    with pytest.raises(Invalid) as refused:
        check_identity("individual", Identity(citizen_id=citizen_id))
    assert refused.value.code == "invalid_nominee"
    assert refused.value.details == {"citizen_id": problem("citizen_id_digits", digits=12)}


@pytest.mark.rule("E2")
def test_spaces_in_a_typed_citizen_id_are_not_part_of_it():
    """E2: is `079 203 001 234` the same id as `079203001234`, and a blank one none?"""
    assert normalised_citizen_id(" 079 203 001 234 ") == "079203001234"
    assert normalised_citizen_id("   ") is None


@pytest.mark.rule("E2")
def test_each_kind_carries_only_its_own_fields():
    """E2, S3: are a collective's counts refused on an individual and a citizen id on a
    collective, and both on households and clans?"""
    assert identity_problems("individual", Identity(staff_total=3)) == {
        "staff_total": problem("only_collectives")
    }
    assert identity_problems("collective", Identity(sex="female")) == {
        "sex": problem("only_individuals")
    }
    assert set(identity_problems("clan", Identity(citizen_id="001099012345", women_total=1))) == {
        "citizen_id",
        "women_total",
    }


@pytest.mark.rule("E2")
def test_women_are_counted_among_the_staff():
    """S3's data: may a collective count more women than staff? (no; equal is fine)"""
    check_identity("collective", Identity(staff_total=30, women_total=30))
    assert identity_problems("collective", Identity(staff_total=30, women_total=31)) == {
        "women_total": problem("women_over_staff", staff=30)
    }
    assert identity_problems("collective", Identity(sex="other")) == {
        "sex": problem("only_individuals")
    }
    assert identity_problems("individual", Identity(sex="other")) == {
        "sex": problem("one_of", choices=("female", "male"))
    }
