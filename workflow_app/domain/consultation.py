"""C2 (Sở GDĐT consults the relevant agencies) and C6 (the Central Committee returns an
ineligible dossier in writing within 5 working days), as pure rules.

C2: one task per consulted agency, each with its due date; an agency that has not answered
by then is recorded as "no opinion" (the timers runner closes its task) so the appraisal
never waits for ever. C6: the return is a duty of the Central Committee with a time limit,
not a right that lapses: a late written return is still a return (refusing it would push an
ineligible dossier on to the Prime Minister), so it is accepted and flagged late.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .errors import Invalid, problem

# The BPMN property of a multi-instance task whose open instances the timers runner closes
# at their due date, and the form data it completes them with (C2: no answer in time).
ON_DUE = "on_due"
NO_OPINION = "no_opinion"
TIMED_OUT = {"agency_opinion": None, "timed_out": True}
# C6: the BPMN property of the central appraisal holding the return limit (working days).
RETURN_DUE_DAYS = "return_due_days"


def instance_label(forms: Mapping[str, Mapping], key: str) -> str | None:
    """The name of the option `key` that a reviewer picked in a list field of one of the
    model's forms (C2: the agency's name for its consultation task)."""
    for schema in forms.values():
        for field in (schema.get("properties") or {}).values():
            if not isinstance(field, Mapping) or field.get("type") != "array":
                continue
            for option in (field.get("items") or {}).get("oneOf", []):
                if option.get("const") == key:
                    return option.get("title") or key
    return None


def instance_title(title: str, label: str | None) -> str:
    """A multi-instance task's inbox title: the step's, then which instance it is."""
    return f"{title}: {label}" if label else title


@dataclass(frozen=True)
class AgencyOpinion:
    """One consulted agency's answer as later levels read it (C2)."""

    agency: str
    title: str
    opinion: str | None  # agree, agree_with_notes, disagree; None: no answer in time
    letter_number: str | None
    letter_date: str | None
    content: str | None
    due_at: datetime | None
    answered_at: datetime | None
    timed_out: bool
    open: bool  # still waiting for the answer


def opinion_of(key: str, title: str, state: str, data: Mapping | None, due_at, done_at):
    """An agency's opinion from its task: its form data, or "no answer" when it timed out."""
    data = data or {}
    return AgencyOpinion(
        agency=key,
        title=title,
        opinion=data.get("agency_opinion"),
        letter_number=data.get("letter_number"),
        letter_date=data.get("letter_date"),
        content=data.get("content"),
        due_at=due_at,
        answered_at=done_at,
        timed_out=bool(data.get("timed_out")),
        open=state != "completed",
    )


def check_return_letter(letter_date: str | None, received: datetime, today: date) -> None:
    """C6: a written return is dated between the day the Central Committee received the
    dossier and today (422 `return_letter_date_invalid` otherwise)."""
    if not letter_date:
        return
    try:
        day = date.fromisoformat(letter_date)
    except ValueError:
        return  # the form's own `format: date` check names it
    if not received.date() <= day <= today:
        raise Invalid(
            "return_letter_date_invalid",
            received=received.date().isoformat(),
            details={"return_letter_date": problem("outside_receipt_and_today")},
        )


def return_is_late(returned_at: datetime, return_by: datetime) -> bool:
    """C6: returned after the 5 working days from receipt (flagged, not refused)."""
    return returned_at > return_by
