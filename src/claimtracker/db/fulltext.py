"""Keeping the full-text index of ``claim_search`` during bulk writes: the one place that knows
how the index is maintained (migration 0001) and how to set that aside.

SQLite indexes the documents in the FTS5 table ``claim_fts``, kept in step by three triggers
on ``claim_search``; PostgreSQL in a GIN index over a generated ``tsvector`` column. Fired
once per row, the FTS5 triggers make a large load about ten times slower (measured on 100,000
claims: 64 s to write the documents with them, 19 s without them plus one rebuild), so bulk
writers either:

* set the index aside for the whole load and rebuild it once (:func:`set_aside`): restores,
  the benchmark generator; or
* insert the documents of new claims in batches and index each batch with one statement
  (:func:`insert_documents`): imports into a database that may already be large, where a
  rebuild would cost as much as the database holds.

Both read the triggers' and the index's definitions from the database itself, so they put
back exactly what was there. DDL is transactional on both backends: a failed load's rollback
restores everything.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from claimtracker.db.bulk import insert_rows

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy.engine import Connection

DOCUMENTS = "claim_search"
SQLITE_INDEX = "claim_fts"
# The trigger that indexes a new document (migration 0001); insert_documents stands in for it.
SQLITE_INSERT_TRIGGER = "claim_search_ai"
PG_INDEX = "ix_claim_search_search_vector"


def _sqlite_triggers(connection: Connection) -> dict[str, str]:
    rows = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = :table ORDER BY name"
        ),
        {"table": DOCUMENTS},
    )
    return {str(row.name): str(row.sql) for row in rows}


def _has_sqlite_index(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": SQLITE_INDEX},
    ).first()
    return found is not None


def _pg_index(connection: Connection) -> str | None:
    definition: str | None = connection.scalar(
        text("SELECT indexdef FROM pg_indexes WHERE tablename = :table AND indexname = :name"),
        {"table": DOCUMENTS, "name": PG_INDEX},
    )
    return definition


@dataclass
class SetAside:
    """What :func:`set_aside` took down, and how long putting it back took (seconds a step)."""

    sqlite_triggers: dict[str, str] = field(default_factory=dict)
    pg_index: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def set_aside(connection: Connection, *, pg_index: bool = False) -> Iterator[SetAside]:
    """Stop maintaining the full-text index while the block loads ``claim_search``; rebuild it
    once at the end from the documents then present.

    On PostgreSQL the GIN index is dropped and built again only with ``pg_index`` (one sorted
    build beats a million updates, but it keeps other sessions from searching meanwhile).
    The block may commit as it goes; the index is whole again once it ends without error.
    """
    taken = SetAside()
    if connection.dialect.name == "sqlite":
        if _has_sqlite_index(connection):
            taken.sqlite_triggers = _sqlite_triggers(connection)
        for name in taken.sqlite_triggers:
            # Names come from sqlite_master, never from input.
            connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    elif pg_index:
        taken.pg_index = _pg_index(connection)
        if taken.pg_index is not None:
            connection.exec_driver_sql(f"DROP INDEX {PG_INDEX}")
    yield taken
    start = time.perf_counter()
    if taken.sqlite_triggers:
        connection.exec_driver_sql(f"INSERT INTO {SQLITE_INDEX}({SQLITE_INDEX}) VALUES ('rebuild')")
        for sql in taken.sqlite_triggers.values():
            connection.exec_driver_sql(sql)
    if taken.pg_index is not None:
        connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
        connection.exec_driver_sql(taken.pg_index)
    taken.timings["fulltext_index"] = time.perf_counter() - start


def insert_documents(connection: Connection, rows: Sequence[tuple[int, str]]) -> None:
    """Insert the search documents ``(claim_id, document)`` of new claims and index them.

    On SQLite the per-row trigger is stood in for by one ``INSERT … SELECT`` of the batch's id
    range into the FTS5 table (a quarter of what the trigger costs): only when the trigger is
    exactly the migration's, so an unknown one is left to do its work. ``rows`` must be the
    only documents in their id range (new claims, with ids reserved for them).
    """
    if not rows:
        return
    columns = ("claim_id", "document")
    trigger = None
    if connection.dialect.name == "sqlite":
        trigger = _sqlite_triggers(connection).get(SQLITE_INSERT_TRIGGER)
    if trigger != _SQLITE_INSERT_TRIGGER_SQL:
        # PostgreSQL's index follows the generated column by itself.
        insert_rows(connection, DOCUMENTS, columns, rows)
        return
    # SQLite: this transaction holds the write lock, so no other writer sees the gap.
    connection.exec_driver_sql(f"DROP TRIGGER {SQLITE_INSERT_TRIGGER}")
    insert_rows(connection, DOCUMENTS, columns, rows)
    ids: list[Any] = [claim_id for claim_id, _ in rows]
    connection.execute(
        text(
            f"INSERT INTO {SQLITE_INDEX}(rowid, document) SELECT claim_id, document "
            f"FROM {DOCUMENTS} WHERE claim_id BETWEEN :low AND :high"
        ),
        {"low": min(ids), "high": max(ids)},
    )
    connection.exec_driver_sql(_SQLITE_INSERT_TRIGGER_SQL)


# As migration 0001 creates it (sqlite_master keeps the statement's text as written).
_SQLITE_INSERT_TRIGGER_SQL = (
    f"CREATE TRIGGER {SQLITE_INSERT_TRIGGER} AFTER INSERT ON {DOCUMENTS} BEGIN "
    f"INSERT INTO {SQLITE_INDEX}(rowid, document) VALUES (new.claim_id, new.document); END"
)
