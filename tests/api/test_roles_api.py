"""Issue 17: a jurisdiction's reviewing roles are its own data. Its administrator creates them
(`POST /roles`), renames them, grants them, and its chain's lanes must name them before a
version is published."""

from __future__ import annotations

import io
from pathlib import Path

HCM_CHAIN = "hcm-award-chain"
ROOT = Path(__file__).resolve().parents[2]
REVIEWER = {"key": "phong_tdkt", "name_vi": "Phòng Thi đua - Khen thưởng", "level": 2}


def new_role(api, admin="bo-y-te-admin", jurisdiction="bo-y-te", **changes):
    body = {**REVIEWER, "name_en": "Emulation Office", "jurisdiction": jurisdiction, **changes}
    return api.post("/roles", admin, json=body)


def test_an_admin_creates_a_role_others_can_read(api):
    """Does a role an administrator creates appear in the jurisdiction's list, for its
    reviewers too, at its level?"""
    created = new_role(api)
    assert created.status_code == 201, created.json
    assert created.json == {
        "key": "phong_tdkt",
        "name_vi": "Phòng Thi đua - Khen thưởng",
        "name_en": "Emulation Office",
        "level": 2,
        "places_holds": False,
        "builtin": False,
    }
    listed = api.get("/roles?jurisdiction=bo-y-te", "bo-y-te-vu-tccb").json["items"]
    assert "phong_tdkt" in [r["key"] for r in listed]


def test_a_role_is_created_once_and_well_formed(api):
    """Is a second role with the same key 409, and a built-in key, a bad key or a level at
    the units' 1 refused field by field?"""
    assert new_role(api).status_code == 201
    again = new_role(api)
    assert (again.status_code, again.json["error"]["code"]) == (409, "role_exists")
    for key in ("admin", "central", "Vụ TCCB"):
        refused = new_role(api, key=key)
        assert refused.status_code == 422, refused.json
        assert "key" in refused.json["error"]["details"]["fields"]
    assert new_role(api, key="cap_mot", level=1).status_code == 422


def test_only_the_jurisdictions_admin_changes_its_roles(api):
    """Is another jurisdiction's administrator refused (403), and a reviewer too?"""
    assert new_role(api, admin="hcm-admin").status_code == 403
    assert new_role(api, admin="bo-y-te-vu-tccb").status_code == 403
    assert api.get("/roles?jurisdiction=bo-y-te", "hcm-sgd").status_code == 403
    assert api.get("/roles?jurisdiction=khong-co", "hcm-admin").status_code == 404


def test_a_role_is_renamed_and_keeps_its_key(api):
    """Can the administrator rename a role and move its level, its grants untouched?"""
    body = {"jurisdiction": "bo-y-te", "name_vi": "Vụ TCCB", "level": 3}
    changed = api.call("PATCH", "/roles/vu_tccb", "bo-y-te-admin", json=body)
    assert changed.status_code == 200, changed.json
    assert (changed.json["name_vi"], changed.json["level"]) == ("Vụ TCCB", 3)
    grants = api.get("/users/bo-y-te-vu-tccb", "bo-y-te-admin").json["grants"]
    assert [g["role"] for g in grants] == ["vu_tccb"]


def test_a_role_is_granted_only_where_it_exists(api):
    """Is a grant of a role the jurisdiction lacks refused (422 naming the role field), and
    the same grant given once the administrator created the role?"""
    grant = {"role": "phong_tdkt", "jurisdiction": "bo-y-te"}
    refused = api.post("/users/bo-y-te-hoi-dong/grants", "bo-y-te-admin", json=grant)
    assert refused.status_code == 422
    assert "role" in refused.json["error"]["details"]["fields"]
    assert new_role(api).status_code == 201
    given = api.post("/users/bo-y-te-hoi-dong/grants", "bo-y-te-admin", json=grant)
    assert given.status_code == 201, given.json
    hcm_role = {"role": "so_gddt", "jurisdiction": "bo-y-te"}  # HCMC's, not the ministry's
    assert (
        api.post("/users/bo-y-te-hoi-dong/grants", "bo-y-te-admin", json=hcm_role).status_code
        == 422
    )


def _clone_hcm_chain(api) -> dict:
    body = {"new_key": "bo-y-te-hcm-copy", "jurisdiction": "bo-y-te"}
    cloned = api.post(f"/process-models/{HCM_CHAIN}/clone", "bo-y-te-admin", json=body)
    assert cloned.status_code == 201, cloned.json
    return cloned.json


def test_publishing_refuses_a_lane_the_jurisdiction_lacks(api):
    """Is HCMC's chain, copied into Bộ Y tế, refused at publish because its lanes name roles
    the ministry does not have (lane_role_missing for each), and published once its
    administrator created them?"""
    _clone_hcm_chain(api)
    path = "/process-models/bo-y-te-hcm-copy/versions/1"
    problems = api.get(path, "bo-y-te-admin").json["problems"]
    missing = {p["params"]["lane"] for p in problems if p["code"] == "lane_role_missing"}
    assert missing == {"so_gddt", "so_noi_vu", "ubnd"}
    refused = api.post(f"{path}/publish", "bo-y-te-admin")
    assert refused.status_code in (409, 422)
    for level, key in enumerate(("so_gddt", "so_noi_vu", "ubnd"), start=5):
        created = new_role(api, key=key, level=level, name_vi=key, name_en=key)
        assert created.status_code == 201, created.json
    published = api.post(f"{path}/publish", "bo-y-te-admin")
    assert published.status_code == 200, published.json


def test_a_lane_below_the_previous_level_is_refused(api):
    """C1-C6 by the jurisdiction's own levels: once Bộ Y tế puts Vụ TCCB above its council,
    does a new version of its chain show Vụ TCCB handing the dossier down?"""
    body = {"jurisdiction": "bo-y-te", "level": 5}
    assert api.call("PATCH", "/roles/vu_tccb", "bo-y-te-admin", json=body).status_code == 200
    folders = (ROOT / "bpmn" / "bo-y-te", ROOT / "forms" / "bo-y-te")
    files = [p for folder in folders for p in sorted(folder.glob("*.*")) if p.name != "model.json"]
    parts = [(io.BytesIO(p.read_bytes()), p.name) for p in files]
    uploaded = api.post(
        "/process-models/bo-y-te-award-chain/versions",
        "bo-y-te-admin",
        data={"files": parts},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 201, uploaded.json
    down = [p for p in uploaded.json["problems"] if p["code"] == "chain_goes_down"]
    assert [p["params"]["lane"] for p in down] == ["vu_tccb"]
