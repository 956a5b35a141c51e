"""Every error as JSON {error: {code, message, details}} with the contract's statuses."""

from __future__ import annotations

from flask import current_app, jsonify
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..domain.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from ..engine.engine import EngineError
from ..services.documents import DocumentTooLarge
from . import bp
from .context import NotSignedIn

STATUS = {NotSignedIn: 401, NotAllowed: 403, NotFound: 404, Conflict: 409, Invalid: 422}


def error_response(status: int, code: str, message: str, details: dict | None = None):
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return jsonify(body), status


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    status = next((code for cls, code in STATUS.items() if isinstance(error, cls)), 400)
    return error_response(status, error.code, error.message, error.details)


@bp.errorhandler(ValidationError)
def _schema_error(error: ValidationError):
    return error_response(
        422, "invalid", "Dữ liệu gửi lên chưa hợp lệ.", {"fields": error.messages}
    )


@bp.errorhandler(StaleDataError)
def _stale_write(error: StaleDataError):
    """Optimistic locking: someone else's step committed first; nothing of ours was kept."""
    return error_response(409, "conflict", "Hồ sơ vừa được người khác xử lý; hãy tải lại.")


@bp.errorhandler(IntegrityError)
def _integrity(error: IntegrityError):
    """A uniqueness the database enforces (one live dossier, one history seq) lost a race."""
    current_app.logger.info("integrity conflict: %s", error.orig)
    return error_response(
        409, "conflict", "Thao tác trùng với một thay đổi vừa xảy ra; hãy tải lại."
    )


@bp.errorhandler(DocumentTooLarge)
def _too_large(error: DocumentTooLarge):
    return error_response(413, "too_large", str(error))


@bp.errorhandler(EngineError)
def _engine_error(error: EngineError):
    current_app.logger.exception("engine step failed; the transaction was rolled back")
    return error_response(
        500,
        "engine_error",
        "Bước xử lý của quy trình bị lỗi; không có gì thay đổi.",
        {"engine": str(error)},
    )


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    codes = {
        400: "malformed",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
    }
    return error_response(error.code, codes.get(error.code, "error"), error.description)


def register_app_errors(app):
    """404/405/413 raised before routing reach the app, not the blueprint: answer JSON for /api."""
