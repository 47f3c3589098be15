"""`claim db whoami`: who the database takes you for, and what it lets you do.

On SQLite the name is whatever ``--user`` / ``CLAIM_USER`` / the login says: the file has no
users, and whoever can write the file can write anything. On PostgreSQL the server knows who
logged in (``session_user``) and what that role may do; those facts are read from it, not
inferred from a setting of ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from claimtracker.db.url import DatabaseTarget


def whoami(engine: Engine, target: DatabaseTarget, user: str) -> dict[str, Any]:
    """The acting name, and on PostgreSQL the login role and its rights, as the server says."""
    if target.backend != "postgresql":
        return {
            "database": target.display,
            "backend": target.backend,
            "user": user,
            "checked_by": "nobody: a SQLite file has no users (the name comes from --user, "
            "CLAIM_USER or the login)",
            "can_write": target.sqlite_path is None or _writable(target),
        }
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT session_user, current_user, r.rolsuper, r.rolcreaterole, "
                "has_table_privilege(current_user, 'claim', 'INSERT'), "
                "has_table_privilege(current_user, 'claim', 'SELECT'), "
                "current_setting('default_transaction_read_only') "
                "FROM pg_roles AS r WHERE r.rolname = current_user"
            )
        ).one()
    login, current, superuser, createrole, insert, select, read_only = row
    return {
        "database": target.display,
        "backend": target.backend,
        "login_role": login,
        "current_role": current,
        "user": user,
        "superuser": bool(superuser),
        "can_create_roles": bool(createrole),
        "can_read_tables": bool(select),
        "can_write": bool(insert) and read_only != "on",
        "sessions_read_only": read_only == "on",
    }


def _writable(target: DatabaseTarget) -> bool:
    import os

    path = target.sqlite_path
    assert path is not None
    return os.access(path if path.exists() else path.parent, os.W_OK)
