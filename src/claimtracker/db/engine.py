"""Engines for SQLite and PostgreSQL, with the connection settings the tool relies on."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event

from claimtracker.errors import DatabaseUnavailable

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import ORMExecuteState, Session

    from claimtracker.db.url import DatabaseTarget

# Several `claim` processes may write one file at once; a writer waits this long for the lock.
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option marking a unit of work that will write (see `_sqlite_on_begin`).
WRITE_OPTION = "claimtracker_write"
# The advisory lock a PostgreSQL writer takes before its first write or row lock: the audit
# log's lock (services/events.py `_PG_CHAIN_LOCK`, the same number; checked by
# tests/cli/test_concurrent_capture.py), so writers queue as BEGIN IMMEDIATE queues them.
PG_WRITER_LOCK = 0x636C61696D
# The global options that take a value, skipped when naming the command for PostgreSQL.
_VALUED_OPTIONS = {"--db", "--user", "--tz"}
_WORD = re.compile(r"[a-z][a-z0-9-]*")


def command_name(argv: list[str] | None = None) -> str:
    """The command being run as PostgreSQL's ``application_name`` shows it ("claim import").

    Only the command's words: never an option's value (``--db`` may hold a password) nor an
    argument a person typed; at most 63 bytes, PostgreSQL's limit.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    words = ["claim"]
    while args:
        arg = args.pop(0)
        if arg in _VALUED_OPTIONS:
            args = args[1:]
        elif arg.split("=", 1)[0] in _VALUED_OPTIONS or arg == "--debug":
            continue
        elif _WORD.fullmatch(arg) and len(words) < 4:
            words.append(arg)
        else:
            break
    return " ".join(words)[:63]


def make_engine(target: DatabaseTarget) -> Engine:
    """Create the engine for ``target``; nothing is connected yet."""
    if target.backend == "sqlite":
        return _sqlite_engine(target)
    from claimtracker.db.errors import lock_timeout_s, on_lock_timeout

    try:
        engine = create_engine(
            target.url,
            connect_args={
                "connect_timeout": 10,
                "application_name": command_name(),
                # Sent with the connection: no round trip of its own.
                "options": f"-c lock_timeout={round(lock_timeout_s() * 1000)}",
            },
        )
    except ModuleNotFoundError as exc:
        raise DatabaseUnavailable(
            "PostgreSQL support is not installed: pip install 'claimtracker[postgres]'"
        ) from exc
    _listen_for_writes()
    event.listen(engine, "handle_error", on_lock_timeout)
    return engine


_LOCKED_KEY = "claimtracker_writer_lock"


def _listen_for_writes() -> None:
    """Take the writers' lock before a unit of work's first write or row lock (PostgreSQL)."""
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", _pg_before_flush):
        event.listen(Session, "before_flush", _pg_before_flush)
        event.listen(Session, "do_orm_execute", _pg_on_execute)


def _pg_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    _pg_lock_writers(session)


def _pg_on_execute(state: ORMExecuteState) -> None:
    locks_rows = getattr(state.statement, "_for_update_arg", None) is not None
    if state.is_insert or state.is_update or state.is_delete or locks_rows:
        _pg_lock_writers(state.session)


def _pg_lock_writers(session: Session) -> None:
    # A unit of work that will write waits for the other writers before its first write or
    # row lock, as on SQLite at BEGIN IMMEDIATE; its reads before that (the duplicate check)
    # run alongside theirs. They would queue anyway at their first event (the audit chain's
    # lock); queueing before any row is locked or written means no writer ever holds a row
    # another waits for while it waits for the chain (two orders: a deadlock), and
    # find-or-create looks again once serialised (services/entities.py).
    transaction = session.get_transaction()
    if transaction is None or session.info.get(_LOCKED_KEY) is transaction:
        return
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or not bind.get_execution_options().get(
        WRITE_OPTION, False
    ):
        return
    session.info[_LOCKED_KEY] = transaction
    session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITER_LOCK})")


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
