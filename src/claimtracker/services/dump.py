"""Full-fidelity dump and restore: every table, ids kept, streamed in both directions.

A dump walks the tables in dependency order (``Base.metadata.sorted_tables``), each in
primary-key order, reading in batches so no table is held in memory. ``claim_search`` is left
out: it is derived from claims, quotes, tags and review headlines and rebuilt on restore (with
the full-text index over it).

A restore writes into an *empty* database at the same schema revision: the rows a migration
seeds (the default rating scale, the ``review.approvals`` setting) are replaced by the dumped
ones so every id matches the source. It runs in the caller's transaction: a bad record anywhere
leaves the database as it was. Copying between databases is the same two halves joined by a
generator, without an intermediate file.

The format itself (header, records, trailer) lives in ``exporters.jsonl`` and
``importers.jsonl``; this module knows the schema.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    Integer,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

import claimtracker.models  # noqa: F401 - registers every table on Base.metadata
from claimtracker.db import bulk, fulltext, summaries
from claimtracker.db.base import Base
from claimtracker.db.schema import read_state
from claimtracker.errors import Conflict, DumpFormatError, InvalidInput, SchemaMismatch
from claimtracker.exporters import jsonl as jsonl_format

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Iterator, Sequence

    from sqlalchemy import Column, Table
    from sqlalchemy.engine import Connection, Engine

    from claimtracker.importers.jsonl import DumpReader

Row = dict[str, Any]

# Derived from other tables; rebuilt by `rebuild_search` instead of being dumped. Claim
# vectors (the semantic matcher's) are binary and recomputed by `claim db embed`.
DERIVED_TABLES = frozenset({"claim_search", "claim_embedding"})
# Tables a migration fills. In a database nobody has used yet they hold only those seeded rows,
# which a restore replaces. Every change the tool makes to them records an event, so "no event"
# is what tells seeded rows from a user's own scales and settings.
SEED_TABLES = frozenset({"rating_scale", "rating_label", "rating_alias", "setting"})
SEED_AUTHOR = "migration"

# Rows per SELECT batch while dumping and per INSERT while restoring: large enough that
# per-statement costs vanish, small enough that memory stays flat and a failing batch is
# cheap to replay row by row to find the bad record.
READ_BATCH = 2_000
WRITE_BATCH = 2_000
SEARCH_BATCH = 2_000
# Page cache for a restore into SQLite, in KiB (negative: SQLite's unit for a size in KiB).
SQLITE_RESTORE_CACHE_KIB = -65_536


def dumped_tables() -> list[Table]:
    """The tables a dump holds, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def _connection(bind: Connection | Session) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


# --------------------------------------------------------------------------- reading


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
    revision = read_state(_connection(bind)).revision
    if revision is None:
        raise SchemaMismatch("the database has no schema revision: not a claimtracker database")
    return revision


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


def _is_datetime(column: Column[Any]) -> bool:
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
    return {c.name for c in table.columns if _is_datetime(c)}


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
    for values in _rows(_connection(bind), table):
        yield dict(zip(names, values, strict=True))


def iter_records(bind: Connection | Session) -> Generator[tuple[str, Row]]:
    """``(table name, row)`` for every dumped table, parents first, rows by primary key."""
    for table in dumped_tables():
        for row in iter_table(bind, table):
            yield table.name, row


def _kind(column: Column[Any], raw: set[str]) -> str | Callable[[Any], Any]:
    if column.name in raw:
        return _sqlite_datetime_text
    if _is_datetime(column):
        return "datetime"
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        return "enum"
    return "plain"


def dump_lines(bind: Connection | Session, *, exported_at: datetime | None = None) -> Iterator[str]:
    """The whole database as dump lines: header, one line per record, trailer.

    Run it inside one transaction (see :func:`snapshot`) so the lines are one consistent state.
    """
    connection = _connection(bind)
    yield jsonl_format.header_line(schema_revision(connection), exported_at)
    counts: dict[str, int] = {}
    for table in dumped_tables():
        raw = _raw_sqlite_datetimes(connection, table)
        writer = jsonl_format.TableWriter(
            table.name, [(c.name, _kind(c, raw)) for c in table.columns]
        )
        count = 0
        for values in _rows(connection, table, raw):
            count += 1
            yield writer.line(values)
        counts[table.name] = count
    yield jsonl_format.trailer_line(counts)


# --------------------------------------------------------------------------- checking input


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 datetime string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 datetime") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone (dumps are in UTC)")
    return parsed.astimezone(UTC)


