"""Migration 0011 on a database with data: existing claims get no role (unknown, not the
entity's), nothing that hangs off a claim is lost on the way up or down, and the report
summaries still follow the claims (their triggers on claim survive)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import inspect, text

from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

PREVIOUS = "0010"
CHILDREN = ("claim_tag", "appearance", "evidence", "claim_search")


@pytest.fixture
def engine_0010(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(resolve(empty_db_url))
    migrate.upgrade(engine, PREVIOUS)
    now = "CURRENT_TIMESTAMP"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO entity (id, name, name_key, kind, role, created_at, created_by) "
                f"VALUES (1, 'Neal Khosla', 'neal khosla', 'person', 'CEO of Curai', {now}, 'ann')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO claim (id, public_id, text, text_hash, claimant_id, kind, status, "
                "created_at, created_by, updated_at, updated_by) VALUES (1, 'p1', 'A psyop', "
                f"'{'0' * 64}', 1, 'factual', 'new', {now}, 'ann', {now}, 'ann')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO source (id, url, kind, created_at, created_by) "
                f"VALUES (1, 'https://x.com/i/status/1', 'social_post', {now}, 'ann')"
            )
        )
        conn.execute(text("INSERT INTO claim_tag (claim_id, tag) VALUES (1, 'psyop')"))
        conn.execute(
            text(
                "INSERT INTO appearance (claim_id, source_id, quote, is_first, created_at, "
                f"created_by) VALUES (1, 1, 'a psyop', true, {now}, 'ann')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO evidence (claim_id, source_id, stance, created_at, created_by) "
                f"VALUES (1, 1, 'mentions', {now}, 'ann')"
            )
        )
        conn.execute(text("INSERT INTO claim_search (claim_id, document) VALUES (1, 'a psyop')"))
    yield engine
    engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in CHILDREN}


def _claim_columns(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns("claim")}


def test_existing_claims_get_no_role_and_keep_what_hangs_off_them(engine_0010: Engine) -> None:
    before = _counts(engine_0010)
    assert before == dict.fromkeys(CHILDREN, 1)
    migrate.upgrade(engine_0010)
    with engine_0010.connect() as conn:
        role, entity_role = conn.execute(
            text(
                "SELECT c.claimant_role, e.role FROM claim c JOIN entity e ON e.id = c.claimant_id"
            )
        ).one()
    assert (role, entity_role) == (None, "CEO of Curai")
    assert _counts(engine_0010) == before


def test_downgrade_drops_the_column_only_and_the_summaries_still_follow(
    engine_0010: Engine,
) -> None:
    migrate.upgrade(engine_0010)
    with engine_0010.begin() as conn:
        conn.execute(text("UPDATE claim SET claimant_role = 'CEO of Curai'"))
    migrate.downgrade(engine_0010, PREVIOUS)
    assert "claimant_role" not in _claim_columns(engine_0010)
    assert _counts(engine_0010) == dict.fromkeys(CHILDREN, 1)
    with engine_0010.begin() as conn:
        # The summary triggers on claim survived: a status change still reaches the summary.
        conn.execute(text("UPDATE claim SET status = 'in_review'"))
        status = conn.execute(
            text("SELECT status FROM report_claim WHERE claim_id = 1")
        ).scalar_one()
    assert status == "in_review"
    migrate.upgrade(engine_0010)
    assert "claimant_role" in _claim_columns(engine_0010)
