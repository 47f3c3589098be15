"""Turn driver errors into one-line messages that name the database but never its password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtracker.db.url import redact
from claimtracker.errors import ClaimtrackerError, Conflict, DatabaseUnavailable

if TYPE_CHECKING:
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
