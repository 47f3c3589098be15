"""Dump, restore and copy throughput (records per second) against minimal programs.

Each figure compares claimtracker with the least a program must do for the same job, run in
the same process and interleaved, so machine noise hits both alike:

* dump: ``transfer.dump.dump_lines`` into a file, against ``sqlite3`` reading every table in
  key order and ``json.dumps`` of each row (no type handling, no header or trailer);
* restore: ``transfer.restore.restore`` of that file into a new database, against ``sqlite3``
  ``executemany`` of the same rows read from the source (no parsing, no checks, no search
  documents);
* copy to PostgreSQL: ``transfer.copy.copy`` from the SQLite file into a new database, against
  psycopg ``COPY`` of the rows read with ``sqlite3`` (no search documents).

Sizes and servers come from the environment:

* ``BENCH_DUMP_CLAIMS`` (default 100,000): claims in the generated database (about 5.7
  records per claim);
* ``BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``): a server
  where ``ct_dump_bench_*`` databases may be created; ``none`` skips the copy figure.

Each run moves the whole database, so at most three runs are made whatever ``--runs`` says.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks import generate
from benchmarks.harness import Comparison

if TYPE_CHECKING:
    from collections.abc import Callable

CLAIMS = int(os.environ.get("BENCH_DUMP_CLAIMS", "100000"))
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MAX_RUNS = 3
# Targets: how much slower than the minimal program each may be. The restore checks every
# value of every record and writes a search document per claim; the floors do neither.
# Measured at 100k claims on a busy 2-core machine: 1.60x, 2.16x and 2.94x.
DUMP_TARGET = 2.0
RESTORE_TARGET = 3.0
COPY_TARGET = 3.5


def _tables() -> list[tuple[str, list[str], list[str]]]:
    """(table, columns, primary key) of every dumped table, in dump order."""
    from claimtracker.transfer.dump import dumped_tables

    return [
        (t.name, [c.name for c in t.columns], [c.name for c in t.primary_key.columns])
        for t in dumped_tables()
    ]


def _records(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return sum(
            connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name, _c, _k in _tables()
        )


def _interleave(
    subject: Callable[[int], None], baseline: Callable[[int], None], runs: int
) -> tuple[list[float], list[float]]:
    subject_times: list[float] = []
    baseline_times: list[float] = []
    for i in range(runs):
        for run, times in ((subject, subject_times), (baseline, baseline_times)):
            start = time.perf_counter()
            run(i)
            times.append(time.perf_counter() - start)
    return subject_times, baseline_times


def _rate(records: int, times: list[float]) -> str:
    return f"{records / statistics.median(times):,.0f} rec/s"


# --------------------------------------------------------------------------- dump


def dump_with_claimtracker(source: Path, out: Path) -> None:
    """Write the dump of ``source`` to ``out`` the way `claim export jsonl` does."""
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.transfer import dump

    engine = make_engine(resolve(str(source)))
    try:
        with dump.snapshot(engine) as connection, out.open("wb") as file:
            for line in dump.dump_lines(connection):
                file.write(line.encode("utf-8"))
    finally:
        engine.dispose()


def dump_minimal(source: Path, out: Path) -> None:
    """The floor: every row of every table in key order as one JSON object per line."""
    with sqlite3.connect(source) as connection, out.open("w", encoding="utf-8") as file:
        for name, columns, keys in _tables():
            cursor = connection.execute(
                f"SELECT {', '.join(columns)} FROM {name} ORDER BY {', '.join(keys)}"
            )
            for row in cursor:
                file.write(
                    json.dumps({"table": name, "row": dict(zip(columns, row, strict=True))}) + "\n"
                )


# --------------------------------------------------------------------------- restore


def _migrated_template(folder: Path) -> Path:
    from claimtracker.db import migrate
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve

    path = folder / "template.db"
    engine = make_engine(resolve(str(path)))
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return path


def restore_with_claimtracker(dump_file: Path, target: Path) -> None:
    """Restore ``dump_file`` into the migrated, empty SQLite file ``target``."""
    from sqlalchemy.orm import Session

    from claimtracker.db.engine import WRITE_OPTION, make_engine
    from claimtracker.db.url import resolve
    from claimtracker.importers.jsonl import DumpReader
    from claimtracker.transfer.restore import restore

    engine = make_engine(resolve(str(target)))
    try:
        bind = engine.execution_options(**{WRITE_OPTION: True})
        with dump_file.open("rb") as lines, Session(bind) as session, session.begin():
            restore(session, DumpReader(lines, str(dump_file)))
    finally:
        engine.dispose()


def restore_minimal(source: Path, target: Path) -> None:
    """The floor: rows read with sqlite3 and inserted with executemany, in one transaction."""
    from claimtracker.db import summaries

    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target, isolation_level=None)
    try:
        writer.execute("PRAGMA foreign_keys = ON")
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA synchronous = NORMAL")
        writer.execute("BEGIN IMMEDIATE")
        # Same treatment as the restore: no FTS triggers during the load, seeded rows replaced,
        # the report summaries computed once at the end (claimtracker.db.summaries).
        for (name,) in writer.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claim_search'"
        ).fetchall():
            writer.execute(f'DROP TRIGGER "{name}"')
        summary_triggers = summaries.triggers("sqlite")
        for name, _table, _create in summary_triggers:
            writer.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name, _columns, _keys in reversed(_tables()):
            writer.execute(f"DELETE FROM {name}")
        for name, columns, keys in _tables():
            cursor = reader.execute(
                f"SELECT {', '.join(columns)} FROM {name} ORDER BY {', '.join(keys)}"
            )
            insert = (
                f"INSERT INTO {name} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})"
            )
            while rows := cursor.fetchmany(2000):
                writer.executemany(insert, rows)
        for name in summaries.summary_tables("sqlite"):
            writer.execute(f"DELETE FROM {name}")
        for statement in summaries.fill_statements("sqlite"):
            writer.execute(statement)
        for _name, _table, create in summary_triggers:
            writer.execute(create)
        writer.execute("COMMIT")
    finally:
        reader.close()
        writer.close()


# --------------------------------------------------------------------------- copy


class _PgDatabases:
    """Creates a migrated template on the server once, and per-run copies of it."""

    def __init__(self, server_url: str) -> None:
        from sqlalchemy import create_engine

        from claimtracker.db.url import resolve

        self.url = resolve(server_url).url
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.prefix = f"ct_dump_bench_{uuid.uuid4().hex[:8]}"
        self.names: list[str] = []
        self.template = self.create("template", template=None)
        from claimtracker.db import migrate
        from claimtracker.db.engine import make_engine

        engine = make_engine(resolve(self.url_for(self.template)))
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()

    def url_for(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def create(self, suffix: str, template: str | None) -> str:
        from sqlalchemy import text

        name = f"{self.prefix}_{suffix}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.names.append(name)
        return name

    def close(self) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            for name in reversed(self.names):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def copy_with_claimtracker(source: Path, target_url: str) -> None:
    """`claim db copy`'s work: stream every record of ``source`` into ``target_url``."""
    from sqlalchemy.orm import Session

    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.transfer.copy import copy
    from claimtracker.transfer.dump import snapshot

    source_engine = make_engine(resolve(str(source)))
    target_engine = make_engine(resolve(target_url))
    try:
        with (
            snapshot(source_engine) as connection,
            Session(target_engine) as session,
            session.begin(),
        ):
            copy(connection, session)
    finally:
        source_engine.dispose()
        target_engine.dispose()


