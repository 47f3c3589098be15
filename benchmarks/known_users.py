"""The known user names (services/users.py `known_users`) against reading every event.

``python -m benchmarks.known_users [--events 100000] [--actors 30] [--runs 20] [--db URL]``

Every writing command compares its user's name with the names the database knows, and the
event log holds most of them. Since migration 0014 `known_users` finds the log's actors by a
loose index scan of ``ix_event_actor`` (one seek per distinct actor); the baselines, timed in the
same run and interleaved with it, are what it replaced:

* ``SELECT DISTINCT actor FROM event``, the naive query, which reads every entry;
* the one UNION over every source of names that `known_users` ran before 0014.

The database is new and holds only events: a temporary SQLite file, or with ``--db`` an empty
PostgreSQL database (it is migrated and filled, and the events are left in it). The default
size runs in well under a minute; ``--events 1000000`` gives the figure in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.harness import Comparison

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

NAIVE = "SELECT DISTINCT actor FROM event"
# known_users before migration 0014 (commit b49ccff), as the SQL it ran.
BEFORE_0014 = (
    "SELECT actor FROM event UNION SELECT author FROM verdict"
    " UNION SELECT approver FROM verdict_approval"
    " UNION SELECT assignee FROM claim WHERE assignee IS NOT NULL"
    " UNION SELECT updated_by FROM setting"
)
_BATCH = 50_000


def fill(engine: Engine, events: int, actors: int) -> None:
    """Migrate the database and add ``events`` events spread over ``actors`` names."""
    from sqlalchemy import insert

    from claimtracker.db import migrate
    from claimtracker.enums import RecordType
    from claimtracker.models import Event

    migrate.upgrade(engine)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    names = [f"user{n:03d}" for n in range(actors)]
    with engine.begin() as conn:
        if conn.execute(Event.__table__.select().limit(1)).first() is not None:
            raise SystemExit("the database already has events: give an empty one")
        # Core executemany in batches: ORM add_all inserts one row at a time (STYLE.md).
        for first in range(0, events, _BATCH):
            conn.execute(
                insert(Event),
                [
                    {
                        "id": i + 1,
                        "occurred_at": start + timedelta(seconds=i),
                        "actor": names[i % actors],
                        "action": "claim.created",
                        "record_type": RecordType.CLAIM,
                        "record_id": None,
                        "claim_id": None,
                        "hash": f"{i:064x}",
                    }
                    for i in range(first, min(first + _BATCH, events))
                ],
            )


def timed(engine: Engine, work: Callable[[Session], object]) -> float:
    """Seconds for ``work`` in a new session, as a command would run it."""
    from sqlalchemy.orm import Session

    begin = time.perf_counter()
    with Session(engine) as session:
        work(session)
    return time.perf_counter() - begin


def main() -> int:
    """Print the figures; see the module's docstring."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.known_users")
    parser.add_argument("--events", type=int, default=100_000, help="events in the log")
    parser.add_argument("--actors", type=int, default=30, help="distinct actors among them")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each side")
    parser.add_argument("--db", help="an empty postgresql:// database (default: SQLite file)")
    args = parser.parse_args()

    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve
    from claimtracker.services.users import known_users

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(resolve(args.db or str(Path(tmp) / "known_users.db")))
        begin = time.perf_counter()
        fill(engine, args.events, args.actors)
        print(
            f"# {engine.dialect.name}, {args.events:,} events, {args.actors} actors, "
            f"filled in {time.perf_counter() - begin:.1f} s, runs={args.runs}"
        )
        sides: dict[str, Callable[[Session], object]] = {
            "known_users (loose index scan)": known_users,
            NAIVE: lambda s: s.execute(text(NAIVE)).all(),
            "UNION of every source (before 0014)": lambda s: s.execute(text(BEFORE_0014)).all(),
        }
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("ANALYZE event"))
                conn.commit()
        times: dict[str, list[float]] = {name: [] for name in sides}
        # Warm the cache for every side, then alternate so the machine's load hits all alike.
        for work in sides.values():
            timed(engine, work)
        for _ in range(args.runs):
            for name, work in sides.items():
                times[name].append(timed(engine, work))
        subject, *baselines = sides
        for baseline in baselines:
            print(Comparison(subject, times[subject], times[baseline], baseline).line())
        # The figures mean nothing if the fast side misses an actor (it finds more names: the
        # settings' updated_by as well).
        with Session(engine) as session:
            found = known_users(session)
            every = {str(n) for n in session.scalars(text(NAIVE))}
        if not every <= found:
            raise SystemExit(f"known_users missed {len(every - found)} of the log's actors")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
