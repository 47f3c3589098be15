"""One step of the review workflow: lock the claim, check its status, move it, record it.

The event of a step carries the statuses it went between under :data:`STATUS_FROM` and
:data:`STATUS_TO`; the claim's history reads them back to tell the step and to replay the
claim's status at a past moment (services/history.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.db.base import utcnow
from claimtracker.enums import EventAction, RecordType, ReviewStatus
from claimtracker.errors import InvalidTransition, NotFound
from claimtracker.models import Claim
from claimtracker.services import events

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session

# Payload keys of a step's event: the status the claim left, and the one it moved to.
STATUS_FROM = "status_from"
STATUS_TO = "status_to"


def status_payload(before: ReviewStatus, after: ReviewStatus) -> dict[str, str]:
    """The payload entries that record a move from ``before`` to ``after``."""
    return {STATUS_FROM: before.value, STATUS_TO: after.value}


def moved_to(payload: Mapping[str, Any]) -> str | None:
    """The status an event's payload moved the claim to; None when it moved none.

    Raw text: an event written by a newer version may name a status this one does not know.
    """
    value = payload.get(STATUS_TO)
    return None if value is None else str(value)


def lock_claim(session: Session, claim_id: int, *, retracted: bool = False) -> Claim:
    """Load the claim and hold its row until the unit of work ends.

    Every workflow step and every change to a claim starts here, so this is where a retracted
    claim is refused (:func:`refuse_retracted`); ``retracted`` lets one through, for the
    commands that retract and restore.
    """
    claim = session.scalar(
        select(Claim)
        .where(Claim.id == claim_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if claim is None:
        raise NotFound(f"no claim #{claim_id}")
    if not retracted:
        refuse_retracted(claim)
    return claim


def refuse_retracted(claim: Claim) -> None:
    """Refuse to act on a retracted claim: it takes no step and no change until restored.

    ``claim show`` and ``claim history`` still read it; changes that do not lock the claim
    (links, evidence) call this themselves.
    """
    if claim.retracted_at is not None:
        raise InvalidTransition(f"claim #{claim.id} is retracted (claim restore {claim.id})")


def require(claim: Claim, action: str, *allowed: ReviewStatus) -> None:
    """Refuse ``action`` unless the claim is in one of the ``allowed`` statuses."""
    if claim.status not in allowed:
        wanted = " or ".join(s.value.replace("_", " ") for s in allowed)
        raise InvalidTransition(
            f"cannot {action} claim #{claim.id}: it is {claim.status.value.replace('_', ' ')}, "
            f"not {wanted}"
        )


def move(
    session: Session,
    claim: Claim,
    to: ReviewStatus,
    action: EventAction,
    *,
    actor: str,
    reason: str | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Put the claim in status ``to`` and record the step as event ``action``."""
    before = claim.status
    claim.status = to
    claim.updated_by = actor
    claim.updated_at = utcnow()
    session.flush()
    events.record(
        session,
        actor=actor,
        action=action,
        record_type=RecordType.CLAIM,
        record_id=claim.id,
        claim_id=claim.id,
        reason=reason,
        payload={
            **status_payload(before, to),
            "assignee": claim.assignee,
            **(extra or {}),
        },
    )
