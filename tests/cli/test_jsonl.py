"""`claim export jsonl`, `claim import jsonl` and `claim db copy` from the command line."""

from __future__ import annotations

import json
import os
import uuid
from typing import TYPE_CHECKING, Any

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import make_url

from claimtracker.cli import cli
from claimtracker.cli.context import ClaimGroup
from claimtracker.cli.db import db_group
from claimtracker.cli.io_jsonl import (
    db_copy_command,
    jsonl_export_command,
    jsonl_import_command,
)
from claimtracker.db.revision import HEAD_REVISION
from tests.conftest import assert_one_line_error
from tests.transfer.test_dump import build_rich_database, seed_ids

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.conftest import Claim, PgServer


def wired_cli() -> click.Group:
    """The `claim` group with these commands where the application registers them.

    Until `claim export`, `claim import` and `claim db copy` are wired into the real group,
    a copy of it is built here; afterwards the real wiring is what gets tested.
    """
    db = cli.commands.get("db")
    if (
        "export" in cli.commands
        and "import" in cli.commands
        and isinstance(db, click.Group)
        and "copy" in db.commands
    ):
        return cli
    root = ClaimGroup(
        name="claim", callback=cli.callback, params=cli.params, commands=dict(cli.commands)
    )
    root.add_command(click.Group("export", commands={"jsonl": jsonl_export_command}))
    root.add_command(click.Group("import", commands={"jsonl": jsonl_import_command}))
    root.add_command(click.Group("db", commands={**db_group.commands, "copy": db_copy_command}))
    return root


def run(db: str, *args: str, input: bytes | str | None = None) -> Result:
    """Run `claim --db DB ARGS…` in-process."""
    return CliRunner().invoke(
        wired_cli(), ["--db", db, "--user", "alice", *args], input=input, catch_exceptions=False
    )


def export(db: str) -> str:
    """The dump of ``db`` on stdout, without a timestamp."""
    result = run(db, "export", "jsonl", "--no-timestamp")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def other_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Make further databases on the test's backend: migrated, or without any schema."""
    created: list[str] = []
    server: PgServer | None = None

    def make(*, migrated: bool = True, password: str | None = None) -> str:
        nonlocal server
        if backend == "sqlite":
            # A new file: the first command creates it at the current schema.
            return str(tmp_path / f"other-{uuid.uuid4().hex[:8]}.db")
        server = request.getfixturevalue("pg_server")
        name = f"ct_dump_{uuid.uuid4().hex[:12]}"
        template = request.getfixturevalue("pg_template") if migrated else None
        url = server.create(name, template=template)
        created.append(name)
        if password:
            # The test server trusts local connections, so any password works.
            url = make_url(url).set(password=password).render_as_string(hide_password=False)
        return url

    yield make
    for name in created:
        assert server is not None
        server.drop(name)


