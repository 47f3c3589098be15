"""ClaimReview export at scale: `claim export claimreview` of about 100,000 published verdicts.

``python -m benchmarks claimreview`` (or ``python -m benchmarks.claimreview``) exports every
current published verdict of a generated database (``python -m benchmarks.generate``, cached
in ``benchmarks/.work/``) to a file, as a JSON array and with ``--feed``, timing the whole
``claim`` process and reading its peak resident set (``ru_maxrss`` of that process alone).
Beside it, in the same run and alternately, a baseline process does the least a program
must do for the same output: the same rows read with the plain driver (``sqlite3`` or
``psycopg``; the verdicts with their claim, label, scale, claimant, publisher and review page
in one query, then each thousand claims' tags and appearances), one ``dict`` per review and
``json.dumps(…, indent=2)`` into a file: no dates formatted, no types, no schema.org shape.

The export streams (a batch of 1,000 reviews at a time), so its peak RSS must not grow with
the number of verdicts: the target is the baseline's own peak plus 100 MB, whatever the size.
There is no speed target; the ratio is recorded.

Environment:

* ``BENCH_CLAIMREVIEW_CLAIMS`` (default 121,000): claims in the generated database; 82.8% of
  generated claims are published, so the default gives about 100,000 current verdicts (the
  exact count is printed);
* ``BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``): the
  server of the PostgreSQL figure (a ``ct_bench_*`` database is generated once); ``none``
  skips it.

At most three runs of each side are made, whatever ``--runs`` says.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from benchmarks import generate
from benchmarks.community_notes import Measured, MemoryComparison, RowsComparison, measure
from benchmarks.harness import Comparison, claim_command

CLAIMS = int(os.environ.get("BENCH_CLAIMREVIEW_CLAIMS", "121000"))
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MAX_RUNS = 3
RSS_HEADROOM = 100 * 1024 * 1024

# The floor, for sqlite3 and psycopg alike: argv = driver, database, output file.
BASELINE = r'''
import json, sys

driver, database, out = sys.argv[1:4]
if driver == "sqlite":
    import sqlite3

    conn = sqlite3.connect(database)
    mark = "?"

    def among(ids):
        return f"IN ({', '.join('?' * len(ids))})", list(ids)
else:
    import psycopg

    conn = psycopg.connect(database)
    mark = "%s"

    def among(ids):
        return "= ANY(%s)", [list(ids)]

REVIEWS = f"""
SELECT v.public_id, v.original_rating, v.rationale, v.published_at, l.name, l.claimreview_value,
       sc.best_value, sc.worst_value, p.name, p.kind, pg.url, pg.title, pg.language,
       c.id, c.public_id, c.text, c.claimed_at, c.claimed_precision, c.language, e.name, e.kind
