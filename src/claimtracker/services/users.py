"""The users a database knows, and the check a user name passes where it enters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, union

from claimtracker.errors import InvalidInput
from claimtracker.models import Claim, Event, Setting, Verdict, VerdictApproval
from claimtracker.users import clean_user_name, look_alike, user_key

if TYPE_CHECKING:
    from sqlalchemy import CompoundSelect
    from sqlalchemy.orm import Session


def known_users(session: Session) -> set[str]:
    """Every name that acted or was given work: event actors, verdict authors, approvers,
    assignees, and whoever last changed a setting."""
    names: CompoundSelect[tuple[str]] = union(
        select(Event.actor),
        select(Verdict.author),
        select(VerdictApproval.approver),
        select(Claim.assignee).where(Claim.assignee.is_not(None)),
        select(Setting.updated_by),
    )
    return {str(name) for name in session.scalars(select(names.subquery().c[0]))}


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
