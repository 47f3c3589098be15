"""Run named reports and ad-hoc SQL on a read-only connection."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from claimtracker.errors import InvalidInput, NotFound
from claimtracker.reports.catalog import REPORTS, UNKNOWN_MONTH, Report

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator, Sequence

    from sqlalchemy.engine import Connection

    from claimtracker.dates import ParsedDate

# Rows are read from the database in batches of this many, converted and handed on: a report
# of a million rows goes out at constant memory, its first rows at once.
BATCH = 1_000
# SQLite's stored form of a UTC time (SQLAlchemy's DATETIME text).
_STORED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", re.ASCII)


class Table:
    """Column names and the rows of one query, converted as they are read.

    The rows can be iterated once, while the connection is open. ``truncated`` tells, once
    they have been read, that the query had more rows than ``limit``.
    """

    def __init__(
        self,
        columns: list[str],
        batches: Iterator[Sequence[Sequence[Any]]],
        limit: int | None,
        close: Callable[[], None],
    ) -> None:
        self.columns = columns
        self.truncated = False
        self._batches = batches
        self._limit = limit
        self._close = close

    def rows(self, *, stamps_as_text: bool = False) -> Generator[Sequence[Any], None, None]:
        """The rows as values in the order of ``columns``: the path of large outputs.

        Timestamps are UTC datetimes, or with ``stamps_as_text`` their ISO 8601 text (what
        every output format prints), which skips building a datetime only to format it.
        """
        convert = _as_iso_text if stamps_as_text else _as_timestamp
        # By convention every timestamp column of the views ends in "_at".
        stamps = [index for index, key in enumerate(self.columns) if key.endswith("_at")]
        left = self._limit
        try:
            for batch in self._batches:
                for row in batch:
                    if left is not None:
                        if left == 0:
                            self.truncated = True
                            return
                        left -= 1
                    if stamps:
                        row = list(row)  # the converted copy is what is yielded
                        for index in stamps:
                            value = row[index]
                            if value is not None:
                                row[index] = convert(value)
                    yield row
        finally:
            # Release the cursor now, while its connection is open, even when the reading
            # stopped early (the limit, or a reader that went away).
            self._close()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        columns = self.columns
        for row in self.rows():
            yield dict(zip(columns, row, strict=True))


def get_report(name: str) -> Report:
    """The named report, or an error listing the names."""
    report = REPORTS.get(name)
    if report is None:
        raise NotFound(f"no report {name!r}; `claim report` lists them: {', '.join(REPORTS)}")
    return report


def _as_timestamp(value: Any) -> Any:
    """SQLite gives view timestamps back as text: make them UTC datetimes like PostgreSQL."""
    if isinstance(value, str):
        try:
            # The stored form, naive UTC text: parsed with its zone in one call, which costs
            # a fifth of parsing and then replace(tzinfo=...) (a report converts 500,000).
            parsed = datetime.fromisoformat(value + "+00:00")
        except ValueError:
            pass
        else:
            # Python 3.11 reads a date alone followed by an offset as naive midnight.
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if isinstance(value, datetime):
        # Read-only PostgreSQL sessions run in UTC, so this is normally already the case.
        return value if value.tzinfo is UTC else value.astimezone(UTC)
    return value


def _as_iso_text(value: Any) -> Any:
    """A timestamp cell as ``_as_timestamp(value).isoformat()`` writes it, text kept as is.

    SQLite's stored text is rewritten directly instead of being parsed into a datetime and
    formatted back (`time claim report claim-overview --format csv` at 1M claims: 13.8 s to
    11.9 s, docs/performance.md). The stored form is trusted to hold a real time (SQLAlchemy
    wrote it), so only its shape is checked.
    """
    if type(value) is str and _STORED.fullmatch(value):
        fraction = value[19:]
        if fraction == ".000000":
            fraction = ""  # isoformat leaves out zero microseconds
        return f"{value[:10]}T{value[11:19]}{fraction}+00:00"
    stamp = _as_timestamp(value)
    return stamp.isoformat() if isinstance(stamp, datetime) else stamp


def report_statement(
    connection: Connection,
    report: Report,
    *,
    since: ParsedDate | None = None,
    until: ParsedDate | None = None,
    claimant: str | None = None,
    limit: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """The SELECT of ``report`` and its bound values. Names come from the catalog."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if (since or until) and report.date_column is None:
        raise InvalidInput(
            f"report {report.name!r} has no dates to filter by", inputs=["since", "until"]
        )
    if claimant and report.claimant_column is None:
        raise InvalidInput(
            f"report {report.name!r} has no claimant to filter by", inputs=["claimant"]
        )
    sqlite = connection.dialect.name == "sqlite"

    def bound(moment: datetime) -> Any:
        if report.date_is_month:
            return moment.strftime("%Y-%m")
        # SQLite keeps naive UTC text; compare in the same form.
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment

    if report.date_is_month and (since or until):
        # Undated reviews count in the month 'unknown' ('u' sorts after every digit): no date
        # filter may take them in.
        where.append(f"{report.date_column} <> :unknown_month")
        params["unknown_month"] = UNKNOWN_MONTH
    if since is not None:
        where.append(f"{report.date_column} >= :since")
        params["since"] = bound(since.value)
    if until is not None:
        if report.date_is_month:
            where.append(f"{report.date_column} <= :until")
            params["until"] = bound(until.value)
        else:
            where.append(f"{report.date_column} < :until")
            params["until"] = bound(until.end())
    if claimant:
        if report.claimant_id_column:
            where.append(
                f"{report.claimant_id_column} IN "
                "(SELECT id FROM entity WHERE lower(name) = lower(:claimant))"
            )
        else:
            where.append(f"lower({report.claimant_column}) = lower(:claimant)")
        params["claimant"] = claimant
    sql = f"SELECT {', '.join(report.columns)} FROM {report.view}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {report.order_by}"
    if limit is not None:
        # The limit goes into the SQL (one row more, to tell that rows were left out):
        # PostgreSQL then plans for the first rows and sends only those.
        sql += " LIMIT :row_limit"
        params["row_limit"] = limit + 1
    return sql, params


