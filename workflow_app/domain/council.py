"""Checks on a council vote record that JSON Schema cannot express across fields."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import FieldProblem, problem

# The vote fields of the council steps: a unit's (and Đồng Nai's, Sở Nội vụ's councils) and,
# beside it in the same workflow data, the HCMC sector council's (issue 17: recorded there too).
VOTE_PREFIXES = ("", "sector_")


def vote_record_errors(data: Mapping) -> dict[str, FieldProblem]:
    """Name each impossible count: more present, or more votes, than members.

    Votes may exceed those present: absent members send written opinions.
    """
    errors: dict[str, FieldProblem] = {}
    for prefix in VOTE_PREFIXES:
        names = (f"{prefix}members_total", f"{prefix}members_present", f"{prefix}votes_for")
        total, present, votes = (data.get(k) for k in names)
        if isinstance(total, int) and isinstance(present, int) and present > total:
            errors[names[1]] = problem("present_over_total")
        if isinstance(total, int) and isinstance(votes, int) and votes > total:
            errors[names[2]] = problem("votes_over_total")
    return errors
