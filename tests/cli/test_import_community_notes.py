"""`claim import community-notes`: wiring, the report on stderr, exit statuses."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from claimtracker.cli import cli, io_community_notes
from claimtracker.cli.context import ClaimGroup
from claimtracker.cli.io_community_notes import community_notes_command
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.models import Claim, CommunityNote
from claimtracker.services.community_notes import notes
from tests.conftest import assert_one_line_error
from tests.importers.test_community_notes import NOTES, RATINGS, STATUS, table, write

if TYPE_CHECKING:
    from pathlib import Path


def claim_cli() -> click.Group:
    """`claim` with its `import` group: the real one once wired, else one built the same way."""
    if "import" in cli.commands:
        return cli
    group = click.Group("import", commands={"community-notes": community_notes_command})
    return ClaimGroup(
        name="claim",
        params=cli.params,
        callback=cli.callback,
        commands={**cli.commands, "import": group},
    )


@dataclass
class Importer:
    db: str

    def __call__(self, *args: str) -> Result:
        return CliRunner().invoke(
            claim_cli(),
            ["--db", self.db, "--user", "alice", "import", "community-notes", *args],
            catch_exceptions=False,
        )

    def count(self, model: type[Claim] | type[CommunityNote]) -> int:
        engine = make_engine(resolve(self.db))
        try:
            with engine.connect() as conn:
                return conn.scalar(select(func.count()).select_from(model)) or 0
        finally:
            engine.dispose()


@pytest.fixture
def importer(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Importer:
    monkeypatch.delenv("CLAIM_DB", raising=False)
    return Importer(db_url)


def test_import_reports_counts_per_kind_on_stderr(importer: Importer) -> None:
    result = importer(str(RATINGS), str(NOTES), str(STATUS))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "notes: 26 rows, 26 inserted, 0 updated, 0 unchanged, 0 rejected"
    assert lines[1].startswith("noteStatusHistory: 29 rows, ")
    assert lines[2].startswith("ratings: 65 rows, 0 inserted, ")
    assert lines[3].startswith("total: 120 rows, ")
    assert len(lines) == 4
    assert importer.count(CommunityNote) == 26

    again = importer(str(NOTES), str(STATUS), str(RATINGS))
    assert again.exit_code == 0
    assert again.stderr.splitlines()[0] == (
        "notes: 26 rows, 0 inserted, 0 updated, 26 unchanged, 0 rejected"
    )
    assert " 0 inserted, 0 updated, " in again.stderr.splitlines()[-1]


def bad_file(tmp_path: Path) -> Path:
    header, rows = table(NOTES)
    return write(
        tmp_path / "notes.tsv", header, rows[0], ["oops", *rows[1][1:]], rows[2][:5], rows[3]
    )


def test_bad_rows_are_reported_and_skipped(importer: Importer, tmp_path: Path) -> None:
    path = bad_file(tmp_path)
    result = importer(str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}:3: noteId 'oops' is not a number",
        f"{path}:4: expected 22 columns, found 5",
        "notes: 4 rows, 2 inserted, 0 updated, 0 unchanged, 2 rejected",
        "total: 4 rows, 2 inserted, 0 updated, 0 unchanged, 2 rejected",
    ]


def test_strict_aborts_with_nothing_written(importer: Importer, tmp_path: Path) -> None:
    path = bad_file(tmp_path)
    result = importer("--strict", str(NOTES), str(path))
    assert_one_line_error(result, f"{path}:3: noteId 'oops' is not a number")
    assert importer.count(Claim) == 0


def test_a_row_the_database_refuses_is_one_line_with_nothing_written(
    importer: Importer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rows go in by bulk statements (COPY on PostgreSQL): a row the database's constraints
    # refuse must still end the run as a one-line error, the run's transaction rolled back.
    class Bogus:
        value = "refutes-ish"  # not a link type: the CHECK constraint of claim_link refuses it

    links = {kind: Bogus() for kind in notes.LINK_TYPES}
    monkeypatch.setattr(notes, "LINK_TYPES", links)
    result = importer(str(NOTES))
    assert_one_line_error(result, "claim_link")
    assert importer.count(Claim) == 0
    assert importer.count(CommunityNote) == 0


def test_a_file_missing_required_columns_is_refused(importer: Importer, tmp_path: Path) -> None:
    header, rows = table(NOTES)
    keep = [i for i, name in enumerate(header) if name != "classification"]
    path = write(tmp_path / "notes.tsv", [header[i] for i in keep], [rows[0][i] for i in keep])
    result = importer(str(NOTES), str(path))
    assert_one_line_error(result, f"{path}: missing required columns: classification")
    assert importer.count(Claim) == 0


def test_a_missing_file_is_a_usage_error(importer: Importer, tmp_path: Path) -> None:
    result = importer(str(tmp_path / "nowhere.tsv"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_help_needs_no_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        claim_cli(),
        ["--db", str(tmp_path / "absent" / "claims.db"), "import", "community-notes", "--help"],
    )
    assert result.exit_code == 0
    assert "--strict" in result.stdout
    assert not (tmp_path / "absent").exists()


def test_a_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(io_community_notes.sys, "stderr", terminal)
    with io_community_notes._progress(200) as advance:
        assert advance is not None
        advance(50)
        advance(150)
    assert "Importing" in terminal.getvalue()
    assert "100%" in terminal.getvalue()

    # In a log or a pipe (and so in every other test here, under CliRunner): no bar at all.
    monkeypatch.setattr(io_community_notes.sys, "stderr", io.StringIO())
    with io_community_notes._progress(200) as advance:
        assert advance is None
