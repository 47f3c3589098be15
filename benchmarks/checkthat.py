"""Claim matching against CLEF-2020 CheckThat! Task 2: tweets -> already fact-checked claims.

``python -m benchmarks.checkthat [--split test|dev|train] [--backend sqlite|postgresql]
[--pg-url URL] [--data DIR] [--sweep] [--run-file PATH] [--semantic [--no-cache]]``

Builds a fresh database, loads the 10,375 verified claims the way a ClaimReview import would
store them (a claim with a published verdict whose review source is the fact-check article,
so the article's title enters the search document), then asks ``find_matches`` for the five
best claims for every tweet of the split, times each call, and scores the rankings exactly as
the lab's official scorer does, and per query (see :func:`score`). Figures and the command
behind each are recorded in docs/matching.md. Tune on train and dev; test is for the final
figure only.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from benchmarks import shared_data
from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.enums import ClaimKind, DatePrecision, ReviewStatus, SourceKind, VerdictState
from claimtracker.models import (
    Claim,
    ClaimSearch,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)
from claimtracker.services import matching, search
from claimtracker.text import clean_text, text_hash

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from sqlalchemy.engine import Engine

DATA_ENV = "CLAIM_CHECKTHAT_DATA"
# The data set's folder inside the shared data (see benchmarks/shared_data.py).
DATA_FOLDER = "checkthat2020_task2"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
ACTOR = "checkthat-benchmark"
# The data set has no verdicts; every claim gets the default scale's "false" label, which
# matching ignores (it only reports it).
LABEL = "false"
RATIONALE = "Imported from CLEF-2020 CheckThat! Task 2 (the data set gives no rating)."
# Depths of MAP@k (the lab's official measure is MAP@5), the list length asked for (and
# timed), and the longer list, asked for untimed, that MAP@all is computed on.
DEPTHS = (1, 3, 5)
OFFICIAL_LIMIT = 5
DEEP_LIMIT = 50
# Thresholds shown by --sweep when choosing matching.DUPLICATE_THRESHOLD.
SWEEP = tuple(t / 100 for t in range(20, 100, 5))


# --- the data set -------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedClaim:
    """One row of verified_claims.docs.tsv."""

    vclaim_id: str
    text: str
    title: str


def _tsv_rows(path: Path) -> list[list[str]]:
    # The files are CSV-quoted (README of the data folder): QUOTE_NONE splits 28 claims wrongly.
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)  # header; its first cell is empty (pandas index)
        return [row for row in reader if row]


def read_verified_claims(data: Path) -> list[VerifiedClaim]:
    """The verified claims, in file order."""
    return [
        VerifiedClaim(row[0], row[1], row[2])
        for row in _tsv_rows(data / "verified_claims.docs.tsv")
    ]


def read_queries(data: Path, split: str) -> dict[str, str]:
    """Tweet id -> tweet text, in file order."""
    return {row[0]: row[1] for row in _tsv_rows(data / split / "tweets.queries.tsv")}


def read_qrels(data: Path, split: str) -> dict[str, list[str]]:
    """Tweet id -> ids of the verified claims relevant to it, one per qrels line.

    TREC qrels, relevant lines only; a line repeated in the file is kept twice, as the
    official scorer counts it (see :func:`official_average_precision`).
    """
    qrels: dict[str, list[str]] = {}
    for line in (data / split / "tweet-vclaim-pairs.qrels").read_text("utf-8").splitlines():
        if line.strip():
            tweet_id, _, vclaim_id, relevance = line.split("\t")
            if int(relevance) > 0:
                qrels.setdefault(tweet_id, []).append(vclaim_id)
    return qrels


# --- the database ---------------------------------------------------------------------------


@contextmanager
def fresh_database(backend: str, pg_url: str) -> Iterator[Engine]:
    """A migrated, empty database that is thrown away afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ct_eval_") as tmp:
            engine = make_engine(resolve(str(Path(tmp) / "checkthat.db")))
            try:
                migrate.upgrade(engine)
                yield engine
            finally:
                engine.dispose()
        return
    admin_url = make_url(resolve(pg_url).url)
    name = f"ct_eval_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(
            resolve(admin_url.set(database=name).render_as_string(hide_password=False))
        )
        try:
            migrate.upgrade(engine)
            yield engine
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def load(engine: Engine, claims: Sequence[VerifiedClaim]) -> dict[int, str]:
    """Store every verified claim as an imported, published fact-check; claim id -> vclaim id.

    Core bulk inserts (an ORM ``add_all`` of 40,000 objects takes minutes) of the same rows
    ``claims.add_claim``, ``sources.add_source`` and ``search.refresh`` would write: the
    fact-check page as a source (kind fact_check, titled with the article's title), a
    published claim, a published verdict whose review source is that page, and the claim's
    search document (whose insert the FTS5 triggers or the generated tsvector column index).
    The audit log is not written: matching never reads it.
    """
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        label_id = session.scalars(
            select(RatingLabel.id)
            .join(RatingScale, RatingScale.id == RatingLabel.scale_id)
            .where(RatingScale.is_default, RatingLabel.label == LABEL)
        ).one()

        titles = [clean_text(c.title, what="source title", max_length=2000) for c in claims]
        # One page per review, as an import adds one per review URL (the data set has none).
        source_ids = list(
            session.execute(
                insert(Source).returning(Source.id, sort_by_parameter_order=True),
                [
                    {
                        "url": None,
                        "title": title,
                        "kind": SourceKind.FACT_CHECK,
                        "created_at": now,
                        "created_by": ACTOR,
                    }
                    for title in titles
                ],
            ).scalars()
        )

        texts = [clean_text(c.text) for c in claims]
        claim_rows = session.execute(
            insert(Claim).returning(Claim.id, sort_by_parameter_order=True),
            [
                {
                    "public_id": str(uuid.uuid4()),
                    "text": body,
                    "text_hash": text_hash(body),
                    "kind": ClaimKind.FACTUAL,
                    # A claim whose verdict is published has finished the workflow.
                    "status": ReviewStatus.PUBLISHED,
                    "created_at": now,
                    "created_by": ACTOR,
                    "updated_at": now,
                    "updated_by": ACTOR,
                }
                for body in texts
            ],
        )
        claim_ids = list(claim_rows.scalars())

        session.execute(
            insert(Verdict),
            [
                {
                    "public_id": str(uuid.uuid4()),
                    "claim_id": claim_id,
                    "label_id": label_id,
                    "rationale": RATIONALE,
                    "state": VerdictState.PUBLISHED,
                    "author": ACTOR,
                    "review_source_id": source_id,
                    "created_at": now,
                    "published_at": now,
                    # Since migration 0008 a dated verdict says how precise its date is.
                    "published_precision": DatePrecision.INSTANT,
                }
                for claim_id, source_id in zip(claim_ids, source_ids, strict=True)
            ],
        )
        session.execute(
            insert(ClaimSearch),
            [
                {
                    "claim_id": claim_id,
                    # What search.refresh would compute: text, no quotes, the review headline.
                    "document": search.build_document(body, [], [], [title]),
                }
                for claim_id, body, title in zip(claim_ids, texts, titles, strict=True)
            ],
        )
    if engine.dialect.name == "postgresql":
        # What autovacuum soon does to a real database: statistics, and the GIN index's
        # pending list merged (a bulk load leaves every new entry there, and each search
        # then scans the whole list: 10x slower index scans until it is cleaned).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return {claim_id: c.vclaim_id for claim_id, c in zip(claim_ids, claims, strict=True)}


