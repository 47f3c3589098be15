"""Read-only connections for ad-hoc SQL and reports, enforced by the database itself.

SQLite: the file is opened with ``mode=ro`` (the library refuses every write), attaching other
databases is impossible (``SQLITE_LIMIT_ATTACHED`` is 0: ATTACH could otherwise create a new,
writable file) and an authorizer refuses anything but reading (pragma assignments, temp
objects). PostgreSQL: every transaction is ``READ ONLY`` and a first query is run at once, so
the mode can no longer be switched by the user's statement; the session default is read-only
too, and a statement timeout bounds runaway queries.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event

from claimtracker.db.engine import SQLITE_BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from claimtracker.db.url import DatabaseTarget

STATEMENT_TIMEOUT_MS = 60_000
SQLITE_MMAP_BYTES = 1 << 32
REPORT_WORK_MEM = "64MB"

# What a reading statement needs; everything else is refused.
_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
    # BEGIN/COMMIT/ROLLBACK of the reading transaction itself.
    sqlite3.SQLITE_TRANSACTION,
}
# Pragmas that only report; every other pragma (and any assignment) is refused.
_READING_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "foreign_key_list",
    "table_list",
    "database_list",
    "function_list",
    "pragma_list",
}


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if (
        action == sqlite3.SQLITE_PRAGMA
        and arg2 is None
        and (arg1 or "").lower() in (_READING_PRAGMAS)
    ):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _sqlite_readonly_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # Reports read large parts of the file once per command: mapping it saves a read()
        # system call per page (a third of the time of a 100,000-row report at a million
        # claims). The library caps the size at its compile-time maximum.
        cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        # Sorts too large for the page cache (rebuttal_map's 70,000 wide rows) go to temporary
        # files by default: 0.8 s of system time, and seconds of waiting, for one report.
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()
    # Installed last: from here on even PRAGMA assignments are refused.
    dbapi_connection.set_authorizer(_authorize)


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _pg_begin(connection: Connection) -> None:
    # psycopg opens the transaction READ ONLY (postgresql_readonly); once a query has run in
    # it, a user's SET TRANSACTION READ WRITE is refused.
    connection.exec_driver_sql("SELECT 1")


def readonly_engine(target: DatabaseTarget) -> Engine:
    """An engine whose every connection can only read."""
    if target.backend == "sqlite":
        assert target.sqlite_path is not None
        engine = create_engine(f"sqlite:///file:{target.sqlite_path}?mode=ro&uri=true")
        event.listen(engine, "connect", _sqlite_readonly_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(
        target.url,
        connect_args={
            "connect_timeout": 10,
            "application_name": "claimtracker-report",
            # TimeZone: UTC, as SQLite's timestamps are; psycopg then returns datetimes
            # already in UTC (converting half a million of them per report costs seconds).
            # jit: compiling a report's plan took 0.1 to 0.8 s at a million claims, more than
            # it saved; the views read precomputed rows. work_mem: sorting a 100,000-row
            # report spilled to disk at the 4 MB default; one query runs at a time here.
            "options": "-c default_transaction_read_only=on "
            f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c TimeZone=UTC -c jit=off "
            f"-c work_mem={REPORT_WORK_MEM}",
        },
        execution_options={"postgresql_readonly": True},
    )
    event.listen(engine, "begin", _pg_begin)
    return engine