def _converter(column: Column[Any]) -> Callable[[Any], Any]:
    """A function that checks a JSON value for ``column`` and turns it into a Python value."""
    kind = column.type
    if _is_datetime(column):
        return _parse_datetime
    if isinstance(kind, Enum) and kind.enum_class is not None:
        members = {str(m.value): m for m in kind.enum_class}
        allowed = ", ".join(members)

        def to_member(value: Any) -> Any:
            if not isinstance(value, str) or value not in members:
                raise ValueError(f"{value!r} is not one of {allowed}")
            return members[value]

        return to_member
    if isinstance(kind, Boolean):

        def to_bool(value: Any) -> Any:
            if value is not True and value is not False:
                raise ValueError(f"expected true or false, got {value!r}")
            return value

        return to_bool
    if isinstance(kind, Integer):

        def to_int(value: Any) -> Any:
            # `type(...) is` rather than isinstance: a JSON true must not pass as 1.
            if type(value) is not int:
                raise ValueError(f"expected an integer, got {value!r}")
            return value

        return to_int
    if isinstance(kind, String):
        length = kind.length

        def to_str(value: Any) -> Any:
            if type(value) is not str:
                raise ValueError(f"expected a string, got {type(value).__name__}")
            # PostgreSQL would refuse it too, but without naming the line; SQLite would not.
            if length is not None and len(value) > length:
                raise ValueError(f"longer than {length} characters")
            return value

        return to_str
    return lambda value: value


@dataclass(frozen=True)
class _TableSpec:
    """What a restore needs to know about one table."""

    table: Table
    rank: int
    columns: tuple[tuple[str, Callable[[Any], Any], bool], ...]
    keys: frozenset[str]
    # Single-column foreign keys to the table itself (claim.duplicate_of_id …).
    self_refs: tuple[str, ...]
    pk: str | None

    @classmethod
    def of(cls, table: Table, rank: int) -> _TableSpec:
        pk_columns = list(table.primary_key.columns)
        self_refs = tuple(
            fk.parent.name
            for fk in table.foreign_keys
            if fk.column.table is table
            and fk.constraint is not None
            and len(fk.constraint.columns) == 1
        )
        return cls(
            table=table,
            rank=rank,
            columns=tuple((c.name, _converter(c), bool(c.nullable)) for c in table.columns),
            keys=frozenset(c.name for c in table.columns),
            self_refs=self_refs,
            pk=pk_columns[0].name if len(pk_columns) == 1 else None,
        )

    def convert(self, row: Row) -> Row:
        """The row with Python values; raises ValueError naming the column at fault."""
        if row.keys() != self.keys:
            missing = sorted(self.keys - row.keys())
            unknown = sorted(row.keys() - self.keys)
            parts = []
            if missing:
                parts.append("missing column " + ", ".join(missing))
            if unknown:
                parts.append(f"no column {', '.join(unknown)} in table {self.table.name}")
            raise ValueError("; ".join(parts))
        out: Row = {}
        name = ""
        try:
            for name, convert, nullable in self.columns:
                value = row[name]
                if value is not None:
                    out[name] = convert(value)
                elif nullable:
                    out[name] = None
                else:
                    raise ValueError("must not be null")
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        return out


# --------------------------------------------------------------------------- writing


@dataclass
class RestoreReport:
    """What a restore wrote: records per table and search documents rebuilt."""

    records: dict[str, int] = field(default_factory=dict)
    search_documents: int = 0

    @property
    def total(self) -> int:
        """Records restored, all tables together."""
        return sum(self.records.values())


class _Loader:
    """Inserts records table by table in batches; defers forward references within a table.

    ``error(line, table, row, reason)`` builds the exception for a record that cannot be
    written (``line`` is 0 when records do not come from a file).
    """

    def __init__(
        self, connection: Connection, error: Callable[[int, str, Row, str], Exception]
    ) -> None:
        self.connection = connection
        self.error = error
        self.specs = {t.name: _TableSpec.of(t, i) for i, t in enumerate(dumped_tables())}
        self.current: _TableSpec | None = None
        self.batch: list[Row] = []
        self.lines: list[int] = []
        # (line, row's primary key, column, value) to set once the whole table is in.
        self.deferred: list[tuple[int, Any, str, Any]] = []
        self.last_pk: Any = None
        self.report = RestoreReport(records=dict.fromkeys(self.specs, 0))

    def spec(self, table: str, line: int, row: Row) -> _TableSpec:
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

    def add(self, spec: _TableSpec, row: Row, line: int) -> None:
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


# What the database says when a record breaks one of its rules (as opposed to, say, a lost
# connection, which must not be blamed on a record).
_REFUSED = (IntegrityError, DataError)


