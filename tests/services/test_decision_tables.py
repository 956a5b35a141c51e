"""DMN decision tables read as rows and written back: what an administrator edits on the table
page reaches the XML, and nothing else in the file changes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from workflow_app.config import PROJECT_ROOT
from workflow_app.domain.errors import Invalid
from workflow_app.engine.specs import parse_model
from workflow_app.services.decision_tables import Rule, read_tables, write_tables
from workflow_app.services.model_outline import read_outline
from workflow_app.services.process_models import read_bundles

BUNDLES = {b.jurisdiction_id: b for b in read_bundles(Path(PROJECT_ROOT))}
DMN_FILES = [
    (jurisdiction, name)
    for jurisdiction, bundle in sorted(BUNDLES.items())
    for name in sorted(bundle.files)
    if name.endswith(".dmn")
]


def edited_back(xml: str) -> str:
    """The file written twice: one output cell changed, then changed back (both writes go
    through the XML serializer, not the unchanged-file shortcut)."""
    tables = read_tables(xml)
    original = tables[0].rules[0].outputs[0]
    tables[0].rules[0].outputs[0] = '"somewhere-else"'
    changed = write_tables(xml, tables)
    assert changed != xml
    tables[0].rules[0].outputs[0] = original
    return write_tables(changed, tables)


@pytest.mark.parametrize(("jurisdiction", "name"), DMN_FILES)
def test_round_trip_keeps_tables_and_still_builds(jurisdiction, name):
    """Does a bundled DMN file, written back after an edit is undone, compare equal in its
    tables (ids, diagram and all) and still build with SpiffWorkflow?"""
    bundle = BUNDLES[jurisdiction]
    xml = bundle.files[name]
    assert write_tables(xml, read_tables(xml)) == xml
    rewritten = edited_back(xml)
    assert read_tables(rewritten) == read_tables(xml)
    files = {**bundle.files, name: rewritten}
    assert read_outline(files).decisions == read_outline(bundle.files).decisions
    assert "DMNDiagram" in rewritten and rewritten.startswith('<?xml version="1.0"')
    parse_model(files, bundle.process_id)  # raises ModelInvalid if it no longer builds


def test_reads_columns_hit_policy_and_rules():
    """Does the award route table read as one input, one output and a rule per award form?"""
    table = read_tables(BUNDLES["hcm"].files["award_route.dmn"])[0]
    assert (table.decision_id, table.hit_policy) == ("award_route", "UNIQUE")
    assert [(c.label, c.expression) for c in table.inputs] == [
        ("Hình thức khen thưởng", "award_form")
    ]
    assert [c.name for c in table.outputs] == ["last_level"]
    assert table.rules[1].inputs == ['"bang-khen-ubnd"'] and table.rules[1].outputs == ['"ubnd"']
    assert table.rules[1].description.startswith("C5:")


def test_new_rows_get_unique_ids_and_deleted_rows_go():
    """Do two added rows get distinct fresh ids, a deleted row disappear, and a moved row keep
    its id and annotation?"""
    xml = BUNDLES["hcm"].files["council_threshold.dmn"]
    table = read_tables(xml)[0]
    first, _second, default = table.rules
    table.rules = [
        Rule("", ['"bang-khen-ubnd"'], ["60"], "Bằng khen: 60%"),
        default,
        Rule("", ['"giay-khen-so"'], ["55"]),
        first,
    ]
    written = read_tables(write_tables(xml, [table]))[0].rules
    assert [r.outputs[0] for r in written] == ["60", "50", "55", "80"]
    new_ids = {written[0].id, written[2].id}
    assert len(new_ids) == 2 and all(i.startswith("DecisionRule_") for i in new_ids)
    assert written[3] == first and written[0].description == "Bằng khen: 60%"
    assert "council_threshold_huan_chuong_lao_dong" not in {r.id for r in written}


def test_clearing_an_annotation_removes_it():
    """Does emptying a row's note remove its description, leaving the entries?"""
    xml = BUNDLES["hcm"].files["award_route.dmn"]
    tables = read_tables(xml)
    tables[0].rules[0].description = ""
    rule = read_tables(write_tables(xml, tables))[0].rules[0]
    assert rule.description == "" and rule.outputs == ['"so_gddt"']


def test_row_of_wrong_width_and_unsafe_xml_are_refused():
    """Is a row with a missing cell refused, and is a DMN with a DOCTYPE never parsed?"""
    xml = BUNDLES["hcm"].files["award_route.dmn"]
    tables = read_tables(xml)
    tables[0].rules.append(Rule("", [], ['"ubnd"']))
    with pytest.raises(Invalid):
        write_tables(xml, tables)
    doctype = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><definitions>&x;</definitions>'
    with pytest.raises(Invalid):
        read_tables(doctype)


def upload(api, key: str, user: str, files: dict[str, str]):
    parts = [(io.BytesIO(content.encode("utf-8")), name) for name, content in files.items()]
    return api.post(
        f"/process-models/{key}/versions",
        user,
        data={"files": parts},
        content_type="multipart/form-data",
    )


def test_edited_route_table_makes_a_clean_draft_of_a_clone(api):
    """When Cần Thơ's administrator clones HCMC's chain and sends Bằng khen UBND to the
    centre in the route table, is the draft free of problems, and does the compare name
    the route table as changed and nothing else?"""
    body = {"new_key": "can-tho-chain", "jurisdiction": "can-tho"}
    cloned = api.post("/process-models/hcm-award-chain/clone", "can-tho-admin", json=body)
    assert cloned.status_code == 201, cloned.json
    xml = BUNDLES["hcm"].files["award_route.dmn"]
    tables = read_tables(xml)
    tables[0].rules[1].outputs = ['"central"']
    edited = {"award_route.dmn": write_tables(xml, tables)}
    created = upload(api, "can-tho-chain", "can-tho-admin", edited)
    assert created.status_code == 201, created.json
    assert created.json["problems"] == []
    compared = api.get("/process-models/can-tho-chain/compare?from=1&to=2", "can-tho-admin").json
    assert compared["dmn_tables"]["changed"] == ["award_route"]
    assert compared["tasks"]["changed"] == [] and compared["flows"]["changed"] == []
