"""Every API error as JSON {error: {code, message, details}}: status and text come from the
one catalogue (workflow_app/messages), in the caller's language."""

from __future__ import annotations

from flask import current_app, jsonify
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError
from ..messages import details_for, message_for, status_for, text_for
from ..messages.catalogue import HTTP_CODES
from . import bp


def error_response(code: str, message: str | None = None, details: dict | None = None):
    """The JSON error body for `code` with the catalogue's status."""
    body = {"error": {"code": code, "message": message or text_for(code), "details": details or {}}}
    return jsonify(body), status_for(code)


def refusal_response(error: DomainError):
    if status_for(error.code) >= 500:
        current_app.logger.error("step failed; the transaction was rolled back: %s", error)
    response, status = error_response(error.code, message_for(error), details_for(error))
    return with_retry_after(response, error), status


def with_retry_after(response, error: DomainError):
    """429 and 503 say when to try again (seconds), as HTTP clients and proxies expect."""
    retry_after = error.params.get("retry_after")
    if retry_after is not None:
        response.headers["Retry-After"] = str(int(retry_after))
    return response


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    return refusal_response(error)


@bp.errorhandler(ValidationError)
def _schema_error(error: ValidationError):
    return error_response("invalid", details={"fields": error.messages})


def http_error_response(error: HTTPException):
    """404/405/413 and friends, as JSON, for /api paths (also those raised before routing)."""
    code = HTTP_CODES.get(error.code or 500, "error")
    if code == "payload_too_large":
        mb = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return error_response(code, text_for(code, mb=mb), {"max_mb": mb})
    if code == "error":
        return jsonify({"error": {"code": code, "message": error.description, "details": {}}}), (
            error.code or 500
        )
    return error_response(code)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return http_error_response(error)
