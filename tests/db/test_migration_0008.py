"""Migration 0008 on a database with data: imported reviews found, unknown dates restored,
nothing deleted on the way (SQLite's CHECK change must not rebuild the verdict table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Connection, Engine

NOW = "2026-11-30 10:00:00.250000"
# Three verdicts at revision 0007: ours, an import whose publisher gave a day, and an import
# that had no date (the import wrote its own time, a quarter of a second before the row).
VERDICTS = [
    # id, published_at, created_at, author, original_rating, imported
    (1, "2025-01-29 14:03:00.000000", "2025-01-29 11:00:00.000000", "bob", None, False),
    (2, "2023-01-25 00:00:00.000000", NOW, "FACTLY", "MISLEADING", True),
    (3, "2026-11-30 10:00:00.000000", NOW, "Fact Crescendo Sri Lanka", None, True),
]


@pytest.fixture
def engine_0007(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(resolve(empty_db_url))
    migrate.upgrade(engine, "0007")
    with engine.begin() as conn:
        _fill(conn)
    yield engine
    engine.dispose()


def _stamp(conn: Connection, value: str) -> str:
    # SQLite keeps naive UTC text; PostgreSQL takes the same text as UTC.
    return value if conn.dialect.name == "sqlite" else value + "+00"


def _fill(conn: Connection) -> None:
    conn.execute(
        text(
            "INSERT INTO claim (id, public_id, text, text_hash, kind, status, created_at, "
            "created_by, updated_at, updated_by) VALUES (1, 'p1', 'A claim', :h, 'factual', "
            "'published', :t, 'ann', :t, 'ann')"
        ),
        {"h": "0" * 64, "t": _stamp(conn, "2025-01-29 10:00:00.000000")},
    )
    label = conn.execute(text("SELECT id FROM rating_label WHERE label = 'false'")).scalar_one()
    misleading = conn.execute(
        text("SELECT id FROM rating_label WHERE label = 'misleading'")
    ).scalar_one()
    for vid, published, created, author, original, imported in VERDICTS:
        conn.execute(
            text(
                "INSERT INTO verdict (id, public_id, claim_id, label_id, original_rating, "
                "rationale, state, author, created_at, published_at) VALUES (:id, :pid, 1, "
                ":label, :original, 'r', 'published', :author, :created, :published)"
            ),
            {
                "id": vid,
                "pid": f"v{vid}",
                "label": misleading if vid == 3 else label,
                "original": original,
                "author": author,
                "created": _stamp(conn, created),
                "published": _stamp(conn, published),
            },
        )
        if imported:
            conn.execute(
                text(
                    "INSERT INTO event (occurred_at, actor, action, record_type, record_id, "
                    "claim_id, hash) VALUES (:t, 'ann', 'verdict.imported', 'verdict', :id, 1, "
                    ":hash)"
                ),
                {"t": _stamp(conn, NOW), "id": vid, "hash": f"h{vid}"},
            )
    conn.execute(
        text(
            "INSERT INTO verdict_approval (verdict_id, approver, approved_at) "
            "VALUES (1, 'carol', :t)"
        ),
        {"t": _stamp(conn, "2025-01-29 14:03:00.000000")},
    )


def _verdicts(conn: Connection) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in conn.execute(
            text(
                "SELECT id, origin, published_at IS NULL, published_precision, original_rating "
                "FROM verdict ORDER BY id"
            )
        )
    ]


def test_upgrade_finds_imports_and_forgets_import_times(engine_0007: Engine) -> None:
    migrate.upgrade(engine_0007)
    with engine_0007.connect() as conn:
        assert _verdicts(conn) == [
            (1, "workflow", False, "instant", None),
            (2, "imported", False, "day", "MISLEADING"),
            # No date now, rather than the time of the import; its wording is the label's name.
            (3, "imported", True, None, "Misleading"),
        ]
        # The CHECK change kept every approval (a table rebuild would have cascaded).
        assert conn.execute(text("SELECT count(*) FROM verdict_approval")).scalar_one() == 1
        # Only our own verdict has a turnaround; the undated one counts in 'unknown'.
        turnaround = conn.execute(text("SELECT reviewer, verdicts FROM review_turnaround"))
        assert [tuple(r) for r in turnaround] == [("bob", 1)]
        months = conn.execute(
            text("SELECT month, sum(verdicts) FROM verdicts_by_month GROUP BY month ORDER BY 1")
        )
        assert [tuple(r) for r in months] == [("2023-01", 1), ("2025-01", 1), ("unknown", 1)]
        # The current verdict is the newest dated one.
        current = conn.execute(text("SELECT verdict_id FROM claim_overview")).scalar_one()
        assert current == 1


def test_the_new_checks_hold(engine_0007: Engine) -> None:
    migrate.upgrade(engine_0007)
    with engine_0007.connect() as conn, pytest.raises(IntegrityError, match="dated_unless"):
        # Only an imported review may be published without a date.
        conn.execute(
            text("UPDATE verdict SET published_at = NULL, published_precision = NULL WHERE id = 1")
        )


def test_downgrade_refuses_to_invent_dates_then_keeps_the_rest(engine_0007: Engine) -> None:
    migrate.upgrade(engine_0007)
    with pytest.raises(RuntimeError, match="would have to invent their dates"):
        migrate.downgrade(engine_0007, "0007")
    with engine_0007.begin() as conn:
        conn.execute(text("DELETE FROM verdict WHERE id = 3"))
    migrate.downgrade(engine_0007, "0007")
    with engine_0007.connect() as conn:
        columns = [
            row[0] if conn.dialect.name != "sqlite" else row[1]
            for row in conn.execute(
                text("PRAGMA table_info(verdict)")
                if conn.dialect.name == "sqlite"
                else text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'verdict'"
                )
            )
        ]
        assert "origin" not in columns
        assert conn.execute(text("SELECT count(*) FROM verdict_approval")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM verdict")).scalar_one() == 2
    migrate.upgrade(engine_0007)
