"""`claim list`: the first page against an earlier install, and streaming every row.

``python -m benchmarks.listing DB_PATH_OR_URL --before OTHER_VENV/bin/claim [--runs 20]``

* the first page as a person sees it (``claim list --format table``, 50 rows and, since issue
  14, the count behind "50 of 100,000 — --page 2"), whole process, this install against the
  ``--before`` one, run alternately;
* the same in process (``list_claims(ClaimFilter(), limit=50)`` in a new session each call), in
  each install's own interpreter, five alternate rounds, and the count alone;
* every row streamed as CSV to /dev/null: wall time and peak RSS, against the first page's,
  to show that memory does not grow with the rows (this install only: the earlier one capped
  every format at one page of at most 10,000 rows).

Make the database with ``python -m benchmarks.generate PATH --claims 100000``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import claim_command, compare_processes

IN_PROCESS = """
import statistics, sys, time
from sqlalchemy.orm import Session
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.services import claims
engine = make_engine(resolve(sys.argv[1]))
def timed(work, runs=int(sys.argv[2])):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with Session(engine) as session, session.begin():
            work(session)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
page = timed(lambda s: claims.list_claims(s, claims.ClaimFilter(), limit=50))
count = timed(lambda s: claims.count_claims(s, claims.ClaimFilter())) if hasattr(
    claims, "count_claims") else float("nan")
print(f"{page:.2f} {count:.2f}")
"""

PEAK_RSS = """
import resource, subprocess, sys, time
start = time.perf_counter()
with open("/dev/null", "w") as sink:
    subprocess.run(sys.argv[1:], stdout=sink, check=True)
print(f"{time.perf_counter() - start:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def in_process(python: str, db: str, runs: int) -> tuple[float, float]:
    """Median ms of the first page and of the count, in ``python``'s install."""
    out = subprocess.run(
        [python, "-c", IN_PROCESS, db, str(runs)], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def peak(argv: list[str], runs: int) -> tuple[float, int]:
    """Median wall seconds and the largest peak RSS (kB) of ``argv`` over ``runs`` runs."""
    results = [
        subprocess.run(
            [sys.executable, "-c", PEAK_RSS, *argv], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(runs)
    ]
    return statistics.median(float(r[0]) for r in results), max(int(r[1]) for r in results)


def main() -> int:
    """Print the figures; see the module's docstring."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.listing")
    parser.add_argument("db", metavar="DB_PATH_OR_URL")
    parser.add_argument("--before", required=True, help="the `claim` script of the other install")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    after = claim_command()
    before = [args.before]
    table = ["--db", args.db, "list", "--format", "table"]
    os.environ.pop("CLAIM_DB", None)
    print(
        compare_processes(
            "claim list, first page (after)", after + table, "before", before + table, args.runs
        ).line()
    )
    before_python = str(Path(args.before).with_name("python"))
    # Alternate rounds, as for the processes: the machine's load then weighs on both alike.
    rounds = [
        (
            in_process(before_python, args.db, args.runs),
            in_process(sys.executable, args.db, args.runs),
        )
        for _ in range(5)
    ]
    page_b = statistics.median(b[0] for b, _ in rounds)
    page_a = statistics.median(a[0] for _, a in rounds)
    count_a = statistics.median(a[1] for _, a in rounds)
    print(f"list_claims first page in process: before {page_b:.2f} ms, after {page_a:.2f} ms")
    print(f"count_claims (no filter), after: {count_a:.2f} ms")
    runs = max(3, args.runs // 4)
    for name, argv in (
        ("first page, table", after + table),
        (
            "10,000 rows, csv",
            [*after, "--db", args.db, "list", "--format", "csv", "--limit", "10000"],
        ),
        ("every row, csv", [*after, "--db", args.db, "list", "--format", "csv"]),
    ):
        seconds, rss = peak(argv, runs)
        print(f"{name:<20} {seconds * 1000:9.1f} ms   peak RSS {rss / 1024:6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
