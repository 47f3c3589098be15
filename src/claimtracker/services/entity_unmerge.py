"""Undoing a merge: the merged entity back under its id, its records back with it.

Read with :mod:`claimtracker.services.entity_merge`, whose ``entity.merged`` event this reads.
What changed since the merge is respected: a record moved by the merge that no longer names
the survivor stays where it is now, as does a survivor field edited since; the
``entity.unmerged`` event says what went back and what stayed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EntityKind, EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import Entity, EntityAlias, Event
from claimtracker.services import events
from claimtracker.services.entity_merge import REFERENCES, field_value, move_references, set_field
from claimtracker.text import fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Unmerged:
    """What an unmerge did."""

    event_id: int  # the entity.unmerged event
    merge_event_id: int
    restored_id: int
    restored_name: str
    survivor_id: int
    moved_back: dict[str, list[int]]  # by REFERENCES name
    stayed: dict[str, list[int]]  # moved by the merge, but no longer naming the survivor


def payload_of(event: Event) -> dict[str, Any]:
    """An event's payload as a dict."""
    data = json.loads(event.payload) if event.payload else {}
    return data if isinstance(data, dict) else {}


def undone_by(session: Session, merge_event: Event) -> Event | None:
    """The event that undid ``merge_event``, if one did."""
    merged_id = payload_of(merge_event).get("merged_id")
    candidates = session.scalars(
        select(Event)
        .where(
            Event.record_type == RecordType.ENTITY,
            Event.record_id == merged_id,
            Event.action == EventAction.ENTITY_UNMERGED,
        )
        .order_by(Event.id)
    )
    return next((e for e in candidates if payload_of(e).get("merge_event") == merge_event.id), None)


def _merge_event(session: Session, event_id: int) -> tuple[Event, dict[str, Any]]:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"no event #{event_id}")
    if event.action != EventAction.ENTITY_MERGED:
        raise InvalidInput(f"event #{event_id} is not an entity merge (it is {event.action})")
    payload = payload_of(event)
    if "merged" not in payload:
        raise InvalidInput(
            f"merge event #{event_id} was recorded before merges kept what undoing them needs"
        )
    later = undone_by(session, event)
    if later is not None:
        raise Conflict(f"merge event #{event_id} was already undone (event #{later.id})")
    return event, payload


def _check_free(
    session: Session, row: dict[str, Any], survivor: Entity | None, survivor_id: int | None
) -> Entity:
    taken = session.get(Entity, row["id"])
    if taken is not None:
        raise Conflict(
            f"entity #{row['id']} exists again ({taken.name}): the merged entity "
            f"{row['name']!r} cannot get its id back"
        )
    if survivor is None:
        raise Conflict(
            f"entity #{row['id']} was merged into an entity that no longer exists"
            + _merged_away_hint(session, survivor_id)
        )
    return survivor


def merge_of(session: Session, entity_id: int) -> Event | None:
    """The latest merge that folded entity ``entity_id`` into another, if any.

    Merge events are filed under their survivor; the merged entity is named in the payload,
    so this reads the merge events (few) rather than an index.
    """
    merges = session.scalars(
        select(Event)
        .where(Event.record_type == RecordType.ENTITY, Event.action == EventAction.ENTITY_MERGED)
        .order_by(Event.id.desc())
    )
    return next((e for e in merges if payload_of(e).get("merged_id") == entity_id), None)


def _merged_away_hint(session: Session, entity_id: int | None) -> str:
    merge = merge_of(session, entity_id) if entity_id is not None else None
    if merge is None:
        return ""
    return (
        f" (#{entity_id} was merged into #{merge.record_id} by event #{merge.id}: undo that first)"
    )


def _restore_survivor(survivor: Entity, payload: dict[str, Any]) -> dict[str, Any]:
    """Give back the fields the merge gave the survivor, unless they were changed since."""
    changes = {}
    for field, change in payload.get("survivor_changes", {}).items():
        if field_value(survivor, field) == change["after"]:
            set_field(survivor, field, change["before"])
            changes[field] = {"before": change["after"], "after": change["before"]}
    gained = {fold(name) for name in payload.get("aliases_added", [])}
    for alias in [a for a in survivor.aliases if a.alias_key in gained]:
        survivor.aliases.remove(alias)
    return changes


def _recreate(session: Session, row: dict[str, Any], aliases: list[str]) -> Entity:
    qid = row.get("wikidata_id")
    holder = session.scalar(select(Entity).where(Entity.wikidata_id == qid)) if qid else None
    if holder is not None:
        raise Conflict(
            f"entity #{holder.id} ({holder.name}) now has Wikidata id {qid}, which the merged "
            f"entity #{row['id']} had"
        )
    entity = Entity(
        id=row["id"],
        name=row["name"],
        name_key=row["name_key"],
        kind=EntityKind(row["kind"]),
        role=row["role"],
        wikidata_id=qid,
        description=row["description"],
        url=row["url"],
        same_as=row["same_as"],
        created_at=datetime.fromisoformat(row["created_at"]),
        created_by=row["created_by"],
    )
    entity.aliases = [EntityAlias(alias=a, alias_key=fold(a)) for a in aliases]
    session.add(entity)
    session.flush()
    return entity


def unmerge(session: Session, event_id: int, *, actor: str) -> Unmerged:
    """Undo the merge recorded by event ``event_id``; records ``entity.unmerged``.

    Refused when the merge was already undone, when the merged entity's id is taken again, or
    when the survivor is gone (merged away itself: undo that merge first).
    """
    event, payload = _merge_event(session, event_id)
    row = payload["merged"]
    survivor_id = event.record_id
    survivor = _check_free(
        session,
        row,
        session.get(Entity, survivor_id) if survivor_id is not None else None,
        survivor_id,
    )
    survivor_changes = _restore_survivor(survivor, payload)
    session.flush()  # the survivor's Wikidata id and aliases are given up first
    restored = _recreate(session, row, payload.get("merged_aliases", []))
    moved_back, stayed = {}, {}
    for name in REFERENCES:
        ids = [int(i) for i in payload.get("moved", {}).get(name, [])]
        moved_back[name] = move_references(session, name, ids, survivor.id, restored.id)
        stayed[name] = sorted(set(ids) - set(moved_back[name]))
    unmerged = events.record(
        session,
        actor=actor,
        action=EventAction.ENTITY_UNMERGED,
        record_type=RecordType.ENTITY,
        record_id=restored.id,
        payload={
            "merge_event": event.id,
            "survivor_id": survivor.id,
            "survivor_name": survivor.name,
            "restored_name": restored.name,
            "moved_back": moved_back,
            "stayed": stayed,
            "survivor_changes": survivor_changes,
        },
    )
    return Unmerged(
        event_id=unmerged.id,
        merge_event_id=event.id,
        restored_id=restored.id,
        restored_name=restored.name,
        survivor_id=survivor.id,
        moved_back=moved_back,
        stayed=stayed,
    )
