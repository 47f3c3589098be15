"""Recognising an imported ClaimReview again: what the database already holds of it.

Only looks, never writes, so that an import can decide a review is unchanged before it
changes anything (see :mod:`claimtracker.services.claimreview_import`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.enums import VerdictState
from claimtracker.models import Claim, Verdict
from claimtracker.text import text_hash

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.importers.claimreview import ReviewRecord
    from claimtracker.models import Entity, Source

__all__ = ["existing_claim", "head_of_corrections", "previous_verdict", "superseded_by"]


def previous_verdict(session: Session, record: ReviewRecord, page: Source | None) -> Verdict | None:
    """The newest verdict already imported for this review, if any.

    Ours come back with their ``urn:uuid`` identifier; others are known by their review page
    and the text of their claim.
    """
    if record.review_id is not None:
        found = session.scalar(select(Verdict).where(Verdict.public_id == record.review_id))
        if found is not None:
            return found
    if page is None:
        return None
    return session.scalar(
        select(Verdict)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(
            Verdict.review_source_id == page.id,
            Claim.text_hash == text_hash(record.claim_text),
            Verdict.state == VerdictState.PUBLISHED,
        )
        .order_by(Verdict.published_at.desc(), Verdict.id.desc())
        .limit(1)
    )


def head_of_corrections(session: Session, verdict: Verdict) -> Verdict:
    """The latest verdict of the chain of corrections ``verdict`` starts."""
    while (
        head := session.scalar(select(Verdict).where(Verdict.supersedes_id == verdict.id))
    ) is not None:
        verdict = head
    return verdict


def existing_claim(
    session: Session,
    record: ReviewRecord,
    claimant: Entity | None,
    *,
    derived_id: str | None = None,
) -> Claim | None:
    """The claim the review is about, if it is here: named by its ``urn:uuid`` or by the id
    derived from its review (``claim_values.imported_claim_id``), else the oldest with the
    same text by the same claimant or by none."""
    for public_id in (record.claim_id, derived_id):
        if public_id is None:
            continue
        found = session.scalar(select(Claim).where(Claim.public_id == public_id))
        if found is not None:
            return found
    # A retracted claim was captured by mistake: a review of the same words is about another.
    candidates = session.scalars(
        select(Claim)
        .where(Claim.text_hash == text_hash(record.claim_text), Claim.retracted_at.is_(None))
        .order_by(Claim.id)
    )
    for candidate in candidates:
        # The same words from someone else are another claim.
        if claimant is None or candidate.claimant_id in (None, claimant.id):
            return candidate
    return None


def superseded_by(session: Session, verdict: Verdict, until: datetime) -> Verdict | None:
    """The verdict that corrected ``verdict`` at ``until``, as a history export says (its
    ``expires``): published then, on the same claim, correcting nothing yet."""
    return session.scalar(
        select(Verdict)
        .where(
            Verdict.claim_id == verdict.claim_id,
            Verdict.id != verdict.id,
            Verdict.state == VerdictState.PUBLISHED,
            Verdict.published_at == until,
            Verdict.supersedes_id.is_(None),
        )
        .order_by(Verdict.id)
        .limit(1)
    )
