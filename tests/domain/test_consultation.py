"""C2 and C6 as pure rules: naming a consultation task, dating a written return."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workflow_app.domain.consultation import (
    check_return_letter,
    instance_label,
    instance_title,
    return_is_late,
)
from workflow_app.domain.errors import Invalid

FORMS = {
    "appraisal.schema.json": {
        "properties": {
            "decision": {"type": "string", "oneOf": [{"const": "cong_an", "title": "Nope"}]},
            "consulted_agencies": {
                "type": "array",
                "items": {"oneOf": [{"const": "cong_an", "title": "Công an Thành phố"}]},
            },
        }
    }
}
RECEIVED = datetime(2025, 9, 1, 9, 0)


@pytest.mark.rule("C2")
def test_a_consultation_task_is_named_after_the_agency_picked_from_the_list():
    """C2: is an agency's task titled with the name its list option gives it (never with a
    single-choice field's option of the same value)?"""
    label = instance_label(FORMS, "cong_an")
    assert label == "Công an Thành phố"
    assert instance_title("Ý kiến", label) == "Ý kiến: Công an Thành phố"
    assert instance_title("Ý kiến", instance_label(FORMS, "unknown")) == "Ý kiến"


@pytest.mark.rule("C6")
@pytest.mark.parametrize("letter", ["2025-09-01", "2025-09-10", None])
def test_a_return_letter_dated_from_receipt_to_today_is_accepted(letter):
    check_return_letter(letter, RECEIVED, date(2025, 9, 10))


@pytest.mark.rule("C6")
@pytest.mark.parametrize("letter", ["2025-08-31", "2025-09-11"])
def test_a_return_letter_dated_before_receipt_or_in_the_future_is_refused(letter):
    with pytest.raises(Invalid) as refused:
        check_return_letter(letter, RECEIVED, date(2025, 9, 10))
    assert refused.value.code == "return_letter_date_invalid"


@pytest.mark.rule("C6")
def test_a_return_after_the_limit_is_late():
    by = datetime(2025, 9, 9, 9, 0)
    assert not return_is_late(by, by)
    assert return_is_late(datetime(2025, 9, 9, 9, 1), by)
