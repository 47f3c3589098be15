"""Bulk loads and the report summaries: triggers off during the load, one fill at the end.

The ``report_*`` tables of migration 0006 are kept by triggers, row by row: a few index
lookups per write, which is right for a command and costly for a load of a million rows (about
0.26 ms per claim with its rows, the larger part of a restore). A bulk loader wraps its writes in
``rebuilt_after``: the triggers are turned off, the rows go in, then the summaries are computed
once from the tables by the migration's own fill and the triggers are turned on again, all in
the caller's transaction (a failed load leaves the triggers as they were).

The statements come from the versioned files of the revision that created the summaries
(``migrations/views/<SUMMARY_REVISION>/``): ``fill`` and the ``CREATE TRIGGER`` statements of
``triggers``. A later revision that changes either must move ``SUMMARY_REVISION`` with it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

from claimtracker.db.sqlfiles import read_versioned, split_statements

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Connection

SUMMARY_REVISION = "0012"
_TRIGGER = re.compile(r"^CREATE TRIGGER (\w+)\s.*?\bON (\w+)", re.S)
_TABLE = re.compile(r"^CREATE TABLE (report_\w+)", re.M)


def _sql(part: str, dialect: str) -> str:
    from claimtracker.db.migrate import script_location

    text = read_versioned(script_location() / "views" / SUMMARY_REVISION, part, dialect)
    if text is None:
        raise RuntimeError(f"no report summary {part} for {dialect}")
    return text


def _body(statement: str) -> str:
    """A statement without the comment and blank lines that lead it."""
    lines = statement.strip().splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("--")):
        lines.pop(0)
    return "\n".join(lines).strip()


def triggers(dialect: str) -> list[tuple[str, str, str]]:
    """(name, table, statement) of every summary trigger."""
    found = []
    for statement in split_statements(_sql("triggers", dialect), dialect):
        body = _body(statement)
        match = _TRIGGER.match(body)
        if match:
            found.append((match.group(1), match.group(2), body))
    return found


def fill_statements(dialect: str) -> list[str]:
    """The statements that compute the summaries from the tables (into empty summaries)."""
    return [st for st in split_statements(_sql("fill", dialect), dialect) if _body(st)]


def summary_tables(dialect: str) -> list[str]:
    """The tables the fill computes (and the triggers keep)."""
    return _TABLE.findall(_sql("tables", dialect))


def _installed(connection: Connection, names: list[str]) -> set[str]:
    from sqlalchemy import bindparam, text

    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN :names"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname IN :names"
    statement = text(query).bindparams(bindparam("names", expanding=True))
    return {str(name) for (name,) in connection.execute(statement, {"names": names})}


def suspend(connection: Connection) -> bool:
    """Turn the summary triggers off (dropped on SQLite, disabled on PostgreSQL); False when
    the schema has none (before 0006).

    ``refill`` must follow once the rows are in, in the same transaction or, for a loader
    that commits as it goes, before anyone reads the summaries.
    """
    dialect = connection.dialect.name
    wanted = triggers(dialect)
    installed = _installed(connection, [name for name, _, _ in wanted])
    if not installed:
        return False
    if len(installed) != len(wanted):
        missing = sorted({name for name, _, _ in wanted} - installed)
        raise RuntimeError(f"the report summary triggers are incomplete: {', '.join(missing)}")
    for name, table, _ in wanted:
        if dialect == "sqlite":
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            # Disabled, not dropped: DISABLE TRIGGER takes a lock that stops other writers
            # but not readers, where DROP TRIGGER would stop every reader of the claim table
            # until the load commits. (SQLite readers never wait for a writer.)
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    return True


def refill(connection: Connection, *, recompute: bool = True) -> None:
    """Compute the summaries from the tables, then put their triggers back.

    ``recompute=False`` only puts the triggers back, for a load that wrote nothing.
    """
    dialect = connection.dialect.name
    if recompute:
        for table in summary_tables(dialect):
            connection.exec_driver_sql(f"DELETE FROM {table}")
        for statement in fill_statements(dialect):
            connection.exec_driver_sql(statement)
    for name, table, statement in triggers(dialect):
        if dialect == "sqlite":
            connection.exec_driver_sql(statement)
        else:
            connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")


@contextmanager
def rebuilt_after(connection: Connection) -> Iterator[None]:
    """Load without the summary triggers, then compute the summaries once, in one transaction.

    Meant for loads that write most of the database (a restore, a large import, the benchmark
    generator): the fill reads every claim, so for a few rows the triggers are cheaper. On
    PostgreSQL disabling a trigger locks its table against other writers (not readers) until
    the transaction ends. On failure the caller's rollback brings the triggers back (DDL is
    transactional on both backends).
    """
    suspended = suspend(connection)
    yield
    if suspended:
        refill(connection)
