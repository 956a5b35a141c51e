"""Refusals a use case can end with: a stable code and its parameters, never a sentence.

The edges (api/, web/) turn a code and its parameters into Vietnamese or English text and an
HTTP status through one catalogue (`workflow_app/messages`). A refusal raised here or in a
service names its code, for example `Invalid("invalid_round", round="annual-20x")`, or is one
of the named refusals below (`TaskOnHold(task=...)`). Field problems inside `details` are
`FieldProblem`s, rendered the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field, as a code (`required`, `too_long`...) and parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.code


def problem(code: str, **params: Any) -> FieldProblem:
    """A field problem: `problem("too_long", max=200)`."""
    return FieldProblem(code, params)


REQUIRED = problem("required")


class DomainError(Exception):
    """Base refusal: `code` names it in the catalogue; `params` fill its message;
    `details` (field problems, ids, counts) go to the client as they are."""

    code = "error"

    def __init__(self, code: str | None = None, /, *, details: dict | None = None, **params):
        self.code = code or type(self).code
        self.params = params
        self.details = dict(details or {})
        super().__init__(self.code, params)

    def __str__(self) -> str:
        return f"{self.code} {self.params}" if self.params else self.code


class NotFound(DomainError):
    """Unknown, or not visible to this user (we never reveal which)."""

    code = "not_found"


class NotAllowed(DomainError):
    """The user's roles or jurisdiction do not allow this."""

    code = "forbidden"


class NotSignedIn(DomainError):
    """No valid session or token."""

    code = "unauthenticated"


class Conflict(DomainError):
    """The request clashes with the current state (already completed, duplicate, on hold)."""

    code = "conflict"


class Invalid(DomainError):
    """The content is well-formed but breaks a rule; details name each field or document."""

    code = "invalid"


class TooLarge(DomainError):
    """An upload or body over the allowed size."""

    code = "payload_too_large"


class Unavailable(DomainError):
    """The database cannot be reached or is busy: nothing was done; try again shortly."""

    code = "service_unavailable"

    def __init__(self, retry_after: int = 5):
        super().__init__(retry_after=retry_after)


class StorageFull(DomainError):
    """The upload folder's disk is full: the document was not kept."""

    code = "storage_full"


# The refusals CONTRACT.md names, as classes so callers can catch them by meaning.


class TaskCompleted(Conflict):
    """The task was already completed (or cancelled) by someone or something else."""

    code = "task_completed"


class TaskOnHold(Conflict):
    """X2: the dossier's nominee is on hold; its tasks wait until the hold is cleared."""

    code = "task_on_hold"


class RoundClosed(Conflict):
    """T1-T3: the round's deadline for this level has passed."""

    code = "round_closed"


class MissingDocuments(Invalid):
    """D1-D4: the dossier lacks required documents (`details.missing_documents`)."""

    code = "missing_documents"


class DuplicateDossier(Conflict):
    """X1: the nominee already has a live dossier for this round and award form."""

    code = "duplicate_dossier"


class NotEligible(Invalid):
    """E1: the jurisdiction's eligibility table refuses this nominee kind, form and round."""

    code = "not_eligible"
