"""Correcting an entity: its name, kind, role, Wikidata id, site and description; its aliases.

Each correction is one event keeping every changed field as it was and as it became
(``entity.edited``: ``{"changes": {"kind": {"before": "unknown", "after": "organisation"}}}``;
``entity.alias_added`` / ``entity.alias_removed``: the aliases before and after).

A renamed entity keeps its old name as an alias unless told not to: claims, imports and people
that use the old spelling keep finding it, and a misspelling that was typed once will be typed
again. An old name that folds to the new one (a change of case or accents) needs no alias, as
it already finds the entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import Entity
from claimtracker.services import entities, events
from claimtracker.text import clean_text, fold
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.enums import EntityKind

CLEAR = ""
"""The value that empties an optional field (``--role ""``)."""


@dataclass(frozen=True)
class EntityChanges:
    """What to correct; None leaves a field as it is, ``CLEAR`` ("") empties an optional one."""

    name: str | None = None
    kind: EntityKind | None = None
    role: str | None = None
    wikidata_id: str | None = None
    url: str | None = None
    description: str | None = None
    keep_alias: bool = True  # a renamed entity answers to its old name too
    allow_same_name: bool = False  # rename even if another entity answers to the new name

    def is_empty(self) -> bool:
        """Whether nothing at all was asked for."""
        return all(
            v is None
            for v in (self.name, self.kind, self.role, self.wikidata_id, self.url, self.description)
        )


def snapshot(entity: Entity) -> dict[str, Any]:
    """The correctable fields of an entity as events record them."""
    return {
        "name": entity.name,
        "kind": str(entity.kind),
        "role": entity.role,
        "wikidata_id": entity.wikidata_id,
        "url": entity.url,
        "description": entity.description,
        "aliases": [a.alias for a in entity.aliases],
    }


def _others_called(session: Session, entity: Entity, name: str) -> list[Entity]:
    return [e for e in entities.find_by_name(session, name) if e.id != entity.id]


def _rename(session: Session, entity: Entity, name: str, changes: EntityChanges) -> None:
    new = entities.clean_name(name)
    if new == entity.name:
        return
    others = _others_called(session, entity, new)
    if others and not changes.allow_same_name:
        raise Conflict(
            f"entity #{others[0].id} ({others[0].name}) already answers to {new!r}: "
            "merge the two, or keep both under that name",
            inputs=["allow_same_name"],
        )
    old, key = entity.name, fold(new)
    entity.name, entity.name_key = new, key
    # The new name was perhaps an alias: it is the name now.
    for alias in [a for a in entity.aliases if a.alias_key == key]:
        entity.aliases.remove(alias)
    session.flush()
    if changes.keep_alias:
        entities.add_alias(session, entity, old)


def _set_wikidata(session: Session, entity: Entity, value: str) -> None:
    qid = entities.check_wikidata_id(value)
    if qid is not None and qid != entity.wikidata_id:
        holder = session.scalar(select(Entity).where(Entity.wikidata_id == qid))
        if holder is not None:
            raise Conflict(f"entity #{holder.id} ({holder.name}) already has Wikidata id {qid}")
    entity.wikidata_id = qid


def _apply(session: Session, entity: Entity, changes: EntityChanges) -> None:
    if changes.name is not None:
        _rename(session, entity, changes.name, changes)
    if changes.kind is not None:
        entity.kind = changes.kind
    if changes.role is not None:
        entity.role = entities.clean_name(changes.role, "role") if changes.role else None
    if changes.wikidata_id is not None:
        _set_wikidata(session, entity, changes.wikidata_id)
    if changes.url is not None:
        entity.url = normalise_url(changes.url) if changes.url else None
    if changes.description is not None:
        entity.description = (
            clean_text(changes.description, what="description", max_length=2000)
            if changes.description
            else None
        )


def edit_entity(
    session: Session,
    entity: Entity,
    changes: EntityChanges,
    *,
    actor: str,
    reason: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Correct ``entity``; records ``entity.edited`` with each changed field before and after.

    Returns the changes (empty, and nothing recorded, when every value was already so).
    """
    if changes.is_empty():
        raise InvalidInput("nothing to change: give at least one field to correct")
    before = snapshot(entity)
    _apply(session, entity, changes)
    session.flush()
    changed = events.changes(before, snapshot(entity))
    if changed:
        events.record(
            session,
            actor=actor,
            action=EventAction.ENTITY_EDITED,
            record_type=RecordType.ENTITY,
            record_id=entity.id,
            reason=reason,
            payload={"changes": changed},
        )
    return changed


def _record_aliases(
    session: Session,
    entity: Entity,
    action: EventAction,
    key: str,
    names: list[str],
    before: list[str],
    actor: str,
) -> None:
    events.record(
        session,
        actor=actor,
        action=action,
        record_type=RecordType.ENTITY,
        record_id=entity.id,
        payload={
            key: names,
            "changes": {"aliases": {"before": before, "after": [a.alias for a in entity.aliases]}},
        },
    )


def add_aliases(session: Session, entity: Entity, aliases: list[str], *, actor: str) -> list[str]:
    """Give ``entity`` other names; those it already answers to are skipped.

    An alias that is the name or an alias of another entity is refused, naming that entity:
    a name must lead to one entity (merge them if they are the same). Returns the aliases
    added; ``entity.alias_added`` records them when there are any.
    """
    cleaned = [entities.clean_name(alias, "alias") for alias in aliases]
    for alias in cleaned:
        others = _others_called(session, entity, alias)
        if others:
            raise Conflict(
                f"{alias!r} is already a name of entity #{others[0].id} ({others[0].name})"
            )
    before = [a.alias for a in entity.aliases]
    known = {entity.name_key, *(a.alias_key for a in entity.aliases)}
    added = []
    for alias in cleaned:
        if fold(alias) not in known:
            known.add(fold(alias))
            entities.add_alias(session, entity, alias)
            added.append(alias)
    if added:
        _record_aliases(
            session, entity, EventAction.ENTITY_ALIAS_ADDED, "added", added, before, actor
        )
    return added


def remove_aliases(
    session: Session, entity: Entity, aliases: list[str], *, actor: str
) -> list[str]:
    """Take names away from ``entity`` (matched as names are: case and accents aside).

    Its name is not an alias (rename the entity instead); an alias it does not have is an
    error naming the ones it has. Records ``entity.alias_removed``; returns the aliases removed.
    """
    before = [a.alias for a in entity.aliases]
    by_key = {a.alias_key: a for a in entity.aliases}
    removed: list[str] = []
    for alias in aliases:
        key = fold(entities.clean_name(alias, "alias"))
        if key == entity.name_key:
            raise InvalidInput(
                f"{alias!r} is the name of entity #{entity.id}, not an alias: give it another "
                "name instead"
            )
        found = by_key.pop(key, None)
        if found is None:
            if any(fold(r) == key for r in removed):
                continue
            has = ", ".join(repr(a) for a in before) or "none"
            raise NotFound(f"entity #{entity.id} has no alias {alias!r} (its aliases: {has})")
        entity.aliases.remove(found)
        removed.append(found.alias)
    session.flush()
    _record_aliases(
        session, entity, EventAction.ENTITY_ALIAS_REMOVED, "removed", removed, before, actor
    )
    return removed
