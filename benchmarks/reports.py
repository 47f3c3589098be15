"""Reports at scale (issue 5): every named report on the 1M-claim database, SQLite and PostgreSQL.

Two figures per report, each what a `claim report NAME` command does, in process: a new ``App``
opens the database read-only as the command does (``App.readonly``, which also checks the
schema) and runs ``runner.run_report``:

* "screen": the command in a terminal, by default: the first ``SCREEN_ROWS`` rows, rendered as
  the table it prints (into memory; the terminal's own speed is left out);
* "all rows": ``--format csv`` into a file, every row of the report, streamed (written to a
  sink that discards it).

The baseline, interleaved with each, is ``SELECT count(*) FROM claim`` through the same
read-only path, so it carries the same per-command cost (engine, connection, schema check).
The target is absolute: under one second per report.

Databases and environment are those of the capture suite (``benchmarks/capture.py``):
``BENCH_CLAIMS``, ``BENCH_PG_CLAIMS``, ``BENCH_POSTGRES_URL`` (``none`` skips PostgreSQL) and
``BENCH_BUDGET`` (seconds after which a figure stops being measured, once it has
``MIN_SAMPLES`` calls). The cached databases are upgraded in place to the code's schema, as a
user's would be; the reports only read.

Each line's note says where the time goes: the database alone (the same statement wrapped in
``SELECT count(*)``, so no row is sent or converted) and the CPU time of this process for the
call (on SQLite the database runs in this process and is included; on PostgreSQL it is not).
On a loaded machine the wall-clock median is several times the CPU time.

After each backend, the plan of its slowest report (on screen) is printed (``EXPLAIN QUERY
PLAN`` on SQLite, ``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL), to see which index serves it.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import time
from typing import TYPE_CHECKING, Any, TypeVar

from benchmarks import generate
from benchmarks.capture import (
    BUDGET,
    CLAIMS,
    PG_CLAIMS,
    PG_SERVER,
    AbsoluteComparison,
    _count,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from sqlalchemy.engine import Connection

    from benchmarks.harness import Comparison
    from claimtracker.reports.catalog import Report

T = TypeVar("T")

REPORT_LIMIT = 1.0  # seconds, per report (issue 5)
# Some reports took tens of seconds before migration 0006: three calls are enough to show it.
MIN_SAMPLES = 3
BASELINE = "SELECT count(*) FROM claim"


def _timed(url: str, work: Callable[[Connection], T]) -> tuple[float, T]:
    """One command's worth of work: a new App, its read-only connection, ``work`` on it."""
    from claimtracker.app import App

    start = time.perf_counter()
    app = App(db_option=url)
    try:
        with app.readonly() as connection:
            result = work(connection)
    finally:
        app.close()
    return time.perf_counter() - start, result


def _screen_rows() -> int:
    """Rows `claim report` shows in a table."""
    from claimtracker.cli.report import SCREEN_ROWS

    return SCREEN_ROWS


def _report_sql(connection: Connection, name: str) -> str:
    """The statement ``run_report`` sends for ``name`` on screen, for EXPLAIN."""
    from claimtracker.reports.runner import get_report, report_statement

    sql, params = report_statement(connection, get_report(name), limit=_screen_rows())
    # Only the row limit is bound when there are no filters; EXPLAIN needs it inline.
    assert set(params) == {"row_limit"}, params
    return sql.replace(":row_limit", str(int(params["row_limit"])))


def explain(url: str, name: str) -> list[str]:
    """The plan of report ``name``: which indexes serve it."""
    from sqlalchemy import text

    def plan(connection: Connection) -> list[str]:
        sql = _report_sql(connection, name)
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * depth[node] + str(detail))
            return lines
        rows = connection.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")).all()
        return [str(row[0]) for row in rows]

    return _timed(url, plan)[1]


class _Discard(io.TextIOBase):
    """A file that keeps nothing: the CSV is written, and dropped."""

    def write(self, text: str) -> int:
        return len(text)


