"""`claim db …` on both backends, and every bad database a user can point the tool at."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from claimtracker.app import App
from claimtracker.cli import cli
from claimtracker.db import schema
from claimtracker.db.revision import HEAD_REVISION
from claimtracker.db.url import resolve
from claimtracker.errors import SchemaMismatch
from tests.conftest import Claim, PgServer, assert_one_line_error

if TYPE_CHECKING:
    from pathlib import Path


def test_upgrade_creates_the_schema_then_reports_current(empty_db_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", empty_db_url, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"to {HEAD_REVISION}" in result.output
    again = CliRunner().invoke(cli, ["--db", empty_db_url, "db", "upgrade"])
    assert "already at schema revision" in again.output
    current = CliRunner().invoke(cli, ["--db", empty_db_url, "db", "current"])
    assert current.output.strip() == f"{HEAD_REVISION} (current)"


def test_info_reports_revision_and_counts(claim: Claim) -> None:
    result = claim("db", "info", "--format", "json")
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.output)
    assert info["schema_revision"] == f"{HEAD_REVISION} (current)"
    assert info["claims"] == 0
    assert info["backend"] in ("sqlite", "postgresql")


@pytest.mark.postgresql
def test_password_is_never_shown(pg_server: PgServer, pg_template: str) -> None:
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    # The test server trusts local connections, so any password is accepted: it must be hidden.
    url = (
        make_url(pg_server.create(name, template=pg_template))
        .set(password="s3cr3t-pw")
        .render_as_string(hide_password=False)
    )
    try:
        for args in (["db", "info"], ["db", "current"], ["db", "upgrade"]):
            result = CliRunner().invoke(cli, ["--db", url, *args])
            assert result.exit_code == 0, result.stderr
            assert "s3cr3t-pw" not in result.output + result.stderr
            assert "***" in result.output or args == ["db", "current"]
    finally:
        pg_server.drop(name)


def test_unreachable_server_is_one_line_and_hides_password() -> None:
    result = CliRunner().invoke(
        cli, ["--db", "postgresql://ann:hunter2@127.0.0.1:1/claims", "db", "info"]
    )
    assert_one_line_error(result, "cannot use database", "127.0.0.1:1")
    assert "hunter2" not in result.stderr


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("postgresql://ann:hunter2@[::1/claims", "malformed database URL"),
        ("mysql://ann:hunter2@localhost/claims", "unsupported database"),
        ("sqlite://", "in-memory"),
    ],
)
def test_malformed_or_unsupported_url(url: str, fragment: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "db", "info"])
    assert_one_line_error(result, fragment)
    assert "hunter2" not in result.stderr


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "claims.db"
    result = CliRunner().invoke(cli, ["--db", str(target), "db", "upgrade"])
    assert_one_line_error(result, "does not exist", str(target.parent))
    assert not target.parent.exists()


def test_folder_that_is_not_writable() -> None:
    # /proc refuses new files even to root, which CI runs as.
    result = CliRunner().invoke(cli, ["--db", "/proc/claims.db", "db", "upgrade"])
    assert_one_line_error(result, "/proc/claims.db")


def test_file_that_is_not_a_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"shopping list: eggs, milk\n" * 100)
    before = path.read_bytes()
    for args in (["db", "upgrade"], ["db", "info"], ["db", "current"]):
        result = CliRunner().invoke(cli, ["--db", str(path), *args])
        assert_one_line_error(result, "is not a SQLite database")
    assert path.read_bytes() == before


def test_read_commands_do_not_create_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "current"])
    assert_one_line_error(result, "no database at")
    assert not path.exists()


def test_db_info_describes_a_database_not_created_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new" / "claims.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "info", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["schema_revision"].startswith("not created yet")
    assert info["database"].endswith("claims.db")
    # The embedded default's folder is not made either.
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("CLAIM_DB", raising=False)
    result = CliRunner().invoke(cli, ["db", "info"])
    assert result.exit_code == 0, result.stderr
    assert "not created yet" in result.stdout
    assert not path.parent.exists()
    assert not home.exists()


def _stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_database_from_a_newer_version_is_refused(db_url: str, engine: Engine) -> None:
    with engine.connect() as conn:
        labels = conn.execute(text("SELECT count(*) FROM rating_label")).scalar()
    _stamp(engine, "9999_from_the_future")
    for args in (["db", "upgrade"], ["db", "downgrade", "base", "--yes"]):
        result = CliRunner().invoke(cli, ["--db", db_url, *args])
        assert_one_line_error(result, "9999_from_the_future", "newer version")
    app = App(db_option=db_url)
    with pytest.raises(SchemaMismatch, match="newer version"):
        app.ready_engine()
    app.close()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_from_the_future"
        )
        assert conn.execute(text("SELECT count(*) FROM rating_label")).scalar() == labels


def test_database_behind_the_code_is_never_used_silently(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend this code knows a newer revision than the database carries.
    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (HEAD_REVISION, "0099"))
    monkeypatch.setattr(schema, "HEAD_REVISION", "0099")
    app = App(db_option=db_url)
    with pytest.raises(SchemaMismatch, match=r"behind .*claim db upgrade"):
        app.ready_engine()
    app.close()


def test_postgresql_is_never_migrated_implicitly(empty_db_url: str, backend: str) -> None:
    app = App(db_option=empty_db_url)
    if backend == "sqlite":
        app.ready_engine()  # a new SQLite file is created at the newest schema
        assert schema.read_state(app.engine.connect()).is_current
    else:
        with pytest.raises(SchemaMismatch, match="no schema yet; run `claim db upgrade`"):
            app.ready_engine()
        with app.engine.connect() as conn:
            assert schema.read_state(conn).is_empty
    app.close()


def test_downgrade_needs_confirmation(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db_url, "db", "downgrade", "base"], input="n\n")
    assert result.exit_code == 1
    current = CliRunner().invoke(cli, ["--db", db_url, "db", "current"])
    assert current.output.strip() == f"{HEAD_REVISION} (current)"


def test_database_from_environment_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_db = tmp_path / "env.db"
    monkeypatch.setenv("CLAIM_DB", str(env_db))
    assert CliRunner().invoke(cli, ["db", "upgrade"]).exit_code == 0
    assert env_db.exists()
    monkeypatch.delenv("CLAIM_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    info = CliRunner().invoke(cli, ["db", "upgrade"])
    assert info.exit_code == 0, info.stderr
    assert (tmp_path / "data" / "claimtracker" / "claims.db").exists()


def test_whoami_says_who_the_database_takes_you_for(db_url: str, backend: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "--user", "ann", "db", "whoami", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    said = json.loads(result.stdout)
    assert said["user"] == "ann"
    assert said["can_write"] is True
    if backend == "sqlite":
        assert said["checked_by"].startswith("nobody")
        return
    # The server's word: the role this test logs in as (a superuser on the CI server).
    assert said["login_role"] == make_url(resolve(db_url).url).username
    assert said["superuser"] is True
    assert said["sessions_read_only"] is False
