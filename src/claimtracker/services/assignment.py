"""Who reviews a claim: assigning it, starting it yourself, giving it back.

A claim in review belongs to its assignee. An editor may hand it to someone else (``assign``),
and anyone may give it back to the pool (``unassign``: desks redistribute the work of someone
who is away, so it is not refused, but the one who does it is told whose claim it was). Only
taking it for yourself needs a deliberate ``take_over``: ``start`` on a claim someone else is
working on would otherwise silently take their work. Every step's event records the assignee
it replaced, so the history tells "taken over from bob" and "unassigned from bob".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.enums import EventAction, ReviewStatus
from claimtracker.errors import Conflict
from claimtracker.models import Event
from claimtracker.services.transitions import lock_claim, move, require
from claimtracker.users import MAX_USER_LENGTH as MAX_USER_LENGTH
from claimtracker.users import clean_user_name, same_user

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim

# Payload keys: the assignee the step replaced, and (start) the one whose claim was taken.
ASSIGNEE_BEFORE = "assignee_before"
TAKEN_OVER_FROM = "taken_over_from"
# The events that give a claim its assignee (verify and reopen give it to their actor).
_ASSIGNING = (
    EventAction.CLAIM_ASSIGNED,
    EventAction.CLAIM_STARTED,
    EventAction.CLAIM_REOPENED,
)


def user_name(value: str) -> str:
    """A user name as recorded (trimmed, NFKC); refuses an empty or overlong one.

    Bulk commands check it once before their first claim, so a bad name is one error.
    """
    return clean_user_name(value)


def assign(session: Session, claim_id: int, to: str, *, actor: str) -> Claim:
    """Give a new or in-review claim to ``to``; a new claim goes into review."""
    claim = lock_claim(session, claim_id)
    require(claim, "assign", ReviewStatus.NEW, ReviewStatus.IN_REVIEW)
    to = user_name(to)
    if same_user(claim.assignee, to) and claim.status == ReviewStatus.IN_REVIEW:
        raise Conflict(f"claim #{claim.id} is already assigned to {to}")
    before = claim.assignee
    claim.assignee = to
    move(
        session,
        claim,
        ReviewStatus.IN_REVIEW,
        EventAction.CLAIM_ASSIGNED,
        actor=actor,
        extra={ASSIGNEE_BEFORE: before},
    )
    return claim


@dataclass(frozen=True)
class Started:
    """A claim started, and whose it was if it was taken over."""

    claim: Claim
    taken_over_from: str | None


def start(session: Session, claim_id: int, *, actor: str, take_over: bool = False) -> Started:
    """Take a new or in-review claim for ``actor`` and start reviewing it.

    A claim assigned to someone else is refused unless ``take_over``; the event then records
    whose claim it was.
    """
    claim = lock_claim(session, claim_id)
    require(claim, "start", ReviewStatus.NEW, ReviewStatus.IN_REVIEW)
    before = claim.assignee
    if same_user(before, actor) and claim.status == ReviewStatus.IN_REVIEW:
        raise Conflict(f"claim #{claim.id} is already assigned to {actor}")
    taken_from = before if before is not None and not same_user(before, actor) else None
    if taken_from is not None and not take_over:
        raise Conflict(
            f"claim #{claim.id} is assigned to {taken_from}: take it over to start it",
            inputs=["take_over"],
        )
    claim.assignee = actor
    move(
        session,
        claim,
        ReviewStatus.IN_REVIEW,
        EventAction.CLAIM_STARTED,
        actor=actor,
        extra={ASSIGNEE_BEFORE: before, TAKEN_OVER_FROM: taken_from},
    )
    return Started(claim, taken_from)


@dataclass(frozen=True)
class Unassigned:
    """A claim given back: whose it was, who had assigned it, and whether the one who gave it
    back was neither (then they are told whose claim it was)."""

    claim: Claim
    assignee: str | None
    assigned_by: str | None
    by_someone_else: bool


def unassign(
    session: Session, claim_id: int, *, actor: str, reason: str | None = None
) -> Unassigned:
    """Take an in-review claim back to the pool of new claims."""
    claim = lock_claim(session, claim_id)
    require(claim, "unassign", ReviewStatus.IN_REVIEW)
    assignee = claim.assignee
    assigned_by = _assigned_by(session, claim) if assignee else None
    claim.assignee = None
    move(
        session,
        claim,
        ReviewStatus.NEW,
        EventAction.CLAIM_UNASSIGNED,
        actor=actor,
        reason=reason,
        extra={ASSIGNEE_BEFORE: assignee, "assigned_by": assigned_by},
    )
    someone_else = assignee is not None and not any(
        same_user(actor, name) for name in (assignee, assigned_by)
    )
    if same_user(assigned_by, assignee):
        assigned_by = assignee  # they took it themselves: "bob's", not "bob's (assigned by Bob)"
    return Unassigned(claim, assignee, assigned_by, someone_else)


def _assigned_by(session: Session, claim: Claim) -> str | None:
    """Who gave the claim its current assignee: the actor of the newest event that did."""
    rows = session.execute(
        select(Event.actor, Event.payload)
        .where(Event.claim_id == claim.id, Event.action.in_([str(a) for a in _ASSIGNING]))
        .order_by(Event.id.desc())
    )
    for actor, payload in rows:
        if payload and json.loads(payload).get("assignee") == claim.assignee:
            return str(actor)
    return None
