"""Writing a whole database from dumped records, ids kept, in the caller's transaction.

A restore writes into an *empty* database at the same schema revision: the rows a migration
seeds (the default rating scale, the ``review.approvals`` setting) are replaced by the dumped
ones so every id matches the source. It runs in the caller's transaction: a bad record anywhere
leaves the database as it was. The same loader takes the records of a copy (:mod:`.copy`),
which come from another database rather than a file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from claimtracker.db import bulk, fulltext, summaries
from claimtracker.db.base import Base
from claimtracker.errors import Conflict, DumpFormatError
from claimtracker.transfer.dump import (
    DERIVED_TABLES,
    Row,
    connection_of,
    dumped_tables,
    schema_revision,
)
from claimtracker.transfer.restore_audit import (
    BrokenAudit,
    BrokenAuditChain,
    first_break,
    record_accepted,
)
from claimtracker.transfer.search_index import rebuild_search
from claimtracker.transfer.specs import TableSpec

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from claimtracker.importers.jsonl import DumpReader

# Builds the exception for a record that cannot be written: (line, table, row, reason); line
# is 0 when records do not come from a file.
RecordError = Callable[[int, str, Row, str], Exception]

# Tables a migration fills. In a database nobody has used yet they hold only those seeded rows,
# which a restore replaces. Every change the tool makes to them records an event, so "no event"
# is what tells seeded rows from a user's own scales and settings.
SEED_TABLES = frozenset({"rating_scale", "rating_label", "rating_alias", "setting"})
SEED_AUTHOR = "migration"

# Rows per INSERT while restoring: large enough that per-statement costs vanish, small enough
# that memory stays flat and a failing batch is cheap to replay row by row to find the bad
# record.
WRITE_BATCH = 2_000
# Page cache for a restore into SQLite, in KiB (negative: SQLite's unit for a size in KiB).
SQLITE_RESTORE_CACHE_KIB = -65_536

# What the database says when a record breaks one of its rules (as opposed to, say, a lost
# connection, which must not be blamed on a record).
_REFUSED = (IntegrityError, DataError)


def _rule(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    detail = str(orig if orig is not None else exc).strip().splitlines()
    return "breaks a rule of the database: " + (detail[0] if detail else type(exc).__name__)


@dataclass
class RestoreReport:
    """What a restore wrote: records per table and search documents rebuilt."""

    records: dict[str, int] = field(default_factory=dict)
    search_documents: int = 0
    # A restore of a dump: the break of its audit chain taken with --accept-broken-audit and
    # the event that recorded it (None when the chain held).
    audit_break: BrokenAudit | None = None
    accepted_event_id: int | None = None

    @property
    def total(self) -> int:
        """Records restored, all tables together."""
        return sum(self.records.values())


class _Loader:
    """Inserts records table by table in batches; defers forward references within a table."""

    def __init__(self, connection: Connection, error: RecordError) -> None:
        self.connection = connection
        self.error = error
        self.specs = {t.name: TableSpec.of(t, i) for i, t in enumerate(dumped_tables())}
        self.current: TableSpec | None = None
        self.batch: list[Row] = []
        self.lines: list[int] = []
        # (line, row's primary key, column, value) to set once the whole table is in.
        self.deferred: list[tuple[int, Any, str, Any]] = []
        self.last_pk: Any = None
        self.report = RestoreReport(records=dict.fromkeys(self.specs, 0))

    def spec(self, table: str, line: int, row: Row) -> TableSpec:
        """The table's spec, once it is known to come in dependency order."""
        current = self.current
        if current is not None and table == current.table.name:
            return current
        spec = self.specs.get(table)
        if spec is None:
            if table in DERIVED_TABLES:
                raise self.error(line, table, row, f"table {table} is rebuilt, not restored")
            raise self.error(line, table, row, f"no table {table!r} in this schema")
        if current is not None and spec.rank <= current.rank:
            raise self.error(
                line,
                table,
                row,
                f"table {table} after {current.table.name}: records must come in table "
                "dependency order, each table once",
            )
        self.finish_table()
        self.current = spec
        self.last_pk = None
        return spec

    def add(self, spec: TableSpec, row: Row, line: int) -> None:
        """Queue one checked row; writes a batch when full."""
        if spec.self_refs and spec.pk is not None:
            pk = row[spec.pk]
            in_order = self.last_pk is None or (pk is not None and pk > self.last_pk)
            for column in spec.self_refs:
                target = row[column]
                # A reference to a row already inserted is safe; anything else (a claim marked
                # a duplicate of a later claim) is set once the whole table is in.
                if target is not None and not (in_order and target < pk):
                    row = {**row, column: None}
                    self.deferred.append((line, pk, column, target))
            if in_order:
                self.last_pk = pk
        self.batch.append(row)
        self.lines.append(line)
        self.report.records[spec.table.name] += 1
        if len(self.batch) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows; on a failure find and name the record at fault."""
        if not self.batch or self.current is None:
            return
        table = self.current.table
        rows, lines = self.batch, self.lines
        self.batch, self.lines = [], []
        savepoint = self.connection.begin_nested()
        try:
            bulk.insert_records(self.connection, table, rows)
        except _REFUSED:
            savepoint.rollback()
        else:
            savepoint.commit()
            return
        # Replay one row at a time: the first failure is the record to report. The caller's
        # transaction is rolled back as a whole, so what was written here does not stay.
        for row, line in zip(rows, lines, strict=True):
            try:
                self.connection.execute(insert(table), [row])
            except _REFUSED as exc:
                raise self.error(line, table.name, row, _rule(exc)) from None
        raise self.error(lines[0], table.name, rows[0], "the batch of records was refused")

    def finish_table(self) -> None:
        """Write what is queued, then the deferred references of the table."""
        self.flush()
        spec = self.current
        if spec is None or not self.deferred or spec.pk is None:
            self.deferred = []
            return
        table, pk = spec.table, spec.pk
        by_column: dict[str, list[tuple[int, Any, Any]]] = defaultdict(list)
        for line, key, column, target in self.deferred:
            by_column[column].append((line, key, target))
        self.deferred = []
        # Columns with an ``onupdate`` (updated_at) keep their restored value: left out of the
        # SET clause, SQLAlchemy would stamp them with the time of the restore.
        kept = {c.name: c for c in table.columns if c.onupdate is not None}
        for column, items in by_column.items():
            statement = (
                update(table)
                .where(table.c[pk] == bindparam("_key"))
                .values({**kept, column: bindparam("_target")})
            )
            for line, key, target in items:
                try:
                    with self.connection.begin_nested():
                        self.connection.execute(statement, {"_key": key, "_target": target})
                except _REFUSED as exc:
                    raise self.error(line, table.name, {pk: key}, _rule(exc)) from None


def occupied_tables(bind: Connection | Session) -> list[str]:
    """The tables that make a database non-empty for a restore (empty list: it is empty).

    Any row outside the seeded tables counts, and so does a setting someone changed; seeded
    rating rows count only when an event shows the tool was used (every scale change records
    one, and an event table with rows is listed anyway).
    """
    connection = connection_of(bind)
    found = []
    for table in dumped_tables():
        if table.name in SEED_TABLES:
            continue
        if connection.execute(select(1).select_from(table).limit(1)).first() is not None:
            found.append(table.name)
    setting = Base.metadata.tables["setting"]
    changed = connection.execute(
        select(1).select_from(setting).where(setting.c.updated_by != SEED_AUTHOR).limit(1)
    ).first()
    if changed is not None:
        found.append("setting")
    return found


def _wipe(connection: Connection) -> None:
    # Children first; a self-referencing table goes in one statement, checked at its end.
    for table in reversed(Base.metadata.sorted_tables):
        connection.execute(delete(table))


def load_records(
    connection: Connection,
    records: Iterable[tuple[int, str, Row]],
    *,
    error: RecordError,
    convert: bool,
    replace: bool,
) -> RestoreReport:
    """Write ``(line, table, row)`` records into the database of ``connection``.

    The database must be empty unless ``replace`` (then it is emptied first). Rows are checked
    and converted from JSON values when ``convert``; a copy's rows are Python values already.
    """
    if not replace:
        occupied = occupied_tables(connection)
        if occupied:
            raise Conflict(
                "the database is not empty (it holds rows in "
                + ", ".join(occupied)
                + "): restore into a new database"
            )
    # The report summaries are computed once after the load, not row by row by their
    # triggers (at 1M claims that is most of a restore's time).
    with _sqlite_cache(connection), summaries.rebuilt_after(connection):
        return _load(connection, records, error=error, convert=convert)


@contextmanager
def _sqlite_cache(connection: Connection) -> Iterator[None]:
    """On SQLite, a larger page cache for the duration of a load.

    Every table has several indexes; with SQLite's default 2 MB cache their pages keep being
    evicted during a large load (measured: about 20% slower). The setting belongs to this
    connection only, and is put back afterwards because the connection returns to the pool.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = {SQLITE_RESTORE_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(DBAPIError):
            connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _load(
    connection: Connection,
    records: Iterable[tuple[int, str, Row]],
    *,
    error: RecordError,
    convert: bool,
) -> RestoreReport:
    # The full-text index is rebuilt once from the restored documents (db/fulltext.py).
    if connection.dialect.name == "postgresql":
        # The rows keep the login roles they were written by, unknown (NULL) included; the
        # database lets only an admin do so (ct_stamp_login, migration 0015).
        connection.exec_driver_sql("SET LOCAL claimtracker.restoring = 'on'")
    with fulltext.set_aside(connection):
        _wipe(connection)
        loader = _Loader(connection, error)
        for line, table, row in records:
            spec = loader.spec(table, line, row)
            if convert:
                try:
                    row = spec.convert(row)
                except ValueError as exc:
                    raise error(line, table, row, f"{table}: {exc}") from None
            loader.add(spec, row, line)
        loader.finish_table()
        bulk.reset_sequences(connection, dumped_tables())
        loader.report.search_documents = rebuild_search(connection)
    return loader.report


def restore(
    bind: Connection | Session,
    reader: DumpReader,
    *,
    replace: bool = False,
    accept_broken_audit: bool = False,
    actor: str = "restore",
) -> RestoreReport:
    """Restore a dump read by ``reader`` into the database of ``bind``, in its transaction.

    The database must be at the dump's schema revision and empty (only the rows migrations
    seed), unless ``replace`` is given: then whatever it holds is deleted first. Every record
    is checked; the first bad one raises :class:`DumpFormatError` naming its line. So is the
    restored audit chain: a break (an edited event, events that do not end at the trailer's
    head) raises :class:`BrokenAuditChain` naming the first bad event, unless
    ``accept_broken_audit``: then an event by ``actor`` records that it was accepted. The
    caller commits, or rolls back on any error, so nothing is ever half restored.
    """
    connection = connection_of(bind)
    name = reader.name
    target = schema_revision(connection)
    if reader.header.schema_revision != target:
        raise DumpFormatError(
            name,
            1,
            f"the dump is at schema revision {reader.header.schema_revision}, this database at "
            f"{target}: restore it with a claimtracker of revision "
            f"{reader.header.schema_revision}",
        )

    def error(line: int, _table: str, _row: Row, reason: str) -> Exception:
        return DumpFormatError(name, line, reason)

    event_lines: dict[int, int] = {}

    def records() -> Iterator[tuple[int, str, Row]]:
        for record in reader.records():
            if record.table == "event" and isinstance(record.row.get("id"), int):
                event_lines[record.row["id"]] = record.line
            yield record.line, record.table, record.row

    report = load_records(connection, records(), error=error, convert=True, replace=replace)
    broken = first_break(
        connection,
        event_lines,
        trailer_head=reader.audit_head,
        trailer_line=reader.trailer_line,
    )
    if broken is not None:
        if not accept_broken_audit:
            raise BrokenAuditChain(name, broken)
        report.audit_break = broken
        report.accepted_event_id = record_accepted(bind, broken, name=name, actor=actor).id
    return report


__all__ = [
    "SEED_TABLES",
    "RecordError",
    "RestoreReport",
    "load_records",
    "occupied_tables",
    "restore",
]
