"""A model's files are told apart by their names alone (no database, no engine)."""

from workflow_app.domain.model_files import file_kind


def test_a_model_file_is_known_by_its_extension():
    assert file_kind("hs-thi-dua.bpmn") == "bpmn"
    assert file_kind("muc-khen.dmn") == "dmn"
    assert file_kind("y-kien.schema.json") == "form"
    assert file_kind("ghi-chu.txt") is None
