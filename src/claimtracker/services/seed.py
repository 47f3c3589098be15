"""Load a seed dossier into the database, idempotently.

Each claim gets a public id derived from the dossier key and its own key, so loading the same
dossier again finds what it created before instead of adding copies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.errors import NotFound
from claimtracker.models import Appearance, Claim, ClaimLink
from claimtracker.services import entities, sources
from claimtracker.services.claims import ClaimInput, add_claim, get_claim
from claimtracker.services.links import link_claims
from claimtracker.services.search import refresh

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.importers.seed import Dossier

# Namespace of seed public ids (a fixed random UUID; never change it).
SEED_NAMESPACE = uuid.UUID("5b0f8a52-1d1e-4c8e-9a53-0c7e4f3b9d21")


def seed_public_id(dossier_key: str, claim_key: str) -> str:
    """The stable public id of a seed claim."""
    return str(uuid.uuid5(SEED_NAMESPACE, f"{dossier_key}/{claim_key}"))


@dataclass
class SeedReport:
    """What a load did; on a second load everything is unchanged."""

    created: dict[str, int]
    unchanged: dict[str, int]
    claim_ids: dict[str, int]


def load_dossier(session: Session, dossier: Dossier, *, actor: str) -> SeedReport:
    """Create what the dossier describes and is not in the database yet."""
    from claimtracker.dates import parse_date

    report = SeedReport(
        created=dict.fromkeys(("entities", "sources", "claims", "appearances", "links"), 0),
        unchanged=dict.fromkeys(("entities", "sources", "claims", "appearances", "links"), 0),
        claim_ids={},
    )

    def count(kind: str, created: bool) -> None:
        (report.created if created else report.unchanged)[kind] += 1

    entity_ids: dict[str, int] = {}
    for item in dossier.entities.values():
        found = entities.find_by_name(session, item.name)
        if found:
            entity_ids[item.key] = found[0].id
            count("entities", False)
            continue
        entity = entities.add_entity(
            session,
            item.name,
            actor=actor,
            kind=item.kind,
            role=item.role,
            wikidata_id=item.wikidata_id,
            aliases=item.aliases,
            description=item.description,
        )
        entity_ids[item.key] = entity.id
        count("entities", True)

    source_ids: dict[str, int] = {}
    for src in dossier.sources.values():
        source, created = sources.find_or_create(
            session,
            sources.SourceInput(
                url=src.url,
                title=src.title,
                publisher=src.publisher,
                kind=src.kind,
                language=src.language,
                published=parse_date(src.published) if src.published else None,
            ),
            actor=actor,
        )
        source_ids[src.key] = source.id
        count("sources", created)

    for seed_claim in dossier.claims.values():
        public_id = seed_public_id(dossier.key, seed_claim.key)
        try:
            claim = get_claim(session, public_id)
            count("claims", False)
        except NotFound:
            claim = add_claim(
                session,
                ClaimInput(
                    text=seed_claim.text,
                    claimant=f"#{entity_ids[seed_claim.claimant]}" if seed_claim.claimant else None,
                    claimed=parse_date(seed_claim.claimed_at) if seed_claim.claimed_at else None,
                    language=seed_claim.language,
                    kind=seed_claim.kind,
                    tags=seed_claim.tags,
                    public_id=public_id,
                ),
                actor=actor,
                force=True,
            ).claim
            count("claims", True)
        report.claim_ids[seed_claim.key] = claim.id
        for appearance in seed_claim.appearances:
            count(
                "appearances",
                _appear(
                    session,
                    claim,
                    source_ids[appearance.source],
                    appearance.quote,
                    appearance.first,
                    actor,
                ),
            )
        refresh(session, claim)

    for link in dossier.links:
        from_id, to_id = report.claim_ids[link.from_claim], report.claim_ids[link.to_claim]
        exists = session.scalar(
            select(ClaimLink.id).where(
                ClaimLink.from_claim_id == from_id,
                ClaimLink.to_claim_id == to_id,
                ClaimLink.link_type == link.type,
            )
        )
        if exists is None:
            link_claims(
                session,
                session.get_one(Claim, from_id),
                session.get_one(Claim, to_id),
                link.type,
                actor=actor,
                reason=link.reason,
            )
        count("links", exists is None)
    return report


def _appear(
    session: Session, claim: Claim, source_id: int, quote: str | None, first: bool, actor: str
) -> bool:
    """Record that ``claim`` appears in the source, unless it already does."""
    exists = session.scalar(
        select(Appearance.id).where(
            Appearance.claim_id == claim.id, Appearance.source_id == source_id
        )
    )
    if exists is not None:
        return False
    session.add(
        Appearance(
            claim_id=claim.id, source_id=source_id, quote=quote, is_first=first, created_by=actor
        )
    )
    session.flush()
    return True
