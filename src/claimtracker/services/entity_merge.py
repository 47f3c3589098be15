"""Merging two entities that are one, and undoing a merge made by mistake.

A merge folds the *merged* entity into the *survivor*: every record that names the merged
entity (claims it made, sources it published or wrote, imported reviews it published) now
names the survivor; its name and aliases become the survivor's aliases; fields the survivor
lacks (kind, role, Wikidata id, site, description, sameAs) are taken from it; it is deleted.

:func:`plan_merge` says all that before anything changes, so that a person can look first.
The ``entity.merged`` event keeps what undoing it needs: the merged entity's whole row and
aliases, the ids of every record moved, the aliases the survivor gained and the survivor's
fields as they were. :func:`unmerge` uses it to put the merged entity back under its id and
move back exactly the records that were moved and still name the survivor (a claim given to
the survivor after the merge stays; one given to a third entity since stays there too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from claimtracker.enums import EntityKind, EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput
from claimtracker.models import Claim, Entity, EntityAlias, Source, Verdict
from claimtracker.services import events
from claimtracker.text import fold

if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute, Session

# The fields a survivor takes from the merged entity when it has none of its own.
MERGED_FIELDS = ("kind", "role", "wikidata_id", "url", "description", "same_as")

# The records that name an entity: what a merge moves, by the name its event gives them.
# (model, column); entity_alias goes with its entity, and events name records, not entities.
REFERENCES: dict[str, tuple[type[Any], str]] = {
    "claims": (Claim, "claimant_id"),
    "published_sources": (Source, "publisher_id"),
    "authored_sources": (Source, "author_id"),
    "published_verdicts": (Verdict, "publisher_id"),
}
# Ids per statement when moving records back: well under SQLite's bound-parameter limit.
_CHUNK = 5_000


@dataclass(frozen=True)
class FieldOutcome:
    """One field of the two entities, and what the survivor keeps."""

    field: str
    survivor: str | None  # the survivor's value before the merge
    merged: str | None  # the merged entity's value
    result: str | None  # the survivor's value after it

    @property
    def taken(self) -> bool:
        """Whether the survivor takes the merged entity's value."""
        return self.result != self.survivor

    @property
    def lost(self) -> bool:
        """Whether the merged entity's value is dropped (kept only in the merge event)."""
        return (
            _is_set(self.field, self.merged)
            and self.merged != self.result
            and not (self.field == "same_as" and self.taken)
        )


@dataclass(frozen=True)
class MergePlan:
    """What merging ``merged`` into ``survivor`` will do."""

    survivor_id: int
    survivor_name: str
    merged_id: int
    merged_name: str
    moves: dict[str, list[int]]  # by REFERENCES name: ids of the records that will move
    new_aliases: list[str]  # names of the merged entity the survivor does not answer to yet
    fields: list[FieldOutcome]

    @property
    def claims(self) -> list[int]:
        """The claims that will name the survivor as their claimant."""
        return self.moves["claims"]


def _is_set(field: str, value: str | None) -> bool:
    return value is not None and not (field == "kind" and value == EntityKind.UNKNOWN)


def field_value(entity: Entity, field: str) -> str | None:
    """One of MERGED_FIELDS of ``entity``, as text (as events record it)."""
    value = getattr(entity, field)
    return None if value is None else str(value)


def _union_same_as(survivor: str | None, merged: str | None) -> str | None:
    first = json.loads(survivor) if survivor else []
    extra = [v for v in (json.loads(merged) if merged else []) if v not in first]
    return json.dumps([*first, *extra]) if extra else survivor


def _outcome(survivor: Entity, merged: Entity, field: str) -> FieldOutcome:
    mine, theirs = field_value(survivor, field), field_value(merged, field)
    if field == "same_as":
        result = _union_same_as(mine, theirs)
    else:
        result = mine if _is_set(field, mine) or not _is_set(field, theirs) else theirs
    return FieldOutcome(field, mine, theirs, result)