def measure_reports(url: str, label: str, runs: int) -> list[Comparison]:
    """Every named report against the baseline, interleaved, on the database at ``url``."""
    from sqlalchemy import text

    from claimtracker.cli.output import emit_tuples
    from claimtracker.reports.catalog import REPORTS
    from claimtracker.reports.runner import get_report, report_statement, run_report

    screen_rows = _screen_rows()

    def count(connection: Connection) -> int:
        return int(connection.execute(text(BASELINE)).scalar_one())

    def on_screen(report: Report) -> Callable[[Connection], tuple[int, bool]]:
        def work(connection: Connection) -> tuple[int, bool]:
            table = run_report(connection, report, limit=screen_rows)
            rows = list(table.rows(stamps_as_text=True))
            with contextlib.redirect_stdout(io.StringIO()):
                emit_tuples(rows, "table", table.columns)
            return len(rows), table.truncated

        return work

    def every_row(report: Report) -> Callable[[Connection], tuple[int, bool]]:
        def work(connection: Connection) -> tuple[int, bool]:
            table = run_report(connection, report)
            rows = 0

            def counted() -> Iterator[Sequence[Any]]:
                nonlocal rows
                with contextlib.closing(table.rows(stamps_as_text=True)) as read:
                    for row in read:
                        rows += 1
                        yield row

            # As `claim report NAME --format csv` writes them (cli/report.py).
            with contextlib.redirect_stdout(_Discard()):
                emit_tuples(counted(), "csv", table.columns)
            return rows, table.truncated

        return work

    def database_only(report: Report, limit: int | None) -> Callable[[Connection], int]:
        def work(connection: Connection) -> int:
            sql, params = report_statement(connection, report, limit=limit)
            return int(
                connection.execute(text(f"SELECT count(*) FROM ({sql}) AS r"), params).scalar_one()
            )

        return work

    results: list[Comparison] = []
    medians: dict[str, float] = {}
    for name in REPORTS:
        report = get_report(name)
        for kind, run, limit in (
            ("screen", on_screen(report), screen_rows),
            ("all rows", every_row(report), None),
        ):
            # One untimed call of each: the page caches and the statement cache are warm, as
            # they are for someone running reports one after the other.
            _, (rows, truncated) = _timed(url, run)
            _timed(url, count)
            subject: list[float] = []
            baseline: list[float] = []
            cpu: list[float] = []
            started = time.perf_counter()
            for _ in range(runs):
                before = time.process_time()
                subject.append(_timed(url, run)[0])
                cpu.append(time.process_time() - before)
                baseline.append(_timed(url, count)[0])
                over = time.perf_counter() - started > BUDGET
                if over and len(subject) >= MIN_SAMPLES:
                    break
            # Where the time goes: the database producing the rows (the same statement,
            # counted instead of sent), and this process's CPU time for the whole call (on
            # SQLite that includes the database, which runs in process; on PostgreSQL not).
            database = [
                _timed(url, database_only(report, limit))[0] for _ in range(min(3, len(subject)))
            ]
            median = statistics.median(subject)
            if kind == "screen":
                medians[name] = median
            shown = f"{rows:,} rows" + (" of more" if truncated else "")
            pace = f"; {rows / median:,.0f} rows/s" if kind == "all rows" else ""
            p90 = statistics.quantiles(subject, n=10)[-1] if len(subject) > 1 else subject[0]
            results.append(
                AbsoluteComparison(
                    f"{name} ({kind}), {label}",
                    subject,
                    baseline,
                    BASELINE,
                    REPORT_LIMIT,
                    f"{shown}{pace}; {len(subject)} runs; p90 {p90 * 1000:.1f} ms; "
                    f"database alone {statistics.median(database) * 1000:.1f} ms; "
                    f"process CPU {statistics.median(cpu) * 1000:.1f} ms",
                )
            )
    slowest = max(medians, key=lambda n: medians[n])
    print(f"# {label}: plan of the slowest report on screen, {slowest}", flush=True)
    for line in explain(url, slowest):
        print(f"#   {line}", flush=True)
    return results


def run(runs: int) -> list[Comparison]:
    """Every named report on SQLite and PostgreSQL at ``BENCH_CLAIMS`` claims."""
    big = generate.ensure_sqlite(generate.Plan(CLAIMS))
    print(f"# SQLite database: {big} ({CLAIMS:,} claims)", flush=True)
    results = measure_reports(str(big), f"SQLite {_count(CLAIMS)}", runs)
    if PG_SERVER.lower() != "none":
        try:
            url = generate.ensure_postgresql(PG_SERVER, generate.Plan(PG_CLAIMS))
        except Exception as exc:  # any failure to reach or fill the server means: skip it
            print(f"# PostgreSQL skipped: {type(exc).__name__}: {exc}", flush=True)
        else:
            results += measure_reports(url, f"PG {_count(PG_CLAIMS)}", runs)
    return results