def copy_minimal(source: Path, target_url: str) -> None:
    """The floor: rows read with sqlite3 and sent with psycopg COPY, in one transaction."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(target_url)
    reader = sqlite3.connect(source)
    booleans = {"is_first", "is_default"}
    try:
        # psycopg wants a libpq URL: the same one without SQLAlchemy's driver suffix.
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo) as writer, writer.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            for name, _columns, _keys in reversed(_tables()):
                cursor.execute(f"DELETE FROM {name}")
            for name, columns, keys in _tables():
                rows = reader.execute(
                    f"SELECT {', '.join(columns)} FROM {name} ORDER BY {', '.join(keys)}"
                )
                flags = [i for i, c in enumerate(columns) if c in booleans]
                with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        values: list[Any] = list(row)
                        for i in flags:
                            values[i] = bool(values[i])
                        copy.write_row(values)
    finally:
        reader.close()


# --------------------------------------------------------------------------- suite


def run(runs: int) -> list[Comparison]:
    """Dump, restore and (with a PostgreSQL server) copy figures on a generated database."""
    runs = max(1, min(runs, MAX_RUNS))
    source = generate.ensure_sqlite(generate.Plan(CLAIMS))
    records = _records(source)
    label = f"{CLAIMS // 1000:,}k claims, {records:,} records"
    print(f"# dump benchmarks on {source} ({label})", flush=True)
    results: list[Comparison] = []
    with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
        folder = Path(tmp)
        dump_file, floor_file = folder / "dump.jsonl", folder / "floor.jsonl"
        subject, baseline = _interleave(
            lambda _i: dump_with_claimtracker(source, dump_file),
            lambda _i: dump_minimal(source, floor_file),
            runs,
        )
        results.append(
            Comparison(
                f"dump SQLite ({_rate(records, subject)})",
                subject,
                baseline,
                f"sqlite3 + json.dumps ({_rate(records, baseline)})",
                DUMP_TARGET,
            )
        )

        template = _migrated_template(folder)

        targets = []
        for i in range(runs):
            targets.append((folder / f"restore-{i}.db", folder / f"floor-{i}.db"))
            for path in targets[-1]:
                shutil.copyfile(template, path)
        subject, baseline = _interleave(
            lambda i: restore_with_claimtracker(dump_file, targets[i][0]),
            lambda i: restore_minimal(source, targets[i][1]),
            runs,
        )
        results.append(
            Comparison(
                f"restore SQLite ({_rate(records, subject)})",
                subject,
                baseline,
                f"sqlite3 executemany ({_rate(records, baseline)})",
                RESTORE_TARGET,
            )
        )

    if PG_SERVER.lower() != "none":
        try:
            databases = _PgDatabases(PG_SERVER)
        except Exception as exc:  # any failure to reach the server means: skip the figure
            print(f"# PostgreSQL skipped: {type(exc).__name__}: {exc}", flush=True)
            return results
        try:
            # Created before the clock starts: CREATE DATABASE takes seconds of its own.
            pg_targets = [
                (
                    databases.url_for(databases.create(f"copy{i}", databases.template)),
                    databases.url_for(databases.create(f"floor{i}", databases.template)),
                )
                for i in range(runs)
            ]
            subject, baseline = _interleave(
                lambda i: copy_with_claimtracker(source, pg_targets[i][0]),
                lambda i: copy_minimal(source, pg_targets[i][1]),
                runs,
            )
        finally:
            databases.close()
        results.append(
            Comparison(
                f"copy SQLite -> PostgreSQL ({_rate(records, subject)})",
                subject,
                baseline,
                f"sqlite3 + psycopg COPY ({_rate(records, baseline)})",
                COPY_TARGET,
            )
        )
    return results


if __name__ == "__main__":
    for comparison in run(MAX_RUNS):
        print(comparison.line(), flush=True)
