"""Server-rendered pages for reviewers, units, auditors and administrators: sign-in, inbox,
task, dossier, audit and admin pages."""

from __future__ import annotations

from flask import Flask

from ..messages.locale import select_locale
from .extensions import babel, csrf, login_manager


def init_web(app: Flask) -> None:
    """Register the web extensions, blueprints, error pages and template helpers."""
    from . import (
        admin,
        audit,
        auth,
        decisions,
        dossier_drafts,
        dossiers,
        errors,
        formatting,
        hold_desk,
        inbox,
        inbox_views,
        nominees,
        postings,
        profile,
        reports,
        selections,
        session,
        tasklist,
        tasks,
        vendor,
    )

    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=lambda: app.config["WEB_TIMEZONE"],
        default_translation_directories=str(app.root_path + "/web/translations"),
    )
    for module in (auth, inbox, tasks, dossiers, nominees, selections, decisions, audit, admin):
        app.register_blueprint(module.bp)
    app.register_blueprint(vendor.bp)
    app.register_blueprint(reports.bp)  # L1-L4, T4: yearly reports and their summary
    app.register_blueprint(postings.bp)  # P1-P3: public posting, reviewers' pages
    app.register_blueprint(postings.public_bp)  # P1: each jurisdiction's public list
    app.register_blueprint(profile.bp)  # issue 18: which notices a user is mailed
    app.register_blueprint(tasklist.bp)  # issue 18: assign, comment, follow up a task
    app.register_blueprint(hold_desk.bp)  # issue 18: holds placed and cleared from pages
    app.register_blueprint(inbox_views.bp)  # issue 18: saved filters, chosen columns
    app.register_blueprint(dossier_drafts.bp)  # issue 18: a unit changes its draft
    csrf.exempt(app.blueprints["api"])  # the API authenticates with bearer tokens, not cookies
    session.register(app)
    formatting.register(app)
    errors.register(app)
    app.after_request(_security_headers)


# Scripts and styles only from the app itself (bpmn-js draws with inline SVG styles and data:
# images); no plug-ins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def _security_headers(response):
    """No sniffing, no framing, no leaking page addresses, nothing loaded from elsewhere."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
