"""The report summaries of migration 0006 give the views exactly the rows of their definitions.

The views of 0006 read tables kept by triggers; the views of 0002 computed the same rows from
the tables on every query. Their SQL stays in ``migrations/views/0002/``, so it is the
reference: after a realistic workflow, after edits that take every trigger path (renames,
deletions, moved evidence, a relabelled rating) and after the migration fills the summaries
from existing data, every changed view must return the rows its 0002 text returns.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import inspect, select, text

from claimtracker.db import migrate, summaries
from claimtracker.services import retraction
from tests.db.logins import forget_logins
from tests.reports.test_views import TABLES, build_dataset, normalise, set_values, write_session

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

# The revision before the summaries: downgrading to it drops them.
SUMMARIES_DOWN_REVISION = "0005"
REFERENCE = Path(__file__).resolve().parents[2] / "migrations" / "views" / "0002"
CHANGED = (
    "claim_overview",
    "review_queue",
    "verdicts_by_month",
    "claimant_record",
    "rebuttal_map",
    "review_turnaround",
    "evidence_sources",
)


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda row: tuple((v is None, type(v).__name__, v) for v in row))


# A retracted claim (migration 0012) is in no report: the reference reads the tables as if it
# and what hangs off it were not there, its links included.
_LIVE = "SELECT id FROM claim WHERE retracted_at IS NULL"
LIVE_TABLES = {
    "claim": "(SELECT * FROM claim WHERE retracted_at IS NULL)",
    "evidence": f"(SELECT * FROM evidence WHERE claim_id IN ({_LIVE}))",
    "verdict": f"(SELECT * FROM verdict WHERE claim_id IN ({_LIVE}))",
    "claim_link": (
        f"(SELECT * FROM claim_link WHERE from_claim_id IN ({_LIVE}) AND to_claim_id IN ({_LIVE}))"
    ),
}
_TABLE_REF = re.compile(r"\b(FROM|JOIN)\s+(claim|evidence|verdict|claim_link)\s+AS\b")


def reference_body(view: str, dialect: str, *, retractions: bool = True) -> str:
    """The 0002 definition of ``view``, reading only what is not retracted (``retractions``:
    the schema has them)."""
    body = (REFERENCE / f"{view}.{dialect}.sql").read_text(encoding="utf-8")
    body = body.strip().rstrip(";")
    if not retractions:
        return body
    return _TABLE_REF.sub(lambda m: f"{m[1]} {LIVE_TABLES[m[2]]} AS", body)


def assert_views_match_reference(engine: Engine, when: str, *, allow_empty: bool = False) -> None:
    """Every changed view against its 0002 definition, on the same data."""
    dialect = engine.dialect.name
    with engine.connect() as conn:
        retractions = "retracted_at" in {c["name"] for c in inspect(conn).get_columns("claim")}
        for view in CHANGED:
            body = reference_body(view, dialect, retractions=retractions)
            # Columns added after 0002 (claim_overview's imported-review columns of 0008) have
            # no reference here; tests/reports/test_views.py checks them.
            reference = conn.execute(text(f"SELECT * FROM ({body}) AS reference LIMIT 0"))
            known = set(reference.keys())
            present = conn.execute(text(f"SELECT * FROM {view} LIMIT 0")).keys()
            columns = [c for c in present if c in known]
            got = conn.execute(text(f"SELECT {', '.join(columns)} FROM {view}"))
            actual = _sorted([tuple(normalise(v) for v in row) for row in got])
            wanted = conn.execute(text(f"SELECT {', '.join(columns)} FROM ({body}) AS reference"))
            expected = _sorted([tuple(normalise(v) for v in row) for row in wanted])
            only_view = [r for r in actual if r not in expected][:3]
            only_reference = [r for r in expected if r not in actual][:3]
            assert actual == expected, (
                f"{view} {when}: {len(actual)} rows, reference {len(expected)}; only in the "
                f"view: {only_view}; only in the reference: {only_reference}"
            )
            assert actual or allow_empty, f"{view} is empty {when}: the data set does not test it"


def _ids(conn: Connection, sql: str) -> list[int]:
    return [int(value) for value in conn.execute(text(sql)).scalars()]


def edit_every_way(engine: Engine) -> None:
    """Changes that reach each trigger, as someone with SQL access or a future command might."""
    with engine.begin() as conn:
        publishers = _ids(
            conn,
            "SELECT DISTINCT s.publisher_id FROM evidence AS x JOIN source AS s "
            "ON s.id = x.source_id WHERE s.publisher_id IS NOT NULL ORDER BY s.publisher_id",
        )
        # A publisher renamed, and one given the name of another (names group evidence).
        conn.execute(
            text("UPDATE entity SET name = name || ' (renamed)' WHERE id = :id"),
            {"id": publishers[0]},
        )
        conn.execute(
            text("UPDATE entity SET name = (SELECT name FROM entity WHERE id = :b) WHERE id = :a"),
            {"a": publishers[1], "b": publishers[2]},
        )
        evidence_sources = _ids(conn, "SELECT DISTINCT source_id FROM evidence ORDER BY source_id")
        conn.execute(
            text("UPDATE source SET publisher_id = :p, kind = 'paper' WHERE id = :s"),
            {"p": publishers[-1], "s": evidence_sources[0]},
        )
        conn.execute(
            text("UPDATE source SET publisher_id = NULL WHERE id = :s"),
            {"s": evidence_sources[1]},
        )
        shown = _ids(conn, "SELECT DISTINCT source_id FROM appearance ORDER BY source_id")
        conn.execute(text("UPDATE source SET title = 'Retitled' WHERE id = :s"), {"s": shown[0]})
        set_values(
            conn,
            "source",
            [
                {
                    "id": shown[1],
                    "published_at": datetime(2020, 5, 1, tzinfo=UTC),
                    "published_precision": "day",
                },
            ],
        )
        firsts = _ids(conn, "SELECT id FROM appearance WHERE is_first ORDER BY id")
        conn.execute(
            text("UPDATE appearance SET is_first = :no WHERE id = :a"),
            {"a": firsts[0], "no": False},
        )
        conn.execute(text("DELETE FROM appearance WHERE id = (SELECT max(id) FROM appearance)"))
        # Evidence moved to another stance, and some deleted.
        pieces = _ids(conn, "SELECT id FROM evidence ORDER BY id")
        moved = conn.execute(
            text("SELECT claim_id, source_id, stance FROM evidence WHERE id = :id"),
            {"id": pieces[0]},
        ).one()
        taken = set(
            conn.execute(
                text("SELECT stance FROM evidence WHERE claim_id = :c AND source_id = :s"),
                {"c": moved.claim_id, "s": moved.source_id},
            ).scalars()
        )
        free = [s for s in ("supports", "refutes", "contextualizes", "mentions") if s not in taken]
        conn.execute(
            text("UPDATE evidence SET stance = :stance WHERE id = :id"),
            {"stance": free[0], "id": pieces[0]},
        )
        for piece in pieces[-3:]:
            conn.execute(
                text("DELETE FROM verdict_evidence WHERE evidence_id = :id"), {"id": piece}
            )
            conn.execute(text("DELETE FROM evidence WHERE id = :id"), {"id": piece})
        rebuttal = _ids(conn, "SELECT id FROM claim_link WHERE link_type = 'rebuts' ORDER BY id")
        conn.execute(text("DELETE FROM claim_link WHERE id = :id"), {"id": rebuttal[0]})
        conn.execute(
            text("UPDATE claim_link SET link_type = 'supports' WHERE id = :id"),
            {"id": rebuttal[1]},
        )
        # A current verdict's approvals withdrawn, and a current verdict deleted.
        current = _ids(
            conn,
            "SELECT v.id FROM verdict AS v WHERE v.state = 'published' AND NOT EXISTS "
            "(SELECT 1 FROM verdict AS w WHERE w.supersedes_id = v.id) ORDER BY v.id",
        )
        conn.execute(
            text("DELETE FROM verdict_approval WHERE verdict_id = :id"), {"id": current[0]}
        )
        conn.execute(text("DELETE FROM verdict WHERE id = :id"), {"id": current[1]})
        # A claim captured earlier than recorded: its turnaround changes.
        claim_id, created = conn.execute(
            select(TABLES["claim"].c.id, TABLES["claim"].c.created_at)
            .where(TABLES["claim"].c.status == "published")
            .order_by(TABLES["claim"].c.id)
            .limit(1)
        ).one()
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        set_values(conn, "claim", [{"id": claim_id, "created_at": created - timedelta(days=3)}])
        # A claim moved to another claimant, and one deleted with everything attached.
        claimants = _ids(
            conn, "SELECT DISTINCT claimant_id FROM claim WHERE claimant_id IS NOT NULL"
        )
        conn.execute(
            text("UPDATE claim SET claimant_id = :c WHERE id = :id"),
            {"c": claimants[0], "id": claim_id},
        )
        gone = _ids(
            conn,
            "SELECT c.id FROM claim AS c WHERE c.status = 'published' AND EXISTS "
            "(SELECT 1 FROM evidence AS x WHERE x.claim_id = c.id) AND NOT EXISTS "
            "(SELECT 1 FROM claim AS d WHERE d.duplicate_of_id = c.id) ORDER BY c.id DESC",
        )[0]
        conn.execute(text("DELETE FROM event WHERE claim_id = :id"), {"id": gone})
        conn.execute(
            text(
                "DELETE FROM verdict_evidence WHERE evidence_id IN "
                "(SELECT id FROM evidence WHERE claim_id = :id)"
            ),
            {"id": gone},
        )
        conn.execute(text("DELETE FROM claim WHERE id = :id"), {"id": gone})
        # A label's normalised value edited by hand: everything is counted again.
        conn.execute(
            text("UPDATE rating_label SET normalised = 'FALSE' WHERE label = 'misleading'")
        )


_UNPUBLISHED = (
    "NOT EXISTS (SELECT 1 FROM verdict AS v WHERE v.claim_id = c.id AND v.state = 'published')"
)
_RETRACT_BY_HAND = (
    "UPDATE claim SET retracted_at = updated_at, retracted_by = 'dba', "
    "retraction_reason = 'by hand' WHERE id = :id"
)
_RESTORE_BY_HAND = (
    "UPDATE claim SET retracted_at = NULL, retracted_by = NULL, retraction_reason = NULL "
    "WHERE id = :id"
)


def retract_and_restore(engine: Engine) -> list[int]:
    """Claims retracted (migration 0012) through the tool and by hand, one restored; the ids of
    those left retracted.

    Through the tool: a claim that rebuts another and has evidence, an open claim with
    appearances, a dismissed claim (restored again). By hand, as the tool refuses it: a
    published claim, whose verdicts leave the monthly counts and the turnaround.
    """
    with engine.connect() as conn:
        rebutting = _ids(
            conn,
            "SELECT DISTINCT k.from_claim_id FROM claim_link AS k JOIN claim AS c "
            "ON c.id = k.from_claim_id WHERE k.link_type = 'rebuts' AND EXISTS "
            f"(SELECT 1 FROM evidence AS x WHERE x.claim_id = c.id) AND {_UNPUBLISHED} "
            "ORDER BY 1",
        )[0]
        shown = _ids(
            conn,
            "SELECT c.id FROM claim AS c WHERE c.status IN ('new', 'in_review') AND EXISTS "
            "(SELECT 1 FROM appearance AS a WHERE a.claim_id = c.id) AND "
            f"{_UNPUBLISHED} AND c.id <> {rebutting} ORDER BY c.id DESC",
        )[0]
        dismissed = _ids(conn, "SELECT id FROM claim WHERE status = 'dismissed' ORDER BY id")[0]
        published = _ids(
            conn,
            "SELECT c.id FROM claim AS c WHERE c.status = 'published' AND EXISTS "
            "(SELECT 1 FROM evidence AS x WHERE x.claim_id = c.id) AND EXISTS "
            "(SELECT 1 FROM claim_link AS k WHERE k.to_claim_id = c.id AND k.link_type = 'rebuts')"
            " ORDER BY c.id",
        )[0]
    with write_session(engine) as session, session.begin():
        for claim_id in (rebutting, shown, dismissed):
            retraction.retract(session, claim_id, reason="captured by mistake", actor="ann")
        retraction.restore(session, dismissed, actor="ann", reason="it was right")
    with engine.begin() as conn:
        conn.execute(text(_RETRACT_BY_HAND), {"id": published})
    return [rebutting, shown, published]


def restore_all(engine: Engine, claim_ids: list[int]) -> None:
    """Every claim of ``claim_ids`` restored, by hand (the tool would do the same)."""
    with engine.begin() as conn:
        for claim_id in claim_ids:
            conn.execute(text(_RESTORE_BY_HAND), {"id": claim_id})


@pytest.mark.slow
def test_summarised_views_equal_their_definitions(engine: Engine) -> None:
    # Times of day 12 hours away from now: no age in days can tick over during the test.
    tod = (datetime.now(UTC) + timedelta(hours=12)).replace(second=0, microsecond=0)
    build_dataset(engine, datetime.combine(date(2025, 1, 1), tod.timetz()))
    assert_views_match_reference(engine, "after the workflow")
    retracted = retract_and_restore(engine)
    assert_views_match_reference(engine, "after retractions")
    edit_every_way(engine)
    assert_views_match_reference(engine, "after edits")
    # Revision 0010 cannot hold retracted claims: the downgrade below refuses while any is.
    restore_all(engine, retracted)
    assert_views_match_reference(engine, "after the retracted claims were restored")
    # The migration fills the summaries from existing data (as on upgrading a database).
    forget_logins(engine)
    migrate.downgrade(engine, SUMMARIES_DOWN_REVISION)
    with engine.connect() as conn:
        names = {row[0] for row in conn.execute(text(_TABLES_SQL[engine.dialect.name]))}
    assert not [name for name in names if name.startswith("report_")]
    migrate.upgrade(engine)
    assert_views_match_reference(engine, "after the migration filled the summaries")


_TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
    "UNION SELECT proname FROM pg_proc WHERE proname LIKE 'report%' "
    "UNION SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
}


def _trigger_count(conn: Connection) -> int:
    sql = {
        "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'report%'",
        # A disabled trigger (tgenabled 'D') is off: a bulk load disables, not drops, them.
        "postgresql": "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal "
        "AND tgname LIKE 'report%' AND tgenabled <> 'D'",
    }[conn.dialect.name]
    return int(conn.execute(text(sql)).scalar_one())


@pytest.mark.slow
def test_a_bulk_load_without_triggers_leaves_the_summaries_right(engine: Engine) -> None:
    tod = (datetime.now(UTC) + timedelta(hours=12)).replace(second=0, microsecond=0)
    build_dataset(engine, datetime.combine(date(2025, 1, 1), tod.timetz()))
    retracted = retract_and_restore(engine)
    with engine.connect() as conn:
        triggers = _trigger_count(conn)
    assert triggers > 10
    with engine.begin() as conn, summaries.rebuilt_after(conn):
        assert _trigger_count(conn) == 0
        # A retraction and a restoration the triggers do not see: the fill does.
        conn.execute(text(_RESTORE_BY_HAND), {"id": retracted[0]})
        conn.execute(text(_RETRACT_BY_HAND), {"id": _ids(conn, "SELECT min(id) FROM claim")[0]})
        # Writes the summaries do not see while the load runs.
        conn.execute(text("DELETE FROM claim_link WHERE id = (SELECT min(id) FROM claim_link)"))
        conn.execute(
            text(
                "UPDATE claim SET claimant_id = (SELECT min(claimant_id) FROM claim) "
                "WHERE id = (SELECT max(id) FROM claim)"
            )
        )
        conn.execute(
            text("UPDATE rating_label SET normalised = 'FALSE' WHERE label = 'misleading'")
        )
    with engine.connect() as conn:
        assert _trigger_count(conn) == triggers
    assert_views_match_reference(engine, "after a load without triggers")
    # The triggers are back and keep the summaries again.
    edit_every_way(engine)
    assert_views_match_reference(engine, "after edits that followed the load")


def test_a_failed_bulk_load_keeps_the_triggers(engine: Engine) -> None:
    with engine.connect() as conn:
        triggers = _trigger_count(conn)

    def failed_load() -> None:
        with engine.begin() as conn, summaries.rebuilt_after(conn):
            assert _trigger_count(conn) == 0
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        failed_load()
    with engine.connect() as conn:
        assert _trigger_count(conn) == triggers > 10


def test_readers_are_not_kept_waiting_by_a_bulk_load(engine: Engine) -> None:
    # On PostgreSQL the triggers are disabled (a lock against writers), not dropped (a lock
    # against everyone until the load commits); SQLite readers never wait for a writer.
    with engine.connect() as loader, loader.begin():
        assert summaries.suspend(loader)
        with engine.connect() as reader:
            if engine.dialect.name == "postgresql":
                reader.execute(text("SET lock_timeout = '2s'"))
            assert reader.execute(text("SELECT count(*) FROM claim_overview")).scalar() == 0
        summaries.refill(loader, recompute=False)
    with engine.connect() as conn:
        assert _trigger_count(conn) > 10
