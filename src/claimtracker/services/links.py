"""Claim links: typed, directed relations between claims, told in words both ways."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.enums import EventAction, LinkType, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import ClaimLink
from claimtracker.services import events
from claimtracker.services.transitions import refuse_retracted

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim

# How a link reads from each end: "#7 rebuts #3" / "#3 is rebutted by #7".
OUTGOING = {
    LinkType.REBUTS: "rebuts",
    LinkType.SUPPORTS: "supports",
    LinkType.DUPLICATES: "duplicates",
    LinkType.CONTEXTUALIZES: "contextualizes",
    LinkType.TRANSLATION_OF: "is a translation of",
    LinkType.DERIVED_FROM: "is derived from",
}
INCOMING = {
    LinkType.REBUTS: "rebutted by",
    LinkType.SUPPORTS: "supported by",
    LinkType.DUPLICATES: "duplicated by",
    LinkType.CONTEXTUALIZES: "contextualized by",
    LinkType.TRANSLATION_OF: "translated as",
    LinkType.DERIVED_FROM: "source of",
}


def link_claims(
    session: Session,
    from_claim: Claim,
    to_claim: Claim,
    link_type: LinkType,
    *,
    actor: str,
    reason: str | None = None,
) -> ClaimLink:
    """Record that ``from_claim`` <link_type> ``to_claim``."""
    refuse_retracted(from_claim)
    refuse_retracted(to_claim)
    if from_claim.id == to_claim.id:
        raise InvalidInput(f"claim #{from_claim.id} cannot be linked to itself")
    existing = session.scalar(
        select(ClaimLink).where(
            ClaimLink.from_claim_id == from_claim.id,
            ClaimLink.to_claim_id == to_claim.id,
            ClaimLink.link_type == link_type,
        )
    )
    if existing is not None:
        raise Conflict(
            f"#{from_claim.id} already {OUTGOING[link_type]} #{to_claim.id} (link #{existing.id})"
        )
    link = ClaimLink(
        from_claim_id=from_claim.id,
        to_claim_id=to_claim.id,
        link_type=link_type,
        reason=reason,
        created_by=actor,
    )
    session.add(link)
    session.flush()
    for claim_id in (from_claim.id, to_claim.id):
        events.record(
            session,
            actor=actor,
            action=EventAction.CLAIM_LINKED,
            record_type=RecordType.CLAIM_LINK,
            record_id=link.id,
            claim_id=claim_id,
            reason=reason,
            payload={
                "from_claim_id": from_claim.id,
                "to_claim_id": to_claim.id,
                "type": str(link_type),
            },
        )
    return link


def unlink_claims(
    session: Session,
    from_claim: Claim,
    to_claim: Claim,
    link_type: LinkType | None,
    *,
    actor: str,
    reason: str | None = None,
) -> list[int]:
    """Remove the link(s) from ``from_claim`` to ``to_claim`` (of one type, or all)."""
    refuse_retracted(from_claim)
    refuse_retracted(to_claim)
    stmt = select(ClaimLink).where(
        ClaimLink.from_claim_id == from_claim.id, ClaimLink.to_claim_id == to_claim.id
    )
    if link_type is not None:
        stmt = stmt.where(ClaimLink.link_type == link_type)
    found = list(session.scalars(stmt))
    if not found:
        what = f" that {OUTGOING[link_type]} it" if link_type else ""
        raise NotFound(f"no link from #{from_claim.id} to #{to_claim.id}{what}")
    removed = []
    for link in found:
        removed.append(link.id)
        for claim_id in (from_claim.id, to_claim.id):
            events.record(
                session,
                actor=actor,
                action=EventAction.CLAIM_UNLINKED,
                record_type=RecordType.CLAIM_LINK,
                record_id=link.id,
                claim_id=claim_id,
                reason=reason,
                payload={
                    "from_claim_id": from_claim.id,
                    "to_claim_id": to_claim.id,
                    "type": str(link.link_type),
                },
            )
        session.delete(link)
    session.flush()
    return removed
