"""Database lifecycle: upgrade, downgrade, and what a database holds."""

from __future__ import annotations

import re
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


_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_reader(engine: Engine, target: DatabaseTarget, role: str, *, login: bool) -> list[str]:
    """Make ``role`` able to read the reporting views only; returns the view names.

    Identifiers cannot be bound parameters: the role name is checked against a strict pattern
    and quoted by the dialect. Views run with their owner's rights, so the role needs no
    privilege on the tables behind them.
    """
    from sqlalchemy import inspect

    from claimtracker.errors import InvalidInput

    if target.backend != "postgresql":
        raise InvalidInput(
            "grant-reader is for PostgreSQL; a SQLite file is read with its "
            "file permissions (claim report --sql is read-only)"
        )
    if not _ROLE_NAME.fullmatch(role):
        raise InvalidInput(
            f"invalid role name {role!r}: lower-case letters, digits and _, at most 63"
        )
    with engine.begin() as conn:
        quoted = conn.dialect.identifier_preparer.quote(role)
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).scalar()
        if not exists:
            conn.execute(text(f"CREATE ROLE {quoted}"))
        conn.execute(
            text(
                f"ALTER ROLE {quoted} {'LOGIN' if login else 'NOLOGIN'} "
                "NOSUPERUSER NOCREATEDB NOCREATEROLE"
            )
        )
        conn.execute(text(f"ALTER ROLE {quoted} SET default_transaction_read_only = on"))
        schema = conn.dialect.identifier_preparer.quote(
            conn.execute(text("SELECT current_schema()")).scalar_one()
        )
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {quoted}"))
        conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {quoted}"))
        conn.execute(text(f"REVOKE CREATE ON SCHEMA {schema} FROM {quoted}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}"))
        views = sorted(inspect(conn).get_view_names())
        for view in views:
            conn.execute(
                text(f"GRANT SELECT ON {conn.dialect.identifier_preparer.quote(view)} TO {quoted}")
            )
    return views
