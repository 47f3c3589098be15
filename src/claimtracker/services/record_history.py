"""The history of an entity or a source in words, as a claim's is (services/history.py).

An entity's history holds its own events and the merges it took part in from either side:
a merge is filed under its survivor, its undoing under the entity put back, and each shows
in the other's history too, so that from either entity a person finds the event to undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType
from claimtracker.models import Event
from claimtracker.services.entity_unmerge import payload_of, undone_by
from claimtracker.services.history import HistoryEntry, describe_event

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


def _entries(rows: Iterable[Event]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            event_id=event.id,
            at=event.occurred_at,
            actor=event.actor,
            action=event.action,
            description=describe_event(event.action, payload_of(event), event.reason),
        )
        for event in sorted(rows, key=lambda e: e.id)
    ]


def _own(session: Session, record_type: RecordType, record_id: int) -> list[Event]:
    return list(
        session.scalars(
            select(Event)
            .where(Event.record_type == record_type, Event.record_id == record_id)
            .order_by(Event.id)
        )
    )


def source_history(session: Session, source_id: int) -> list[HistoryEntry]:
    """Every event of source ``source_id``, in order."""
    return _entries(_own(session, RecordType.SOURCE, source_id))


def entity_events(session: Session, entity_id: int) -> list[Event]:
    """Entity ``entity_id``'s events and the other halves of its merges, in order."""
    own = _own(session, RecordType.ENTITY, entity_id)
    found = {e.id: e for e in own}
    for event in own:
        if event.action == EventAction.ENTITY_MERGED:
            undo = undone_by(session, event)  # filed under the entity put back
            if undo is not None:
                found[undo.id] = undo
        elif event.action == EventAction.ENTITY_UNMERGED:
            merge = session.get(Event, payload_of(event).get("merge_event"))
            if merge is not None:  # filed under the survivor
                found[merge.id] = merge
    return sorted(found.values(), key=lambda e: e.id)


def entity_history(session: Session, entity_id: int) -> list[HistoryEntry]:
    """Every event of entity ``entity_id``, in order, in words."""
    return _entries(entity_events(session, entity_id))


@dataclass(frozen=True)
class MergeNote:
    """An entity merged into this one: the event to undo it with, or the one that did."""

    event_id: int
    merged_id: int
    merged_name: str
    claims_moved: int
    undone_by: int | None  # the entity.unmerged event


def merges_into(session: Session, entity_id: int) -> list[MergeNote]:
    """The merges whose survivor is entity ``entity_id``, oldest first."""
    merges = session.scalars(
        select(Event)
        .where(
            Event.record_type == RecordType.ENTITY,
            Event.record_id == entity_id,
            Event.action == EventAction.ENTITY_MERGED,
        )
        .order_by(Event.id)
    )
    notes = []
    for event in merges:
        payload = payload_of(event)
        undo = undone_by(session, event)
        notes.append(
            MergeNote(
                event_id=event.id,
                merged_id=int(payload.get("merged_id", 0)),
                merged_name=str(payload.get("merged_name", "?")),
                claims_moved=int(payload.get("claims_moved", 0)),
                undone_by=undo.id if undo is not None else None,
            )
        )
    return notes
