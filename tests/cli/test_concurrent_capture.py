"""Concurrent writers: find-or-create of claimants and sources under real processes, and a
writer that waits too long for a lock told who holds it (issue 15)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import psycopg
import pytest
from benchmarks.concurrent_capture import CLAIMANT, run_writers
from sqlalchemy.engine import make_url

from claimtracker.db.engine import PG_WRITER_LOCK, command_name
from claimtracker.services import events
from tests.conftest import assert_one_line_error

if TYPE_CHECKING:
    from tests.conftest import Claim

WRITERS = 8
ADDS = 10


@pytest.mark.parametrize("claimant", [CLAIMANT, "-"], ids=["shared-claimant", "shared-source"])
def test_concurrent_adds_by_a_new_claimant_from_a_new_source_all_succeed(
    claim: Claim, claimant: str
) -> None:
    got = run_writers(claim.db, WRITERS, ADDS, claimant=claimant)
    assert got.failures == []
    assert got.claims == WRITERS * ADDS
    assert got.sources == 1
    entities = json.loads(claim("entity", "list", "--limit", "100", "--format", "json").stdout)
    names = [e["name"] for e in entities]
    assert names.count("Race Publisher") == 1
    if claimant == CLAIMANT:
        assert got.claimants == 1
        assert names.count(CLAIMANT) == 1
        shown = claim("entity", "show", CLAIMANT)
        assert shown.exit_code == 0, shown.stderr
    else:
        assert sorted(n for n in names if n.startswith("Own Claimant")) == sorted(
            f"Own Claimant {k}" for k in range(WRITERS)
        )
    assert claim("audit", "verify").exit_code == 0


def test_the_writers_lock_is_the_audit_logs_lock() -> None:
    """Writers queue before their first write on the lock the audit chain takes: one lock."""
    assert PG_WRITER_LOCK == events._PG_CHAIN_LOCK


def test_the_command_is_named_by_its_words_only() -> None:
    secret = "postgresql://u:hunter2@h/db"
    assert command_name(["--db", secret, "--user", "bob", "import", "x.jsonl"]) == "claim import"
    assert command_name([f"--db={secret}", "entity", "merge", "3", "4"]) == "claim entity merge"
    assert command_name(["-q", "tests"]) == "claim"


@pytest.fixture
def holder(db_url: str, backend: str) -> psycopg.Connection[tuple[object, ...]]:
    if backend != "postgresql":
        pytest.skip("lock_timeout is PostgreSQL's; SQLite writers wait on busy_timeout")
    url = make_url(db_url).set(drivername="postgresql")
    conn = psycopg.connect(url.render_as_string(hide_password=False), application_name="psql")
    yield conn
    conn.close()


def test_a_writer_waiting_on_a_row_lock_names_the_session_holding_it(
    claim: Claim, holder: psycopg.Connection[tuple[object, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = claim("add", "DeepSeek trained R1 for six million dollars").stdout.strip()
    holder.execute("SELECT id FROM claim WHERE id = %s FOR UPDATE", (int(cid),))
    monkeypatch.setenv("CLAIM_LOCK_TIMEOUT", "1")
    waited = claim(
        "verify", cid, "--rating", "false", "--rationale", "x", "--evidence", "https://a.example/"
    )
    assert_one_line_error(waited, "waited 1 s for a lock held by another session", "retry")
    assert re.search(r"\(pid \d+, psql, `SELECT id FROM claim", waited.stderr), waited.stderr
    holder.rollback()
    assert json.loads(claim("show", cid, "--format", "json").stdout)["status"] == "new"
    assert claim("audit", "verify").exit_code == 0


def test_a_writer_waiting_on_another_command_names_it(
    claim: Claim, holder: psycopg.Connection[tuple[object, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    holder.execute("SET application_name = 'claim import'")
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITER_LOCK,))
    monkeypatch.setenv("CLAIM_LOCK_TIMEOUT", "1")
    waited = claim("add", "A claim that waits")
    assert_one_line_error(
        waited, "waited 1 s for a lock held by another claimtracker command (pid ", "`claim import`"
    )
    assert re.search(r"running for \d+ s\); retry when it ends$", waited.stderr.strip())
    holder.rollback()
    assert json.loads(claim("list", "--format", "json").stdout) == []