FROM verdict v
JOIN claim c ON c.id = v.claim_id
JOIN rating_label l ON l.id = v.label_id
JOIN rating_scale sc ON sc.id = l.scale_id
LEFT JOIN entity p ON p.id = v.publisher_id
LEFT JOIN source pg ON pg.id = v.review_source_id
LEFT JOIN entity e ON e.id = c.claimant_id
LEFT JOIN verdict s ON s.supersedes_id = v.id AND s.state = 'published'
WHERE v.state = 'published' AND s.id IS NULL
ORDER BY v.published_at, v.id
"""
KEYS = ("id", "original", "rationale", "published", "label", "value", "best", "worst",
        "publisher", "publisher_kind", "url", "title", "language", "claim", "claim_id", "text",
        "claimed", "precision", "claim_language", "claimant", "claimant_kind")

cursor = conn.cursor(name="reviews") if driver == "postgresql" else conn.cursor()
cursor.execute(REVIEWS)
with open(out, "w", encoding="utf-8") as file:
    file.write("[")
    first = True
    while rows := cursor.fetchmany(1000):
        claims = sorted({row[13] for row in rows})
        condition, params = among(claims)
        tags, works = {}, {}
        for claim_id, tag in conn.execute(
            f"SELECT claim_id, tag FROM claim_tag WHERE claim_id {condition} "
            "ORDER BY claim_id, tag", params
        ):
            tags.setdefault(claim_id, []).append(tag)
        for claim_id, *work in conn.execute(
            "SELECT a.claim_id, a.is_first, a.quote, s.url, s.title, s.kind, s.published_at, "
            "s.published_precision, au.name FROM appearance a JOIN source s ON s.id = a.source_id "
            f"LEFT JOIN entity au ON au.id = s.author_id WHERE a.claim_id {condition} "
            "ORDER BY a.claim_id, a.id", params
        ):
            works.setdefault(claim_id, []).append(work)
        for row in rows:
            review = dict(zip(KEYS, row))
            review["tags"] = tags.get(row[13], [])
            review["appearances"] = works.get(row[13], [])
            file.write(("\n" if first else ",\n") + json.dumps(review, indent=2, default=str))
            first = False
    file.write("\n]\n")
'''


def _count(url: str) -> int:
    """Current published verdicts: what the export writes."""
    from sqlalchemy import text

    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve

    engine = make_engine(resolve(url))
    try:
        with engine.connect() as conn:
            count: int = conn.scalar(
                text(
                    "SELECT count(*) FROM verdict v LEFT JOIN verdict s ON s.supersedes_id = v.id "
                    "AND s.state = 'published' WHERE v.state = 'published' AND s.id IS NULL"
                )
            )
            return count
    finally:
        engine.dispose()


def _compare(
    label: str, database: str, baseline_args: list[str], reviews: int, runs: int
) -> list[Comparison]:
    """The array and the feed export, each against the baseline, alternately."""
    results: list[Comparison] = []
    with tempfile.TemporaryDirectory(dir=generate.WORK_DIR) as tmp:
        out = Path(tmp) / "export.json"
        floor = Path(tmp) / "floor.json"
        for extra in ([], ["--feed"]):
            subject: list[Measured] = []
            baseline: list[Measured] = []
            for _ in range(runs):
                argv = [*claim_command(), "--db", database, "export", "claimreview", *extra]
                subject.append(measure([*argv, "--output", str(out)]))
                baseline.append(
                    measure([sys.executable, "-c", BASELINE, *baseline_args, str(floor)])
                )
            name = " ".join(["export claimreview", *extra])
            size = out.stat().st_size / 2**20
            results.append(
                RowsComparison(
                    f"{name} ({label}, {reviews:,} reviews, {size:,.0f} MB)",
                    subject,
                    baseline,
                    f"{baseline_args[0]} driver + json.dumps",
                    reviews,
                    None,
                    unit="reviews",
                )
            )
            results.append(
                MemoryComparison(
                    f"peak RSS of {name} ({label})",
                    [m.peak_rss for m in subject],
                    [m.peak_rss for m in baseline],
                    "peak RSS of the baseline",
                    max(m.peak_rss for m in baseline) + RSS_HEADROOM,
                )
            )
    return results


def run(runs: int) -> list[Comparison]:
    """Every ClaimReview export figure; generates (once) the databases it needs."""
    runs = max(1, min(runs, MAX_RUNS))
    plan = generate.Plan(CLAIMS)
    path = generate.ensure_sqlite(plan)
    reviews = _count(str(path))
    print(f"# claimreview export of {path} ({reviews:,} current published verdicts)", flush=True)
    results = _compare("SQLite", str(path), ["sqlite", str(path)], reviews, runs)
    if PG_SERVER.lower() != "none":
        try:
            url = generate.ensure_postgresql(PG_SERVER, plan)
        except Exception as exc:  # any failure to reach the server means: skip it, say why
            print(f"# PostgreSQL skipped: {type(exc).__name__}: {exc}", flush=True)
            return results
        from sqlalchemy.engine import make_url

        # psycopg wants a libpq URL: the same one without SQLAlchemy's driver suffix.
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        results += _compare("PostgreSQL", url, ["postgresql", plain], _count(url), runs)
    return results


def main() -> int:
    """``python -m benchmarks.claimreview [--runs N]``."""
    import argparse

    from benchmarks.capture import is_missed

    parser = argparse.ArgumentParser(prog="python -m benchmarks.claimreview")
    parser.add_argument("--runs", type=int, default=MAX_RUNS, help="timed runs of each side")
    args = parser.parse_args()
    missed = 0
    for comparison in run(args.runs):
        print(comparison.line(), flush=True)
        missed += is_missed(comparison)
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