def test_help_needs_no_database(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "x.db")
    for args in (["export", "jsonl"], ["import", "jsonl"], ["db", "copy"]):
        result = run(missing, *args, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_export_to_stdout_and_to_a_file(claim: Claim, tmp_path: Path) -> None:
    seed_ids(claim)
    result = run(claim.db, "export", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "claimtracker-jsonl"
    assert header["version"] == 1
    assert header["schema_revision"] == HEAD_REVISION
    assert header["exported_at"].endswith("Z")
    assert json.loads(lines[-1])["end"]["records"]["claim"] == 17
    claim_row = next(json.loads(line)["row"] for line in lines if '"table":"claim"' in line)
    assert claim_row["id"] == 1
    assert claim_row["status"] == "new"
    assert claim_row["created_at"].endswith("Z")
    assert len(claim_row["created_at"]) == len("2025-01-27T10:00:00.000000Z")
    assert f"exported {len(lines) - 2} records" in result.stderr

    target = tmp_path / "out" / "dump.jsonl"
    target.parent.mkdir()
    written = run(claim.db, "export", "jsonl", "--no-timestamp", "--output", str(target))
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    content = target.read_text(encoding="utf-8")
    assert content.splitlines()[1:] == lines[1:]
    assert json.loads(content.splitlines()[0])["exported_at"] is None
    # Only the finished file is left behind, no temporary one, readable as any new file.
    assert [p.name for p in target.parent.iterdir()] == ["dump.jsonl"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_export_into_a_missing_folder_is_one_line(claim: Claim, tmp_path: Path) -> None:
    result = run(claim.db, "export", "jsonl", "-o", str(tmp_path / "no" / "such" / "d.jsonl"))
    assert_one_line_error(result, "cannot write")


def test_import_restores_everything(claim: Claim, other_db: Any, tmp_path: Path) -> None:
    ids = build_rich_database(claim)
    original = export(claim.db)
    dump_file = tmp_path / "dump.jsonl"
    dump_file.write_text(original, encoding="utf-8")
    copy = other_db()

    result = run(copy, "import", "jsonl", str(dump_file))
    assert result.exit_code == 0, result.stderr
    counts = dict(line.split("\t") for line in result.stdout.splitlines())
    assert counts["claim"] == "18"
    assert counts["community_note_status"] == "2"
    assert "claim_search" not in counts
    assert "restored" in result.stderr
    assert "18 claims indexed for search" in result.stderr

    assert export(copy) == original
    audit = run(copy, "audit", "verify")
    assert audit.exit_code == 0, audit.stderr
    assert "hash chain verified" in audit.stdout
    found = run(copy, "search", "psyop", "--format", "json")
    assert found.exit_code == 0, found.stderr
    assert int(ids["khosla-psyop"]) in [hit["id"] for hit in json.loads(found.stdout)]


def test_import_from_stdin(claim: Claim, other_db: Any) -> None:
    seed_ids(claim)
    original = export(claim.db)
    copy = other_db()
    result = run(copy, "import", "jsonl", "-", input=original.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert export(copy) == original


def test_import_into_a_database_with_data_is_refused(claim: Claim, tmp_path: Path) -> None:
    seed_ids(claim)
    before = export(claim.db)
    dump_file = tmp_path / "dump.jsonl"
    dump_file.write_text(before, encoding="utf-8")
    assert_one_line_error(run(claim.db, "import", "jsonl", str(dump_file)), "not empty", "claim")
    assert export(claim.db) == before


def test_import_refuses_a_database_whose_scale_was_changed(
    claim: Claim, other_db: Any, tmp_path: Path
) -> None:
    seed_ids(claim)
    dump_file = tmp_path / "dump.jsonl"
    dump_file.write_text(export(claim.db), encoding="utf-8")
    copy = other_db()
    added = run(copy, "scale", "add-label", "needs-context", "--normalised", "MIXTURE")
    assert added.exit_code == 0, added.stderr
    before = export(copy)
    # No claim yet, but a rating label of the user's own: not a database to overwrite.
    assert_one_line_error(run(copy, "import", "jsonl", str(dump_file)), "not empty", "event")
    assert export(copy) == before


def test_a_corrupt_line_is_named_and_nothing_is_written(
    claim: Claim, other_db: Any, tmp_path: Path
) -> None:
    seed_ids(claim)
    lines = export(claim.db).splitlines()
    lines[5] = lines[5][: len(lines[5]) // 2]
    dump_file = tmp_path / "broken.jsonl"
    dump_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = other_db()
    result = run(copy, "import", "jsonl", str(dump_file))
    assert_one_line_error(result, f"{dump_file}:6: not valid JSON")
    info = run(copy, "db", "info", "--format", "json")
    assert json.loads(info.stdout)["claims"] == 0


def test_import_errors_are_one_line(claim: Claim, tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    assert_one_line_error(run(claim.db, "import", "jsonl", str(missing)), "no such file")
    other = tmp_path / "other.jsonl"
    other.write_text(
        '{"format":"claimtracker-jsonl","version":1,"schema_revision":"0000"}\n{"end":{}}\n'
    )
    assert_one_line_error(
        run(claim.db, "import", "jsonl", str(other)), f"{other}:1:", "0000", HEAD_REVISION
    )


def test_copy_then_both_dumps_are_identical(claim: Claim, other_db: Any) -> None:
    build_rich_database(claim)
    target = other_db(migrated=False, password="s3cr3t-pw")
    result = run(claim.db, "db", "copy", "--to", target)
    assert result.exit_code == 0, result.stderr
    assert "s3cr3t-pw" not in result.output + result.stderr
    counts = dict(line.split("\t") for line in result.stdout.splitlines())
    assert counts["claim"] == "18"
    assert "copied" in result.stderr
    assert export(target) == export(claim.db)
    assert "hash chain verified" in run(target, "audit", "verify").stdout
    found = run(target, "search", "Khosla psyop", "--format", "json")
    assert json.loads(found.stdout)

    again = run(claim.db, "db", "copy", "--to", target)
    assert_one_line_error(again, "already holds data", "--force")
    assert "s3cr3t-pw" not in again.output + again.stderr
    # A record added to the copy is gone once --force replaces the target's data.
    assert run(target, "add", "Only in the copy").exit_code == 0
    forced = run(claim.db, "db", "copy", "--to", target, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert export(target) == export(claim.db)


@pytest.mark.postgresql
def test_copy_sqlite_to_postgresql_and_back(
    tmp_path: Path, pg_server: PgServer, pg_template: str
) -> None:
    source = str(tmp_path / "claims.db")
    assert run(source, "seed", "load").exit_code == 0
    name = f"ct_dump_{uuid.uuid4().hex[:12]}"
    url = pg_server.create(name)
    try:
        to_pg = run(source, "db", "copy", "--to", url)
        assert to_pg.exit_code == 0, to_pg.stderr
        assert "created the schema" in to_pg.stderr
        back = str(tmp_path / "back.db")
        to_sqlite = run(url, "db", "copy", "--to", back)
        assert to_sqlite.exit_code == 0, to_sqlite.stderr
        assert export(source) == export(url) == export(back)
    finally:
        pg_server.drop(name)


def test_copy_into_itself_is_refused(claim: Claim) -> None:
    assert_one_line_error(run(claim.db, "db", "copy", "--to", claim.db), "into itself")


def test_copy_refuses_a_foreign_database(claim: Claim, tmp_path: Path) -> None:
    import sqlite3

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE stuff (x)")
    connection.close()
    assert_one_line_error(
        run(claim.db, "db", "copy", "--to", str(foreign)), "not a claimtracker database"
    )
