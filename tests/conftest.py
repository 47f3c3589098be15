"""Fixtures shared by every test: one database per test, on SQLite and on PostgreSQL.

PostgreSQL tests need ``CLAIM_TEST_POSTGRES_URL`` (a database URL on a server where the user may
create databases; CI always sets it). Without it they are skipped, with that reason shown.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from claimtracker.cli import cli
from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PG_ENV = "CLAIM_TEST_POSTGRES_URL"
PG_SKIP_REASON = f"{PG_ENV} is not set: PostgreSQL tests skipped (CI always sets it)"

BACKENDS = [
    pytest.param("sqlite", marks=pytest.mark.sqlite),
    pytest.param("postgresql", marks=pytest.mark.postgresql),
]


def pg_admin_url() -> str | None:
    """The PostgreSQL URL given to the tests, with the psycopg 3 driver."""
    raw = os.environ.get(PG_ENV)
    if not raw:
        return None
    return resolve(raw).url


class PgServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT")

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = pg_admin_url()
    if url is None:
        pytest.skip(PG_SKIP_REASON)
    server = PgServer(url)
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str]:
    """A database migrated once to head; each test gets a copy."""
    name = f"ct_template_{uuid.uuid4().hex[:10]}"
    url = pg_server.create(name)
    engine = make_engine(resolve(url))
    migrate.upgrade(engine)
    engine.dispose()
    yield name
    pg_server.drop(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(resolve(str(path)))
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgresql" and pg_admin_url() is None:
        pytest.skip(PG_SKIP_REASON)
    return name


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database with no tables: a new SQLite file path, or a new PostgreSQL database."""
    if backend == "sqlite":
        yield str(tmp_path / "claims.db")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    url = server.create(name)
    yield url
    server.drop(name)


def _migrated(backend: str, path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database at the newest schema: a copy of the SQLite template at ``path``, or a new
    PostgreSQL database from the template database; dropped afterwards."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, path)
        yield str(path)
        return
    server: PgServer = request.getfixturevalue("pg_server")
    template_name: str = request.getfixturevalue("pg_template")
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    url = server.create(name, template=template_name)
    yield url
    server.drop(name)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database migrated to the newest schema."""
    yield from _migrated(backend, tmp_path / "claims.db", request)


@pytest.fixture
def other_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second migrated database on the same backend: the target of a round trip."""
    yield from _migrated(backend, tmp_path / "other.db", request)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the migrated test database, configured as the tool configures it."""
    eng = make_engine(resolve(db_url))
    yield eng
    eng.dispose()


@dataclass
class Claim:
    """Runs `claim` in-process against one database, as a user would type it."""

    db: str
    runner: CliRunner

    def __call__(self, *args: str, input: str | None = None, user: str = "alice") -> Result:
        return self.runner.invoke(
            cli, ["--db", self.db, "--user", user, *args], input=input, catch_exceptions=False
        )


@pytest.fixture
def claim(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Claim:
    monkeypatch.delenv("CLAIM_DB", raising=False)
    return Claim(db=db_url, runner=CliRunner())


def assert_one_line_error(result: Result, *fragments: str, exit_code: int = 1) -> None:
    """A user error: the exit status, one line on stderr, no traceback, the given words."""
    assert result.exit_code == exit_code, (result.exit_code, result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in result.output + result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
