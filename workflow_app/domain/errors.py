"""Errors a use case can end with; the API maps each to its HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base: a message for people and optional details naming fields or documents."""

    code = "error"

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


class NotFound(DomainError):
    """Unknown, or not visible to this user (we never reveal which)."""

    code = "not_found"


class NotAllowed(DomainError):
    """The user's roles or jurisdiction do not allow this."""

    code = "forbidden"


class Conflict(DomainError):
    """The request clashes with the current state (already completed, duplicate, on hold)."""

    code = "conflict"


class Invalid(DomainError):
    """The content is well-formed but breaks a rule; details name each field or document."""

    code = "invalid"
