"""M1's pure rules: who may merge into whom, and how two jurisdictions' caps and deadlines
combine."""

from __future__ import annotations

from datetime import datetime

import pytest

from workflow_app.domain.errors import Conflict, Invalid
from workflow_app.domain.reorganisation import (
    check_merge,
    check_retirement,
    check_unit_active,
    combined_cap,
    combined_deadline,
)

pytestmark = pytest.mark.rule("M1")


def test_caps_add_up_and_no_limit_stays_no_limit():
    """Are two caps summed, a cap only the merged side had carried as it was, and does a side
    with no limit leave the merged area without one?"""
    assert combined_cap(2, True, 1) == 3
    assert combined_cap(None, False, 4) == 4
    assert combined_cap(None, True, 4) is None
    assert combined_cap(2, True, None) is None


def test_the_later_deadline_holds():
    """T5: does a moved dossier keep at least the time it had?"""
    early, late = datetime(2025, 5, 31, 17), datetime(2025, 6, 30, 17)
    assert combined_deadline(early, late) == late
    assert combined_deadline(late, early) == late
    assert combined_deadline(None, early) == early


def test_a_jurisdiction_merges_once_into_an_active_other():
    """Is a merge into itself invalid, and one from or into a merged jurisdiction refused?"""
    check_merge("soc-trang", "active", "can-tho", "active")
    with pytest.raises(Invalid):
        check_merge("hcm", "active", "hcm", "active")
    with pytest.raises(Conflict):
        check_merge("soc-trang", "merged", "can-tho", "active")
    with pytest.raises(Conflict):
        check_merge("hau-giang", "active", "soc-trang", "merged")


def test_a_unit_retires_once_into_an_active_unit_of_its_jurisdiction():
    """Is a second retirement refused, and a successor that is retired, itself, or elsewhere
    invalid; does a retired unit nominate nothing?"""
    check_retirement("quan-1", None, "phuong-sai-gon", False, True)
    with pytest.raises(Conflict):
        check_retirement("quan-1", "phuong-sai-gon", "phuong-ben-thanh", False, True)
    for successor, retired, same in (
        ("quan-1", False, True),
        ("x", True, True),
        ("y", False, False),
    ):
        with pytest.raises(Invalid):
            check_retirement("quan-1", None, successor, retired, same)
    with pytest.raises(Conflict):
        check_unit_active("quan-1", True, "phuong-sai-gon")
