"""`claim list` and `claim queue`: every row streamed for programs, a page for people, the ids
alone for a pipeline; and the shell's completion of `--rating`."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest
from click.shell_completion import ShellComplete
from sqlalchemy.orm import Session

from claimtracker.cli import cli
from claimtracker.cli.claims import LIST_COLUMNS
from claimtracker.cli.listing import Window, page_note
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.services.claims import ClaimInput, add_claim
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids

if TYPE_CHECKING:
    from pathlib import Path

MANY = 120
TOPICS = ["chips", "training costs", "the app store", "open weights", "inference demand"]


def _many_claims(db: str, count: int = MANY) -> list[int]:
    """``count`` claims, every third tagged psyop, added through the service (no process per
    claim); their ids, oldest first."""
    engine = make_engine(resolve(db))
    ids = []
    with Session(engine) as session, session.begin():
        for n in range(count):
            data = ClaimInput(
                text=f"Claim {n}: {TOPICS[n % 5]} cost {n * 7 + 3} million in {1990 + n}",
                tags=["psyop"] if n % 3 == 0 else [],
            )
            ids.append(add_claim(session, data, actor="ann", force=True).claim.id)
    engine.dispose()
    return ids


def _newest_first(ids: list[int]) -> list[str]:
    return [str(i) for i in reversed(ids)]


def test_every_format_but_the_table_streams_every_matching_row(claim: Claim) -> None:
    ids = _many_claims(claim.db)
    listed = claim("list", "--format", "ids")
    assert listed.stdout.split() == _newest_first(ids)
    assert listed.stderr == ""
    assert len(json.loads(claim("list", "--format", "json").stdout)) == MANY
    jsonl = claim("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in jsonl] == list(reversed(ids))
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(
            csv.reader(io.StringIO(claim("list", "--format", fmt).stdout), delimiter=delimiter)
        )
        assert rows[0] == LIST_COLUMNS
        assert [r[0] for r in rows[1:]] == _newest_first(ids)
    # Piped without --format: tsv, every row too.
    assert len(claim("list").stdout.splitlines()) == MANY + 1
    tagged = claim("list", "--tag", "psyop", "--format", "ids").stdout.split()
    assert tagged == _newest_first(ids[::3])


def test_an_explicit_limit_or_page_still_pages_a_stream(claim: Claim) -> None:
    ids = _many_claims(claim.db)
    ten = claim("list", "--format", "ids", "--limit", "10")
    assert ten.stdout.split() == _newest_first(ids)[:10]
    assert ten.stderr.strip() == f"10 of {MANY} — --page 2"
    second = json.loads(claim("list", "--format", "json", "--page", "2").stdout)
    assert [r["id"] for r in second] == list(reversed(ids))[50:100]


def test_the_table_stops_at_a_page_and_says_where_it_stands(claim: Claim) -> None:
    _many_claims(claim.db)
    first = claim("list", "--format", "table")
    assert len(first.stdout.splitlines()) == 2 + 50
    assert first.stderr.strip() == f"50 of {MANY} — --page 2"
    assert claim("list", "--format", "table", "--page", "2").stderr.strip() == (
        f"51–100 of {MANY} — --page 3"
    )
    last = claim("list", "--format", "table", "--page", "3")
    assert len(last.stdout.splitlines()) == 2 + 20
    assert last.stderr.strip() == f"101–{MANY} of {MANY}"
    past = claim("list", "--format", "table", "--page", "9")
    assert past.exit_code == 0
    assert past.stderr.strip() == f"page 9 is past the end: {MANY} claims, 3 pages"
    # A first page that holds everything needs no word.
    assert claim("list", "--format", "table", "--limit", "500").stderr == ""


def test_page_notes_separate_thousands() -> None:
    page = Window(limit=50, offset=0, page=1, size=50)
    assert page_note(page, 50, lambda: 1234, "claims") == "50 of 1,234 — --page 2"
    past = Window(limit=50, offset=400, page=9, size=50)
    assert page_note(past, 0, lambda: 1234, "claims") == (
        "page 9 is past the end: 1,234 claims, 25 pages"
    )
    middle = Window(limit=50, offset=1150, page=24, size=50)
    assert page_note(middle, 50, lambda: 1234, "claims") == "1,151–1,200 of 1,234 — --page 25"


def test_list_ids_feed_a_bulk_command(claim: Claim) -> None:
    ids = _many_claims(claim.db)
    chosen = claim("list", "--tag", "psyop", "--status", "new", "--format", "ids")
    assigned = claim("assign", "-", "--to", "bob", input=chosen.stdout, user="ann")
    assert assigned.exit_code == 0, assigned.stderr
    assert assigned.stdout.split() == _newest_first(ids[::3])
    mine = claim("list", "--assignee", "bob", "--status", "in_review", "--format", "ids")
    assert sorted(mine.stdout.split(), key=int) == [str(i) for i in ids[::3]]
    # Nothing left to select: the next command is told there was nothing on its input.
    again = claim("list", "--tag", "psyop", "--status", "new", "--format", "ids")
    assert again.stdout == ""
    assert "no claim matches these filters" in again.stderr
    assert_one_line_error(
        claim("assign", "-", "--to", "bob", input=again.stdout), "no claim id", exit_code=2
    )


def test_the_queue_streams_too(claim: Claim) -> None:
    ids = _many_claims(claim.db)
    queued = claim("queue", "--format", "ids")
    assert queued.stdout.split() == [str(i) for i in ids]  # oldest first
    table = claim("queue", "--format", "table")
    assert len(table.stdout.splitlines()) == 2 + 50
    assert table.stderr.strip() == f"50 of {MANY} — --page 2"
    past = claim("queue", "--format", "table", "--page", "4")
    assert past.stderr.strip() == f"page 4 is past the end: {MANY} open claims, 3 pages"
    free = claim("queue", "--unassigned", "--format", "ids", "--limit", "5")
    assert free.stdout.split() == [str(i) for i in ids[:5]]


def test_an_empty_list_says_why(claim: Claim) -> None:
    empty = claim("list", "--format", "table")
    assert empty.exit_code == 0
    assert "claim seed load" in empty.stderr
    assert "claim add" in empty.stderr
    assert claim("list", "--format", "ids").stdout == ""
    seed_ids(claim)
    none = claim("list", "--tag", "psyop", "--status", "published", "--format", "json")
    assert json.loads(none.stdout) == []
    assert none.stderr.strip() == "no claim matches these filters"


def _complete(db: str, incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "claim", "_CLAIM_COMPLETE")
    args = ["--db", db, "verify", "10", "--rating"]
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_rating_completes_the_labels_of_the_scale(db_url: str) -> None:
    assert _complete(db_url, "f") == ["false"]
    assert _complete(db_url, "mo") == ["mostly-true", "mostly-false"]
    assert len(_complete(db_url, "")) == 11


@pytest.mark.sqlite
def test_rating_completion_creates_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "claims.db"
    assert _complete(str(missing), "f") == []
    assert not missing.parent.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    assert _complete(str(empty), "f") == []
    assert empty.stat().st_size == 0
