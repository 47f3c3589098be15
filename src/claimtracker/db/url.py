"""Which database to open: ``--db``, else ``CLAIM_DB``, else the embedded default file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from claimtracker.errors import DatabaseUnavailable

ENV_VAR = "CLAIM_DB"
DEFAULT_FILENAME = "claims.db"
_PASSWORD_IN_URL = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*:)[^/@]*(?P<tail>@)")


@dataclass(frozen=True)
class DatabaseTarget:
    """A resolved database choice.

    ``url`` holds any password in clear and must only reach SQLAlchemy; show ``display``.
    """

    url: str
    display: str
    backend: str
    sqlite_path: Path | None
    is_default: bool


def redact(text: str) -> str:
    """Hide the password of any URL inside ``text`` (for messages built from raw input)."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", text)


def default_database_path() -> Path:
    """The embedded default: one SQLite file in the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path("claimtracker", appauthor=False) / DEFAULT_FILENAME


def resolve(option: str | None) -> DatabaseTarget:
    """Resolve ``--db`` / ``CLAIM_DB`` / the default into a :class:`DatabaseTarget`."""
    raw = option if option else os.environ.get(ENV_VAR) or None
    if raw is None:
        return _sqlite_target(default_database_path(), is_default=True)
    if "://" not in raw:
        return _sqlite_target(Path(raw).expanduser(), is_default=False)
    return _url_target(raw)


def _sqlite_target(path: Path, *, is_default: bool) -> DatabaseTarget:
    path = path.absolute()
    return DatabaseTarget(
        url=f"sqlite:///{path}",
        display=str(path),
        backend="sqlite",
        sqlite_path=path,
        is_default=is_default,
    )


def _url_target(raw: str) -> DatabaseTarget:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUnavailable(f"malformed database URL {redact(raw)!r}") from exc
    backend = url.get_backend_name()
    if backend == "postgres":  # Heroku-style spelling
        backend = "postgresql"
    if backend == "postgresql":
        # psycopg 3 is the supported driver; SQLAlchemy would otherwise pick psycopg2.
        if url.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        return DatabaseTarget(
            url=url.render_as_string(hide_password=False),
            display=url.render_as_string(hide_password=True),
            backend="postgresql",
            sqlite_path=None,
            is_default=False,
        )
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseUnavailable(
                "an in-memory SQLite database keeps nothing between commands; give a file path"
            )
        return _sqlite_target(Path(url.database).expanduser(), is_default=False)
    raise DatabaseUnavailable(
        f"unsupported database {url.render_as_string(hide_password=True)!r}: "
        "use a SQLite file path or a postgresql:// URL"
    )
