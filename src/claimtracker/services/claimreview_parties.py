"""The entities an imported review names: its reviewing organisation, claimant and authors.

An import never stops on a name: two entities may well share one (two "Fact Crescendo"s, a
homonym kept on purpose with ``entity add``), and refusing a whole file for it, as typed
commands do ("several entities are called …"), would leave the user nothing to give. So:

* an organisation is first recognised by its addresses: an entity whose ``url`` or one of
  whose ``same_as`` identifiers is one the review gives (this also finds the organisation a
  nameless author only points at);
* else by name; among several of that name, the one that already published imported reviews,
  else the oldest; the choice is returned as a note for the import's report, so it is said;
* else it is created. What the review says of it (url, new sameAs identifiers) is merged into
  the entity, never replacing what is there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import exists, or_, select

from claimtracker.enums import EntityKind, VerdictOrigin
from claimtracker.models import Entity, Verdict
from claimtracker.services import entities

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.importers.claimreview import Party

__all__ = ["named_entity", "reviewing_organisation"]


def same_as_of(entity: Entity) -> list[str]:
    """The entity's sameAs identifiers (stored as a JSON array; anything else reads as none)."""
    if not entity.same_as:
        return []
    try:
        found = json.loads(entity.same_as)
    except ValueError:
        return []
    return [x for x in found if isinstance(x, str)] if isinstance(found, list) else []


def reviewing_organisation(session: Session, party: Party, actor: str) -> tuple[Entity, str | None]:
    """The entity for the review's publisher, and a note when a homonym had to be chosen."""
    entity = _by_address(session, party)
    note = None
    if entity is None:
        entity, note = _by_name(session, party.name, actor, party.kind, publishers_first=True)
    _merge_addresses(entity, party)
    session.flush()
    return entity, note


def named_entity(session: Session, party: Party, actor: str) -> tuple[Entity, str | None]:
    """The entity by this name or alias (a claimant, a work's author), created if none; what
    the review says of its addresses (url, sameAs) is merged in, as for an organisation."""
    entity, note = _by_name(session, party.name, actor, party.kind, publishers_first=False)
    _merge_addresses(entity, party)
    return entity, note


def _by_address(session: Session, party: Party) -> Entity | None:
    addresses = [a for a in (party.url, *party.same_as) if a]
    if not addresses:
        return None
    # Narrowed in SQL by a text match, confirmed on the parsed list (a URL may be a prefix of
    # another inside the JSON text).
    stmt = (
        select(Entity)
        .where(
            or_(Entity.url.in_(addresses), *(Entity.same_as.contains(f'"{a}"') for a in addresses))
        )
        .order_by(Entity.id)
    )
    wanted = set(addresses)
    for entity in session.scalars(stmt):
        if entity.url in wanted or wanted.intersection(same_as_of(entity)):
            return entity
    return None


def _by_name(
    session: Session, name: str, actor: str, kind: EntityKind, *, publishers_first: bool
) -> tuple[Entity, str | None]:
    found = entities.find_by_name(session, name)
    if not found:
        created = entities.add_entity(session, name, actor=actor, kind=kind, allow_same_name=True)
        return created, None
    if len(found) == 1:
        return found[0], None
    chosen, why = found[0], "the oldest"
    if publishers_first:
        published = [e for e in found if _published_imported(session, e)]
        if published:
            chosen, why = published[0], "the one that published imported reviews"
    ids = ", ".join(f"#{e.id}" for e in found)
    note = (
        f"{len(found)} entities are called {name!r} ({ids}): used #{chosen.id}, {why}; "
        "`claim entity merge` them if they are one"
    )
    return chosen, note


def _published_imported(session: Session, entity: Entity) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Verdict.publisher_id == entity.id, Verdict.origin == VerdictOrigin.IMPORTED
                )
            )
        )
    )


def _merge_addresses(entity: Entity, party: Party) -> None:
    if party.url and not entity.url:
        entity.url = party.url
    known = same_as_of(entity)
    new = [a for a in party.same_as if a not in known]
    if new:
        entity.same_as = json.dumps(known + new)
