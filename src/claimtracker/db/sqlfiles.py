"""Versioned SQL files (views, summaries, triggers): the one reader of ``migrations/views/``,
for the migrations and for the code that replays their statements (db/summaries.py)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def split_statements(sql: str, dialect: str) -> list[str]:
    """The statements of a file, whole: trigger bodies (SQLite ``BEGIN … END``) and function
    bodies (PostgreSQL ``$$ … $$``) keep their inner semicolons."""
    statements: list[str] = []
    lines: list[str] = []
    in_body = False
    for line in sql.splitlines():
        lines.append(line)
        if dialect == "sqlite":
            done = sqlite3.complete_statement("\n".join(lines))
        else:
            if line.count("$$") % 2:
                in_body = not in_body
            done = not in_body and line.rstrip().endswith(";")
        if done:
            statements.append("\n".join(lines))
            lines = []
    rest = "\n".join(line for line in lines if not line.lstrip().startswith("--")).strip()
    if rest:
        raise RuntimeError(f"unterminated SQL statement: {rest[:80]!r}")
    return statements


def read_versioned(folder: Path, name: str, dialect: str) -> str | None:
    """The SQL text ``name`` of one revision's folder under ``migrations/views/``.

    ``<name>.<dialect>.sql`` where the backends differ, else ``<name>.sql`` where one text
    serves both; None when the revision has neither (a part one backend does not need).
    """
    for path in (folder / f"{name}.{dialect}.sql", folder / f"{name}.sql"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def view_statement(folder: Path, name: str, dialect: str) -> str:
    """``CREATE VIEW name AS …`` from the body kept in ``folder`` (Alembic's "replaceable
    objects": each revision that changes a view keeps its text, frozen, in its own folder)."""
    body = read_versioned(folder, name, dialect)
    if body is None:
        raise RuntimeError(f"no definition of view {name} for {dialect} in {folder}")
    return f"CREATE VIEW {name} AS\n{body.strip().rstrip(';')}"
