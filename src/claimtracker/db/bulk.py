"""PostgreSQL's bulk path: rows sent by one ``COPY … FROM STDIN`` in the caller's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.engine import Connection


def copy_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Send ``rows`` (values in the order of ``columns``, in driver form) into ``table``.

    COPY has no statement per row to send, parse and acknowledge: measured on restores
    (100,000 claims: 7 s against 19 s for an executemany INSERT) and on Community Notes
    imports (docs/performance.md). Triggers and constraints apply as to INSERTs. COPY runs on
    the driver's connection, so a database error is wrapped here as SQLAlchemy's
    (``IntegrityError``, ``DataError``…), as any other statement's would be.
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
