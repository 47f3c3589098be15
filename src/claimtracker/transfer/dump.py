"""Reading a whole database: every dumped table, ids kept, streamed.

A dump walks the tables in dependency order (``Base.metadata.sorted_tables``), each in
primary-key order, reading in batches so no table is held in memory. ``claim_search`` is left
out: it is derived from claims, quotes, tags and review headlines and rebuilt on restore (with
the full-text index over it).

The format itself (header, records, trailer) lives in ``formats.jsonl``, written by
``exporters.jsonl``; this module knows the schema.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Enum, String, func, select, type_coerce
from sqlalchemy.orm import Session

import claimtracker.models  # noqa: F401 - registers every table on Base.metadata
from claimtracker.db.base import Base
from claimtracker.db.schema import read_state
from claimtracker.errors import SchemaMismatch
from claimtracker.exporters import jsonl as jsonl_format
from claimtracker.services.audit_head import current_head

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator, Sequence

    from sqlalchemy import Column, Table
    from sqlalchemy.engine import Connection, Engine

Row = dict[str, Any]

# Derived from other tables; rebuilt by `search_index.rebuild_search` instead of being dumped.
# Claim vectors (the semantic matcher's) are binary and recomputed by `claim db embed`.
DERIVED_TABLES = frozenset({"claim_search", "claim_embedding"})
# The team's PostgreSQL roles belong to the server, not to the record: a dump never carries
# them and a restore never replaces them (services/team.py).
SERVER_TABLES = frozenset({"team_role"})

# Rows per SELECT batch while dumping: large enough that per-statement costs vanish, small
# enough that memory stays flat.
READ_BATCH = 2_000


def dumped_tables() -> list[Table]:
    """The tables a dump holds, parents before children."""
    skipped = DERIVED_TABLES | SERVER_TABLES
    return [t for t in Base.metadata.sorted_tables if t.name not in skipped]


def connection_of(bind: Connection | Session) -> Connection:
    """The Core connection of ``bind`` (a session's, in its transaction)."""
    return bind.connection() if isinstance(bind, Session) else bind


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one consistent state of the whole database.

    PostgreSQL's default (READ COMMITTED) takes a new snapshot for each statement, so a dump
    could catch a verdict without the claim written just after its table was read; REPEATABLE
    READ keeps the first snapshot. A SQLite read transaction already does that (WAL).
    """
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            yield connection


def schema_revision(bind: Connection | Session) -> str:
    """The schema revision stamped in the database (refuses an unstamped one)."""
    revision = read_state(connection_of(bind)).revision
    if revision is None:
        raise SchemaMismatch("the database has no schema revision: not a claimtracker database")
    return revision


def counts(bind: Connection | Session) -> dict[str, int]:
    """Rows per dumped table, for summaries and tests."""
    connection = connection_of(bind)
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in dumped_tables()
    }


def _order_by(table: Table, dialect: str) -> list[Any]:
    keys: list[Any] = []
    for column in table.primary_key.columns:
        if dialect == "postgresql" and isinstance(column.type, String):
            # Byte order on both backends (SQLite compares text as bytes by default), so a dump
            # of a copy sorts text keys exactly as the original's dump did.
            keys.append(column.collate("C"))
        else:
            keys.append(column)
    return keys


def is_datetime(column: Column[Any]) -> bool:
    """Whether ``column`` holds datetimes (``UTCDateTime`` included)."""
    kind = column.type
    return isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime)


def _sqlite_datetime_text(value: str) -> str:
    """A datetime as SQLite stores it (naive UTC text) straight to the dump's form.

    SQLAlchemy writes ``2025-01-27 10:00:00.123456``: that is rewritten without parsing
    (parsing and formatting each value was a third of a dump's time). Anything else, such as
    a ``CURRENT_TIMESTAMP`` written by hand, is parsed as SQLAlchemy would read it.
    """
    if len(value) == 26 and value[10] == " " and value[19] == ".":
        return f"{value[:10]}T{value[11:]}Z"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return jsonl_format.format_datetime(parsed)


def _raw_sqlite_datetimes(connection: Connection, table: Table) -> set[str]:
    # Datetime columns read as the text SQLite holds, for `_sqlite_datetime_text`.
    if connection.dialect.name != "sqlite":
        return set()
    return {c.name for c in table.columns if is_datetime(c)}


def _rows(
    connection: Connection, table: Table, raw: set[str] | None = None
) -> Generator[Sequence[Any]]:
    columns = [
        type_coerce(c, String()).label(c.name) if raw and c.name in raw else c
        for c in table.columns
    ]
    query = select(*columns).order_by(*_order_by(table, connection.dialect.name))
    result = connection.execution_options(yield_per=READ_BATCH).execute(query)
    try:
        yield from result
    finally:
        # A consumer that stops early (a failed copy) must not leave PostgreSQL's server-side
        # cursor open until garbage collection.
        result.close()


def iter_table(bind: Connection | Session, table: Table) -> Generator[Row]:
    """Every row of ``table`` in primary-key order, streamed (server-side cursor on PostgreSQL)."""
    names = [column.name for column in table.columns]
    for values in _rows(connection_of(bind), table):
        yield dict(zip(names, values, strict=True))


def iter_records(bind: Connection | Session) -> Generator[tuple[str, Row]]:
    """``(table name, row)`` for every dumped table, parents first, rows by primary key."""
    for table in dumped_tables():
        for row in iter_table(bind, table):
            yield table.name, row


def _kind(column: Column[Any], raw: set[str]) -> str | Callable[[Any], Any]:
    if column.name in raw:
        return _sqlite_datetime_text
    if is_datetime(column):
        return "datetime"
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        return "enum"
    return "plain"


def dump_lines(bind: Connection | Session, *, exported_at: datetime | None = None) -> Iterator[str]:
    """The whole database as dump lines: header, one line per record, trailer (with the
    audit chain's head).

    Run it inside one transaction (see :func:`snapshot`) so the lines are one consistent state.
    """
    connection = connection_of(bind)
    yield jsonl_format.header_line(schema_revision(connection), exported_at)
    found: dict[str, int] = {}
    for table in dumped_tables():
        raw = _raw_sqlite_datetimes(connection, table)
        writer = jsonl_format.TableWriter(
            table.name, [(c.name, _kind(c, raw)) for c in table.columns]
        )
        count = 0
        for values in _rows(connection, table, raw):
            count += 1
            yield writer.line(values)
        found[table.name] = count
    yield jsonl_format.trailer_line(found, str(current_head(connection)))


__all__ = [
    "DERIVED_TABLES",
    "Row",
    "connection_of",
    "counts",
    "dump_lines",
    "dumped_tables",
    "is_datetime",
    "iter_records",
    "iter_table",
    "schema_revision",
    "snapshot",
]
