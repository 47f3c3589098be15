"""The one bulk writer: many rows into one table, as fast as each backend takes them, in the
caller's transaction.

PostgreSQL gets ``COPY … FROM STDIN`` (measured on restores of 100,000 claims: 7 s against
19 s for an executemany INSERT; psycopg spent about 10 µs of Python a row on executemany), SQLite
one ``executemany`` of tuples straight to the driver (SQLAlchemy's per-row parameter handling
took a fifth of a restore's time; the ORM's ``add_all`` inserts one row at a time). Ids are
assigned by the writer (:func:`reserve_ids`), so no ``RETURNING`` round trip is needed.

Values are in *driver form*: what the column type's bind processing would hand the driver
(enum values, ``UTCDateTime`` as naive UTC text on SQLite). :func:`insert_records` produces it
from Python values; importers that build millions of values produce it themselves
(:func:`driver_time`), because the models' per-value conversion cost an eighth of an import.
The database's CHECK constraints still check every closed value.
"""

from __future__ import annotations

from datetime import UTC
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import ARRAY, any_, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime

    from sqlalchemy import Column, Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.elements import ColumnElement


def insert_rows(
    connection: Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    skip_existing: Sequence[str] = (),
    skip_where: str | None = None,
) -> None:
    """Insert ``rows`` (values in the order of ``columns``, in driver form) into ``table``.

    With ``skip_existing`` (the columns of a unique constraint) rows that would break it are
    left out (``ON CONFLICT DO NOTHING``; an INSERT then, as COPY cannot skip rows); with
    ``skip_where`` too, the constraint is the partial unique index of that predicate
    (``claimtracker.db.partial``). Table and column names come from the models, never from
    input, and so does the predicate.
    """
    if connection.dialect.name == "postgresql" and not skip_existing:
        copy_rows(connection, table, columns, rows)
        return
    params = [tuple(row) for row in rows]
    if not params:
        return
    quote = connection.dialect.identifier_preparer.quote
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    if skip_existing:
        where = f" WHERE {skip_where}" if skip_where else ""
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in skip_existing)}){where} DO NOTHING"
    connection.exec_driver_sql(sql, params)


def insert_dicts(
    connection: Connection,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_existing: Sequence[str] = (),
    skip_where: str | None = None,
) -> None:
    """:func:`insert_rows` of dicts that all have the same keys (values in driver form)."""
    if not rows:
        return
    keys = list(rows[0])
    # itemgetter builds each row's tuple in C (a generator per row was a twelfth of an
    # import's Python time); with one key it gives the value itself, hence the wrap.
    values = itemgetter(*keys)
    params = [values(row) for row in rows] if len(keys) > 1 else [(values(r),) for r in rows]
    insert_rows(connection, table, keys, params, skip_existing=skip_existing, skip_where=skip_where)


def insert_records(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, Python values) into ``table``.

    Each value goes through its column type's bind processing (UTC datetimes, enums by
    value) exactly as SQLAlchemy would send it, then to :func:`insert_rows`. Columns the rows
    leave out get their server defaults.
    """
    if not rows:
        return
    dialect = connection.dialect
    given = rows[0].keys()
    # The type as this dialect implements it: the generic DateTime under UTCDateTime has no
    # bind processing of its own, SQLite's writes SQLAlchemy's text (``… 10:00:00.000000``);
    # without it the driver wrote ``… 10:00:00``, which compares unequal to what every other
    # write stores.
    columns = [
        (c.name, c.type.dialect_impl(dialect).bind_processor(dialect))
        for c in table.columns
        if c.name in given
    ]
    values = (
        [
            value if process is None or value is None else process(value)
            for name, process in columns
            for value in (row[name],)
        ]
        for row in rows
    )
    insert_rows(connection, table.name, [name for name, _ in columns], values)


def copy_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """PostgreSQL: send ``rows`` into ``table`` by one ``COPY … FROM STDIN``.

    COPY has no statement per row to send, parse and acknowledge. Triggers and constraints
    apply as to INSERTs. COPY runs on the driver's connection, so a database error is wrapped
    here as SQLAlchemy's (``IntegrityError``, ``DataError``…), as any other statement's would be.
    """
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    # The driver connection of this SQLAlchemy connection, inside the same transaction.
    driver: Any = connection.connection.dbapi_connection
    errors = connection.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except errors as exc:
        raise DBAPIError.instance(statement, None, exc, errors) from exc


def reserve_ids(connection: Connection, table: Table, count: int) -> Sequence[int]:
    """``count`` unused primary keys of ``table`` (column ``id``), to insert rows with."""
    if count == 0:
        return ()
    if connection.dialect.name == "postgresql":
        return connection.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        ).all()
    # SQLite lets one writer at a time: this transaction holds the write lock (BEGIN
    # IMMEDIATE, or its own earlier writes), so nobody can take these ids before they are
    # inserted; a reader that turned writer meanwhile would fail, not collide.
    top: int | None = connection.scalar(select(func.max(table.c.id)))
    start = (top or 0) + 1
    return range(start, start + count)


def reset_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL: move each table's id sequence past the ids written with their values.

    Rows loaded with their ids leave the sequences where they were: the next ordinary insert
    would collide with a loaded row. Nothing to do on SQLite (its ids follow the table).
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        # Names come from the metadata, never from input.
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                f"COALESCE(MAX({column.name}), 1), MAX({column.name}) IS NOT NULL) "
                f"FROM {table.name}"
            )
        )


def among(connection: Connection, column: Column[Any], values: list[Any]) -> ColumnElement[bool]:
    """``column`` is one of ``values``: an ``IN`` list on SQLite, one array on PostgreSQL.

    An ``IN`` list of thousands of values is thousands of parameters that SQLAlchemy renders
    and psycopg splits out again for every statement (a fifth of a PostgreSQL import of
    100,000 notes, profiled); ``= ANY`` takes them as one array parameter. Keep ``values``
    well under SQLite's 32,766 bound parameters.
    """
    if connection.dialect.name == "sqlite":
        return column.in_(_padded(values))
    return column == any_(bindparam(None, values, type_=ARRAY(column.type)))


def _padded(values: list[Any]) -> list[Any]:
    """``values`` lengthened to a power of two (at least 16) by repeating the last one.

    Every distinct length of an ``IN`` list is a distinct statement: SQLite's per-connection
    statement cache (128 statements) filled with large one-off statements and kept growing the
    process by about 100 MB; a few lengths keep it to a few megabytes. A repeated value
    changes no result.
    """
    if not values:
        return values
    size = max(16, 1 << (len(values) - 1).bit_length())
    return values + [values[-1]] * (size - len(values))


def driver_time(connection: Connection, value: datetime | None) -> datetime | str | None:
    """An aware datetime as the driver should receive it for a ``UTCDateTime`` column.

    psycopg takes aware datetimes; SQLite stores naive UTC text in SQLAlchemy's DATETIME
    format (``YYYY-MM-DD HH:MM:SS.ffffff``), which the models read back.
    """
    if value is None or connection.dialect.name != "sqlite":
        return value
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
