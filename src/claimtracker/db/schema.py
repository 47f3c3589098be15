"""Where a database's schema stands against this code, read without importing Alembic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from claimtracker import __version__
from claimtracker.db.revision import HEAD_REVISION, KNOWN_REVISIONS
from claimtracker.errors import SchemaMismatch

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from claimtracker.db.url import DatabaseTarget

UPGRADE_HINT = "run `claim db upgrade`"


@dataclass(frozen=True)
class SchemaState:
    """The stamped revision (None if unstamped) and whether the database holds any table."""

    revision: str | None
    has_tables: bool

    @property
    def is_current(self) -> bool:
        """True when the database is at the code's head revision."""
        return self.revision == HEAD_REVISION

    @property
    def is_empty(self) -> bool:
        """True for a database with no table at all."""
        return self.revision is None and not self.has_tables

    @property
    def is_known(self) -> bool:
        """True when this version of the code knows the stamped revision."""
        return self.revision in KNOWN_REVISIONS

    def describe(self) -> str:
        """The state in words, for `claim db current` and `claim db info`."""
        if self.is_current:
            return f"{self.revision} (current)"
        if self.is_empty:
            return f"none (empty database; {UPGRADE_HINT} to create the schema)"
        if self.revision is None:
            return "none (not a claimtracker database)"
        if self.is_known:
            return f"{self.revision} (behind {HEAD_REVISION}; {UPGRADE_HINT})"
        return f"{self.revision} (unknown to claimtracker {__version__})"


def read_state(connection: Connection) -> SchemaState:
    """Read the stamped revision.

    The common case, a stamped database, costs one query; reflection (slower) only runs when
    there is no stamp to read. An ``alembic_version`` table left empty by a downgrade to base
    counts as an empty database.
    """
    from sqlalchemy.exc import DBAPIError

    try:
        with connection.begin_nested() if connection.in_transaction() else connection.begin():
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        revision = None
    if revision is not None:
        return SchemaState(revision=revision, has_tables=True)
    names = set(inspect(connection).get_table_names())
    return SchemaState(revision=None, has_tables=bool(names - {"alembic_version"}))


def ensure_current(engine: Engine, target: DatabaseTarget) -> None:
    """Return if the schema is current; create it in a new SQLite file; otherwise raise.

    PostgreSQL is never migrated implicitly: a shared database is upgraded on purpose.
    """
    with engine.connect() as connection:
        state = read_state(connection)
    if state.is_current:
        return
    if state.is_empty and target.backend == "sqlite":
        from claimtracker.db import migrate

        migrate.upgrade(engine)
        return
    raise mismatch_error(state, target)


def mismatch_error(state: SchemaState, target: DatabaseTarget) -> SchemaMismatch:
    """The one-line error for a database that is not at the code's revision."""
    where = f"database {target.display}"
    if state.is_empty:
        return SchemaMismatch(f"{where} has no schema yet; {UPGRADE_HINT} to create it")
    if state.revision is None:
        return SchemaMismatch(
            f"{where} is not a claimtracker database (tables but no schema revision)"
        )
    if state.is_known:
        return SchemaMismatch(
            f"{where} is at schema revision {state.revision}, behind this claimtracker's "
            f"{HEAD_REVISION}; {UPGRADE_HINT}"
        )
    return SchemaMismatch(
        f"{where} is at schema revision {state.revision!r}, unknown to claimtracker "
        f"{__version__}: it was written by a newer version; upgrade claimtracker to use it"
    )
