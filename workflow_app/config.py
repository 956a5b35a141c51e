"""Every WORKFLOW_* setting with its default, read from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _secret_key(instance_dir: Path) -> str:
    """Use WORKFLOW_SECRET_KEY, else a key generated once into instance/."""
    if os.environ.get("WORKFLOW_SECRET_KEY"):
        return os.environ["WORKFLOW_SECRET_KEY"]
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_dir: Path = INSTANCE_DIR) -> dict:
    """Build the Flask config mapping from the environment."""
    default_db = f"sqlite:///{instance_dir / 'workflow.db'}"
    return {
        "DATABASE_URL": os.environ.get("WORKFLOW_DATABASE_URL", default_db),
        "SECRET_KEY": _secret_key(instance_dir),
        "DEMO_PASSWORD": os.environ.get("WORKFLOW_DEMO_PASSWORD", "demo"),
        "UPLOAD_DIR": os.environ.get("WORKFLOW_UPLOAD_DIR", str(instance_dir / "uploads")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("WORKFLOW_MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        "TOKEN_MAX_AGE_SECONDS": int(os.environ.get("WORKFLOW_TOKEN_MAX_AGE", str(12 * 3600))),
        "MODELS_DIR": str(PROJECT_ROOT),
        # Each BPMN script, condition or DMN expression runs within these (engine/budget.py).
        "SCRIPT_CPU_SECONDS": float(os.environ.get("WORKFLOW_SCRIPT_CPU_SECONDS", "1")),
        "SCRIPT_MEMORY_MB": int(os.environ.get("WORKFLOW_SCRIPT_MEMORY_MB", "256")),
        **_web_settings(),
        **_mail_settings(instance_dir),
    }


def _mail_settings(instance_dir: Path) -> dict:
    """Issue 18's notices: SMTP (no host: mail stays in the local outbox page, /admin/outbox)
    and the task queue whose worker sends it (Redis URL, else SQLite in instance/)."""
    env = os.environ.get
    return {
        "MAIL_SMTP_HOST": env("WORKFLOW_SMTP_HOST", ""),
        "MAIL_SMTP_PORT": int(env("WORKFLOW_SMTP_PORT", "587")),
        "MAIL_SMTP_USER": env("WORKFLOW_SMTP_USER", ""),
        "MAIL_SMTP_PASSWORD": env("WORKFLOW_SMTP_PASSWORD", ""),
        "MAIL_SMTP_STARTTLS": env("WORKFLOW_SMTP_STARTTLS", "1") == "1",
        "MAIL_FROM": env("WORKFLOW_SMTP_FROM", "Thi đua - Khen thưởng <no-reply@example.invalid>"),
        "MAIL_BASE_URL": env("WORKFLOW_BASE_URL", "http://127.0.0.1:5000"),
        "HUEY_URL": queue_url(instance_dir),
    }


def queue_url(instance_dir: Path = INSTANCE_DIR) -> str:
    """The task queue: WORKFLOW_HUEY_URL (redis://... in production), else a SQLite file."""
    return os.environ.get("WORKFLOW_HUEY_URL") or f"sqlite:///{instance_dir / 'huey.db'}"


def _web_settings() -> dict:
    """The browser UI: idle sign-out, sign-in limits, language and time zone."""
    env = os.environ.get
    return {
        "WEB_SESSION_IDLE_MINUTES": int(env("WORKFLOW_SESSION_IDLE_MINUTES", "30")),
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": int(env("WORKFLOW_LOGIN_MAX_PER_ACCOUNT", "5")),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(env("WORKFLOW_LOGIN_MAX_PER_ADDRESS", "20")),
        "LOGIN_WINDOW_MINUTES": int(env("WORKFLOW_LOGIN_WINDOW_MINUTES", "15")),
        "WEB_TIMEZONE": env("WORKFLOW_TIMEZONE", "Asia/Ho_Chi_Minh"),
        "BABEL_DEFAULT_LOCALE": "vi",
        "WTF_CSRF_TIME_LIMIT": None,  # a token lives as long as the session it belongs to
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS (a production deployment), cookies travel only over TLS.
        "SESSION_COOKIE_SECURE": env("WORKFLOW_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_SECURE": env("WORKFLOW_SECURE_COOKIES", "0") == "1",
        "NODE_MODULES_DIR": str(PROJECT_ROOT / "node_modules"),
    }
