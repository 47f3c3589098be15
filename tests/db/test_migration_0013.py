"""Migration 0013 on a database with evidence a verdict rests on: down to 0010 and up again,
every row, id and reference kept, the triggers and summaries intact; downgrade refused while a
claim holds two passages of one source with one stance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from claimtracker.db import migrate
from tests.db.logins import forget_logins
from tests.reports.test_summaries import assert_views_match_reference
from tests.transfer.test_dump import ok, seed_ids

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tests.conftest import Claim

BEFORE = "0012"
REPORT = "https://arxiv.org/abs/2412.19437"


def _rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "evidence": _rows(
            engine,
            "SELECT id, claim_id, source_id, stance, quote, note, created_by FROM evidence "
            "ORDER BY id",
        ),
        "verdict_evidence": _rows(
            engine, "SELECT verdict_id, evidence_id FROM verdict_evidence ORDER BY 1, 2"
        ),
        "report_evidence": _rows(
            engine,
            "SELECT claim_id, publisher, source_kind, stance, evidence FROM report_evidence "
            "ORDER BY 1, 2, 3, 4",
        ),
    }


def _triggers_on_evidence(engine: Engine) -> int:
    sql = (
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'evidence'"
        if engine.dialect.name == "sqlite"
        else "SELECT count(DISTINCT tgname) FROM pg_trigger WHERE tgrelid = 'evidence'::regclass "
        "AND NOT tgisinternal"
    )
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def _with_a_verdict(claim: Claim) -> dict[str, str]:
    ids = seed_ids(claim)
    cost = ids["deepseek-training-cost-5-6m"]
    ok(claim("config", "set", "review.approvals", "0"))
    ok(claim("evidence", cost, REPORT, "--contextualizes", "--quote", "2.788M H800 GPU hours"))
    ok(claim("evidence", cost, "https://example.org/other", "--mentions"))
    ok(
        claim(
            "verify",
            cost,
            "--rating",
            "misleading",
            "--rationale",
            "Training only.",
            "--evidence",
            REPORT,
        )
    )
    return ids


def test_down_and_up_keep_every_row_id_and_reference(claim: Claim, engine: Engine) -> None:
    ids = _with_a_verdict(claim)
    before = _snapshot(engine)
    assert before["verdict_evidence"], "the data set must hold evidence a verdict rests on"
    triggers = _triggers_on_evidence(engine)
    assert triggers >= 1

    forget_logins(engine)
    migrate.downgrade(engine, BEFORE)
    assert _snapshot(engine) == before
    assert _triggers_on_evidence(engine) == triggers
    with engine.connect() as conn, pytest.raises(IntegrityError):
        # The constraint of 0010 and before is back: one row per claim, source and stance.
        conn.execute(
            text(
                "INSERT INTO evidence (claim_id, source_id, stance, quote, created_at, "
                "created_by) SELECT claim_id, source_id, stance, 'another', created_at, "
                "created_by FROM evidence WHERE id = (SELECT min(id) FROM evidence)"
            )
        )

    migrate.upgrade(engine)
    assert _snapshot(engine) == before
    assert _triggers_on_evidence(engine) == triggers
    if engine.dialect.name == "sqlite":
        assert _rows(engine, "PRAGMA foreign_key_check") == []
    migrate.check(engine)
    # The triggers still keep the summaries: a second passage is counted.
    cost = ids["deepseek-training-cost-5-6m"]
    ok(claim("evidence", cost, REPORT, "--contextualizes", "--locator", "Table 1"))
    assert_views_match_reference(engine, "after 0013 was undone and redone", allow_empty=True)
    assert ok(claim("audit", "verify"))


def test_downgrade_is_refused_while_a_source_has_two_passages(claim: Claim, engine: Engine) -> None:
    ids = _with_a_verdict(claim)
    cost = ids["deepseek-training-cost-5-6m"]
    ok(claim("evidence", cost, REPORT, "--contextualizes", "--locator", "Table 1"))
    forget_logins(engine)
    with pytest.raises(RuntimeError, match="several passages of one source with one stance"):
        migrate.downgrade(engine, BEFORE)
    # Later revisions went back first; 0013 refused and stayed.
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == "0013"
    migrate.upgrade(engine)
    shown = ok(claim("show", cost, "--format", "json"))
    assert '"locator": "Table 1"' in shown
