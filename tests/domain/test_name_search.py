"""Issue 15: names compared as reviewers type them, and counts that stop at a cap."""

from __future__ import annotations

import pytest

from workflow_app.domain.name_search import COUNT_CAP, CappedCount, fold_name


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Trần Văn Minh", "tran van minh"),
        ("tran van minh", "tran van minh"),
        ("  TRẦN   văn\tMinh ", "tran van minh"),
        ("Đặng Đức Đạt", "dang duc dat"),
        ("Nguyễn Thị Ngọc Hương", "nguyen thi ngoc huong"),
        ("Trường THPT Lê Quý Đôn", "truong thpt le quy don"),
        ("Lê Văn Ư", "le van u"),
        ("", ""),
    ],
)
def test_names_are_folded_without_accents_or_case(typed, folded):
    """Does a name typed with or without Vietnamese accents fold to the same text?"""
    assert fold_name(typed) == folded


def test_decomposed_input_folds_like_composed():
    """Does a name pasted in decomposed Unicode (NFD) match the composed one?"""
    import unicodedata

    assert fold_name(unicodedata.normalize("NFD", "Phạm Thị Hồng")) == "pham thi hong"


def test_counts_stop_at_the_cap():
    """Is a count up to the cap shown as is, and one past it shown as "more"?"""
    assert CappedCount.of(7) == CappedCount(7, False)
    assert CappedCount.of(COUNT_CAP) == CappedCount(COUNT_CAP, False)
    assert CappedCount.of(COUNT_CAP + 1) == CappedCount(COUNT_CAP, True)
