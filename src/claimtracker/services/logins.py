"""PostgreSQL: who acts is the login role, as the server says, not a name on the command line.

A name given with ``--user`` / ``CLAIM_USER`` that is not the login's is *acting for* that
user, which only an admin may do (a superuser, a member of the team's admin role, or, with no
team set up, the role that owns the tables). It is recorded as the actor, with the login
beside it (``login_role``), so the record says "alice, by the admin carol". The database
checks the same rule on every insert (migration 0015), for ``psql`` too; this check only
says it first, in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

from claimtracker.errors import InvalidInput
from claimtracker.users import same_user

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def acting_name(session: Session, given: str | None) -> tuple[str, str]:
    """(the actor, the login role): the login itself unless an admin gave another name."""
    login, admin = session.execute(text("SELECT session_user, ct_has_grant('admin')")).one()
    login = str(login)
    if given is None or same_user(given, login):
        return (login if given is None else given), login
    if not admin:
        raise InvalidInput(
            f"you are logged in to PostgreSQL as {login}: only an admin may act for "
            f"{given!r} (leave out --user and CLAIM_USER, or: claim db grant {login} --as admin)"
        )
    return given, login


def acting_words(actor: str, login: str | None) -> str:
    """How a record's actor reads: ``alice``, or ``alice (by carol)`` when a login acted for
    her."""
    if login is None or same_user(actor, login):
        return actor
    return f"{actor} (by {login})"
