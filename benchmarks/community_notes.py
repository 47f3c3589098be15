"""Community Notes import at scale: `claim import community-notes` on a generated notes file.

``python -m benchmarks.community_notes`` (or the ``community_notes`` suite of
``python -m benchmarks``) generates a notes TSV in the current 24-column public layout
(deterministic: same size, same bytes) and imports it into a new database, timing the whole
process beside a baseline measured in the same run: the same rows loaded by plain
``sqlite3`` ``executemany`` into one table without indexes, the fastest a Python program can
put them in SQLite. Targets: the import's rows/s at least 0.25x the baseline's (its time at
most 4x), and a peak resident set (the import process's ``ru_maxrss``) under 300 MB. The
PostgreSQL import is measured too, beside ``psycopg`` ``executemany`` into one table.

The environment sets the sizes, so the default stays one command:

* ``BENCH_NOTES`` (default 1,000,000): notes in the generated file;
* ``BENCH_NOTES_RUNS`` (default 1): timed runs of each side, at most ``--runs``; a million-note
  import takes minutes, so one run is the default;
* ``BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``): a server
  where a ``ct_bench_notes_*`` database may be created and dropped; ``none`` skips PostgreSQL.

The generated file is cached in ``benchmarks/.work/``.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.capture import AbsoluteComparison
from benchmarks.harness import Comparison

if TYPE_CHECKING:
    from collections.abc import Iterator

NOTES = int(os.environ.get("BENCH_NOTES", "1000000"))
RUNS = int(os.environ.get("BENCH_NOTES_RUNS", "1"))
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
WORK_DIR = Path(__file__).resolve().parent / ".work"
GENERATOR_VERSION = 1

SPEED_TARGET = 4.0  # import time / baseline time, i.e. rows/s at least 0.25x the baseline's
RSS_LIMIT = 300 * 1024 * 1024


def _words(text: str) -> list[str]:
    return text.split()


# The current public layout (scoring/src/scoring/constants.py), 24 columns.
HEADER = _words(
    "noteId noteAuthorParticipantId createdAtMillis tweetId classification believable harmful "
    "validationDifficulty misleadingOther misleadingFactualError misleadingManipulatedMedia "
    "misleadingOutdatedInformation misleadingMissingImportantContext "
    "misleadingUnverifiedClaimAsFact misleadingSatire notMisleadingOther "
    "notMisleadingFactuallyCorrect notMisleadingOutdatedButNotWhenWritten "
    "notMisleadingClearlySatire notMisleadingPersonalOpinion trustworthySources summary "
    "isMediaNote isCollaborativeNote"
)

# Runs `claim import community-notes` whether or not the `claim import` group is wired yet:
# the command object is the one the CLI registers.
DRIVER = """
import sys

import click

from claimtracker.cli import cli
from claimtracker.cli.context import ClaimGroup
from claimtracker.cli.io_community_notes import community_notes_command

root = cli
if "import" not in cli.commands:
    group = click.Group("import", commands={"community-notes": community_notes_command})
    root = ClaimGroup(
        name="claim", params=cli.params, callback=cli.callback,
        commands={**cli.commands, "import": group},
    )
root.main(sys.argv[1:], prog_name="claim")
"""

SQLITE_BASELINE = """
import sqlite3, sys

path, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = NORMAL")
with open(path, encoding="utf-8") as lines:
    header = next(lines).rstrip("\\n").split("\\t")
    conn.execute(f"CREATE TABLE note ({', '.join(header)})")
    marks = ", ".join("?" * len(header))
    conn.executemany(
        f"INSERT INTO note VALUES ({marks})", (line.rstrip("\\n").split("\\t") for line in lines)
    )
conn.commit()
print(conn.execute("SELECT count(*) FROM note").fetchone()[0])
"""

PG_BASELINE = """
import sys

import psycopg

path, url = sys.argv[1], sys.argv[2]
with psycopg.connect(url) as conn, open(path, encoding="utf-8") as lines:
    header = next(lines).rstrip("\\n").split("\\t")
    conn.execute(f"CREATE TABLE note ({', '.join(h + ' text' for h in header)})")
    marks = ", ".join(["%s"] * len(header))
    with conn.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO note VALUES ({marks})",
            (line.rstrip("\\n").split("\\t") for line in lines),
        )
