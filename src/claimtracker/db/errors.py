"""Turn driver errors into one-line messages that name the database but never its password."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from claimtracker.db.url import redact
from claimtracker.errors import ClaimtrackerError, Conflict, DatabaseUnavailable

if TYPE_CHECKING:
    from sqlalchemy.engine import ExceptionContext
    from sqlalchemy.exc import SQLAlchemyError


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return redact(text.splitlines()[0] if text else type(exc).__name__)


def translate(exc: SQLAlchemyError, display: str) -> ClaimtrackerError:
    """A user-facing error for a SQLAlchemy error raised while working on ``display``."""
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    detail = _first_line(orig)
    lowered = detail.lower()
    if "file is not a database" in lowered:
        return DatabaseUnavailable(f"{display} is not a SQLite database")
    if "unable to open database file" in lowered:
        return DatabaseUnavailable(
            f"cannot open database {display}: the file cannot be created or opened there"
        )
    if "readonly database" in lowered:
        return DatabaseUnavailable(f"database {display} is read-only")
    if "database is locked" in lowered:
        return DatabaseUnavailable(
            f"database {display} is busy (locked by another process); try again"
        )
    if isinstance(exc, IntegrityError):
        return Conflict(f"the change breaks a rule of the database: {detail}")
    if isinstance(exc, OperationalError):
        return DatabaseUnavailable(f"cannot use database {display}: {detail}")
    return DatabaseUnavailable(f"database error on {display}: {detail}")


# PostgreSQL: how long a statement waits for a lock before it gives up (as SQLite's busy
# timeout); CLAIM_LOCK_TIMEOUT (seconds) shortens or lengthens it.
LOCK_TIMEOUT_ENV = "CLAIM_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_S = 15.0


def lock_timeout_s() -> float:
    """Seconds a PostgreSQL statement waits for a lock (``CLAIM_LOCK_TIMEOUT``, else 15)."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT_S
    return value if value > 0 else DEFAULT_LOCK_TIMEOUT_S


# PostgreSQL's SQLSTATE for "canceling statement due to lock timeout".
_LOCK_NOT_AVAILABLE = "55P03"

# Who else is in a transaction on this database, the longest-running first: the candidates for
# holding the lock a statement gave up on. Those holding a lock on the relation named by the
# error (or an advisory lock, when it was the writers' lock) come first.
_HOLDERS = """
SELECT a.pid, a.application_name, left(a.query, 60),
       extract(epoch FROM now() - a.xact_start)::int
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.xact_start IS NOT NULL
  AND a.pid NOT IN (pg_backend_pid(), %(waiter)s)
ORDER BY EXISTS (
    SELECT 1 FROM pg_locks l
    WHERE l.pid = a.pid AND l.granted
      AND (l.relation = to_regclass(%(relation)s) OR l.locktype = 'advisory')
) DESC, a.xact_start
LIMIT 1
"""


def on_lock_timeout(context: ExceptionContext) -> BaseException | None:
    """``handle_error`` hook (PostgreSQL): a lock timeout becomes one line naming its holder.

    The statement has given up, so the holder is no longer "the pid blocking us": it is the
    other session in a transaction that holds a lock on what the statement was after, as
    ``pg_locks`` and ``pg_stat_activity`` tell it from a second connection.
    """
    orig = context.original_exception
    if getattr(orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
        return None
    waited = f"{lock_timeout_s():g} s"
    holder = _holder(context, orig)
    if holder is None:
        return DatabaseUnavailable(
            f"waited {waited} for a lock held by another transaction; retry when it ends"
        )
    pid, application, query, seconds = holder
    if application.startswith("claim"):
        who = f"another claimtracker command (pid {pid}, `{application}`"
    else:
        doing = " ".join(query.split())
        who = f"another session (pid {pid}, {application or 'no application name'}, `{doing}`"
    return DatabaseUnavailable(
        f"waited {waited} for a lock held by {who}, running for {seconds} s); retry when it ends"
    )


def _holder(context: ExceptionContext, orig: BaseException) -> tuple[int, str, str, int] | None:
    """The session most likely to hold the lock a statement gave up on, if any is found."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    waiter = -1
    if context.connection is not None:
        info = getattr(context.connection.connection.driver_connection, "info", None)
        waiter = getattr(info, "backend_pid", -1)
    found = re.search(
        r'relation "([^"]+)"', getattr(getattr(orig, "diag", None), "context", "") or ""
    )
    assert context.engine is not None
    # A connection of its own, outside the tool's pool and its hooks, that waits for nothing.
    engine = create_engine(
        context.engine.url,
        poolclass=NullPool,
        connect_args={"connect_timeout": 5, "options": "-c lock_timeout=2000"},
    )
    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql(
                _HOLDERS, {"waiter": waiter, "relation": found.group(1) if found else None}
            ).first()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    if row is None:
        return None
    return int(row[0]), str(row[1] or ""), str(row[2] or ""), int(row[3] or 0)
