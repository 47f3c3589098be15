"""Load a seed dossier into the database, idempotently.

Each claim gets a public id derived from the dossier key and its own key, so loading the same
dossier again finds what it created before instead of adding copies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.errors import NotFound
from claimtracker.models import Appearance, Claim, ClaimLink, Entity
from claimtracker.services import entities, sources
from claimtracker.services.claims import ClaimInput, add_claim, get_claim
from claimtracker.services.links import link_claims
from claimtracker.services.search import refresh

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.importers.seed import Dossier, SeedClaim, SeedLink

# Namespace of seed public ids (a fixed random UUID; never change it).
SEED_NAMESPACE = uuid.UUID("5b0f8a52-1d1e-4c8e-9a53-0c7e4f3b9d21")


def seed_public_id(dossier_key: str, claim_key: str) -> str:
    """The stable public id of a seed claim."""
    return str(uuid.uuid5(SEED_NAMESPACE, f"{dossier_key}/{claim_key}"))


KINDS = ("entities", "sources", "claims", "appearances", "links")


@dataclass
class SeedReport:
    """What a load did; on a second load everything is unchanged."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    claim_ids: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        """One more record of ``kind``, created now or found from an earlier load."""
        (self.created if created else self.unchanged)[kind] += 1


def load_dossier(session: Session, dossier: Dossier, *, actor: str) -> SeedReport:
    """Create what the dossier describes and is not in the database yet."""
    report = SeedReport()
    claimants = _load_entities(session, dossier, report, actor)
    source_ids = _load_sources(session, dossier, report, actor)
    for seed_claim in dossier.claims.values():
        claimant = claimants[seed_claim.claimant] if seed_claim.claimant else None
        claim = _load_claim(session, dossier.key, seed_claim, claimant, report, actor)
        report.claim_ids[seed_claim.key] = claim.id
        for appearance in seed_claim.appearances:
            source_id = source_ids[appearance.source]
            created = _appear(session, claim, source_id, appearance.quote, appearance.first, actor)
            report.count("appearances", created)
        refresh(session, claim)
    for link in dossier.links:
        report.count("links", _link(session, link, report.claim_ids, actor))
    return report


def _load_entities(
    session: Session, dossier: Dossier, report: SeedReport, actor: str
) -> dict[str, Entity]:
    """The dossier's entities by key: found by name, else created with what it says of them."""
    found: dict[str, Entity] = {}
    for item in dossier.entities.values():
        known = entities.find_by_name(session, item.name)
        if known:
            found[item.key] = known[0]
            report.count("entities", False)
            continue
        found[item.key] = entities.add_entity(
            session,
            item.name,
            actor=actor,
            kind=item.kind,
            role=item.role,
            wikidata_id=item.wikidata_id,
            aliases=item.aliases,
            description=item.description,
        )
        report.count("entities", True)
    return found


def _load_sources(
    session: Session, dossier: Dossier, report: SeedReport, actor: str
) -> dict[str, int]:
    """The ids of the dossier's sources by key, created when new."""
    from claimtracker.dates import parse_date

    found: dict[str, int] = {}
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
        found[src.key] = source.id
        report.count("sources", created)
    return found


def _load_claim(
    session: Session,
    dossier_key: str,
    seed_claim: SeedClaim,
    claimant: Entity | None,
    report: SeedReport,
    actor: str,
) -> Claim:
    """The claim of an earlier load (by its public id), as it is now (corrections made since
    are kept, a role it lacks is not filled in), else a new one."""
    from claimtracker.dates import parse_date

    public_id = seed_public_id(dossier_key, seed_claim.key)
    try:
        claim = get_claim(session, public_id)
    except NotFound:
        pass
    else:
        report.count("claims", False)
        return claim
    claim = add_claim(
        session,
        ClaimInput(
            text=seed_claim.text,
            claimant=claimant,
            role=seed_claim.role,
            claimed=parse_date(seed_claim.claimed_at) if seed_claim.claimed_at else None,
            language=seed_claim.language,
            kind=seed_claim.kind,
            tags=seed_claim.tags,
            public_id=public_id,
        ),
        actor=actor,
        force=True,
    ).claim
    report.count("claims", True)
    return claim


def _link(session: Session, link: SeedLink, claim_ids: dict[str, int], actor: str) -> bool:
    """Record the dossier's link unless it exists; whether it was created."""
    from_id, to_id = claim_ids[link.from_claim], claim_ids[link.to_claim]
    exists = session.scalar(
        select(ClaimLink.id).where(
            ClaimLink.from_claim_id == from_id,
            ClaimLink.to_claim_id == to_id,
            ClaimLink.link_type == link.type,
        )
    )
    if exists is not None:
        return False
    link_claims(
        session,
        session.get_one(Claim, from_id),
        session.get_one(Claim, to_id),
        link.type,
        actor=actor,
        reason=link.reason,
    )
    return True


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
