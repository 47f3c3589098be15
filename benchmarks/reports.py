"""Reports at scale (issue 5): every named report on the 1M-claim database, SQLite and PostgreSQL.

Each figure is what `claim report NAME` does by default, in process: a new ``App`` opens the
database read-only as the command does (``App.readonly``, which also checks the schema), runs
``runner.run_report`` with the command's default row limit and keeps every row it returns.
Printing the table is left out: it depends on the terminal, not on the database. The baseline,
interleaved with each report, is ``SELECT count(*) FROM claim`` through the same read-only
path, so it carries the same per-command cost (engine, connection, schema check). The target
is absolute: under one second per report.

Databases and environment are those of the capture suite (``benchmarks/capture.py``):
``BENCH_CLAIMS``, ``BENCH_PG_CLAIMS``, ``BENCH_POSTGRES_URL`` (``none`` skips PostgreSQL) and
``BENCH_BUDGET`` (seconds after which a report stops being measured, once it has
``MIN_SAMPLES`` calls). The cached databases are upgraded in place to the code's schema, as a
user's would be; the reports only read.

Each line's note says where the time goes: the database alone (the same statement wrapped in
``SELECT count(*)``, so no row is sent or converted) and the CPU time of this process for the
call (on SQLite the database runs in this process and is included; on PostgreSQL it is not).
On a loaded machine the wall-clock median is several times the CPU time.

After each backend, the plan of its slowest report is printed (``EXPLAIN QUERY PLAN`` on
SQLite, ``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL), to see which index serves it.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING, TypeVar

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
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from benchmarks.harness import Comparison
    from claimtracker.reports.catalog import Report
    from claimtracker.reports.runner import Table

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


def _report_sql(connection: Connection, name: str) -> str:
    """The statement ``run_report`` sends for ``name`` with no filters, for EXPLAIN."""
    from claimtracker.reports.runner import MAX_ROWS, get_report, report_statement

    sql, params = report_statement(connection, get_report(name), limit=MAX_ROWS)
    # Only the row limit is bound when there are no filters; EXPLAIN needs it inline.
    assert set(params) <= {"row_limit"}, params
    return sql.replace(":row_limit", str(int(params.get("row_limit", MAX_ROWS))))


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


def measure_reports(url: str, label: str, runs: int) -> list[Comparison]:
    """Every named report against the baseline, interleaved, on the database at ``url``."""
    from sqlalchemy import text

    from claimtracker.reports.catalog import REPORTS
    from claimtracker.reports.runner import get_report, report_statement, run_report

    def count(connection: Connection) -> int:
        return int(connection.execute(text(BASELINE)).scalar_one())

    def runner(report: Report) -> Callable[[Connection], Table]:
        return lambda connection: run_report(connection, report)

    def database_only(report: Report) -> Callable[[Connection], int]:
        def work(connection: Connection) -> int:
            sql, params = report_statement(connection, report)
            return int(
                connection.execute(text(f"SELECT count(*) FROM ({sql}) AS r"), params).scalar_one()
            )

        return work

    results: list[Comparison] = []
    medians: dict[str, float] = {}
    for name in REPORTS:
        report = get_report(name)
        run = runner(report)

        # One untimed call of each: the page caches and the statement cache are warm, as
        # they are for someone running reports one after the other.
        _, table = _timed(url, run)
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
        # Where the time goes: the database producing the rows (the same statement, counted
        # instead of sent), and this process's CPU time for the whole call (on SQLite that
        # includes the database, which runs in process; on PostgreSQL it does not).
        database = [_timed(url, database_only(report))[0] for _ in range(min(3, len(subject)))]
        rows = len(table.rows)
        truncated = " (the default row limit)" if table.truncated else ""
        p90 = statistics.quantiles(subject, n=10)[-1] if len(subject) > 1 else subject[0]
        medians[name] = statistics.median(subject)
        results.append(
            AbsoluteComparison(
                f"{name}, {label}",
                subject,
                baseline,
                BASELINE,
                REPORT_LIMIT,
                f"{rows:,} rows{truncated}; {len(subject)} runs; p90 {p90 * 1000:.1f} ms; "
                f"database alone {statistics.median(database) * 1000:.1f} ms; "
                f"process CPU {statistics.median(cpu) * 1000:.1f} ms",
            )
        )
    slowest = max(medians, key=lambda n: medians[n])
    print(f"# {label}: plan of the slowest report, {slowest}", flush=True)
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
