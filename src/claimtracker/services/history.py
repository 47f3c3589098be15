"""A claim's history in words, and its state at a past moment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType, ReviewStatus
from claimtracker.errors import InvalidInput
from claimtracker.models import Event, RatingLabel, Verdict
from claimtracker.services import claim_edit_story, record_sentences, verdicts
from claimtracker.services.record_sentences import status_words
from claimtracker.services.transitions import STATUS_FROM, moved_to

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.dates import ParsedDate
    from claimtracker.models import Claim


def describe_event(action: str, payload: dict[str, Any], reason: str | None) -> str:
    """One event as a sentence fragment ("assigned the claim to bob (new → in review)")."""
    moved = ""
    to = moved_to(payload)
    if to is not None:
        moved = f" ({status_words(payload.get(STATUS_FROM))} → {status_words(to)})"
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
            else f" ({status_words(payload.get('dismissal_reason'))})"
        ),
        EventAction.CLAIM_REOPENED: "reopened the claim",
        EventAction.CLAIM_LINKED: f"linked #{payload.get('from_claim_id')} "
        f"{status_words(payload.get('type'))} #{payload.get('to_claim_id')}",
        EventAction.CLAIM_UNLINKED: f"removed the link #{payload.get('from_claim_id')} "
        f"{status_words(payload.get('type'))} #{payload.get('to_claim_id')}",
        EventAction.CLAIM_RETRACTED: "retracted the claim",
        EventAction.CLAIM_RESTORED: "restored the retracted claim",
        EventAction.CLAIM_TAGGED: _tagged(payload),
        EventAction.EVIDENCE_ADDED: f"added source #{payload.get('source_id')} as evidence "
        f"({payload.get('stance')}"
        + (f", at {payload['locator']}" if payload.get("locator") else "")
        + ")",
        EventAction.EVIDENCE_EDITED: f"edited evidence #{payload.get('evidence_id')} (source "
        f"#{payload.get('source_id')}): {_passage_changes(payload)}",
        EventAction.EVIDENCE_REMOVED: f"removed evidence #{payload.get('evidence_id')} (source "
        f"#{payload.get('source_id')}, {payload.get('stance')}"
        + (f", at {payload['locator']}" if payload.get("locator") else "")
        + ")",
        EventAction.APPEARANCE_ADDED: _appearance_added(payload),
        EventAction.APPEARANCE_REMOVED: "removed the appearance in source "
        f"#{payload.get('source_id')} (appearance #{payload.get('appearance_id')}"
        + (", the first" if payload.get("first") else "")
        + ")",
        EventAction.VERDICT_PROPOSED: f"wrote a verdict: {payload.get('rating')}"
        + (f", correcting #{payload['supersedes']}" if payload.get("supersedes") else ""),
        EventAction.VERDICT_APPROVED: f"approved verdict #{payload.get('verdict')} "
        f"({payload.get('approvals')} of {payload.get('required')} approvals)",
        EventAction.VERDICT_PUBLISHED: f"verdict {payload.get('rating')} published",
        EventAction.VERDICT_SENT_BACK: "set the proposed verdict aside",
        EventAction.VERDICT_IMPORTED: _imported(payload),
        EventAction.CLAIM_EDITED: claim_edit_story.describe(payload),
        EventAction.ENTITY_CREATED: record_sentences.entity_created(payload),
        EventAction.ENTITY_EDITED: record_sentences.entity_edited(payload),
        EventAction.ENTITY_ALIAS_ADDED: record_sentences.alias_added(payload),
        EventAction.ENTITY_ALIAS_REMOVED: record_sentences.alias_removed(payload),
        EventAction.ENTITY_MERGED: record_sentences.merged(payload),
        EventAction.ENTITY_UNMERGED: record_sentences.unmerged(payload),
        EventAction.SOURCE_CREATED: record_sentences.source_created(payload),
        EventAction.SOURCE_EDITED: record_sentences.source_edited(payload),
        EventAction.SETTING_CHANGED: record_sentences.setting_changed(payload),
        EventAction.AUDIT_ACCEPTED_BROKEN: f"restored {payload.get('file')} with its audit "
        f"chain broken (line {payload.get('line')}): {payload.get('problem')}",
    }
    words = known.get(action, action)
    words += _assignee_words(action, payload)
    return f"{words}{moved}{why}"


def _passage_value(field: str, value: Any) -> str:
    """A value of an evidence edit as history shows it: "—" for none, texts quoted and cut."""
    if value is None or value == "":
        return "—"
    line = " ".join(str(value).split())
    if field not in ("quote", "note"):
        return line
    return "“" + (line if len(line) <= 60 else line[:59] + "…") + "”"


def _passage_changes(payload: dict[str, Any]) -> str:
    """An evidence edit's changes: "stance supports → refutes, locator — → p. 12"."""
    changes = payload.get("changes") or {}
    # The log stores keys sorted; told in the order of the command's options.
    order = {field: i for i, field in enumerate(("stance", "quote", "locator", "note"))}
    return ", ".join(
        f"{field} {_passage_value(field, change.get('before'))} → "
        f"{_passage_value(field, change.get('after'))}"
        for field, change in sorted(changes.items(), key=lambda kv: order.get(kv[0], 99))
    )


