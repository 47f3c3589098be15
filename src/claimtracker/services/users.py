"""The users a database knows, and the check a user name passes where it enters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, text

from claimtracker.errors import InvalidInput
from claimtracker.models import Claim, Setting, Verdict, VerdictApproval
from claimtracker.users import clean_user_name, look_alike, user_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def known_users(session: Session) -> set[str]:
    """Every name that acted or was given work: event actors, verdict authors, approvers,
    assignees, and whoever last changed a setting."""
    # The log's actors by a loose index scan (ix_event_actor, migration 0014): the next name
    # after each one, one index seek per distinct name, where DISTINCT or UNION would read
    # every event. Both backends run this recursive form.
    actors = text(
        "WITH RECURSIVE actors(name) AS ("
        " SELECT min(actor) FROM event"
        " UNION ALL"
        " SELECT (SELECT min(actor) FROM event WHERE actor > actors.name)"
        " FROM actors WHERE actors.name IS NOT NULL"
        ") SELECT name FROM actors WHERE name IS NOT NULL"
    )
    names = {str(name) for name in session.scalars(actors)}
    for column in (Verdict.author, VerdictApproval.approver, Claim.assignee, Setting.updated_by):
        found = session.scalars(select(column).where(column.is_not(None)).distinct())
        names.update(str(name) for name in found)
    return names


def admit(session: Session, name: str, *, inputs: tuple[str, ...] = ()) -> str:
    """``name`` as recorded; refuses an empty one and a look-alike of a known user (TS #39)."""
    cleaned = clean_user_name(name)
    with session.no_autoflush:
        why = look_alike(cleaned, known_users(session))
    if why is not None:
        raise InvalidInput(why, inputs=inputs)
    return cleaned


def assignees_named(session: Session, name: str) -> list[str]:
    """The assignees, as stored, that are the user ``name`` (``Bob`` finds ``bob``'s claims)."""
    key = user_key(name)
    stored = session.scalars(select(Claim.assignee).where(Claim.assignee.is_not(None)).distinct())
    return [s for s in stored if s is not None and user_key(s) == key]
