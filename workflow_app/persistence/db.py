"""Database engine and sessions: one Database object per app, one session per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import Conflict, Unavailable


def _configure_sqlite(engine: Engine) -> None:
    """Make SQLite transactional and safe for several writers.

    pysqlite's own transaction handling breaks SAVEPOINT and lets two writers
    deadlock; we emit BEGIN IMMEDIATE ourselves so a writer waits (busy_timeout)
    for the lock instead of failing half-way through a step.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A reading session (Database.reading) takes no write lock: readers run side by side.
        reads_only = connection.get_execution_options().get("reads_only", False)
        connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")


def make_engine(url: str, **options) -> Engine:
    """Create the SQLAlchemy engine for `url`, tuned for SQLite or PostgreSQL."""
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, connect_args=connect_args, **options)
        _configure_sqlite(engine)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, **options)


def _is_outage(error: DBAPIError) -> bool:
    """A lost or refused connection, or a database too busy to answer: worth a retry."""
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    text = str(error.orig).lower()
    return any(
        sign in text
        for sign in ("connection", "could not connect", "database is locked", "unable to open")
    )


def _rollback_quietly(session: Session) -> None:
    """Roll back if the connection still allows it; during an outage it may not."""
    try:
        session.rollback()
    except DBAPIError:
        session.invalidate()


class Database:
    """The app's engine and session factory."""

    def __init__(self, url: str, bind=None, **session_options):
        self.url = url
        self.engine = bind if bind is not None else make_engine(url)
        self.session_factory = sessionmaker(
            bind=self.engine, expire_on_commit=False, **session_options
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads and is always rolled back. On SQLite it begins without
        the write lock a use case takes, so several processes read at once (the audit's
        parallel replays); bound to a test's connection, it is a plain session."""
        if not isinstance(self.engine, Engine):
            session = self.session_factory()
            try:
                yield session
            finally:
                session.rollback()
                session.close()
            return
        with self.engine.connect() as connection:
            connection.execution_options(reads_only=True)
            session = Session(bind=connection, expire_on_commit=False)
            try:
                yield session
            finally:
                session.rollback()
                session.close()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Run one use case in one transaction: commit on success, roll back on any error.

        A lost race the database caught (a stale version column, a uniqueness) is a
        `Conflict` (409) for the caller: someone else's change committed first."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except (StaleDataError, IntegrityError) as error:
            session.rollback()
            raise Conflict("conflict") from error
        except (OperationalError, InterfaceError) as error:
            _rollback_quietly(session)
            if _is_outage(error):
                raise Unavailable() from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
