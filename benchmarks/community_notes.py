"""Community Notes import: `claim import community-notes` of the real samples and at scale.

``python -m benchmarks.community_notes`` (or the ``community-notes`` suite of
``python -m benchmarks``) imports, each into a new database, the real public files of the
shared data folder (notes, noteStatusHistory and ratings together, as one download is
given) and a generated notes TSV in the current 24-column public layout (deterministic: same
size, same bytes), timing the whole process beside a baseline measured in the same run: the
same rows loaded by plain ``sqlite3`` ``executemany`` into one table per file without
indexes, the fastest a Python program can put them in SQLite. Targets: the import's rows/s at
least 0.25x the baseline's (its time at most 4x), and for the generated file a peak resident
set (the import process's ``ru_maxrss``) under 300 MB. The PostgreSQL imports are measured
too, beside ``psycopg`` ``executemany`` into one table per file.

One note becomes about ten records in indexed tables (a claim and its appearance, search
document and link, the note's row and source, and for a new post its source, claim,
appearance and search document; cited URLs as sources and evidence), so the SQLite import is
also compared, without a target, with the least those records cost: the records it wrote,
read back and inserted by raw ``sqlite3`` ``executemany`` into a new database of the same
schema (``benchmarks.dump.restore_minimal``; search documents and their FTS5 index left
out). That ratio is the cost of the import's own code; the first one also counts the schema's.

The environment sets the sizes, so the default stays one command:

* ``BENCH_NOTES`` (default 1,000,000): notes in the generated file;
* ``BENCH_NOTES_RUNS`` (default 1): timed runs of each side, at most ``--runs``; a million-note
  import takes minutes, so one run is the default;
* ``BENCH_NOTES_SAMPLE_RUNS`` (default 5): the same for the samples, which take seconds;
* ``CLAIM_SHARED_DATA`` (or ``BENCH_DATA_DIR``; default ``../shared/data`` from the repository
  root, see ``benchmarks/shared_data.py``): where ``community_notes/`` holds the samples;
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
from benchmarks.shared_data import shared_data_dir

if TYPE_CHECKING:
    from collections.abc import Iterator

NOTES = int(os.environ.get("BENCH_NOTES", "1000000"))
RUNS = int(os.environ.get("BENCH_NOTES_RUNS", "1"))
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SAMPLE_RUNS = int(os.environ.get("BENCH_NOTES_SAMPLE_RUNS", "5"))
SAMPLES_DIR = shared_data_dir()
SAMPLE_FILES = (
    "notes-00000_2021-03-25.tsv",
    "noteStatusHistory-00000_2022-08.tsv",
    "ratings-00000_2021-03-25.tsv",
)
ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "benchmarks" / ".work"
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

# argv: the database, then the files; each file goes into a table of its own.
SQLITE_BASELINE = """
import sqlite3, sys

db, paths = sys.argv[1], sys.argv[2:]
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = NORMAL")
for number, path in enumerate(paths):
    with open(path, encoding="utf-8") as lines:
        header = next(lines).rstrip("\\n").split("\\t")
        conn.execute(f"CREATE TABLE t{number} ({', '.join(header)})")
        marks = ", ".join("?" * len(header))
        conn.executemany(
            f"INSERT INTO t{number} VALUES ({marks})",
            (line.rstrip("\\n").split("\\t") for line in lines),
        )
conn.commit()
"""

# The least it costs to write what the import writes: the records of the imported database
# (every dumped table; the search documents and their FTS5 index excepted) read back and
# inserted with sqlite3 executemany into a new database with the same schema, indexes and
# constraints. argv: the repository, the imported database, the migrated empty target.
SCHEMA_FLOOR = """
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from benchmarks.dump import restore_minimal

restore_minimal(Path(sys.argv[2]), Path(sys.argv[3]))
"""

PG_BASELINE = """
import sys

import psycopg