"""

# Words for note texts: the vocabulary of fact-checking notes, so folding and indexing see
# text like the real thing (real summaries average 186 characters; 46% cite a URL).
WORDS = _words(
    "the this post claim image video photo is was not from shows that in of and to a it has been "
    "but are were official data report study according source article 2020 2021 2022 2023 2024 "
    "percent million billion vaccine election votes ballots court ruling government minister "
    "president senator police city state country people children women men workers prices "
    "inflation tax budget climate temperature record flood fire war army troops border migrants "
    "health hospital deaths cases virus masks school university scientists researchers experts "
    "evidence context missing misleading false accurate outdated satire edited altered original "
    "caption location date actually however instead no there is only never said quote fabricated "
    "account parody"
)
ACCENTED = _words("é è à ç ü ö ñ ’ “ ” – é")
DOMAINS = _words(
    "en.wikipedia.org www.reuters.com apnews.com www.bbc.com www.cdc.gov www.who.int "
    "www.nytimes.com www.washingtonpost.com www.snopes.com www.politifact.com www.factcheck.org "
    "www.theguardian.com www.lemonde.fr www.nasa.gov www.census.gov www.bls.gov "
    "data.worldbank.org www.ourworldindata.org www.nature.com arxiv.org"
)


def notes_path(count: int) -> Path:
    """Where the generated file for ``count`` notes is cached."""
    return WORK_DIR / f"notes_{count}_v{GENERATOR_VERSION}.tsv"


def ensure_notes(count: int) -> Path:
    """The generated notes file of ``count`` notes, written first if not cached."""
    path = notes_path(count)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    print(f"# generating {count:,} notes into {path} (cached for later runs)", flush=True)
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(HEADER) + "\n")
        for row in generate_rows(count):
            out.write("\t".join(row) + "\n")
    partial.rename(path)
    return path


def generate_rows(count: int, seed: int = 42) -> Iterator[list[str]]:
    """Yield ``count`` note rows in the current layout, the same for the same arguments."""
    rng = random.Random(seed)
    start = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp() * 1000)
    span = 2 * 365 * 24 * 3600 * 1000
    step = span // max(count, 1)
    tweets = max(1, int(count / 1.3))  # real files: 1.3 notes per post
    authors = [hashlib.sha256(f"author{i}".encode()).hexdigest().upper() for i in range(20_000)]
    popular = [
        f"https://{rng.choice(DOMAINS)}/{'/'.join(rng.choices(WORDS, k=3))}-{i}"
        for i in range(5_000)
    ]
    for i in range(count):
        created = start + i * step + rng.randrange(step or 1)
        note_id = ((created - 1_288_834_974_657) << 22) | (i % 4_194_304)
        tweet_number = rng.randrange(tweets)
        tweet_ms = start - 86_400_000 + tweet_number * (span // tweets)
        tweet_id = ((tweet_ms - 1_288_834_974_657) << 22) | (tweet_number % 4_194_304)
        misleading = rng.random() < 0.8
        flags = ["0"] * 12
        for k in rng.sample(range(7) if misleading else range(7, 12), rng.randint(1, 2)):
            flags[k] = "1"
        words = rng.choices(WORDS, k=rng.randint(12, 40))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(ACCENTED))
        if rng.random() < 0.08:
            words.insert(rng.randrange(len(words)), "&quot;" + rng.choice(WORDS) + "&quot;")
        if rng.random() < 0.02:
            words.insert(rng.randrange(len(words)), '"' + rng.choice(WORDS) + '"')
        summary = " ".join(words).capitalize() + "."
        if rng.random() < 0.46:
            for _ in range(rng.choice((1, 1, 1, 2))):
                if rng.random() < 0.3:
                    summary += " " + rng.choice(popular)
                else:
                    path = "/".join(rng.choices(WORDS, k=2))
                    summary += f" https://{rng.choice(DOMAINS)}/{path}-{rng.randrange(10**9)}"
        yield [
            str(note_id),
            rng.choice(authors),
            str(created),
            str(tweet_id),
            "MISINFORMED_OR_POTENTIALLY_MISLEADING" if misleading else "NOT_MISLEADING",
            rng.choice(("BELIEVABLE_BY_MANY", "BELIEVABLE_BY_FEW")) if misleading else "",
            rng.choice(("CONSIDERABLE_HARM", "LITTLE_HARM")) if misleading else "",
            rng.choice(("EASY", "CHALLENGING")) if misleading else "",
            *flags,
            rng.choice("01"),
            summary,
            "1" if rng.random() < 0.05 else "0",
            "0",
        ]


# ----------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    """One child process: wall-clock seconds and peak resident set in bytes."""

    seconds: float
    peak_rss: int


def measure(argv: list[str]) -> Measured:
    """Run ``argv`` to completion; its own wall-clock time and peak RSS (not its parent's)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    # wait4 reports the resources of this child alone; getrusage(RUSAGE_CHILDREN) would give
    # the largest of every child this benchmark ran.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed ({process.returncode}): {errors.decode()[-2000:]}")
    return Measured(seconds, usage.ru_maxrss * 1024)  # Linux reports kilobytes


class RowsComparison(Comparison):
    """Import time against baseline time, with rows/s and the peak RSS shown underneath."""

    def __init__(
        self,
        name: str,
        subject: list[Measured],
        baseline: list[Measured],
        baseline_name: str,
        rows: int,
        target: float | None,
    ) -> None:
        super().__init__(
            name,
            [m.seconds for m in subject],
            [m.seconds for m in baseline],
            baseline_name,
            target,
        )
        self.rows = rows
        self.peak = max(m.peak_rss for m in subject)

    def line(self) -> str:
        """The harness line, then rows/s of both sides and the ratio as a speed."""
        subject = self.rows / statistics.median(self.subject)
        baseline = self.rows / statistics.median(self.baseline)
        return (
            super().line()
            + f"\n    {subject:,.0f} rows/s vs {baseline:,.0f} rows/s"
            + f" = {subject / baseline:.2f}x of baseline; peak RSS {self.peak / 2**20:,.0f} MB"
        )


class MemoryComparison(AbsoluteComparison):
    """Peak RSS in bytes against an absolute limit."""

    def line(self) -> str:
        """Megabytes rather than the milliseconds of the parent class."""
        verdict = "MISSED" if self.missed else "met"
        mb = 2**20
        return (
            f"{self.name:<34} {max(self.subject) / mb:8.0f} MB   "
            f"{self.baseline_name:<36} {max(self.baseline) / mb:8.0f} MB   "
            f"target < {self.limit / mb:.0f} MB  {verdict}"
        )


def _import_argv(db: str, path: Path) -> list[str]:
    return [sys.executable, "-c", DRIVER, "--db", db, "--user", "bench", "import",
            "community-notes", str(path)]  # fmt: skip


def sqlite_comparisons(path: Path, rows: int, runs: int) -> list[Comparison]:
    """Import into a new SQLite database against the plain sqlite3 loader, alternately."""
    subject: list[Measured] = []
    baseline: list[Measured] = []
    with tempfile.TemporaryDirectory(dir=WORK_DIR) as tmp:
        template = Path(tmp) / "template.db"
        subprocess.run(
            [sys.executable, "-m", "claimtracker", "--db", str(template), "db", "upgrade"],
            check=True,
            capture_output=True,
        )
        for i in range(runs):
            db = Path(tmp) / f"import_{i}.db"
            shutil.copyfile(template, db)
            subject.append(measure(_import_argv(str(db), path)))
            plain = Path(tmp) / f"plain_{i}.db"
            baseline.append(measure([sys.executable, "-c", SQLITE_BASELINE, str(path), str(plain)]))
            for used in (db, plain):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{used}{suffix}").unlink(missing_ok=True)
    label = f"{rows // 1000:,}k notes"
    return [
        RowsComparison(
            f"import community-notes (SQLite, {label})",
            subject,
            baseline,
            "sqlite3 executemany, one table",
            rows,
            SPEED_TARGET,
        ),
        MemoryComparison(
            f"peak RSS of the import ({label})",
            [m.peak_rss for m in subject],
            [m.peak_rss for m in baseline],
            "peak RSS of the sqlite3 loader",
            RSS_LIMIT,
        ),
    ]


def postgresql_comparisons(path: Path, rows: int, runs: int) -> list[Comparison]:
    """Import into a new PostgreSQL database against psycopg executemany (no target)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from claimtracker.db.url import resolve

    server_url = make_url(resolve(PG_SERVER).url)
    server = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"ct_bench_notes_{os.getpid()}"
    url = server_url.set(database=name).render_as_string(hide_password=False)
    plain_url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    subject: list[Measured] = []
    baseline: list[Measured] = []
    try:
        for _ in range(runs):
            with server.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
            subprocess.run(
                [sys.executable, "-m", "claimtracker", "--db", url, "db", "upgrade"],
                check=True,
                capture_output=True,
            )
            subject.append(measure(_import_argv(url, path)))
            with server.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
            baseline.append(measure([sys.executable, "-c", PG_BASELINE, str(path), plain_url]))
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.dispose()
    label = f"{rows // 1000:,}k notes"
    return [
        RowsComparison(
            f"import community-notes (PostgreSQL, {label})",
            subject,
            baseline,
            "psycopg executemany, one table",
            rows,
            None,
        )
    ]


def run(runs: int) -> list[Comparison]:
    """Every Community Notes import figure; generates (once) the notes file it needs."""
    repeats = max(1, min(runs, RUNS))
    path = ensure_notes(NOTES)
    print(f"# notes file: {path} ({path.stat().st_size / 1e6:,.0f} MB, {NOTES:,} notes)")
    results = sqlite_comparisons(path, NOTES, repeats)
    if PG_SERVER.lower() != "none":
        try:
            results += postgresql_comparisons(path, NOTES, repeats)
        except Exception as exc:  # any failure to reach the server means: skip it, say why
            print(f"# PostgreSQL skipped: {type(exc).__name__}: {exc}", flush=True)
    return results


def main() -> int:
    """``python -m benchmarks.community_notes [--runs N]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.community_notes")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs of each side")
    args = parser.parse_args()
    from benchmarks.capture import is_missed

    missed = 0
    for comparison in run(args.runs):
        print(comparison.line(), flush=True)
        missed += is_missed(comparison)
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
