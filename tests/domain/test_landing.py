"""Where each role lands, and which lanes come before a reviewer's own (issue 18)."""

from workflow_app.domain.landing import home_for, lanes_before


def test_each_role_lands_where_its_work_is():
    """Does an auditor land on Kiểm tra, an administrator on Quản trị, and anyone with a lane
    (even one who also audits) on the inbox?"""
    assert home_for(["auditor"]) == "audit"
    assert home_for(["admin"]) == "admin"
    assert home_for(["admin", "auditor"]) == "admin"
    assert home_for(["so_gddt", "auditor"]) == "inbox"
    assert home_for(["unit"]) == "inbox"
    assert home_for([]) == "inbox"


def test_lanes_before_a_level():
    """Are the lanes of a lower level the ones whose dossiers will reach this lane?"""
    order = {"unit": 0, "so_gddt": 2, "so_noi_vu": 3, "ubnd": 4}
    assert lanes_before(order, "ubnd") == {"unit", "so_gddt", "so_noi_vu"}
    assert lanes_before(order, "unit") == set()
    assert lanes_before(order, "unknown") == set()
