"""Alembic environment: the URL comes from the app config, the metadata from the models."""

from alembic import context
from sqlalchemy import pool

from workflow_app.persistence.db import make_engine
from workflow_app.persistence.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            _run_without_sqlite_foreign_keys(connection)
        else:
            _run(connection)


def _run_without_sqlite_foreign_keys(connection) -> None:
    """SQLite alters a table by copying it and dropping the old one, which foreign keys
    forbid once other rows point at it (Alembic's batch mode advice): switch them off outside
    the transaction, and back on after it."""
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        _run(connection)
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `flask db upgrade`.")
run_migrations_online()