def run_report(
    connection: Connection,
    report: Report,
    *,
    since: ParsedDate | None = None,
    until: ParsedDate | None = None,
    claimant: str | None = None,
    limit: int | None = None,
) -> Table:
    """Rows of ``report``, filtered, at most ``limit`` (all without one).

    Names come from the catalog; values are bound. PostgreSQL sends the rows through a
    server-side cursor, batch by batch, rather than all at once into this process.
    """
    sql, params = report_statement(
        connection, report, since=since, until=until, claimant=claimant, limit=limit
    )
    if limit is None and connection.dialect.name == "postgresql":
        # A cursor is planned for its first tenth by default (fast start, slower in all):
        # every row will be read, so plan for all of them (rebuttal-map read to its last row
        # at 1M claims, `python -m benchmarks reports`: 2,968 ms to 2,036 ms).
        connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    result = connection.execution_options(stream_results=True, max_row_buffer=BATCH).execute(
        text(sql), params
    )
    return Table(list(result.keys()), result.partitions(BATCH), limit, result.close)


def undated_rows_left_out(
    connection: Connection,
    report: Report,
    *,
    since: ParsedDate | None = None,
    until: ParsedDate | None = None,
) -> int:
    """How many rows of the month 'unknown' a --since/--until filter leaves out of ``report``.

    The filter cannot say whether an undated review falls inside it, so it leaves it out; the
    caller says so rather than let a reader take the filtered total for the whole.
    """
    if not (report.date_is_month and (since or until)):
        return 0
    sql = f"SELECT count(*) FROM {report.view} WHERE {report.date_column} = :unknown_month"
    found = connection.execute(text(sql), {"unknown_month": UNKNOWN_MONTH}).scalar_one()
    return int(found)


def run_sql(connection: Connection, sql: str, *, limit: int | None = None) -> Table:
    """Run one read-only statement; writes are refused by the connection.

    The text goes to the driver as is, with no parameters, so neither SQLAlchemy (":name")
    nor psycopg ("%s") reads placeholders into a user's literal ('12:30', '100%').

    Exactly one statement: a second one could end the read-only transaction ("COMMIT; BEGIN
    READ WRITE; UPDATE …"). The database says how many there are, not a reading of the text:
    sqlite3 runs one statement at a time, and on PostgreSQL the query is prepared (the
    extended protocol), which the server refuses for several commands, where psycopg's
    simple-query protocol would run them all.
    """
    if not sql.strip():
        raise InvalidInput("the SQL is empty")
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    errors = connection.dialect.loaded_dbapi.Error
    prepared = connection.dialect.name == "postgresql"
    try:
        if prepared:
            cursor.execute(sql, prepare=True)  # type: ignore[call-arg]  # psycopg only
        else:
            cursor.execute(sql)
        if cursor.description is None:
            raise InvalidInput("the SQL returned no rows (only queries can run here)")
    except errors as exc:
        cursor.close()
        raise InvalidInput(describe_sql_error(exc)) from None
    except BaseException:
        cursor.close()
        raise
    columns = [d[0] for d in cursor.description]
    return Table(columns, _fetched(cursor, errors), limit, cursor.close)


def _fetched(cursor: Any, errors: type[BaseException]) -> Iterator[Sequence[Any]]:
    """Batches of an ad-hoc query's rows; an error met while reading is one line too."""
    fetch: Callable[[int], Sequence[Any]] = cursor.fetchmany
    try:
        while batch := fetch(BATCH):
            yield batch
    except errors as exc:
        raise InvalidInput(describe_sql_error(exc)) from None


def describe_sql_error(exc: BaseException) -> str:
    """One line for a failed ad-hoc query; writes get a plain explanation."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    lowered = detail.lower()
    refused = (
        "readonly database",
        "read-only transaction",
        "not authorized",
        "too many attached",
        "query_only",
        "permission denied",
    )
    if any(marker in lowered for marker in refused):
        return f"refused: SQL here is read-only ({detail})"
    several = ("multiple commands", "one statement at a time")
    if any(marker in lowered for marker in several):
        return "refused: give one SQL statement (several were given)"
    return f"SQL error: {detail}"
