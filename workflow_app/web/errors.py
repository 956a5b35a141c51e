"""Clear pages for 400, 403, 404, 409, 413 and 500, in the user's language; JSON under /api."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..domain.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from ..services.documents import DocumentTooLarge


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
        500: _("Hệ thống gặp sự cố"),
    }


def _explanations() -> dict[int, str]:
    return {
        403: _("Tài khoản của bạn không có vai trò xử lý bước này. Nếu cần, hãy liên hệ quản trị."),
        404: _("Trang hoặc hồ sơ không tồn tại, hoặc không thuộc phạm vi của bạn."),
        413: _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).", mb=_max_mb()),
        500: _("Thao tác chưa được thực hiện và không có gì thay đổi. Vui lòng thử lại sau."),
    }


def _max_mb() -> int:
    return current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)


def error_page(status: int, message: str | None = None, details: dict | None = None):
    """Render the error page; a 409 names who acted first and when, if known."""
    details = details or {}
    completed_at = details.get("completed_at")
    return (
        render_template(
            "error.html",
            status=status,
            title=_titles().get(status, _titles()[500]),
            message=message or _explanations().get(status, ""),
            completed_by=details.get("completed_by"),
            completed_at=datetime.fromisoformat(completed_at) if completed_at else None,
        ),
        status,
    )


STATUS = {NotAllowed: 403, NotFound: 404, Conflict: 409, Invalid: 422}


def status_of(error: DomainError) -> int:
    """The HTTP status a page answers a refused use case with (as the API does)."""
    return next((code for cls, code in STATUS.items() if isinstance(error, cls)), 400)


def _domain_error(error: DomainError):
    status = status_of(error)
    if status == 404:
        return error_page(404)  # never reveal whether it exists
    return error_page(status, error.message, error.details)


def _http_error(error: HTTPException):
    if _is_api():
        from ..api.errors import _http_error as api_http_error

        return api_http_error(error)
    return error_page(error.code or 500)


def _server_error(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.exception("page failed; the transaction was rolled back")
    if _is_api():
        from ..api.errors import error_response

        return error_response(500, "error", "Lỗi hệ thống.")
    return error_page(500)


def _csrf_error(error: CSRFError):
    message = _("Biểu mẫu đã hết hạn hoặc thiếu mã bảo mật. Vui lòng tải lại trang và thử lại.")
    return error_page(400, message)


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(
        StaleDataError,
        lambda error: error_page(409, _("Hồ sơ vừa được người khác xử lý. Hãy tải lại trang.")),
    )
    app.register_error_handler(DocumentTooLarge, lambda error: error_page(413))
    if not app.testing:
        app.register_error_handler(Exception, _server_error)
