"""Checks on a council vote record that JSON Schema cannot express across fields."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import FieldProblem, problem


def vote_record_errors(data: Mapping) -> dict[str, FieldProblem]:
    """Name each impossible count: more present, or more votes, than members.

    Votes may exceed those present: absent members send written opinions.
    """
    errors: dict[str, FieldProblem] = {}
    total, present, votes = (data.get(k) for k in ("members_total", "members_present", "votes_for"))
    if isinstance(total, int) and isinstance(present, int) and present > total:
        errors["members_present"] = problem("present_over_total")
    if isinstance(total, int) and isinstance(votes, int) and votes > total:
        errors["votes_for"] = problem("votes_over_total")
    return errors
