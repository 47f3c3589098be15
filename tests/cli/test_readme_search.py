"""The README's `claim search` transcript, replayed on a new database that was never analysed:
the same claims in the same order on both backends (PostgreSQL's BM25 took its claim count
from planner statistics such a database does not have, and ranked the weakest match first)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text

from claimtracker.cli import cli
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_search() -> tuple[str, list[int]]:
    """The query of the README's search example and the claim ids its table lists, in order."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("$ claim search "))
    query = shlex.split(lines[start][2:])[2]
    ids = []
    for line in lines[start + 3 :]:  # after the header and its rule
        found = re.match(r"\s*(\d+)\s", line)
        if found is None:  # "…" or the next command: the listing ends
            break
        ids.append(int(found.group(1)))
    return query, ids


def test_the_readme_lists_a_search_to_replay() -> None:
    query, ids = readme_search()
    assert query == "coût entraînement millions"
    assert len(ids) >= 2


def test_readme_search_ranks_alike_on_a_never_analysed_database(empty_db_url: str) -> None:
    query, expected = readme_search()
    runner = CliRunner()

    def claim(*args: str) -> str:
        result = runner.invoke(cli, ["--db", empty_db_url, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    claim("db", "upgrade")
    claim("seed", "load")
    engine = make_engine(resolve(empty_db_url))
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                # No statistics of the search vectors: the case this test is about.
                analysed = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stats WHERE tablename = 'claim_search' "
                        "AND attname = 'search_vector'"
                    )
                ).scalar_one()
                assert analysed == 0
    finally:
        engine.dispose()
    rows = json.loads(claim("search", query, "--format", "json"))
    assert [row["id"] for row in rows][: len(expected)] == expected
    # Every listed claim scores: none is ranked by a weight floored at nothing.
    assert all(row["score"] > 1.0 for row in rows[: len(expected)])
