"""The application context: which database, who acts, and one unit of work per command.

The engine is created lazily, so commands that never touch the database (``--help``) import
no SQLAlchemy.
"""

from __future__ import annotations

import getpass
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimtracker import collector

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from claimtracker.db.url import DatabaseTarget

USER_ENV_VAR = "CLAIM_USER"


def default_user() -> str:
    """``CLAIM_USER``, else the login name."""
    user = os.environ.get(USER_ENV_VAR)
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class App:
    """What every command shares. Build one per process; open the database on first use."""

    db_option: str | None = None
    user: str = field(default_factory=default_user)
    # Whether the name was given (--user, CLAIM_USER) rather than taken from the OS login: on
    # PostgreSQL a given name other than the login is acting for someone (admins only), and
    # without one the actor is the login role itself.
    user_given: bool = field(default_factory=lambda: bool(os.environ.get(USER_ENV_VAR)))
    # PostgreSQL: the login role (session_user), once a unit of work has asked the server.
    login_role: str | None = field(default=None, init=False)
    _target: DatabaseTarget | None = field(default=None, init=False, repr=False)
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _checked: bool = field(default=False, init=False, repr=False)
    _user_admitted: bool = field(default=False, init=False, repr=False)

    def __setattr__(self, name: str, value: object) -> None:
        # The acting name is kept as typed, tidied (trimmed, NFKC): see claimtracker.users.
        if name == "user" and isinstance(value, str):
            from claimtracker.users import tidy_user_name

            value = tidy_user_name(value)
            self._user_admitted = False
        super().__setattr__(name, value)

    def use_database(self, db_option: str) -> None:
        """Choose the database after all (``--db`` given after the command's name)."""
        if self._engine is not None:
            raise RuntimeError("the database was already opened")  # a bug, not a user error
        self.db_option = db_option
        self._target = None

    @property
    def target(self) -> DatabaseTarget:
        """The resolved database choice (no connection made)."""
        if self._target is None:
            from claimtracker.db.url import resolve

            self._target = resolve(self.db_option)
        return self._target

    @property
    def engine(self) -> Engine:
        """The engine, created on first use; never checks the schema."""
        if self._engine is None:
            from claimtracker.db.engine import make_engine

            target = self.target
            if target.is_default and target.sqlite_path is not None:
                # The embedded default lives in a folder that may not exist yet.
                target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = make_engine(target)
            # The command has loaded what it needs; from here on it may make garbage of size.
            collector.resume()
        return self._engine

    def ready_engine(self) -> Engine:
        """The engine of a database at the schema this code expects.

        A new SQLite file is created at the newest schema (first use needs no set-up); anything
        else that is not current stops with a message naming the command that fixes it.
        """
        engine = self.engine
        if not self._checked:
            from claimtracker.db.schema import ensure_current

            ensure_current(engine, self.target)
            self._checked = True
        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits if the block succeeds, rolls back on any error."""
        from sqlalchemy.orm import Session

        from claimtracker.db.engine import WRITE_OPTION

        bind = self.ready_engine().execution_options(**{WRITE_OPTION: True})
        with Session(bind, expire_on_commit=False) as session, session.begin():
            if bind.dialect.name == "postgresql":
                self._take_login(session)
            if not self._user_admitted:
                # Checked when the command first writes: a read-only one accepts any name.
                from sqlalchemy import event

                event.listen(session, "before_flush", self._admit_user)
            yield session

    def _take_login(self, session: Session) -> None:
        """PostgreSQL: the actor is the login role, or whom an admin acts for (--user)."""
        from claimtracker.services.logins import acting_name

        name, login = acting_name(session, self.user if self.user_given else None)
        super().__setattr__("user", name)
        self.login_role = login
        # Read by services.events.record: the login goes into the event and its hash.
        session.info["login_role"] = self.login_role

    def _admit_user(self, session: Session, *_: object) -> None:
        """Refuse an empty acting name, or one that looks like a known user's (TS #39)."""
        if self._user_admitted:
            return
        from claimtracker.services.users import admit

        admit(session, self.user)
        self._user_admitted = True

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A Core connection in a read transaction, for reads that need no ORM."""
        with self.ready_engine().begin() as connection:
            yield connection

    @contextmanager
    def readonly(self) -> Iterator[Connection]:
        """A connection that the database itself keeps from writing (reports, ad-hoc SQL)."""
        from claimtracker.db.readonly import readonly_engine

        self.ready_engine()
        engine = readonly_engine(self.target)
        try:
            with engine.begin() as connection:
                yield connection
        finally:
            engine.dispose()

    def close(self) -> None:
        """Release pooled connections (SQLite's WAL checkpoint happens on last close)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
