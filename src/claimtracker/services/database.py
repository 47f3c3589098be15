"""Database lifecycle: upgrade, downgrade, and what a database holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from claimtracker.db.revision import HEAD_REVISION
from claimtracker.db.schema import SchemaState, mismatch_error, read_state
from claimtracker.errors import NotFound

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from claimtracker.db.url import DatabaseTarget


def require_existing(target: DatabaseTarget) -> None:
    """Refuse to report on a SQLite file that does not exist (connecting would create it)."""
    if target.sqlite_path is not None and not target.sqlite_path.exists():
        raise NotFound(
            f"no database at {target.display}; the first `claim` command that writes, or "
            "`claim db upgrade`, creates it"
        )


def describe_missing(target: DatabaseTarget) -> dict[str, Any] | None:
    """What ``db info`` says of a SQLite file not created yet (None if it exists or is a
    server): a question about a new database is answered, not refused, and nothing is made."""
    if target.sqlite_path is None or target.sqlite_path.exists():
        return None
    return {
        "database": target.display,
        "backend": target.backend,
        "default": target.is_default,
        "schema_revision": "not created yet: the first `claim` command that writes, or "
        "`claim db upgrade`, creates it",
        "code_revision": HEAD_REVISION,
    }


def schema_state(engine: Engine) -> SchemaState:
    """Where the database's schema stands."""
    with engine.connect() as connection:
        return read_state(connection)


def _refuse_foreign(state: SchemaState, target: DatabaseTarget) -> None:
    # Never run our migrations over a schema we do not know: it belongs to a newer tool or
    # to another application.
    if state.revision is None and state.has_tables:
        raise mismatch_error(state, target)
    if state.revision is not None and not state.is_known:
        raise mismatch_error(state, target)


def upgrade(
    engine: Engine, target: DatabaseTarget, revision: str = "head"
) -> tuple[str | None, str | None]:
    """Upgrade to ``revision``; return the revisions before and after."""
    from claimtracker.db import migrate

    before = schema_state(engine)
    _refuse_foreign(before, target)
    migrate.upgrade(engine, revision)
    return before.revision, schema_state(engine).revision


def downgrade(
    engine: Engine, target: DatabaseTarget, revision: str
) -> tuple[str | None, str | None]:
    """Downgrade to ``revision`` (``base`` for an empty schema); return before and after."""
    from claimtracker.db import migrate

    before = schema_state(engine)
    _refuse_foreign(before, target)
    migrate.downgrade(engine, revision)
    return before.revision, schema_state(engine).revision


def describe(engine: Engine, target: DatabaseTarget) -> dict[str, Any]:
    """Which database, which schema revision, and how many records (passwords hidden)."""
    require_existing(target)
    info: dict[str, Any] = {"database": target.display, "backend": target.backend}
    with engine.connect() as connection:
        if target.backend == "sqlite":
            info["server_version"] = connection.exec_driver_sql("SELECT sqlite_version()").scalar()
            info["default"] = target.is_default
        else:
            info["server_version"] = connection.exec_driver_sql("SHOW server_version").scalar()
        state = read_state(connection)
        info["schema_revision"] = state.describe()
        info["code_revision"] = HEAD_REVISION
        if state.is_current:
            for table, key in (
                ("claim", "claims"),
                ("entity", "entities"),
                ("source", "sources"),
                ("verdict", "verdicts"),
                ("event", "events"),
            ):
                # Table names come from the fixed list above, never from input.
                info[key] = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
    if target.sqlite_path is not None and target.sqlite_path.exists():
        info["file_size_bytes"] = target.sqlite_path.stat().st_size
    return info