def _appearance_added(payload: dict[str, Any]) -> str:
    """ "recorded an appearance in source #3 (appearance #9, now the first instead of #4)"."""
    words = (
        f"recorded an appearance in source #{payload.get('source_id')} "
        f"(appearance #{payload.get('appearance_id')}"
    )
    first = payload.get("first_appearance")
    if isinstance(first, dict):
        before = first.get("before")
        words += ", now the first" + (f" instead of #{before}" if before else "")
    if payload.get("appeared"):
        words += f", {payload['appeared']}"
    return words + ")"


def _tagged(payload: dict[str, Any]) -> str:
    """Tags added and removed: "tagged: +psyop −ai"."""
    added = [f"+{tag}" for tag in payload.get("added") or []]
    removed = [f"\u2212{tag}" for tag in payload.get("removed") or []]
    return "tagged: " + " ".join(added + removed)


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
    rows = _claim_events(session, claim)
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
    """A claim's status, current verdict, text, claimant, role and kind as they stood at a
    moment."""

    moment: datetime
    status: ReviewStatus
    verdict_id: int | None
    verdict_rating: str | None
    verdict_published_at: datetime | None
    # The record as it stood then (before the edits made since).
    text: str
    claimant: str | None
    claimant_role: str | None
    kind: str


_ENTITY_MOVES = (EventAction.ENTITY_MERGED, EventAction.ENTITY_UNMERGED)


def _moved(event: Event, claim_id: int) -> bool:
    """Whether a merge (or unmerge) event moved the claim to another claimant."""
    payload = json.loads(event.payload) if event.payload else {}
    key = "moved" if event.action == EventAction.ENTITY_MERGED else "moved_back"
    return claim_id in ((payload.get(key) or {}).get("claims") or [])


def _claim_events(session: Session, claim: Claim, after: datetime | None = None) -> list[Event]:
    """The claim's own events and the merges and unmerges of entities that moved it (entity
    events: without them a claim's claimant would change with no word of it), in order.

    Two queries, each on an index: the claim's events by claim_id, the merges among the
    entity events by record_type (an OR of the two would read the whole log).
    """
    own = select(Event).where(Event.claim_id == claim.id)
    moves = select(Event).where(
        Event.record_type == RecordType.ENTITY, Event.action.in_(_ENTITY_MOVES)
    )
    if after is not None:
        own, moves = own.where(Event.occurred_at > after), moves.where(Event.occurred_at > after)
    found = list(session.scalars(own.order_by(Event.id)))
    found += [event for event in session.scalars(moves) if _moved(event, claim.id)]
    return sorted(found, key=lambda event: event.id)


def _changes_after(session: Session, claim: Claim, moment: datetime) -> list[dict[str, Any]]:
    """What changed the claim's record after ``moment``, oldest first, as edit payloads: its
    own edits, and the merges and unmerges that gave it another claimant."""
    changes = []
    for event in _claim_events(session, claim, after=moment):
        payload = json.loads(event.payload) if event.payload else {}
        if event.action == EventAction.CLAIM_EDITED:
            changes.append(payload)
        elif event.action in _ENTITY_MOVES:
            merged = event.action == EventAction.ENTITY_MERGED
            other = (
                {"id": payload.get("merged_id"), "name": payload.get("merged_name")}
                if merged
                # An unmerge is recorded on the entity it restored.
                else {"id": event.record_id, "name": payload.get("restored_name")}
            )
            survivor = {"id": payload.get("survivor_id"), "name": payload.get("survivor_name")}
            before, after = (other, survivor) if merged else (survivor, other)
            changes.append({"changes": {"claimant": {"before": before, "after": after}}})
    return changes


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
    stood = claim_edit_story.stood_before(claim, _changes_after(session, claim, moment))
    return StateAt(
        moment=moment,
        status=status,
        verdict_id=outcome.verdict_id if outcome else None,
        verdict_rating=outcome.rating if outcome else None,
        verdict_published_at=outcome.published_at if outcome else None,
        text=stood.text,
        claimant=stood.claimant,
        claimant_role=stood.claimant_role,
        kind=stood.kind,
    )


def state_as_of(session: Session, claim: Claim, when: ParsedDate) -> StateAt:
    """The claim's state as it stood at ``when``, as a person means it.

    A date with a period ("2025-01-29", "January 2025") means the end of that period: what
    stood once it was over, its last microsecond included. An instant means itself.
    """
    end = when.end()
    moment = end - timedelta(microseconds=1) if end > when.value else when.value
    return state_at(session, claim, moment)
