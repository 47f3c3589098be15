"""Retracting a claim captured by mistake, and restoring it.

A retracted claim leaves every listing, search, queue, report view and export, and stays in
the database with its history: ``claim show`` and ``claim history`` still read it, and the
JSON Lines dump keeps it. What each reader does about it:

* listings, the queue, the graph and the ClaimReview export filter on
  ``claim.retracted_at`` (services/claims.py, queue.py, graph.py, claimreview_export.py);
* the full-text search and the duplicate check read ``claim_search``, which holds no
  document for a retracted claim (removed here, written again on restore; services/search.py
  refuses to write one meanwhile); the exact-duplicate stage and the semantic matcher filter
  on the column (services/matching.py, semantic.py);
* the report views: the summary triggers take the claim's rows out when the column is set and
  compute them again when it is cleared (``migrations/views/0012/``);
* every workflow step and change refuses it (services/transitions.lock_claim).

A claim with a published verdict is not retracted: readers have seen the verdict, so it is
corrected (reopened and given a new verdict, or edited), never hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtracker.db.base import utcnow
from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import Conflict
from claimtracker.services import events, search, verdicts
from claimtracker.services.transitions import lock_claim
from claimtracker.text import clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim

MAX_REASON_LENGTH = 5000


def _recorded(claim: Claim) -> dict[str, str | None]:
    """The retraction columns as an event payload records them."""
    return {
        "retracted_at": claim.retracted_at.isoformat() if claim.retracted_at else None,
        "retracted_by": claim.retracted_by,
        "retraction_reason": claim.retraction_reason,
    }


def _changes(before: dict[str, str | None], after: dict[str, str | None]) -> dict[str, object]:
    return {"changes": {k: {"before": before[k], "after": after[k]} for k in before}}


def retract(session: Session, claim_id: int, *, reason: str, actor: str) -> Claim:
    """Retract a claim captured by mistake: hidden everywhere, kept with its history.

    Refused for a claim already retracted, and for one whose current verdict is published
    (that is corrected, not retracted).
    """
    claim = lock_claim(session, claim_id, retracted=True)
    reason = clean_text(reason, what="reason", max_length=MAX_REASON_LENGTH)
    if claim.retracted_at is not None:
        raise Conflict(
            f"claim #{claim.id} is already retracted (on {claim.retracted_at:%Y-%m-%d} by "
            f"{claim.retracted_by})"
        )
    published = verdicts.current(session, claim.id)
    if published is not None:
        raise Conflict(
            f"claim #{claim.id} has a published verdict (#{published.id}): a published claim is "
            f"corrected, not retracted (claim reopen {claim.id} --reason …, then a new verdict; "
            f"or claim edit {claim.id})"
        )
    before = _recorded(claim)
    claim.retracted_at = utcnow()
    claim.retracted_by = actor
    claim.retraction_reason = reason
    claim.updated_by = actor
    session.flush()
    # The search and the duplicate check read the documents: a retracted claim has none.
    search.refresh(session, claim)
    events.record(
        session,
        actor=actor,
        action=EventAction.CLAIM_RETRACTED,
        record_type=RecordType.CLAIM,
        record_id=claim.id,
        claim_id=claim.id,
        reason=reason,
        payload=_changes(before, _recorded(claim)),
    )
    return claim


def restore(session: Session, claim_id: int, *, actor: str, reason: str | None = None) -> Claim:
    """Bring a retracted claim back everywhere, as it was when it was retracted."""
    claim = lock_claim(session, claim_id, retracted=True)
    if reason is not None:
        reason = clean_text(reason, what="reason", max_length=MAX_REASON_LENGTH)
    if claim.retracted_at is None:
        raise Conflict(f"claim #{claim.id} is not retracted")
    before = _recorded(claim)
    claim.retracted_at = None
    claim.retracted_by = None
    claim.retraction_reason = None
    claim.updated_by = actor
    session.flush()
    search.refresh(session, claim)
    events.record(
        session,
        actor=actor,
        action=EventAction.CLAIM_RESTORED,
        record_type=RecordType.CLAIM,
        record_id=claim.id,
        claim_id=claim.id,
        reason=reason,
        payload=_changes(before, _recorded(claim)),
    )
    return claim
