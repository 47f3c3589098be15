"""`claim db grant-reader`: a PostgreSQL role that reads the views and nothing else."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from claimtracker.cli import cli
from claimtracker.db.url import resolve
from tests.conftest import assert_one_line_error


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
