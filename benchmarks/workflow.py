"""Review workflow figures: `claim verify` / `claim approve` whole-process time against a
minimal ORM writer, `claim queue` on the 1M-claim database, and `claim audit verify` over
1M events. Run with ``python -m benchmarks.workflow [--runs N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.harness import Comparison, claim_command, time_process

WORK = Path(__file__).resolve().parent / ".work"
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))

# The smallest program that does what a workflow step does: click parses, the ORM loads one
# row, changes it and commits.
MINIMAL_ORM_UPDATE = """
import sys
import click
from sqlalchemy import String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

class Base(DeclarativeBase):
    pass

class Row(Base):
    __tablename__ = "bench_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20))

@click.command()
@click.argument("path")
@click.argument("row_id", type=int)
def main(path, row_id):
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        row = session.get(Row, row_id)
        if row is None:
            session.add(Row(id=row_id, status="new"))
        else:
            row.status = "done"
    click.echo(row_id)

main()
"""


def _prepare_small(db: Path, claims: int) -> None:
    claim = claim_command()
    env = {**os.environ, "CLAIM_DB": str(db), "CLAIM_USER": "bob"}
    subprocess.run([*claim, "db", "upgrade"], env=env, check=True, capture_output=True)
    from sqlalchemy.orm import Session

    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.services import review, sources
    from claimtracker.services.claims import ClaimInput, add_claim

    engine = make_engine(resolve(str(db)))
    with Session(engine) as session, session.begin():
        source = sources.resolve(
            session, "https://example.org/report", sources.SourceInput(), actor="bob"
        )
        for i in range(claims):
            claim_id = add_claim(
                session,
                ClaimInput(text=f"Benchmark claim number {i} about export figures"),
                actor="ann",
                force=True,
            ).claim.id
            review.assign(session, claim_id, "bob", actor="ann")
        _ = source
    engine.dispose()


def whole_process(runs: int) -> list[Comparison]:
    """verify and approve, each against the minimal ORM update program."""
    claim = claim_command()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "claims.db"
        other = Path(tmp) / "minimal.db"
        program = Path(tmp) / "minimal.py"
        program.write_text(MINIMAL_ORM_UPDATE)
        _prepare_small(db, runs + 2)
        env = {"CLAIM_DB": str(db)}
        verify, approve, base_v, base_a = [], [], [], []
        for i in range(1, runs + 1):
            verify.append(
                time_process(
                    [
                        *claim,
                        "--user",
                        "bob",
                        "verify",
                        str(i),
                        "--rating",
                        "false",
                        "--rationale",
                        "checked",
                        "--evidence",
                        "1",
                    ],
                    env,
                )
            )
            base_v.append(time_process([sys.executable, str(program), str(other), str(i)]))
        for i in range(1, runs + 1):
            approve.append(time_process([*claim, "--user", "carol", "approve", str(i)], env))
            base_a.append(time_process([sys.executable, str(program), str(other), str(i)]))
        return [
            Comparison(
                "claim verify (whole process)",
                verify,
                base_v,
                "minimal click+ORM update",
                target=1.25,
            ),
            Comparison(
                "claim approve (whole process)",
                approve,
                base_a,
                "minimal click+ORM update",
                target=1.25,
            ),
        ]


def queue_at_scale(runs: int) -> list[Comparison] | None:
    """`claim queue` first page, in process, on a copy of the 1M-claim benchmark database."""
    source = WORK / "claims_1000000c_s42_v1.db"
    if not source.exists():
        print("# no 1M-claim database: run `python -m benchmarks.generate` first", flush=True)
        return None
    from sqlalchemy import func, select, text
    from sqlalchemy.orm import Session

    from claimtracker.db import migrate
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.models import Claim
    from claimtracker.services.queue import QueueFilter, queue
    from claimtracker.services.review import OPEN

    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        db = Path(tmp) / "claims.db"
        shutil.copyfile(source, db)
        engine = make_engine(resolve(str(db)))
        migrate.upgrade(engine)
        subject, baseline = [], []
        with Session(engine) as session:
            open_claims = session.scalar(select(func.count(Claim.id)).where(Claim.status.in_(OPEN)))
            print(f"# 1M database: {open_claims} open claims", flush=True)
            for _ in range(runs):
                start = time.perf_counter()
                queue(session, QueueFilter(), limit=50)
                subject.append(time.perf_counter() - start)
                start = time.perf_counter()
                session.execute(text("SELECT id, text FROM claim WHERE id = 500000")).all()
                baseline.append(time.perf_counter() - start)
            for flt, label in (
                (QueueFilter(awaiting_approval=True), "--awaiting-approval"),
                (QueueFilter(stale_days=30), "--stale 30"),
            ):
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    queue(session, flt, limit=50)
                    times.append(time.perf_counter() - start)
                print(
                    f"# queue {label}: median {statistics.median(times) * 1000:.1f} ms", flush=True
                )
        engine.dispose()
    return [
        Comparison(
            "claim queue first page (1M, in process)",
            subject,
            baseline,
            "primary-key lookup of one claim",
            target=None,
        )
    ]


def audit_rate() -> str:
    """Events per second of `audit verify` over a chain of EVENTS events."""
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from claimtracker.db import migrate
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.models import Event
    from claimtracker.services import events

    WORK.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        db = Path(tmp) / "events.db"
        engine = make_engine(resolve(str(db)))
        migrate.upgrade(engine)
        start_at = datetime(2025, 1, 1, tzinfo=UTC)
        prev: str | None = None
        batch = []
        with engine.begin() as conn:
            for i in range(1, EVENTS + 1):
                at = start_at + timedelta(seconds=i)
                payload = f'{{"n":{i}}}'
                digest = events.event_hash(
                    prev_hash=prev,
                    occurred_at=at,
                    actor="bench",
                    action="claim.assigned",
                    record_type="claim",
                    record_id=i,
                    claim_id=None,
                    reason=None,
                    payload=payload,
                )
                batch.append(
                    {
                        "id": i,
                        "occurred_at": at,
                        "actor": "bench",
                        "action": "claim.assigned",
                        "record_type": "claim",
                        "record_id": i,
                        "claim_id": None,
                        "reason": None,
                        "payload": payload,
                        "prev_hash": prev,
                        "hash": digest,
                    }
                )
                prev = digest
                if len(batch) == 20_000:
                    conn.execute(insert(Event), batch)
                    batch = []
            if batch:
                conn.execute(insert(Event), batch)
        with Session(engine) as session:
            start = time.perf_counter()
            count, broken = events.verify_chain(session)
            seconds = time.perf_counter() - start
        assert broken is None
        assert count == EVENTS
        # Floor: read the same rows with the sqlite3 module and hash them, nothing else.
        import sqlite3

        raw = sqlite3.connect(db)
        start = time.perf_counter()
        for row in raw.execute("SELECT occurred_at, actor, action, payload, hash FROM event"):
            hashlib.sha256(repr(row).encode()).hexdigest()
        floor = time.perf_counter() - start
        raw.close()
        engine.dispose()
    return (
        f"claim audit verify over {EVENTS:,} events: {seconds:.1f} s = "
        f"{EVENTS / seconds:,.0f} events/s (raw sqlite3 read+hash floor: "
        f"{EVENTS / floor:,.0f} rows/s, ratio {seconds / floor:.2f}x)"
    )


def run(runs: int) -> list[Comparison]:
    """The suite for `python -m benchmarks workflow`."""
    comparisons = whole_process(runs)
    at_scale = queue_at_scale(runs)
    if at_scale:
        comparisons.extend(at_scale)
    print("# " + audit_rate(), flush=True)
    return comparisons


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workflow")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for comparison in run(args.runs):
        print(comparison.line(), flush=True)


if __name__ == "__main__":
    main()
