"""Run Alembic migrations programmatically (the `flask db upgrade` command)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, connection=None) -> Config:
    """An Alembic config pointing at our migrations folder and `url`."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str, revision: str = "head", connection=None) -> None:
    """Bring the database at `url` up to `revision`."""
    command.upgrade(alembic_config(url, connection), revision)


def revision(url: str, message: str) -> None:
    """Autogenerate a new migration; every migration must carry a message."""
    if not message:
        raise ValueError("A migration needs a message that says why.")
    command.revision(alembic_config(url), message=message, autogenerate=True)


def recreate_postgres_database(url: str) -> str:
    """Drop and create the PostgreSQL database `url` names (tests and benchmarks that need
    committed data several processes can see); returns the URL to use."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return parsed.render_as_string(hide_password=False)