def plan_merge(session: Session, survivor: Entity, merged: Entity) -> MergePlan:
    """What a merge of ``merged`` into ``survivor`` would move, add and drop; changes nothing."""
    if survivor.id == merged.id:
        raise InvalidInput(f"cannot merge entity #{survivor.id} with itself")
    moves = {}
    for name, (model, column) in REFERENCES.items():
        moves[name] = list(
            session.scalars(
                select(model.id).where(getattr(model, column) == merged.id).order_by(model.id)
            )
        )
    known = {survivor.name_key, *(a.alias_key for a in survivor.aliases)}
    new_aliases = []
    for name in [merged.name, *(a.alias for a in merged.aliases)]:
        if fold(name) not in known:
            known.add(fold(name))
            new_aliases.append(name)
    return MergePlan(
        survivor_id=survivor.id,
        survivor_name=survivor.name,
        merged_id=merged.id,
        merged_name=merged.name,
        moves=moves,
        new_aliases=new_aliases,
        fields=[_outcome(survivor, merged, field) for field in MERGED_FIELDS],
    )


def entity_row(entity: Entity) -> dict[str, Any]:
    """Every column of an entity, as a merge event keeps it to restore it."""
    return {
        "id": entity.id,
        "name": entity.name,
        "name_key": entity.name_key,
        "kind": str(entity.kind),
        "role": entity.role,
        "wikidata_id": entity.wikidata_id,
        "description": entity.description,
        "url": entity.url,
        "same_as": entity.same_as,
        "created_at": entity.created_at.isoformat(),
        "created_by": entity.created_by,
    }


def set_field(entity: Entity, field: str, value: str | None) -> None:
    """Set one of MERGED_FIELDS from its text."""
    if field == "kind":
        entity.kind = EntityKind(value or EntityKind.UNKNOWN)
    else:
        setattr(entity, field, value)


def _add_alias(entity: Entity, name: str) -> None:
    entity.aliases.append(EntityAlias(alias=name, alias_key=fold(name)))


def move_references(
    session: Session, name: str, ids: list[int], source: int, target: int
) -> list[int]:
    """Point the records ``ids`` of kind ``name`` that name ``source`` at ``target``."""
    model, column = REFERENCES[name]
    attribute: InstrumentedAttribute[Any] = getattr(model, column)
    moved: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        moved.extend(
            session.scalars(
                update(model)
                .where(model.id.in_(chunk), attribute == source)
                .values({column: target})
                .returning(model.id)
            )
        )
    return sorted(moved)


def merge(
    session: Session,
    survivor: Entity,
    merged: Entity,
    *,
    actor: str,
    expected: MergePlan | None = None,
) -> tuple[MergePlan, int]:
    """Fold ``merged`` into ``survivor``; returns the plan carried out and the event's id.

    ``expected`` is the plan a person was shown: if the entities changed since, nothing is
    done (a Conflict), so that what happens is what was agreed to.
    """
    plan = plan_merge(session, survivor, merged)
    if expected is not None and plan != expected:
        raise Conflict(
            f"entities #{survivor.id} and #{merged.id} changed since the merge was shown; "
            "look at it again"
        )
    row, aliases = entity_row(merged), [a.alias for a in merged.aliases]
    moved = {
        name: move_references(session, name, ids, merged.id, survivor.id)
        for name, ids in plan.moves.items()
    }
    session.delete(merged)
    session.flush()  # its Wikidata id is free for the survivor
    changes = {}
    for outcome in plan.fields:
        if outcome.taken:
            set_field(survivor, outcome.field, outcome.result)
            changes[outcome.field] = {"before": outcome.survivor, "after": outcome.result}
    for name in plan.new_aliases:
        _add_alias(survivor, name)
    event = events.record(
        session,
        actor=actor,
        action=EventAction.ENTITY_MERGED,
        record_type=RecordType.ENTITY,
        record_id=survivor.id,
        payload={
            # The first three keys are those of merges recorded before merges could be undone.
            "merged_id": row["id"],
            "merged_name": row["name"],
            "claims_moved": len(moved["claims"]),
            "survivor_id": survivor.id,
            "survivor_name": survivor.name,
            "merged": row,
            "merged_aliases": aliases,
            "moved": moved,
            "aliases_added": plan.new_aliases,
            "survivor_changes": changes,
        },
    )
    return plan, event.id
