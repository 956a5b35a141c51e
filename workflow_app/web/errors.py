"""Clear pages for 400, 403, 404, 409, 413 and 500 in the user's language; JSON under /api.

Statuses and refusal texts come from the one catalogue (workflow_app/messages), as the API's
do; this module only chooses between a page and the API's JSON body.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..api.errors import error_response, http_error_response, refusal_response, with_retry_after
from ..domain.errors import DomainError, FieldProblem
from ..messages import field_text, message_for, status_for, text_for


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _titles() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ"),
        401: _("Chưa đăng nhập"),
        403: _("Bạn không có quyền truy cập trang này"),
        404: _("Không tìm thấy trang hoặc hồ sơ"),
        405: _("Thao tác không được hỗ trợ"),
        409: _("Đã có người xử lý trước bạn"),
        413: _("Tệp quá lớn"),
        422: _("Dữ liệu chưa hợp lệ"),
        429: _("Thử quá nhiều lần"),
        500: _("Hệ thống gặp sự cố"),
        503: _("Hệ thống tạm thời gián đoạn"),
        507: _("Hết chỗ lưu tài liệu"),
    }


def _explanations() -> dict[int, str]:
    return {
        403: _("Tài khoản của bạn không có vai trò xử lý bước này. Nếu cần, hãy liên hệ quản trị."),
        404: _("Trang hoặc hồ sơ không tồn tại, hoặc không thuộc phạm vi của bạn."),
        413: text_for("payload_too_large", mb=_max_mb()),
        500: text_for("server_error"),
    }


def _max_mb() -> int:
    return current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)


def status_of(error: DomainError) -> int:
    """The HTTP status a page answers a refused use case with (the API's, from the catalogue)."""
    return status_for(error.code)


def describe(error: DomainError) -> str:
    """The refusal's sentence followed by what it says of each field or document (field
    problems, by name); ids, states and times in `details` are for clients, not sentences."""
    parts = [_problem_text(name, value) for name, value in error.details.items()]
    parts = [part for part in parts if part]
    return message_for(error) + (" " + "; ".join(parts) if parts else "")


def _problem_text(name: str, value) -> str:
    if isinstance(value, FieldProblem):
        named = value.code != "missing_document"  # a document's name says what it is
        return f"{name}: {field_text(value)}" if named else field_text(value)
    if isinstance(value, dict):
        inner = [_problem_text(key, item) for key, item in value.items()]
        return "; ".join(part for part in inner if part)
    if name == "engine" and isinstance(value, str):  # the engine's own words, for admins
        return value
    return ""


def field_messages(error: DomainError) -> dict[str, str]:
    """Each field's problem as text, for showing beside the field; `_form` for the rest."""
    fields = error.details.get("fields")
    if isinstance(fields, dict):
        return {name: _detail_text(value) or str(value) for name, value in fields.items()}
    named = {k: _detail_text(v) for k, v in error.details.items() if _detail_text(v)}
    return named or {"_form": message_for(error)}


def _detail_text(value) -> str:
    if isinstance(value, FieldProblem):
        return field_text(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return value if isinstance(value, str) else ""


def _conflict_titles() -> dict[str, str]:
    """409s that are not someone acting first: the page's heading says what happened."""
    return {"round_closed": _("Đợt đã hết hạn nộp")}  # T1-T3


def error_page(
    status: int,
    message: str | None = None,
    details: dict | None = None,
    code: str = "",
    template: str = "error.html",
    **extra,
):
    """Render the error page; a 409 names who acted first and when, if known. `template`
    and `extra`: a page that adds to it (a refused task keeps what the user typed)."""
    details = details or {}
    completed_at = details.get("completed_at")
    return (
        render_template(
            template,
            **extra,
            status=status,
            title=_conflict_titles().get(code) or _titles().get(status, _titles()[500]),
            message=message or _explanations().get(status, ""),
            completed_by=details.get("completed_by"),
            completed_at=datetime.fromisoformat(completed_at) if completed_at else None,
        ),
        status,
    )


def _domain_error(error: DomainError):
    if _is_api():
        return refusal_response(error)
    status = status_of(error)
    if status == 404:
        return error_page(404)  # never reveal whether it exists
    if status in (503, 507):  # the service is briefly unavailable, or its disk is full
        page, status = error_page(status, message_for(error))
        return with_retry_after(current_app.make_response((page, status)), error)
    if status >= 500:
        current_app.logger.error("page step failed; the transaction was rolled back: %s", error)
        return error_page(500)
    page, status = error_page(status, describe(error), error.details, error.code)
    return with_retry_after(current_app.make_response((page, status)), error)


def _http_error(error: HTTPException):
    if _is_api():
        return http_error_response(error)
    return error_page(error.code or 500)


def _server_error(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.exception("page failed; the transaction was rolled back")
    if _is_api():
        return error_response("server_error")
    return error_page(500)


def _csrf_error(error: CSRFError):
    return error_page(400, text_for("csrf_expired"))


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    if not app.testing:
        app.register_error_handler(Exception, _server_error)