# --- the measures --------------------------------------------------------------------------
#
# The lab's evaluate.py (clef2020-factchecking-task2 @ e993f1f) calls trectools 0.0.42 (pinned
# in its requirements.txt): get_map(depth) and get_reciprocal_rank(depth) of TrecEval. Two
# sets of figures are printed. "official" reproduces those functions exactly, quirks
# included; "per query" is the textbook definition, which is what tuning should look at.
# They differ only on test, whose qrels list one pair twice and have a tweet with no pair.


def average_precision(ranked: Sequence[str], relevant: set[str], depth: int | None) -> float:
    """AP@depth: precision at the rank of each relevant claim within ``depth``, summed.

    Divided by the number of relevant claims, as trectools does (not by min(depth, relevant),
    as some MAP@k definitions do), so one relevant claim of two, found first, gives 0.5.
    0 for a query without relevant claims.
    """
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for rank, claim in enumerate(ranked[:depth] if depth else ranked, start=1):
        if claim in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str], depth: int | None) -> float:
    """1 / rank of the first relevant claim within ``depth``, else 0."""
    for rank, claim in enumerate(ranked[:depth] if depth else ranked, start=1):
        if claim in relevant:
            return 1.0 / rank
    return 0.0


def recall(ranked: Sequence[str], relevant: set[str], depth: int | None) -> float:
    """Share of the relevant claims found within ``depth`` (0 for a query without any)."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:depth])) / len(relevant)


def official_average_precision(ranked: Sequence[str], rows: Sequence[str], depth: int) -> float:
    """trectools 0.0.42 ``get_map`` for one query; ``rows`` are its qrels lines' claim ids.

    The run is left-joined to the qrels lines, so a pair listed twice counts twice, both at
    its rank (found 1 then 2): a query can score above 1. Divided by the number of lines.
    """
    found, total = 0, 0.0
    for rank, claim in enumerate(ranked[:depth], start=1):
        for _ in range(rows.count(claim)):
            found += 1
            total += found / rank
    return total / len(rows)


@dataclass(frozen=True)
class Scores:
    """The figures of one run."""

    queries: int
    unanswered: int
    official: dict[str, float]
    per_query: dict[str, float]

    def lines(self) -> list[str]:
        """The figures, one set a line."""

        def show(figures: dict[str, float]) -> str:
            return "  ".join(f"{name} {value:.4f}" for name, value in figures.items())

        return [
            f"queries {self.queries} (no match returned for {self.unanswered})",
            f"official scorer: {show(self.official)}",
            f"per query:       {show(self.per_query)}",
        ]


def score(run: Run, qrel_rows: dict[str, list[str]]) -> Scores:
    """Score the rankings (tweet id -> vclaim ids, best first) of ``run``.

    official: MAP@k is the sum of :func:`official_average_precision` over the tweets that
    have both a line in the run and one in the qrels, divided by the tweets of the run (one
    without qrels counts 0; one the matcher found nothing for has no line in a run file, so
    does not count at all). MRR@k is the sum of reciprocal ranks divided by the tweets of the
    qrels. Ties cannot reorder anything: the run gives strictly decreasing scores.

    per query: each relevant claim counted once, every tweet of the split in every mean.
    """
    relevant = {tweet: set(rows) for tweet, rows in qrel_rows.items()}
    answered = {tweet: ranked for tweet, ranked in run.shallow.items() if ranked}
    official: dict[str, float] = {}
    for k in DEPTHS:
        total = sum(
            official_average_precision(ranked, qrel_rows[tweet], k)
            for tweet, ranked in answered.items()
            if tweet in qrel_rows
        )
        official[f"MAP@{k}"] = total / len(answered) if answered else 0.0
    official["MRR@5"] = sum(
        reciprocal_rank(ranked, relevant.get(tweet, set()), 5) for tweet, ranked in answered.items()
    ) / max(1, len(qrel_rows))

    n = max(1, len(run.shallow))

    def mean(
        measure: Callable[[Sequence[str], set[str], int | None], float],
        depth: int | None,
        rankings: dict[str, list[str]],
    ) -> float:
        return sum(measure(r, relevant.get(t, set()), depth) for t, r in rankings.items()) / n

    per_query = {f"MAP@{k}": mean(average_precision, k, run.shallow) for k in DEPTHS}
    per_query[f"MAP@all(<={DEEP_LIMIT})"] = mean(average_precision, None, run.deep)
    per_query["MRR@5"] = mean(reciprocal_rank, 5, run.shallow)
    per_query["Recall@5"] = mean(recall, 5, run.shallow)
    return Scores(
        queries=len(run.shallow),
        unanswered=len(run.shallow) - len(answered),
        official=official,
        per_query=per_query,
    )


# --- the duplicate warning ------------------------------------------------------------------


@dataclass(frozen=True)
class PairQuality:
    """How well "score >= threshold" picks out relevant (tweet, claim) pairs."""

    threshold: float
    flagged: int
    correct: int
    relevant: int

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.relevant if self.relevant else 0.0

    def f_beta(self, beta: float) -> float:
        """Weighted harmonic mean; beta < 1 favours precision."""
        p, r = self.precision, self.recall
        return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"threshold {self.threshold:.2f}: flagged {self.flagged:4d}  "
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f_beta(1):.3f}  F0.5 {self.f_beta(0.5):.3f}"
        )


def pair_quality(
    scored: dict[str, list[tuple[str, float]]], qrels: dict[str, set[str]], threshold: float
) -> PairQuality:
    """Pairs among the five matches of each tweet whose score reaches ``threshold``.

    Precision: flagged pairs that the qrels list. Recall: qrels pairs that were flagged.
    """
    flagged = [
        (tweet, claim)
        for tweet, matches in scored.items()
        for claim, value in matches
        if value >= threshold
    ]
    return PairQuality(
        threshold=threshold,
        flagged=len(flagged),
        correct=sum(1 for tweet, claim in flagged if claim in qrels.get(tweet, set())),
        relevant=sum(len(qrels.get(tweet, set())) for tweet in scored),
    )


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Run:
    """What the matcher returned for each tweet, and how long each call took."""

    shallow: dict[str, list[str]]
    deep: dict[str, list[str]]
    scored: dict[str, list[tuple[str, float]]]
    latencies: list[float]


def run_queries(engine: Engine, vclaim_of: dict[int, str], queries: dict[str, str]) -> Run:
    """Ask find_matches for every tweet: timed at the official depth, then untimed deeper."""
    result = Run({}, {}, {}, [])
    with Session(engine) as session:
        # One untimed call so statement compilation and connection set-up are not measured.
        matching.find_matches(session, "warm-up query about vaccines and elections")
        for tweet_id, tweet in queries.items():
            body = clean_text(tweet)  # what `claim add` passes on
            start = time.perf_counter()
            matches = matching.find_matches(session, body, limit=OFFICIAL_LIMIT)
            result.latencies.append(time.perf_counter() - start)
            result.shallow[tweet_id] = [vclaim_of[m.claim_id] for m in matches]
            result.scored[tweet_id] = [(vclaim_of[m.claim_id], m.score) for m in matches]
        for tweet_id, tweet in queries.items():
            deep = matching.find_matches(session, clean_text(tweet), limit=DEEP_LIMIT)
            result.deep[tweet_id] = [vclaim_of[m.claim_id] for m in deep]
    return result


def write_run_file(path: Path, run: Run, tag: str) -> None:
    """The rankings in the lab's submission format, for its evaluate.py.

    ``tweet_id Q0 vclaim_id 1 score tag``: the format checker wants rank 1 on every line and
    trec_eval orders by score, so the score is the reverse rank (ties would reorder).
    """
    with path.open("w", encoding="utf-8") as out:
        for tweet_id, ranked in run.shallow.items():
            for rank, vclaim_id in enumerate(ranked, start=1):
                out.write(f"{tweet_id}\tQ0\t{vclaim_id}\t1\t{len(ranked) - rank + 1}\t{tag}\n")


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def main(argv: Sequence[str] | None = None) -> int:
    """Build, load, run the split's tweets, print the figures; 0 on success."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.checkthat", description=__doc__)
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=DEFAULT_PG_URL,
        help="a server where a ct_eval_* database may be created and dropped",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get(DATA_ENV) or shared_data.shared_data_dir() / DATA_FOLDER),
        help=f"the data folder (default ${DATA_ENV}, else {DATA_FOLDER} in the shared data: "
        f"${shared_data.ENV} or ../shared/data from the repository root)",
    )
    parser.add_argument(
        "--sweep", action="store_true", help="precision/recall of the duplicate flag by threshold"
    )
    parser.add_argument("--run-file", type=Path, help="also write the run for evaluate.py")
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="turn the semantic matcher on (needs the semantic extra; see checkthat_semantic)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="with --semantic: compute every vector again"
    )
    args = parser.parse_args(argv)

    claims = read_verified_claims(args.data)
    queries = read_queries(args.data, args.split)
    qrel_rows = read_qrels(args.data, args.split)
    qrels = {tweet: set(rows) for tweet, rows in qrel_rows.items()}
    print(f"# CheckThat! 2020 Task 2, split {args.split}, backend {args.backend}")
    with fresh_database(args.backend, args.pg_url) as engine:
        start = time.perf_counter()
        vclaim_of = load(engine, claims)
        load_seconds = time.perf_counter() - start
        print(f"loaded {len(claims):,} verified claims in {load_seconds:.1f} s")
        if args.semantic:
            from benchmarks import checkthat_semantic

            print(checkthat_semantic.enable(engine, use_cache=not args.no_cache))
        run = run_queries(engine, vclaim_of, queries)

    for line in score(run, qrel_rows).lines():
        print(line)
    ms = [t * 1000 for t in run.latencies]
    print(
        f"find_matches latency: median {statistics.median(ms):.1f} ms  "
        f"p90 {percentile(ms, 0.90):.1f} ms  p95 {percentile(ms, 0.95):.1f} ms  "
        f"max {max(ms):.1f} ms"
    )
    print(f"duplicate flag at DUPLICATE_THRESHOLD, pairs among the top {OFFICIAL_LIMIT}:")
    print("  " + pair_quality(run.scored, qrels, matching.DUPLICATE_THRESHOLD).line())
    if args.sweep:
        sweep = [pair_quality(run.scored, qrels, threshold) for threshold in SWEEP]
        for quality in sweep:
            print("  " + quality.line())
        # A warning that blocks `claim add` should rather be right than complete: F0.5.
        best = max(sweep, key=lambda q: (q.f_beta(0.5), q.threshold))
        print(f"  best F0.5 on {args.split}: threshold {best.threshold:.2f}")
    if args.run_file:
        write_run_file(args.run_file, run, f"claimtracker-{args.backend}")
        print(f"run written to {args.run_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
