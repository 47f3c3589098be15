"""Choosing the database: --db, then CLAIM_DB, then the embedded default."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtracker.db.url import redact, resolve
from claimtracker.errors import DatabaseUnavailable


def test_option_wins_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIM_DB", str(tmp_path / "env.db"))
    assert resolve(str(tmp_path / "opt.db")).sqlite_path == tmp_path / "opt.db"
    assert resolve(None).sqlite_path == tmp_path / "env.db"


def test_default_is_a_file_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CLAIM_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    target = resolve(None)
    assert target.is_default
    assert target.sqlite_path == tmp_path / "claimtracker" / "claims.db"


def test_relative_path_is_made_absolute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve("claims.db").sqlite_path == tmp_path / "claims.db"


@pytest.mark.parametrize(
    "raw",
    [
        "postgresql://u:pw@db.example/claims",
        "postgres://u:pw@db.example/claims",
        "postgresql+psycopg2://u:pw@db.example/claims",
    ],
)
def test_postgresql_urls_use_psycopg3_and_hide_the_password(raw: str) -> None:
    target = resolve(raw)
    assert target.backend == "postgresql"
    assert target.url.startswith("postgresql+psycopg://u:pw@")
    assert target.display == "postgresql+psycopg://u:***@db.example/claims"


def test_sqlite_url_is_accepted() -> None:
    assert resolve("sqlite:////tmp/x.db").sqlite_path == Path("/tmp/x.db")


def test_redact_hides_passwords_in_free_text() -> None:
    assert redact("bad postgresql://ann:hunter2@h/db here") == "bad postgresql://ann:***@h/db here"
    assert redact("/a/plain/path.db") == "/a/plain/path.db"


def test_malformed_url_message_hides_password() -> None:
    with pytest.raises(DatabaseUnavailable) as info:
        resolve("postgresql://ann:hunter2@[::1/claims")
    assert "hunter2" not in str(info.value)
