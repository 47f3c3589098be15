"""`claim report --sql` can read and nothing else: the database refuses every write."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.conftest import Claim, assert_one_line_error

if TYPE_CHECKING:
    from pathlib import Path

WRITES = {
    "delete": "DELETE FROM claim",
    "update": "UPDATE claim SET text = 'changed'",
    "insert": "INSERT INTO setting (key, value, updated_at, updated_by) "
    "VALUES ('x', '1', CURRENT_TIMESTAMP, 'x')",
    "drop": "DROP TABLE claim_tag",
    "create": "CREATE TABLE intruder (x integer)",
    "cte_delete_sqlite": "WITH doomed AS (SELECT id FROM claim) DELETE FROM claim "
    "WHERE id IN (SELECT id FROM doomed)",
    "cte_delete_pg": "WITH gone AS (DELETE FROM claim RETURNING id) SELECT count(*) FROM gone",
    "two_statements": "SELECT 1; DELETE FROM claim",
    # Ends the read-only transaction and opens a writing one, if several statements ran.
    "commit_escape": "COMMIT; BEGIN READ WRITE; UPDATE claim SET text = 'x' WHERE id = 1; "
    "COMMIT; SELECT 1",
}
SQLITE_ONLY = {
    "attach": "ATTACH DATABASE '{tmp}/evil.db' AS evil",
    "pragma_write": "PRAGMA query_only = 0",
    "pragma_journal": "PRAGMA journal_mode = DELETE",
    "temp_table": "CREATE TEMP TABLE scratch (x)",
    "fts_rebuild": "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
}
PG_ONLY = {
    "read_write": "SET TRANSACTION READ WRITE",
    "sequence": "SELECT nextval('claim_id_seq')",
    "truncate": "TRUNCATE claim CASCADE",
}


def _snapshot(claim: Claim) -> tuple[int, str]:
    rows = json.loads(claim("list", "--format", "json").stdout)
    return len(rows), json.dumps(rows, sort_keys=True)


@pytest.fixture
def loaded(claim: Claim) -> Claim:
    claim("add", "DeepSeek trained R1 for $5.6 million", "--tag", "cost")
    claim("add", "The App Store ranks DeepSeek first", "--tag", "apps")
    return claim


def test_reading_works_in_every_format(loaded: Claim) -> None:
    query = "SELECT id, text, created_at FROM claim ORDER BY id"
    rows = json.loads(loaded("report", "--sql", query, "--format", "json").stdout)
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["created_at"].endswith("+00:00")  # same shape on both backends
    tsv = loaded(
        "report", "--sql", "SELECT '100%' AS share, '12:30' AS at_time", "--format", "tsv"
    ).stdout
    assert tsv.splitlines() == ["share\tat_time", "100%\t12:30"]
    csv_out = loaded("report", "--sql", query, "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "id,text,created_at"
    assert len(loaded("report", "--sql", query, "--format", "jsonl").stdout.splitlines()) == 2
    assert "DeepSeek" in loaded("report", "--sql", query, "--format", "table").stdout


def test_sql_from_a_file(loaded: Claim, tmp_path: Path) -> None:
    query = tmp_path / "q.sql"
    query.write_text("SELECT count(*) AS claims FROM claim\n")
    rows = json.loads(loaded("report", "--sql", f"@{query}", "--format", "json").stdout)
    assert rows == [{"claims": 2}]


@pytest.mark.parametrize("name", [*WRITES, *SQLITE_ONLY, *PG_ONLY])
def test_every_write_is_refused_and_changes_nothing(
    loaded: Claim, backend: str, name: str, tmp_path: Path
) -> None:
    statements = {**WRITES, **(SQLITE_ONLY if backend == "sqlite" else PG_ONLY)}
    if name not in statements:
        pytest.skip(f"{name} is a {('PostgreSQL' if backend == 'sqlite' else 'SQLite')} case")
    before = _snapshot(loaded)
    result = loaded("report", "--sql", statements[name].format(tmp=tmp_path))
    assert_one_line_error(result)
    assert _snapshot(loaded) == before
    assert not (tmp_path / "evil.db").exists()
    # The database still works for writers afterwards.
    assert loaded("add", "A later claim about chips exports").exit_code == 0


def test_bad_sql_is_one_line(loaded: Claim) -> None:
    assert_one_line_error(loaded("report", "--sql", "SELEC nothing"), "SQL error")
    assert_one_line_error(loaded("report", "--sql", "   "), "empty")


def test_several_statements_are_refused_as_such_on_both_backends(loaded: Claim) -> None:
    for sql in ("SELECT 1; SELECT 2", "SELECT 1; COMMIT; BEGIN READ WRITE; SELECT 2"):
        assert_one_line_error(loaded("report", "--sql", sql), "give one SQL statement")
    # A semicolon inside a literal or a comment is not a second statement.
    rows = loaded("report", "--sql", "SELECT 'a;b' AS x -- c; d", "--format", "json").stdout
    assert json.loads(rows) == [{"x": "a;b"}]
    assert "intact" in loaded("audit", "verify").stdout


def test_usage_errors(loaded: Claim) -> None:
    assert loaded("report", "no-such", "--sql", "SELECT 1").exit_code == 2
    assert loaded("report", "--sql", "SELECT 1", "--chart").exit_code == 2
    assert_one_line_error(loaded("report", "no-such-report"), "no report 'no-such-report'")
