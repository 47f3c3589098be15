"""Everything known about one claim, gathered for `claim show`.

The dossier is a tree of frozen records whose fields, in order, are the keys of its JSON form
(`claim show --format json`): renaming or reordering a field changes that output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from claimtracker.enums import DatePrecision, Stance
from claimtracker.models import Claim, ClaimLink, Evidence, Verdict
from claimtracker.services.links import INCOMING, OUTGOING

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.models import Source


@dataclass(frozen=True)
class SourceSummary:
    """A source as the dossier names it."""

    id: int
    url: str | None
    title: str | None
    publisher: str | None
    kind: str
    published: str | None  # the date at its precision ("2025-01")


@dataclass(frozen=True)
class ClaimantSummary:
    """Who made the claim."""

    id: int
    name: str
    role: str | None  # the entity's role now
    role_when_claimed: str | None  # the role it had when it made this claim; None: unknown


@dataclass(frozen=True)
class AppearanceItem:
    """A source the claim appears in."""

    id: int
    source: SourceSummary
    quote: str | None
    first: bool
    appeared: str | None  # when it appeared there, at its precision ("2025-01-28")


@dataclass(frozen=True)
class EvidenceItem:
    """A source used as evidence for or against the claim."""

    id: int
    source: SourceSummary
    quote: str | None
    note: str | None
    locator: str | None  # where in the source the passage is ("p. 12", "§3.2")


@dataclass(frozen=True)
class LinkItem:
    """A link between the claim and another, seen from the claim."""

    id: int
    direction: str  # "outgoing" (this claim is the link's subject) or "incoming"
    type: str
    words: str  # the link read from this claim: "rebuts", "rebutted by"
    claim_id: int
    claim_text: str
    claimant: str | None
    reason: str | None
    claim_retracted: bool  # the other claim is retracted (hidden from listings and reports)


@dataclass(frozen=True)
class RetractionItem:
    """Why a claim is hidden from listings, searches, queues, reports and exports."""

    at: datetime
    by: str
    reason: str


@dataclass(frozen=True)
class VerdictItem:
    """A verdict written for the claim, whatever its state."""

    id: int
    rating: str
    rating_name: str
    original_rating: str | None
    state: str
    author: str
    rationale: str
    created_at: datetime
    published_at: datetime | None
    # The date at the precision it was given ("2023-01-25"); None when not published, or
    # imported from a publisher that gave no date (unknown, never the time of the import).
    published: str | None
    published_precision: str | None
    origin: str  # "workflow" (reviewed here) or "imported" (another fact-checker's)
    publisher: str | None  # the reviewing organisation of an imported review
    review_url: str | None  # the page the review was published on
    review_title: str | None
    supersedes: int | None
    approvals: list[str]


@dataclass(frozen=True)
class Dossier:
    """The dossier of one claim."""

    id: int
    public_id: str
    text: str
    language: str | None
    language_inferred: bool  # read off the script of the text, not given
    kind: str
    claimant: ClaimantSummary | None
    claimed: str | None
    claimed_precision: str | None
    status: str
    assignee: str | None
    dismissal_reason: str | None
    retraction: RetractionItem | None  # None unless the claim is retracted
    tags: list[str]
    created_at: datetime
    created_by: str
    appearances: list[AppearanceItem]
    evidence: dict[str, list[EvidenceItem]]  # by stance, every stance present
    links: list[LinkItem]
    verdicts: list[VerdictItem]


def _date(value: datetime | None, precision: DatePrecision | None) -> str | None:
    from claimtracker.dates import ParsedDate

    if value is None or precision is None:
        return None
    return ParsedDate(value, precision).display()


def _source(source: Source) -> SourceSummary:
    return SourceSummary(
        id=source.id,
        url=source.url,
        title=source.title,
        publisher=source.publisher.name if source.publisher else None,
        kind=str(source.kind),
        published=_date(source.published_at, source.published_precision),
    )


def _evidence(session: Session, claim: Claim) -> dict[str, list[EvidenceItem]]:
    rows = session.scalars(
        select(Evidence)
        .where(Evidence.claim_id == claim.id)
        .options(selectinload(Evidence.source))
        .order_by(Evidence.id)
    )
    by_stance: dict[str, list[EvidenceItem]] = {str(s): [] for s in Stance}
    for item in rows:
        by_stance[str(item.stance)].append(
            EvidenceItem(
                id=item.id,
                source=_source(item.source),
                quote=item.quote,
                note=item.note,
                locator=item.locator,
            )
        )
    return by_stance


def _links(session: Session, claim: Claim) -> list[LinkItem]:
    rows = session.scalars(
        select(ClaimLink)
        .where(or_(ClaimLink.from_claim_id == claim.id, ClaimLink.to_claim_id == claim.id))
        .options(selectinload(ClaimLink.from_claim), selectinload(ClaimLink.to_claim))
        .order_by(ClaimLink.id)
    )
    links = []
    for link in rows:
        outgoing = link.from_claim_id == claim.id
        other = link.to_claim if outgoing else link.from_claim
        links.append(
            LinkItem(
                id=link.id,
                direction="outgoing" if outgoing else "incoming",
                type=str(link.link_type),
                words=(OUTGOING if outgoing else INCOMING)[link.link_type],
                claim_id=other.id,
                claim_text=other.text,
                claimant=other.claimant.name if other.claimant else None,
                reason=link.reason,
                claim_retracted=other.retracted_at is not None,
            )
        )
    return links


def _verdicts(session: Session, claim: Claim) -> list[VerdictItem]:
    rows = session.scalars(
        select(Verdict)
        .where(Verdict.claim_id == claim.id)
        .options(
            selectinload(Verdict.label),
            selectinload(Verdict.approvals),
            selectinload(Verdict.publisher),
            selectinload(Verdict.review_source),
        )
        .order_by(Verdict.id)
    )
    return [
        VerdictItem(
            id=v.id,
            rating=v.label.label,
            rating_name=v.label.name,
            original_rating=v.original_rating,
            state=str(v.state),
            author=v.author,
            rationale=v.rationale,
            created_at=v.created_at,
            published_at=v.published_at,
            published=_date(v.published_at, v.published_precision),
            published_precision=str(v.published_precision) if v.published_precision else None,
            origin=str(v.origin),
            publisher=v.publisher.name if v.publisher else None,
            review_url=v.review_source.url if v.review_source else None,
            review_title=v.review_source.title if v.review_source else None,
            supersedes=v.supersedes_id,
            approvals=[a.approver for a in v.approvals],
        )
        for v in rows
    ]


def _retraction(claim: Claim) -> RetractionItem | None:
    if claim.retracted_at is None:
        return None
    return RetractionItem(
        at=claim.retracted_at, by=claim.retracted_by or "", reason=claim.retraction_reason or ""
    )


def gather(session: Session, claim: Claim) -> Dossier:
    """The dossier of ``claim``."""
    claimant = claim.claimant
    return Dossier(
        id=claim.id,
        public_id=claim.public_id,
        text=claim.text,
        language=claim.language,
        language_inferred=claim.language_inferred,
        kind=str(claim.kind),
        claimant=(
            ClaimantSummary(
                id=claimant.id,
                name=claimant.name,
                role=claimant.role,
                role_when_claimed=claim.claimant_role,
            )
            if claimant
            else None
        ),
        claimed=_date(claim.claimed_at, claim.claimed_precision),
        claimed_precision=str(claim.claimed_precision) if claim.claimed_precision else None,
        status=str(claim.status),
        assignee=claim.assignee,
        dismissal_reason=str(claim.dismissal_reason) if claim.dismissal_reason else None,
        retraction=_retraction(claim),
        tags=[t.tag for t in claim.tags],
        created_at=claim.created_at,
        created_by=claim.created_by,
        appearances=[
            AppearanceItem(
                id=a.id,
                source=_source(a.source),
                quote=a.quote,
                first=a.is_first,
                appeared=_date(a.appeared_at, a.appeared_precision),
            )
            for a in claim.appearances
        ],
        evidence=_evidence(session, claim),
        links=_links(session, claim),
        verdicts=_verdicts(session, claim),
    )
