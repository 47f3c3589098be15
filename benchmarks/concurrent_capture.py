"""Concurrent capture (issue 15): writers adding claims at once by one new claimant, from one
new source, must all succeed and leave one entity and one source.

``python -m benchmarks.concurrent_capture [--writers 8] [--adds 50] [DB_URL …]`` runs, for each
database (default: a new SQLite file and, unless ``BENCH_POSTGRES_URL`` is ``none``, a new
``ct_bench_race_*`` database on that server), ``--writers`` processes that each run ``claim add
… --by "Race Claimant" --source URL --publisher "Race Publisher" --force`` ``--adds`` times in
process (one unit of work each, as the command does), then prints what was kept: claims, entities
of the claimant's name, sources at the URL, failed adds, wall time and adds per second.
With ``--warm`` one claim by the claimant from the source is added first, so that the writers
only find them: the throughput of writers with nothing to race for, comparable across versions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CLAIMANT = "Race Claimant pg1"
PUBLISHER = "Race Publisher"
SOURCE_URL = "https://example.org/race/shared-source"

# One writer: N adds, each a whole `claim add` (its own App, engine and unit of work), so that
# the figure is the database's and not the cost of starting N interpreters.
WORKER = """
import json, sys, time
import click
from claimtracker.cli import cli
import claimtracker.services.claims, claimtracker.db.engine
url, writer, adds, claimant, source, publisher, start_at = sys.argv[1:8]
time.sleep(max(0.0, float(start_at) - time.time()))  # all writers start together
failures = []
for n in range(int(adds)):
    by = claimant if claimant != "-" else f"Own Claimant {writer}"
    args = ["--db", url, "--user", f"writer{writer}", "add", f"Race claim {writer}-{n}",
            "--by", by, "--source", source, "--publisher", publisher, "--force"]
    try:
        cli.main(args=args, prog_name="claim", standalone_mode=False)
    except click.ClickException as exc:
        failures.append(exc.format_message())
print(json.dumps(failures))
"""


@dataclass(frozen=True)
class Outcome:
    """What concurrent writers left in one database."""

    claims: int
    claimants: int  # entities whose name is the shared claimant's
    sources: int  # sources at the shared URL
    failures: list[str]
    seconds: float


def run_writers(url: str, writers: int, adds: int, claimant: str = CLAIMANT) -> Outcome:
    """Start ``writers`` processes at once, each adding ``adds`` claims; what they left.

    ``claimant`` "-" gives each writer its own claimant (only the source is shared).
    """
    env = {**os.environ}
    env.pop("CLAIM_DB", None)
    start_at = time.time() + 2.0 + writers * 0.2  # once every interpreter has started
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                url,
                str(k),
                str(adds),
                claimant,
                SOURCE_URL,
                PUBLISHER,
                str(start_at),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(writers)
    ]
    failures: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            failures.append(f"writer exited {proc.returncode}: {err.strip()[-500:]}")
            continue
        failures.extend(json.loads(out.strip().splitlines()[-1]))
    seconds = time.time() - start_at
    return Outcome(*_counts(url), failures=failures, seconds=seconds)


def _counts(url: str) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.models import Claim, Entity, Source
    from claimtracker.text import fold

    engine = make_engine(resolve(url))
    try:
        with engine.connect() as conn:
            claims = conn.scalar(select(func.count(Claim.id)))
            named = conn.scalar(
                select(func.count(Entity.id)).where(Entity.name_key == fold(CLAIMANT))
            )
            sources = conn.scalar(select(func.count(Source.id)).where(Source.url == SOURCE_URL))
    finally:
        engine.dispose()
    return claims or 0, named or 0, sources or 0


def _new_databases(folder: Path) -> list[tuple[str, str, str | None]]:
    """(label, URL, PostgreSQL database to drop afterwards) of each database to race on."""
    from claimtracker.db import migrate
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve

    found: list[tuple[str, str, str | None]] = [("sqlite", str(folder / "race.db"), None)]
    if PG_SERVER != "none":
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"ct_bench_race_{uuid.uuid4().hex[:8]}"
        admin = create_engine(resolve(PG_SERVER).url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(resolve(PG_SERVER).url).set(database=name)
        found.append(("postgresql", url.render_as_string(hide_password=False), name))
    for _, url, _ in found:
        engine = make_engine(resolve(url))
        migrate.upgrade(engine)
        engine.dispose()
    return found


def _drop(name: str) -> None:
    from sqlalchemy import create_engine, text

    from claimtracker.db.url import resolve

    admin = create_engine(resolve(PG_SERVER).url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.concurrent_capture")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--adds", type=int, default=50, help="adds per writer")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="add one claim by the claimant from the source first (no creation left to race)",
    )
    args = parser.parse_args()
    lost = 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, url, drop in _new_databases(Path(tmp)):
            if args.warm:
                run_writers(url, 1, 1)
            got = run_writers(url, args.writers, args.adds)
            total = args.writers * args.adds + args.warm
            print(
                f"{label}: {args.writers} writers x {args.adds} adds: kept {got.claims}/{total} "
                f"claims, {got.claimants} entities called {CLAIMANT!r}, {got.sources} sources "
                f"at the URL, {len(got.failures)} failed; {got.seconds:.1f} s wall, "
                f"{got.claims / got.seconds:.1f} adds/s"
            )
            for message in sorted(set(got.failures))[:3]:
                print(f"    e.g. {message}")
            lost += got.claims != total or got.claimants != 1 or got.sources != 1
            if drop is not None:
                _drop(drop)
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
