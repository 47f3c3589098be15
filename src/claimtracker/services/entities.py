"""Entities: find or create claimants, publishers and authors; aliases; merging."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select

from claimtracker.enums import EntityKind, EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import Claim, Entity, EntityAlias
from claimtracker.services import events
from claimtracker.services.refs import parse_id
from claimtracker.text import clean_text, fold

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.enums import ReviewStatus
    from claimtracker.services.history import HistoryEntry
    from claimtracker.services.record_history import MergeNote

MAX_NAME_LENGTH = 300
_WIKIDATA = re.compile(r"Q[1-9]\d*")


def clean_name(name: str, what: str = "entity name") -> str:
    """A name without control characters, surrounding spaces or excess length."""
    return clean_text(name, what=what, max_length=MAX_NAME_LENGTH)


def check_wikidata_id(value: str | None) -> str | None:
    """A Wikidata item id ("Q42"), upper-cased; also accepts its URL."""
    if value is None or not value.strip():
        return None
    candidate = value.strip().rstrip("/").rsplit("/", 1)[-1].upper()
    if not _WIKIDATA.fullmatch(candidate):
        raise InvalidInput(f"invalid Wikidata id {value!r}: expected a Q-number such as Q42")
    return candidate


def find_by_name(session: Session, name: str) -> list[Entity]:
    """Entities whose name or an alias folds to the same key as ``name``."""
    key = fold(name)
    alias_owner = select(EntityAlias.entity_id).where(EntityAlias.alias_key == key)
    return list(
        session.scalars(
            select(Entity)
            .where(or_(Entity.name_key == key, Entity.id.in_(alias_owner)))
            .order_by(Entity.id)
        )
    )


def get_entity(session: Session, ref: str) -> Entity:
    """The entity named by ``ref``: an id ("12", "#12"), a name or an alias."""
    entity_id = parse_id(ref)
    if entity_id is not None:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise NotFound(f"no entity #{entity_id}" + _merged_away(session, entity_id))
        return entity
    matches = find_by_name(session, ref)
    if not matches:
        raise NotFound(f"no entity called {ref!r}")
    if len(matches) > 1:
        ids = ", ".join(f"#{e.id}" for e in matches)
        raise Conflict(f"several entities are called {ref!r} ({ids}); give the id")
    return matches[0]


def _merged_away(session: Session, entity_id: int) -> str:
    """Where an entity that is no more went, if a merge took it."""
    from claimtracker.services.entity_unmerge import merge_of

    merge = merge_of(session, entity_id)
    if merge is None:
        return ""
    return f": it was merged into #{merge.record_id} (event #{merge.id})"


def add_entity(
    session: Session,
    name: str,
    *,
    actor: str,
    kind: EntityKind = EntityKind.UNKNOWN,
    role: str | None = None,
    wikidata_id: str | None = None,
    aliases: list[str] | None = None,
    description: str | None = None,
    allow_same_name: bool = False,
    url: str | None = None,
    same_as: list[str] | None = None,
) -> Entity:
    """Create an entity; refuses a second one with the same name unless told otherwise."""
    name = clean_name(name)
    if not allow_same_name:
        existing = find_by_name(session, name)
        if existing:
            raise Conflict(
                f"entity #{existing[0].id} is already called {existing[0].name!r}; "
                "use it, or add another of that name",
                inputs=["allow_same_name"],
            )
    qid = check_wikidata_id(wikidata_id)
    if qid is not None:
        holder = session.scalar(select(Entity).where(Entity.wikidata_id == qid))
        if holder is not None:
            raise Conflict(f"entity #{holder.id} ({holder.name}) already has Wikidata id {qid}")
    entity = Entity(
        name=name,
        name_key=fold(name),
        kind=kind,
        role=clean_name(role, "role") if role else None,
        wikidata_id=qid,
        description=description,
        url=url,
        # A JSON array of URLs, as schema.org's sameAs gives them (see models.Entity).
        same_as=json.dumps(same_as) if same_as else None,
        created_by=actor,
    )
    session.add(entity)
    session.flush()
    for alias in aliases or []:
        add_alias(session, entity, alias)
    events.record(
        session,
        actor=actor,
        action=EventAction.ENTITY_CREATED,
        record_type=RecordType.ENTITY,
        record_id=entity.id,
        payload={"name": entity.name, "kind": str(kind), "role": entity.role},
    )
    return entity


def add_alias(session: Session, entity: Entity, alias: str) -> None:
    """Give ``entity`` another name, unless it already answers to it."""
    alias = clean_name(alias, "alias")
    key = fold(alias)
    if _locked(session):
        # Another writer may have given it this alias since its aliases were read.
        session.refresh(entity, ["aliases"])
    if key == entity.name_key or any(a.alias_key == key for a in entity.aliases):
        return
    entity.aliases.append(EntityAlias(alias=alias, alias_key=key))
    session.flush()


def _locked(session: Session) -> bool:
    """Serialise with the other writers before a lookup that may lead to a creation.

    On PostgreSQL two writers could otherwise both find no entity of a name and both create
    one (READ COMMITTED: each lookup sees what was committed when it ran, so one made after
    the lock sees the other's creation). SQLite writers are already serialised by BEGIN
    IMMEDIATE. True when the lock was taken.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    events.lock_log(session)
    return True


def add_unless_named(
    session: Session,
    name: str,
    *,
    actor: str,
    kind: EntityKind = EntityKind.UNKNOWN,
    role: str | None = None,
) -> tuple[Entity, bool]:
    """The entity called ``name`` if one is, looked up again once writers are serialised,
    else a new one: what a find-or-create does after finding nothing (True: created)."""
    if _locked(session):
        matches = find_by_name(session, name)
        if len(matches) > 1:
            ids = ", ".join(f"#{e.id}" for e in matches)
            raise Conflict(f"several entities are called {name!r} ({ids}); give the id")
        if matches:
            return matches[0], False
    entity = add_entity(session, name, actor=actor, kind=kind, role=role, allow_same_name=True)
    return entity, True


def find_or_create(
    session: Session,
    name: str,
    *,
    actor: str,
    kind: EntityKind | None = None,
    role: str | None = None,
) -> tuple[Entity, bool]:
    """The entity called ``name`` (by name or alias), created if there is none.

    A role given for an existing entity without one is recorded; a different role is kept as
    it was (roles change over time; the claim's own record keeps who said what). Safe with
    concurrent writers: see :func:`add_unless_named`.
    """
    entity_id = parse_id(name)
    if entity_id is not None:
        return get_entity(session, name), False
    matches = find_by_name(session, name)
    if len(matches) > 1:
        ids = ", ".join(f"#{e.id}" for e in matches)
        raise Conflict(f"several entities are called {name!r} ({ids}); give the id")
    if matches:
        entity, created = matches[0], False
    else:
        entity, created = add_unless_named(
            session, name, actor=actor, kind=kind or EntityKind.UNKNOWN, role=role
        )
    if not created and role and not entity.role:
        entity.role = clean_name(role, "role")
    return entity, created


@dataclass(frozen=True)
class EntityRow:
    """An entity in a listing."""

    id: int
    name: str
    kind: str
    role: str | None
    wikidata_id: str | None
    aliases: list[str]
    claims: int


def list_entities(
    session: Session,
    *,
    query: str | None = None,
    kind: EntityKind | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EntityRow]:
    """Entities by name, with how many claims each made."""
    # Retracted claims are in no listing (services/retraction.py).
    claims = (
        select(func.count(Claim.id))
        .where(Claim.claimant_id == Entity.id, Claim.retracted_at.is_(None))
        .scalar_subquery()
    )
    stmt = select(Entity, claims.label("claims")).order_by(Entity.name_key, Entity.id)
    if query:
        # Escape LIKE wildcards: a name with "%" or "_" is matched literally.
        pattern = (
            "%" + fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        alias_owner = select(EntityAlias.entity_id).where(
            EntityAlias.alias_key.like(pattern, escape="\\")
        )
        stmt = stmt.where(
            or_(Entity.name_key.like(pattern, escape="\\"), Entity.id.in_(alias_owner))
        )
    if kind:
        stmt = stmt.where(Entity.kind == kind)
    rows = session.execute(stmt.limit(limit).offset(offset)).all()
    return [
        EntityRow(
            id=entity.id,
            name=entity.name,
            kind=str(entity.kind),
            role=entity.role,
            wikidata_id=entity.wikidata_id,
            aliases=[a.alias for a in entity.aliases],
            claims=count,
        )
        for entity, count in rows
    ]


def merge_entities(session: Session, keep: Entity, other: Entity, *, actor: str) -> Entity:
    """Fold ``other`` into ``keep``: its claims, sources and verdicts move; its names stay as
    aliases; ``other`` is deleted (services/entity_merge.py, which also plans and undoes it)."""
    from claimtracker.services.entity_merge import merge

    merge(session, keep, other, actor=actor)
    return keep


@dataclass(frozen=True)
class RecentClaim:
    """A claim the entity made, as its description lists it."""

    id: int
    status: ReviewStatus
    text: str


@dataclass(frozen=True)
class EntityDetail:
    """An entity described: its fields, in order, are the keys of `claim entity show`."""

    id: int
    name: str
    kind: str
    role: str | None
    wikidata_id: str | None
    url: str | None  # its own site
    same_as: list[str]  # its other identifiers (schema.org sameAs), as its publisher gave them
    aliases: list[str]
    description: str | None
    claims: int  # how many claims it made
    recent_claims: list[RecentClaim]  # newest first
    created_at: datetime
    created_by: str
    merged: list[MergeNote]  # entities merged into this one, with the events to undo them
    history: list[HistoryEntry]  # its events, oldest first


def same_as_list(stored: str | None) -> list[str]:
    """An entity's sameAs identifiers, stored as a JSON array of URLs (see models.Entity)."""
    values = json.loads(stored) if stored else []
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def describe(session: Session, entity: Entity, *, recent: int = 20) -> EntityDetail:
    """An entity with its aliases, its most recent claims and its history."""
    from claimtracker.services.record_history import entity_history, merges_into

    claims = session.execute(
        select(Claim.id, Claim.status, Claim.text)
        .where(Claim.claimant_id == entity.id, Claim.retracted_at.is_(None))
        .order_by(Claim.id.desc())
        .limit(recent)
    ).all()
    total = session.scalar(
        select(func.count(Claim.id)).where(
            Claim.claimant_id == entity.id, Claim.retracted_at.is_(None)
        )
    )
    return EntityDetail(
        id=entity.id,
        name=entity.name,
        kind=str(entity.kind),
        role=entity.role,
        wikidata_id=entity.wikidata_id,
        url=entity.url,
        same_as=same_as_list(entity.same_as),
        aliases=[a.alias for a in entity.aliases],
        description=entity.description,
        claims=total or 0,
        recent_claims=[RecentClaim(cid, status, text) for cid, status, text in claims],
        created_at=entity.created_at,
        created_by=entity.created_by,
        merged=merges_into(session, entity.id),
        history=entity_history(session, entity.id),
    )
