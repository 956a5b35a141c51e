"""Public posting rules (P1-P3) as pure functions: who is posted, for how long, and when a
posted dossier may move on."""

from __future__ import annotations

from datetime import date

import pytest

from workflow_app.domain.errors import Conflict, Invalid
from workflow_app.domain.posting import (
    PostingFacts,
    check_may_move_on,
    check_opening,
    check_resolution,
    is_posted,
    needs_posting,
    posting_ends_on,
    posting_length_days,
)


@pytest.mark.rule("P1")
def test_the_law_posts_a_labour_order_whatever_the_switch_says():
    """Is a Huân chương posted even with the jurisdiction's switch off, and another form
    only when switched on?"""
    assert needs_posting("huan-chuong-lao-dong", False)
    assert not needs_posting("bang-khen-thu-tuong", False)
    assert needs_posting("bang-khen-thu-tuong", True)


@pytest.mark.rule("P1")
def test_ten_working_days_skip_weekends_and_days_off():
    """From Friday 2 Jan 2026: ten working days end Friday 16 Jan; a day off on Wednesday 7
    Jan pushes it to Monday 19 Jan."""
    assert posting_length_days(date(2026, 1, 2)) == 10
    assert posting_ends_on(date(2026, 1, 2), set()) == date(2026, 1, 16)
    assert posting_ends_on(date(2026, 1, 2), {date(2026, 1, 7)}) == date(2026, 1, 19)


@pytest.mark.rule("P1")
def test_the_public_sees_an_open_posting_only_during_its_period():
    start, end = date(2026, 1, 2), date(2026, 1, 16)
    assert is_posted(start, end, "open", end)
    assert not is_posted(start, end, "open", date(2026, 1, 17))
    assert not is_posted(start, end, "open", date(2026, 1, 1))
    assert not is_posted(start, end, "closed", date(2026, 1, 10))


@pytest.mark.rule("P3")
def test_a_dossier_moves_on_only_after_the_period_and_every_comment():
    """Not posted yet, still running, a comment waiting: each refused with its own code."""
    end = date(2026, 1, 16)
    cases = [
        (PostingFacts(None, None, 0), date(2026, 2, 1), "posting_required"),
        (PostingFacts(1, end, 0), end, "posting_open"),
        (PostingFacts(1, end, 2), date(2026, 1, 17), "posting_comments_unresolved"),
    ]
    for facts, today, code in cases:
        with pytest.raises(Conflict) as refused:
            check_may_move_on(facts, today)
        assert refused.value.code == code
    check_may_move_on(PostingFacts(1, end, 0), date(2026, 1, 17))
    check_may_move_on(PostingFacts(1, end, 0, closed=True), end)


@pytest.mark.rule("P2")
def test_a_comment_is_resolved_once_and_with_a_reason():
    assert check_resolution("dismissed", " Không có căn cứ ", None) == "Không có căn cứ"
    with pytest.raises(Invalid):
        check_resolution("dismissed", "  ", None)
    with pytest.raises(Invalid):
        check_resolution("ignored", "x", None)
    with pytest.raises(Conflict):
        check_resolution("hold", "x", "dismissed")


@pytest.mark.rule("P1")
def test_a_posting_cannot_start_before_its_candidates_were_put_forward():
    today = date(2026, 1, 10)
    check_opening(today, [date(2026, 1, 9)], today)
    with pytest.raises(Invalid):
        check_opening(date(2026, 1, 8), [date(2026, 1, 9)], today)
    with pytest.raises(Invalid):
        check_opening(date(2026, 3, 1), [date(2026, 1, 9)], today)
