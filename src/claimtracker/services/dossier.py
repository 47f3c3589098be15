"""Everything known about one claim, gathered for `claim show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from claimtracker.enums import Stance
from claimtracker.models import Claim, ClaimLink, Evidence, Verdict
from claimtracker.services.links import INCOMING, OUTGOING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Source


def _date(value: Any, precision: Any) -> str | None:
    from claimtracker.dates import ParsedDate

    if value is None or precision is None:
        return None
    return ParsedDate(value, precision).display()


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher.name if source.publisher else None,
        "kind": str(source.kind),
        "published": _date(source.published_at, source.published_precision),
    }


def gather(session: Session, claim: Claim) -> dict[str, Any]:
    """The dossier of ``claim`` as plain data (stable keys, JSON-ready)."""
    claimant = claim.claimant
    evidence_rows = session.scalars(
        select(Evidence)
        .where(Evidence.claim_id == claim.id)
        .options(selectinload(Evidence.source))
        .order_by(Evidence.id)
    )
    by_stance: dict[str, list[dict[str, Any]]] = {str(s): [] for s in Stance}
    for item in evidence_rows:
        by_stance[str(item.stance)].append(
            {"id": item.id, "source": _source(item.source), "quote": item.quote, "note": item.note}
        )
    link_rows = session.scalars(
        select(ClaimLink)
        .where(or_(ClaimLink.from_claim_id == claim.id, ClaimLink.to_claim_id == claim.id))
        .options(selectinload(ClaimLink.from_claim), selectinload(ClaimLink.to_claim))
        .order_by(ClaimLink.id)
    )
    links = []
    for link in link_rows:
        outgoing = link.from_claim_id == claim.id
        other = link.to_claim if outgoing else link.from_claim
        links.append(
            {
                "id": link.id,
                "direction": "outgoing" if outgoing else "incoming",
                "type": str(link.link_type),
                "words": (OUTGOING if outgoing else INCOMING)[link.link_type],
                "claim_id": other.id,
                "claim_text": other.text,
                "claimant": other.claimant.name if other.claimant else None,
                "reason": link.reason,
            }
        )
    verdicts = session.scalars(
        select(Verdict)
        .where(Verdict.claim_id == claim.id)
        .options(selectinload(Verdict.label), selectinload(Verdict.approvals))
        .order_by(Verdict.id)
    )
    return {
        "id": claim.id,
        "public_id": claim.public_id,
        "text": claim.text,
        "language": claim.language,
        "kind": str(claim.kind),
        "claimant": (
            {"id": claimant.id, "name": claimant.name, "role": claimant.role} if claimant else None
        ),
        "claimed": _date(claim.claimed_at, claim.claimed_precision),
        "claimed_precision": str(claim.claimed_precision) if claim.claimed_precision else None,
        "status": str(claim.status),
        "assignee": claim.assignee,
        "dismissal_reason": str(claim.dismissal_reason) if claim.dismissal_reason else None,
        "tags": [t.tag for t in claim.tags],
        "created_at": claim.created_at,
        "created_by": claim.created_by,
        "appearances": [
            {
                "id": a.id,
                "source": _source(a.source),
                "quote": a.quote,
                "first": a.is_first,
            }
            for a in claim.appearances
        ],
        "evidence": by_stance,
        "links": links,
        "verdicts": [
            {
                "id": v.id,
                "rating": v.label.label,
                "rating_name": v.label.name,
                "original_rating": v.original_rating,
                "state": str(v.state),
                "author": v.author,
                "rationale": v.rationale,
                "created_at": v.created_at,
                "published_at": v.published_at,
                "supersedes": v.supersedes_id,
                "approvals": [a.approver for a in v.approvals],
            }
            for v in verdicts
        ],
    }
