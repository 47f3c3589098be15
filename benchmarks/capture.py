"""Capture at scale (issue 3): `claim add` from start to exit, and at a million claims the
search, the duplicate check and the first page of `claim list`, on SQLite and PostgreSQL.

Sizes and servers come from the environment, so ``python -m benchmarks`` stays one command:

* ``BENCH_CLAIMS`` (default 1,000,000): claims in the generated SQLite database;
* ``BENCH_PG_CLAIMS`` (default ``BENCH_CLAIMS``): claims in the PostgreSQL one;
* ``BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``): a server
  where ``ct_bench_*`` databases may be created; ``none`` skips PostgreSQL;
* ``BENCH_BUDGET`` (default 120): seconds after which an in-process figure stops measuring
  (once it has ten calls), so that a path taking seconds per call cannot stall the suite.

Generated databases are cached (``benchmarks/.work/`` for SQLite, a ``ct_bench_`` database on
the server), so only the first run pays for generation; see ``benchmarks/generate.py``.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks import generate
from benchmarks.harness import Comparison, claim_command, time_process

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "1000000"))
PG_CLAIMS = int(os.environ.get("BENCH_PG_CLAIMS", str(CLAIMS)))
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# The "small existing database" of the `claim add` figure: a team's first weeks of work.
SMALL_CLAIMS = 1_000

# Absolute targets (seconds) for the in-process medians at a million claims.
SEARCH_LIMIT = 0.050
DUPLICATE_LIMIT = 0.050
LIST_LIMIT = 0.100
# Seconds one in-process figure may take before it stops (after at least MIN_SAMPLES calls):
# at a million claims a slow path can take seconds per call, and the suite must still end.
BUDGET = float(os.environ.get("BENCH_BUDGET", "120"))
MIN_SAMPLES = 10

# The smallest program that does what `claim add` does to the database: click parses, an ORM
# model is declared, one row is inserted and committed in the same SQLite file.
MINIMAL_WRITER = """
import click
from sqlalchemy import Text, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "bench_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)


@click.command()
@click.argument("path")
@click.argument("text")
def main(path, text):
    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session, session.begin():
        note = Note(text=text)
        session.add(note)
        session.flush()
        click.echo(note.id)


