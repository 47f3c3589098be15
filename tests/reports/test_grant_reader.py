"""`claim db grant-reader`: a PostgreSQL role that reads the views and nothing else."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

import claimtracker.cli.terminal as terminal_cli
from claimtracker.cli import cli
from claimtracker.db.url import resolve
from tests.conftest import assert_one_line_error

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def test_reader_role_can_read_views_and_nothing_else(db_url: str, backend: str) -> None:
    if backend != "postgresql":
        result = CliRunner().invoke(cli, ["--db", db_url, "db", "grant-reader", "bi_reader"])
        assert_one_line_error(result, "grant-reader is for PostgreSQL")
        return
    role = f"ct_reader_{uuid.uuid4().hex[:8]}"
    CliRunner().invoke(cli, ["--db", db_url, "add", "A claim for the BI tool"])
    result = CliRunner().invoke(cli, ["--db", db_url, "db", "grant-reader", role])
    assert result.exit_code == 0, result.stderr
    assert "claim_overview" in result.stdout
    again = CliRunner().invoke(cli, ["--db", db_url, "db", "grant-reader", role])
    assert again.exit_code == 0  # updating an existing role is fine
    engine = create_engine(resolve(db_url).url)
    try:
        with engine.connect() as conn:
            conn.execute(text(f'SET ROLE "{role}"'))
            assert conn.execute(text("SELECT count(*) FROM claim_overview")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM review_queue")).scalar() == 1
            conn.rollback()
        forbidden = [
            "SELECT count(*) FROM claim",
            "SELECT count(*) FROM event",
            "INSERT INTO setting (key, value, updated_at, updated_by) "
            "VALUES ('x', '1', now(), 'x')",
            "DELETE FROM claim_overview",
            "CREATE TABLE intruder (x int)",
        ]
        for statement in forbidden:
            with engine.connect() as conn:
                conn.execute(text(f'SET ROLE "{role}"'))
                with pytest.raises(DBAPIError):
                    conn.execute(text(statement))
                conn.rollback()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM claim")).scalar() == 1
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()


def test_role_name_is_checked(db_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    result = CliRunner().invoke(cli, ["--db", db_url, "db", "grant-reader", 'x"; DROP TABLE claim'])
    assert_one_line_error(result, "invalid role name")


def _attributes(conn: Connection, role: str) -> tuple[bool, bool, bool, bool]:
    row = conn.execute(
        text(
            "SELECT rolsuper, rolcanlogin, rolcreatedb, rolcreaterole FROM pg_roles "
            "WHERE rolname = :r"
        ),
        {"r": role},
    ).one()
    return (row[0], row[1], row[2], row[3])


def _can_insert(conn: Connection, role: str) -> bool:
    return bool(
        conn.execute(
            text("SELECT has_table_privilege(:r, 'claim', 'INSERT')"), {"r": role}
        ).scalar()
    )


def test_an_existing_role_is_asked_before_it_loses_rights_and_keeps_its_attributes(
    db_url: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    role = f"ct_app_{uuid.uuid4().hex[:8]}"
    engine = create_engine(resolve(db_url).url)
    runner = CliRunner()
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN CREATEDB'))
            conn.execute(text(f'GRANT SELECT, INSERT ON claim TO "{role}"'))
        # No terminal, no --yes: refused, nothing changed.
        refused = runner.invoke(cli, ["--db", db_url, "db", "grant-reader", role])
        assert_one_line_error(refused, "would lose rights", "claim: SELECT, INSERT", "--yes")
        # A terminal, and the answer no.
        monkeypatch.setattr(terminal_cli, "stdin_is_terminal", lambda: True)
        declined = runner.invoke(cli, ["--db", db_url, "db", "grant-reader", role], input="n\n")
        assert declined.exit_code == 1
        assert "- rights on table claim: SELECT, INSERT" in declined.stderr
        assert "writing by default" in declined.stderr
        with engine.connect() as conn:
            assert _can_insert(conn, role)
            assert _attributes(conn, role) == (False, True, True, False)
        granted = runner.invoke(
            cli, ["--db", db_url, "db", "grant-reader", role, "--login"], input="y\n"
        )
        assert granted.exit_code == 0, granted.stderr
        assert "its LOGIN attribute is left as it is" in granted.stderr
        with engine.connect() as conn:
            assert not _can_insert(conn, role)
            # LOGIN and CREATEDB untouched: the command never changes a role's attributes.
            assert _attributes(conn, role) == (False, True, True, False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()


def test_roles_that_must_not_become_readers_are_refused(db_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    role = f"ct_super_{uuid.uuid4().hex[:8]}"
    engine = create_engine(resolve(db_url).url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{role}" SUPERUSER'))
            me = conn.execute(text("SELECT current_user")).scalar_one()
        result = CliRunner().invoke(cli, ["--db", db_url, "db", "grant-reader", role, "--yes"])
        assert_one_line_error(result, "is a superuser")
        result = CliRunner().invoke(cli, ["--db", db_url, "db", "grant-reader", me, "--yes"])
        assert_one_line_error(result)
        with engine.connect() as conn:
            assert _attributes(conn, role)[0] is True
            assert _attributes(conn, me)[0] is True
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()