def _rule(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    detail = str(orig if orig is not None else exc).strip().splitlines()
    return "breaks a rule of the database: " + (detail[0] if detail else type(exc).__name__)


def occupied_tables(bind: Connection | Session) -> list[str]:
    """The tables that make a database non-empty for a restore (empty list: it is empty).

    Any row outside the seeded tables counts, and so does a setting someone changed; seeded
    rating rows count only when an event shows the tool was used (every scale change records
    one, and an event table with rows is listed anyway).
    """
    connection = _connection(bind)
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


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for key, value in rows:
        if value:
            out[key].append(value)
    return out


def rebuild_search(bind: Connection | Session) -> int:
    """Rewrite the search document of every claim; returns how many were written.

    Works through claims in id ranges, reading each range's tags, quotes and review headlines
    in one query each, so memory stays flat and the documents are exactly those
    ``search.refresh`` writes (quotes in appearance order, headlines in verdict order).
    """
    from claimtracker.services import verdicts
    from claimtracker.services.search import build_document

    connection = _connection(bind)
    tables = Base.metadata.tables
    claim, tag, appearance = tables["claim"], tables["claim_tag"], tables["appearance"]
    search = tables["claim_search"]
    connection.execute(delete(search))
    written = 0
    last = 0
    while True:
        claims = connection.execute(
            select(claim.c.id, claim.c.text)
            .where(claim.c.id > last)
            .order_by(claim.c.id)
            .limit(SEARCH_BATCH)
        ).all()
        if not claims:
            return written
        low, high = claims[0].id, claims[-1].id
        tags = _grouped(
            connection.execute(
                select(tag.c.claim_id, tag.c.tag).where(tag.c.claim_id.between(low, high))
            )
        )
        quotes = _grouped(
            connection.execute(
                select(appearance.c.claim_id, appearance.c.quote)
                .where(appearance.c.claim_id.between(low, high), appearance.c.quote.is_not(None))
                .order_by(appearance.c.claim_id, appearance.c.id)
            )
        )
        headlines = verdicts.headlines_between(connection, low, high)
        documents = [
            {
                "claim_id": row.id,
                "document": build_document(
                    row.text,
                    tags.get(row.id, []),
                    quotes.get(row.id, []),
                    headlines.get(row.id, []),
                ),
            }
            for row in claims
        ]
        bulk.insert_records(connection, search, documents)
        written += len(documents)
        last = high


def _restore(
    connection: Connection,
    records: Iterable[tuple[int, str, Row]],
    *,
    error: Callable[[int, str, Row, str], Exception],
    convert: bool,
    replace: bool,
) -> RestoreReport:
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
    error: Callable[[int, str, Row, str], Exception],
    convert: bool,
) -> RestoreReport:
    # The full-text index is rebuilt once from the restored documents (db/fulltext.py).
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
    bind: Connection | Session, reader: DumpReader, *, replace: bool = False
) -> RestoreReport:
    """Restore a dump read by ``reader`` into the database of ``bind``, in its transaction.

    The database must be at the dump's schema revision and empty (only the rows migrations
    seed), unless ``replace`` is given: then whatever it holds is deleted first. Every record
    is checked; the first bad one raises :class:`DumpFormatError` naming its line. The caller
    commits, or rolls back on any error, so nothing is ever half restored.
    """
    connection = _connection(bind)
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

    records = ((r.line, r.table, r.row) for r in reader.records())
    return _restore(connection, records, error=error, convert=True, replace=replace)


def copy(
    source: Connection | Session, target: Connection | Session, *, replace: bool = False
) -> RestoreReport:
    """Copy every record of ``source`` into ``target``, streamed, ids kept.

    Both databases must be at the same schema revision; the target must be empty unless
    ``replace`` is given. Runs in the target's transaction (the caller commits); read the
    source in one transaction too (:func:`snapshot`) for a consistent copy.
    """
    source_revision, target_revision = schema_revision(source), schema_revision(target)
    if source_revision != target_revision:
        raise SchemaMismatch(
            f"the source is at schema revision {source_revision}, the target at "
            f"{target_revision}: upgrade the older one first"
        )

    def error(_line: int, table: str, row: Row, reason: str) -> Exception:
        keys = [c.name for c in Base.metadata.tables[table].primary_key.columns]
        where = ", ".join(f"{k}={row.get(k)!r}" for k in keys)
        return InvalidInput(f"cannot copy {table} row {where}: {reason}")

    source_records = iter_records(source)
    try:
        records = ((0, table, row) for table, row in source_records)
        return _restore(_connection(target), records, error=error, convert=False, replace=replace)
    finally:
        source_records.close()


def counts(bind: Connection | Session) -> dict[str, int]:
    """Rows per dumped table, for summaries and tests."""
    connection = _connection(bind)
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in dumped_tables()
    }


__all__ = [
    "DERIVED_TABLES",
    "SEED_TABLES",
    "RestoreReport",
    "copy",
    "counts",
    "dump_lines",
    "dumped_tables",
    "iter_records",
    "iter_table",
    "occupied_tables",
    "rebuild_search",
    "restore",
    "schema_revision",
    "snapshot",
]