main()
"""

# What people type into `claim search`: single words common and rare, topics, names, French
# with and without accents, and whole pasted sentences (the longest OR queries).
SEARCH_QUERIES = [
    "vaccine", "unemployment", "guantanamo", "kaepernick", "ivermectin", "obamacare",
    "tariffs", "measles", "deficit", "refugees", "fracking", "chemtrails", "minimum wage",
    "border wall", "wind turbines", "unemployment rate fell", "crime rate in Chicago",
    "COVID-19 vaccine causes infertility", "gas prices doubled", "Social Security",
    "tax cuts for the rich", "climate change hoax", "mail-in ballots fraud",
    "5G towers spread coronavirus", "national debt trillion", "Hillary Clinton emails",
    "Obama birth certificate", "Planned Parenthood funding", "Medicare for all",
    "teachers salaries Texas", "chômage", "dette publique", "prix de l'électricité",
    "vaccin contre le Covid-19", "compteurs Linky", "retraités", "percée chinoise", "DeepSeek",
    "les éoliennes", "immigration en France", "pouvoir d'achat des retraités",
    "délinquance à Marseille", "l'hôpital public", "sanctions americaines puces", "Ile-de-France",
    "Says the unemployment rate for young people in Ohio doubled since 2010 under the governor.",
    "The COVID-19 vaccine causes infertility in young women, a new study shows.",
    "Selon le ministre, le chômage a baissé de 3 % en France depuis 2017.",
    "Photos show flooding in Houston after the storm.",
    "DeepSeek a entraîné l'un de ses modèles pour seulement 5,6 millions de dollars.",
]  # fmt: skip


class AbsoluteComparison(Comparison):
    """A median judged against an absolute limit; the baseline is printed for scale only."""

    def __init__(
        self,
        name: str,
        subject: list[float],
        baseline: list[float],
        baseline_name: str,
        limit: float,
        note: str = "",
    ) -> None:
        super().__init__(name, subject, baseline, baseline_name)
        self.limit = limit
        self.note = note

    @property
    def missed(self) -> bool:
        """True when the median is above the limit."""
        return statistics.median(self.subject) > self.limit

    def line(self) -> str:
        """The figure, its baseline, and the verdict against the absolute target."""
        verdict = "MISSED" if self.missed else "met"
        return (
            f"{self.name:<34} {statistics.median(self.subject) * 1000:8.1f} ms   "
            f"{self.baseline_name:<36} {statistics.median(self.baseline) * 1000:8.1f} ms   "
            f"target < {self.limit * 1000:.0f} ms  {verdict}"
            + (f"\n    {self.note}" if self.note else "")
        )


def is_missed(comparison: Comparison) -> bool:
    """Whether a comparison of any kind misses its target."""
    if isinstance(comparison, AbsoluteComparison):
        return comparison.missed
    return bool(comparison.target and comparison.ratio > comparison.target)


# --------------------------------------------------------------------- whole process


def compare_varying(
    name: str,
    argv: Callable[[int], Sequence[str]],
    baseline_name: str,
    baseline_argv: Callable[[int], Sequence[str]],
    runs: int,
    target: float | None = None,
    warmup: int = 2,
) -> Comparison:
    """Like ``harness.compare_processes``, with argv built per run (each run adds a new row)."""
    for i in range(warmup):
        time_process(argv(-1 - i))
        time_process(baseline_argv(-1 - i))
    subject: list[float] = []
    baseline: list[float] = []
    for i in range(runs):
        subject.append(time_process(argv(i)))
        baseline.append(time_process(baseline_argv(i)))
    return Comparison(name, subject, baseline, baseline_name, target)


def new_claims(count: int) -> list[str]:
    """Real posts that are in no generated database, so each `claim add` adds a new claim."""
    tweets = generate.load_corpus().tweets
    if len(tweets) < count:
        rng = random.Random("bench/new-claims")
        tweets = tweets + [
            f"{rng.choice(generate.GROUPS_EN).capitalize()} in {rng.choice(generate.PLACES_EN)} "
            f"paid {rng.randint(10, 99_999)} dollars for {rng.choice(generate.THINGS_EN)} "
            f"in {rng.randint(1990, 2024)}, benchmark run {i}."
            for i in range(count - len(tweets))
        ]
    return tweets[:count]


def add_comparison(db: Path, runs: int, label: str, target: float | None) -> Comparison:
    """`claim add` with claimant, source, quote, date and tag against the minimal ORM writer."""
    import sqlite3

    claim = claim_command()
    writer = db.parent / "minimal_writer.py"
    writer.write_text(MINIMAL_WRITER)
    # The baseline's table exists beforehand: its program should not pay for DDL either.
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_note (id INTEGER PRIMARY KEY, text TEXT)")
    texts = new_claims(2 * (runs + 2))

    def add(i: int) -> list[str]:
        text = texts[i + 2]
        return [
            *claim,
            "--db",
            str(db),
            "--user",
            "bench",
            "add",
            text,
            "--by",
            "Marie Benchmark-Dupont",
            "--source",
            f"https://www.example-news.fr/politique/2025/01/27/article-{i + 2}.html",
            "--quote",
            text,
            "--at",
            "27 January 2025",
            "--tag",
            "bench",
            # The duplicate check runs whatever --force says (it is what is measured); --force
            # only keeps a chance near-match with the generated claims from failing the run.
            "--force",
        ]

    def baseline(i: int) -> list[str]:
        return [sys.executable, str(writer), str(db), texts[runs + 2 + i + 2]]

    return compare_varying(
        f"claim add, {label} claims",
        add,
        "minimal click+ORM one-row insert",
        baseline,
        runs,
        target=target,
    )


# ------------------------------------------------------------------------ in process


@dataclass
class Workload:
    """What the in-process figures run: queries, texts to check, claim ids to look up."""

    queries: list[str]
    texts: list[str]
    ids: list[int]


def workload(engine: Engine, claims: int) -> Workload:
    """The same queries on every backend; texts: existing claims verbatim, near variants of
    others, and new claims (real posts and French sentences not in the database)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim

    step = max(1, claims // 40)
    ids = list(range(7, claims + 1, step))[:40]
    with Session(engine) as session:
        rows = session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(ids)))
        existing = {int(claim_id): str(text) for claim_id, text in rows}
    rng = random.Random("bench/duplicates")
    verbatim = [existing[i] for i in ids[:15] if i in existing]
    near: list[str] = []
    for i in ids[15:30]:
        if i not in existing:
            continue
        words = existing[i].rstrip(".").split()
        if len(words) > 6:
            del words[rng.randrange(len(words))]  # one word dropped, no final full stop
        near.append(("BREAKING: " if rng.random() < 0.5 else "") + " ".join(words).upper())
    fresh = new_claims(12)
    french = generate.TextMaker(random.Random("bench/french"), generate.load_corpus())
    fresh += [french.french("un internaute") for _ in range(8)]
    return Workload(queries=SEARCH_QUERIES, texts=verbatim + near + fresh, ids=ids)


def check_duplicates(session: Session, text: str) -> list[Any]:
    """What `claim add` runs before adding: ``matching.find_duplicates``.

    Falls back to its definition (exact, or near at the threshold) while the matching module
    is being reworked without it, so the suite measures the same work either way.
    """
    from claimtracker.services import matching

    finder = getattr(matching, "find_duplicates", None)
    if finder is not None:
        return list(finder(session, text))
    threshold = matching.DUPLICATE_THRESHOLD
    return [m for m in matching.find_matches(session, text) if m.exact or m.score >= threshold]


@dataclass
class Measured:
    """Timings of one in-process figure and of its interleaved baseline."""

    subject: list[float]
    baseline: list[float]
    worst: dict[str, float]
    items: int
    measured: int

    def note(self) -> str:
        """p90, the slowest item, and how much of the workload the time budget allowed."""
        slowest = max(self.worst, key=lambda k: self.worst[k])
        p90 = statistics.quantiles(self.subject, n=10)[-1] if len(self.subject) > 1 else 0.0
        share = (
            ""
            if self.measured == self.items
            else (f"; time budget: {self.measured} of {self.items} items measured")
        )
        return (
            f"{self.items} items; p90 {p90 * 1000:.1f} ms; slowest "
            f"{self.worst[slowest] * 1000:.1f} ms for {slowest[:60]!r}{share}"
        )


