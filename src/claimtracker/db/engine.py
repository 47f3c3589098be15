"""Engines for SQLite and PostgreSQL, with the connection settings the tool relies on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event

from claimtracker.errors import DatabaseUnavailable

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import Connection, Engine

    from claimtracker.db.url import DatabaseTarget

# Several `claim` processes may write one file at once; a writer waits this long for the lock.
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option marking a unit of work that will write (see `_sqlite_on_begin`).
WRITE_OPTION = "claimtracker_write"


def make_engine(target: DatabaseTarget) -> Engine:
    """Create the engine for ``target``; nothing is connected yet."""
    if target.backend == "sqlite":
        return _sqlite_engine(target)
    try:
        return create_engine(
            target.url,
            connect_args={"connect_timeout": 10, "application_name": "claimtracker"},
        )
    except ModuleNotFoundError as exc:
        raise DatabaseUnavailable(
            "PostgreSQL support is not installed: pip install 'claimtracker[postgres]'"
        ) from exc


def _sqlite_engine(target: DatabaseTarget) -> Engine:
    path = target.sqlite_path
    assert path is not None
    if not path.parent.is_dir():
        raise DatabaseUnavailable(
            f"cannot open database {target.display}: folder {path.parent} does not exist"
        )
    engine = create_engine(target.url)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module (it would otherwise commit
    # implicitly before DDL and start transactions lazily); `_sqlite_on_begin` issues BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers go on while one process writes; it is a property of the file.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # A unit of work that will write takes the write lock at BEGIN (IMMEDIATE), so two writers
    # queue on busy_timeout instead of one failing with "database is locked" when its read
    # transaction tries to become a write. Readers stay DEFERRED and never block anyone.
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
