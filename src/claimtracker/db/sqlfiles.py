"""Versioned SQL files (views, summaries, triggers) split into the statements they hold."""

from __future__ import annotations

import sqlite3


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