def measure(
    engine: Engine,
    items: Sequence[str],
    call: Callable[[Session, str], object],
    lookup_ids: Sequence[int],
    rounds: int,
) -> Measured:
    """Time ``call`` on each item, each time followed by a primary-key lookup of a claim.

    A new session per call, as each command has one; the baseline is interleaved with the
    subject so machine noise hits both alike. Items run in a fixed shuffled order, so that
    when the time budget (``BENCH_BUDGET`` seconds per figure) stops a slow figure early, the
    items measured are still a fair sample of the workload. A few untimed calls first warm
    the statement cache and the operating system's page cache.
    """
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim

    order = list(items)
    random.Random("bench/order").shuffle(order)
    lookups = iter(list(lookup_ids) * (len(order) * rounds // len(lookup_ids) + 2))
    result = Measured([], [], {}, len(order), 0)
    started = time.perf_counter()
    for timed, item in [(False, i) for i in order[:3]] + [(True, i) for i in order * rounds]:
        with Session(engine) as session:
            start = time.perf_counter()
            call(session, item)
            took = time.perf_counter() - start
        with Session(engine) as session:
            pk = next(lookups)
            start = time.perf_counter()
            session.get(Claim, pk)
            base = time.perf_counter() - start
        if timed:
            result.subject.append(took)
            result.baseline.append(base)
            result.worst[item] = max(result.worst.get(item, 0.0), took)
            result.measured = min(len(result.subject), len(order))
            over = time.perf_counter() - started > BUDGET
            if over and len(result.subject) >= MIN_SAMPLES:
                break
    return result


def in_process(url: str, label: str, claims: int, runs: int) -> list[Comparison]:
    """Search, duplicate check and first list page, each against a primary-key lookup."""
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.services import search
    from claimtracker.services.claims import ClaimFilter, list_claims

    engine = make_engine(resolve(url))
    try:
        work = workload(engine, claims)
        rounds = max(1, runs // 10)
        pk = "primary-key lookup of a claim"
        found = measure(engine, work.queries, search.search, work.ids, rounds)
        results: list[Comparison] = [
            AbsoluteComparison(
                f"search, {label}",
                found.subject,
                found.baseline,
                pk,
                SEARCH_LIMIT,
                found.note(),
            )
        ]
        checked = measure(engine, work.texts, check_duplicates, work.ids, rounds)
        results.append(
            AbsoluteComparison(
                f"duplicate check, {label}",
                checked.subject,
                checked.baseline,
                pk,
                DUPLICATE_LIMIT,
                checked.note(),
            )
        )
        # The same first page twenty times: what `claim list` shows first, whatever the day.
        pages = [f"page {i}" for i in range(20)]
        listed = measure(
            engine, pages, lambda s, _p: list_claims(s, ClaimFilter(), limit=50), work.ids, rounds
        )
        results.append(
            AbsoluteComparison(
                f"list first page, {label}", listed.subject, listed.baseline, pk, LIST_LIMIT
            )
        )
        return results
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------ suite


def _count(n: int) -> str:
    """1000000 -> "1M", 250000 -> "250k": short labels keep the result lines aligned."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e9:.2f} GB"


def run(runs: int) -> list[Comparison]:
    """Every capture figure; generates (once) and caches the databases it needs."""
    results: list[Comparison] = []
    small = generate.ensure_sqlite(generate.Plan(SMALL_CLAIMS))
    with tempfile.TemporaryDirectory() as tmp:
        # A copy: every run adds claims, and the cached database must stay as generated.
        db = Path(tmp) / "claims.db"
        shutil.copyfile(small, db)
        results.append(add_comparison(db, runs, _count(SMALL_CLAIMS), target=1.25))

    big = generate.ensure_sqlite(generate.Plan(CLAIMS))
    print(f"# SQLite database: {big} ({_size(big)}, {CLAIMS:,} claims)", flush=True)
    results += in_process(str(big), f"SQLite {_count(CLAIMS)}", CLAIMS, runs)
    with tempfile.TemporaryDirectory(dir=big.parent) as tmp:
        # For scale only (no target): what a user waits for at this size. A few runs suffice
        # to see it, and each needs a copy of the database it grows.
        db = Path(tmp) / "claims.db"
        shutil.copyfile(big, db)
        results.append(add_comparison(db, min(runs, 5), _count(CLAIMS), None))

    if PG_SERVER.lower() != "none":
        try:
            url = generate.ensure_postgresql(PG_SERVER, generate.Plan(PG_CLAIMS))
        except Exception as exc:  # any failure to reach or fill the server means: skip it
            print(f"# PostgreSQL skipped: {type(exc).__name__}: {exc}", flush=True)
        else:
            results += in_process(url, f"PG {_count(PG_CLAIMS)}", PG_CLAIMS, runs)
    return results
