"""A claim's history in words, and its state at a past moment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EventAction, ReviewStatus
from claimtracker.errors import InvalidInput
from claimtracker.models import Event, RatingLabel, Verdict
from claimtracker.services import verdicts
from claimtracker.services.transitions import STATUS_FROM, moved_to

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.dates import ParsedDate
    from claimtracker.models import Claim


def _status(value: str | None) -> str:
    return (value or "?").replace("_", " ")


def describe_event(action: str, payload: dict[str, Any], reason: str | None) -> str:
    """One event as a sentence fragment ("assigned the claim to bob (new → in review)")."""
    moved = ""
    to = moved_to(payload)
    if to is not None:
        moved = f" ({_status(payload.get(STATUS_FROM))} → {_status(to)})"
    why = f": {reason}" if reason else ""
    # Keyed by str: an event written by a newer version keeps its raw action name.
    known: dict[str, str] = {
        EventAction.CLAIM_CREATED: "captured the claim",
        EventAction.CLAIM_ASSIGNED: f"assigned the claim to {payload.get('assignee')}",
        EventAction.CLAIM_STARTED: f"started reviewing (assigned to {payload.get('assignee')})",
        EventAction.CLAIM_UNASSIGNED: "unassigned the claim",
        EventAction.CLAIM_VERIFIED: f"proposed verdict #{payload.get('verdict')}",
        EventAction.CLAIM_PUBLISHED: f"published verdict #{payload.get('verdict')}",
        EventAction.CLAIM_SENT_BACK: "sent the claim back to review",
        EventAction.CLAIM_DISMISSED: "dismissed the claim"
        + (
            f" as a duplicate of #{payload['duplicate_of']}"
            if payload.get("duplicate_of")
            else f" ({_status(payload.get('dismissal_reason'))})"
        ),
        EventAction.CLAIM_REOPENED: "reopened the claim",
        EventAction.CLAIM_LINKED: f"linked #{payload.get('from_claim_id')} "
        f"{_status(payload.get('type'))} #{payload.get('to_claim_id')}",
        EventAction.CLAIM_UNLINKED: f"removed the link #{payload.get('from_claim_id')} "
        f"{_status(payload.get('type'))} #{payload.get('to_claim_id')}",
        EventAction.EVIDENCE_ADDED: f"added source #{payload.get('source_id')} as evidence "
        f"({payload.get('stance')})",
        EventAction.VERDICT_PROPOSED: f"wrote a verdict: {payload.get('rating')}"
        + (f", correcting #{payload['supersedes']}" if payload.get("supersedes") else ""),
        EventAction.VERDICT_APPROVED: f"approved verdict #{payload.get('verdict')} "
        f"({payload.get('approvals')} of {payload.get('required')} approvals)",
        EventAction.VERDICT_PUBLISHED: f"verdict {payload.get('rating')} published",
        EventAction.VERDICT_SENT_BACK: "set the proposed verdict aside",
        EventAction.VERDICT_IMPORTED: _imported(payload),
    }
    words = known.get(action, action)
    words += _assignee_words(action, payload)
    return f"{words}{moved}{why}"


def _assignee_words(action: str, payload: dict[str, Any]) -> str:
    """Whose claim a step took (services/assignment.py): ", taken over from bob"."""
    before = payload.get("assignee_before")
    if payload.get("taken_over_from"):
        return f", taken over from {payload['taken_over_from']}"
    if action == EventAction.CLAIM_UNASSIGNED and before:
        return f" from {before}"
    if action == EventAction.CLAIM_ASSIGNED and before and before != payload.get("assignee"):
        return f", instead of {before}"
    return ""


def _imported(payload: dict[str, Any]) -> str:
    """An imported review in the publisher's name and words: "imported PolitiFact's review:
    False" (its original rating, else the label it was mapped to)."""
    publisher = payload.get("publisher")
    whose = f"{publisher}'s review" if publisher else "a review by an unknown publisher"
    rating = payload.get("original_rating") or payload.get("rating_name") or payload.get("rating")
    correcting = f", correcting #{payload['supersedes']}" if payload.get("supersedes") else ""
    return f"imported {whose}: {rating}{correcting}"


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a claim's history, told in words."""

    event_id: int
    at: datetime
    actor: str
    action: str
    description: str


def history(session: Session, claim: Claim) -> list[HistoryEntry]:
    """Every event of the claim, in order."""
    rows = session.scalars(select(Event).where(Event.claim_id == claim.id).order_by(Event.id))
    # An import logs the label's slug ("false"); the sentence gives its name ("False").
    # (A Result has keys(), so dict() would read it as a mapping: pass it its rows.)
    names = dict(
        session.execute(
            select(Verdict.id, RatingLabel.name)
            .join(RatingLabel, RatingLabel.id == Verdict.label_id)
            .where(Verdict.claim_id == claim.id)
        ).all()
    )
    out = []
    for event in rows:
        payload = json.loads(event.payload) if event.payload else {}
        if event.action == EventAction.VERDICT_IMPORTED and event.record_id in names:
            payload["rating_name"] = names[event.record_id]
        out.append(
            HistoryEntry(
                event_id=event.id,
                at=event.occurred_at,
                actor=event.actor,
                action=event.action,
                description=describe_event(event.action, payload, event.reason),
            )
        )
    return out


@dataclass(frozen=True)
class StateAt:
    """A claim's status and current verdict as they stood at a moment."""

    moment: datetime
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
        to = moved_to(json.loads(event.payload) if event.payload else {})
        if to is not None:
            status = ReviewStatus(to)
    outcome = verdicts.outcome_at(session, claim.id, moment)
    return StateAt(
        moment=moment,
        status=status,
        verdict_id=outcome.verdict_id if outcome else None,
        verdict_rating=outcome.rating if outcome else None,
        verdict_published_at=outcome.published_at if outcome else None,
    )


def state_as_of(session: Session, claim: Claim, when: ParsedDate) -> StateAt:
    """The claim's state as it stood at ``when``, as a person means it.

    A date with a period ("2025-01-29", "January 2025") means the end of that period: what
    stood once it was over, its last microsecond included. An instant means itself.
    """
    end = when.end()
    moment = end - timedelta(microseconds=1) if end > when.value else when.value
    return state_at(session, claim, moment)
