"""A claim's history in words, and its state at a past moment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import ReviewStatus
from claimtracker.errors import InvalidInput
from claimtracker.models import Event, RatingLabel, Verdict

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.models import Claim


def _status(value: str | None) -> str:
    return (value or "?").replace("_", " ")


def describe_event(action: str, payload: dict[str, Any], reason: str | None) -> str:
    """One event as a sentence fragment ("assigned the claim to bob (new → in review)")."""
    moved = ""
    if "status_to" in payload:
        moved = f" ({_status(payload.get('status_from'))} → {_status(payload['status_to'])})"
    why = f": {reason}" if reason else ""
    words = {
        "claim.created": "captured the claim",
        "claim.assigned": f"assigned the claim to {payload.get('assignee')}",
        "claim.started": f"started reviewing (assigned to {payload.get('assignee')})",
        "claim.unassigned": "unassigned the claim",
        "claim.verified": f"proposed verdict #{payload.get('verdict')}",
        "claim.published": f"published verdict #{payload.get('verdict')}",
        "claim.sent_back": "sent the claim back to review",
        "claim.dismissed": "dismissed the claim"
        + (
            f" as a duplicate of #{payload['duplicate_of']}"
            if payload.get("duplicate_of")
            else f" ({_status(payload.get('dismissal_reason'))})"
        ),
        "claim.reopened": "reopened the claim",
        "claim.linked": f"linked #{payload.get('from_claim_id')} "
        f"{_status(payload.get('type'))} #{payload.get('to_claim_id')}",
        "claim.unlinked": f"removed the link #{payload.get('from_claim_id')} "
        f"{_status(payload.get('type'))} #{payload.get('to_claim_id')}",
        "evidence.added": f"added source #{payload.get('source_id')} as evidence "
        f"({payload.get('stance')})",
        "verdict.proposed": f"wrote a verdict: {payload.get('rating')}"
        + (f", correcting #{payload['supersedes']}" if payload.get("supersedes") else ""),
        "verdict.approved": f"approved verdict #{payload.get('verdict')} "
        f"({payload.get('approvals')} of {payload.get('required')} approvals)",
        "verdict.published": f"verdict {payload.get('rating')} published",
        "verdict.sent_back": "set the proposed verdict aside",
    }.get(action, action)
    return f"{words}{moved}{why}"


def history(session: Session, claim: Claim) -> list[dict[str, Any]]:
    """Every event of the claim, in order."""
    rows = session.scalars(select(Event).where(Event.claim_id == claim.id).order_by(Event.id))
    out = []
    for event in rows:
        payload = json.loads(event.payload) if event.payload else {}
        out.append(
            {
                "event_id": event.id,
                "at": event.occurred_at,
                "actor": event.actor,
                "action": event.action,
                "description": describe_event(event.action, payload, event.reason),
            }
        )
    return out


@dataclass(frozen=True)
class StateAt:
    """A claim's status and current verdict as they stood at a moment."""

    status: ReviewStatus
    verdict_id: int | None
    verdict_rating: str | None
    verdict_published_at: datetime | None


def state_at(session: Session, claim: Claim, moment: datetime) -> StateAt:
    """Replay the claim's events up to ``moment``."""
    if moment < claim.created_at:
        raise InvalidInput(
            f"claim #{claim.id} did not exist yet at {moment.isoformat()} (captured "
            f"{claim.created_at.isoformat(timespec='seconds')})"
        )
    status = ReviewStatus.NEW
    events = session.scalars(
        select(Event)
        .where(Event.claim_id == claim.id, Event.occurred_at <= moment)
        .order_by(Event.id)
    )
    for event in events:
        payload = json.loads(event.payload) if event.payload else {}
        if "status_to" in payload:
            status = ReviewStatus(payload["status_to"])
    row = session.execute(
        select(Verdict.id, RatingLabel.label, Verdict.published_at)
        .join(RatingLabel, RatingLabel.id == Verdict.label_id)
        .where(
            Verdict.claim_id == claim.id,
            Verdict.published_at.is_not(None),
            Verdict.published_at <= moment,
        )
        .order_by(Verdict.published_at.desc(), Verdict.id.desc())
        .limit(1)
    ).first()
    return StateAt(
        status=status,
        verdict_id=row.id if row else None,
        verdict_rating=row.label if row else None,
        verdict_published_at=row.published_at if row else None,
    )
