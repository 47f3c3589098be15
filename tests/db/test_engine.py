"""Connection settings and the integrity rules the schema enforces, on both backends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from claimtracker.db.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine
from claimtracker.db.url import resolve

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(sqlite_template: Path) -> None:
    engine = make_engine(resolve(str(sqlite_template)))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
    engine.dispose()


NOW = "CURRENT_TIMESTAMP"


def _claim_sql(claim_id: int, status: str = "new", reason: str = "NULL") -> str:
    return (
        "INSERT INTO claim (id, public_id, text, text_hash, kind, status, dismissal_reason, "
        f"created_at, created_by, updated_at, updated_by) VALUES ({claim_id}, "
        f"'pub-{claim_id}', 'text {claim_id}', 'h{claim_id}', 'factual', '{status}', {reason}, "
        f"{NOW}, 't', {NOW}, 't')"
    )


def _link_sql(a: int, b: int, kind: str = "rebuts") -> str:
    return (
        "INSERT INTO claim_link (from_claim_id, to_claim_id, link_type, created_at, created_by) "
        f"VALUES ({a}, {b}, '{kind}', {NOW}, 't')"
    )


@pytest.mark.parametrize(
    ("statements", "why"),
    [
        ([_link_sql(1, 999)], "foreign key to a missing claim"),
        ([_link_sql(1, 1)], "self-link"),
        ([_link_sql(1, 2), _link_sql(1, 2)], "duplicate link"),
        ([_link_sql(1, 2, "refutes-ish")], "unknown link type"),
        ([_claim_sql(3, status="archived")], "unknown review status"),
        ([_claim_sql(3, status="dismissed")], "dismissed without a reason"),
        ([_claim_sql(3, reason="'opinion'")], "reason without dismissal"),
        (
            [
                "INSERT INTO entity (name, name_key, kind, wikidata_id, created_at, created_by) "
                f"VALUES ('x', 'x', 'person', '12', {NOW}, 't')"
            ],
            "wikidata id not a Q-number",
        ),
    ],
)
def test_schema_rejects_invalid_rows(engine: Engine, statements: list[str], why: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(_claim_sql(1)))
        conn.execute(text(_claim_sql(2)))
    with pytest.raises(IntegrityError), engine.begin() as conn:  # noqa: PT012 - whole unit
        for statement in statements:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM claim_link")).scalar() == 0, why
        assert conn.execute(text("SELECT count(*) FROM claim")).scalar() == 2, why


def test_only_one_first_appearance_per_claim(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(_claim_sql(1)))
        for n in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO source (id, url, kind, created_at, created_by) "
                    f"VALUES ({n}, 'https://e.org/{n}', 'news_article', {NOW}, 't')"
                )
            )
        conn.execute(
            text(
                "INSERT INTO appearance (claim_id, source_id, is_first, created_at, created_by) "
                f"VALUES (1, 1, true, {NOW}, 't')"
            )
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO appearance (claim_id, source_id, is_first, created_at, created_by) "
                f"VALUES (1, 2, true, {NOW}, 't')"
            )
        )