url, paths = sys.argv[1], sys.argv[2:]
with psycopg.connect(url) as conn:
    for number, path in enumerate(paths):
        with open(path, encoding="utf-8") as lines, conn.cursor() as cursor:
            header = next(lines).rstrip("\\n").split("\\t")
            conn.execute(f"CREATE TABLE t{number} ({', '.join(h + ' text' for h in header)})")
            marks = ", ".join(["%s"] * len(header))
            cursor.executemany(
                f"INSERT INTO t{number} VALUES ({marks})",
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
    """One child process: wall-clock seconds, peak resident set in bytes, CPU seconds."""

    seconds: float
    peak_rss: int
    # User + system time: on a machine shared with other jobs the wall clock also counts the
    # time spent waiting for a core, the CPU time does not.
    cpu: float = 0.0


def measure(argv: list[str]) -> Measured:
    """Run ``argv`` to completion; its own wall-clock time, peak RSS and CPU time."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        while True:
            # Not ru_maxrss: Linux carries the parent's peak into a child at exec (a child of
            # this 100 MB benchmark process reports at least 100 MB). The kernel's high-water
            # mark of the child's own memory, read until it exits, is the child's alone.
            peak = max(peak, _high_water_mark(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{argv[:4]} failed ({process.returncode}): {message}")
    return Measured(seconds, peak, usage.ru_utime + usage.ru_stime)


def _high_water_mark(pid: int) -> int:
    """``VmHWM`` of a running process in bytes; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # reported in kB
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


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
        unit: str = "rows",
    ) -> None:
        super().__init__(
            name,
            [m.seconds for m in subject],
            [m.seconds for m in baseline],
            baseline_name,
            target,
        )
        self.rows = rows
        self.unit = unit
        self.peak = max(m.peak_rss for m in subject)
        self.cpu = statistics.median(m.cpu for m in subject)
        self.baseline_cpu = statistics.median(m.cpu for m in baseline)

    def line(self) -> str:
        """The harness line, then rows/s of both sides and the ratio as a speed."""
        subject = self.rows / statistics.median(self.subject)
        baseline = self.rows / statistics.median(self.baseline)
        unit = self.unit
        return (
            super().line()
            + f"\n    {subject:,.0f} {unit}/s vs {baseline:,.0f} {unit}/s"
            + f" = {subject / baseline:.2f}x of baseline; peak RSS {self.peak / 2**20:,.0f} MB"
            + f"\n    CPU {self.cpu:,.1f} s vs {self.baseline_cpu:,.1f} s"
            + f" = {self.baseline_cpu / self.cpu:.2f}x of baseline's speed in CPU time"
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


def _import_argv(db: str, paths: list[Path]) -> list[str]:
    return [sys.executable, "-c", DRIVER, "--db", db, "--user", "bench", "import",
            "community-notes", *map(str, paths)]  # fmt: skip


def sample_paths() -> list[Path]:
    """The real public files in the shared data folder: notes, statuses and ratings."""
    folder = SAMPLES_DIR / "community_notes"
    return [folder / name for name in SAMPLE_FILES]


def data_rows(paths: list[Path]) -> int:
    """Rows in ``paths``, headers excluded."""
    total = 0
    for path in paths:
        with path.open("rb") as file:
            total += sum(1 for _ in file) - 1
    return total


def sqlite_comparisons(
    paths: list[Path], rows: int, runs: int, label: str, *, memory: bool = True
) -> list[Comparison]:
    """Import into a new SQLite database against the plain sqlite3 loader, alternately, and
    against the records it wrote copied by raw ``sqlite3`` into the same schema."""
    subject: list[Measured] = []
    baseline: list[Measured] = []
    schema_floor: list[Measured] = []
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
            subject.append(measure(_import_argv(str(db), paths)))
            plain = Path(tmp) / f"plain_{i}.db"
            baseline.append(
                measure([sys.executable, "-c", SQLITE_BASELINE, str(plain), *map(str, paths)])
            )
            floor = Path(tmp) / f"floor_{i}.db"
            shutil.copyfile(template, floor)
            schema_floor.append(
                measure([sys.executable, "-c", SCHEMA_FLOOR, str(ROOT), str(db), str(floor)])
            )
            for used in (db, plain, floor):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{used}{suffix}").unlink(missing_ok=True)
    results: list[Comparison] = [
        RowsComparison(
            f"import community-notes (SQLite, {label})",
            subject,
            baseline,
            "sqlite3 executemany, one table a file",
            rows,
            SPEED_TARGET,
        ),
        RowsComparison(
            f"import community-notes (SQLite, {label})",
            subject,
            schema_floor,
            "its records, raw sqlite3, same schema",
            rows,
            None,
        ),
    ]
    if memory:
        results.append(
            MemoryComparison(
                f"peak RSS of the import ({label})",
                [m.peak_rss for m in subject],
                [m.peak_rss for m in baseline],
                "peak RSS of the sqlite3 loader",
                RSS_LIMIT,
            )
        )
    return results


def postgresql_comparisons(paths: list[Path], rows: int, runs: int, label: str) -> list[Comparison]:
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
            subject.append(measure(_import_argv(url, paths)))
            with server.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
            baseline.append(
                measure([sys.executable, "-c", PG_BASELINE, plain_url, *map(str, paths)])
            )
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.dispose()
    return [
        RowsComparison(
            f"import community-notes (PostgreSQL, {label})",
            subject,
            baseline,
            "psycopg executemany, one table a file",
            rows,
            None,
        )
    ]


def run(runs: int) -> list[Comparison]:
    """Every Community Notes import figure; generates (once) the notes file it needs."""
    samples = sample_paths()
    sample_rows = data_rows(samples)
    sample_runs = max(1, min(runs, SAMPLE_RUNS))
    print(f"# samples: {', '.join(p.name for p in samples)} ({sample_rows:,} rows)", flush=True)
    sample_label = f"samples, {sample_rows:,} rows"
    results = sqlite_comparisons(samples, sample_rows, sample_runs, sample_label, memory=False)
    with_pg = PG_SERVER.lower() != "none"
    if with_pg:
        try:
            results += postgresql_comparisons(samples, sample_rows, sample_runs, sample_label)
        except Exception as exc:  # any failure to reach the server means: skip it, say why
            print(f"# PostgreSQL skipped: {type(exc).__name__}: {exc}", flush=True)
            with_pg = False
    repeats = max(1, min(runs, RUNS))
    path = ensure_notes(NOTES)
    print(f"# notes file: {path} ({path.stat().st_size / 1e6:,.0f} MB, {NOTES:,} notes)")
    label = f"{NOTES // 1000:,}k notes"
    results += sqlite_comparisons([path], NOTES, repeats, label)
    if with_pg:
        results += postgresql_comparisons([path], NOTES, repeats, label)
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
