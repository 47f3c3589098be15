"""The review workflow: assignment, verdicts, approval, send-back, dismissal, reopening.

Every transition is checked against the state machine the README draws ("Reviewing claims"),
recorded as an event with the statuses it went from and to, and made safe under concurrency
by locking the claim's row first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers
already hold the database lock from ``BEGIN IMMEDIATE``). Two reviewers acting at once are
serialised: the second sees the first one's outcome and gets a clear error. One step (lock,
check, move, record) is services/transitions.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.db.base import utcnow
from claimtracker.enums import (
    DatePrecision,
    DismissalReason,
    EventAction,
    LinkType,
    Normalised,
    RecordType,
    ReviewStatus,
    Stance,
    VerdictState,
)
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import (
    Claim,
    Evidence,
    RatingLabel,
    Verdict,
    VerdictApproval,
    VerdictEvidence,
)
from claimtracker.services import events, links, settings, verdicts

# Assignment lives in services/assignment.py; these names stay the workflow's.
from claimtracker.services.assignment import assign as assign
from claimtracker.services.assignment import start as start
from claimtracker.services.assignment import unassign as unassign
from claimtracker.services.transitions import lock_claim, move, require
from claimtracker.services.verdict_drafts import MAX_RATIONALE_LENGTH as MAX_RATIONALE_LENGTH
from claimtracker.services.verdict_drafts import (
    VerdictDraft,
    check_rating_fits,
    draft_verdict,
)
from claimtracker.text import clean_text
from claimtracker.users import same_user, user_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Source

OPEN = (ReviewStatus.NEW, ReviewStatus.IN_REVIEW, ReviewStatus.PENDING_APPROVAL)
MAX_REASON_LENGTH = 5000


def clean_reason(reason: str) -> str:
    """A reason as recorded; refuses an empty or overlong one. Bulk commands check it once."""
    return clean_text(reason, what="reason", max_length=MAX_REASON_LENGTH)


_STANCE_FOR = {
    Normalised.TRUE: Stance.SUPPORTS,
    Normalised.FALSE: Stance.REFUTES,
    Normalised.MIXTURE: Stance.CONTEXTUALIZES,
    Normalised.OTHER: Stance.CONTEXTUALIZES,
}


def _evidence_for(
    session: Session, claim: Claim, source: Source, label: RatingLabel, actor: str
) -> list[Evidence]:
    """The claim's evidence from ``source``, recorded now (stance from the rating) if missing."""
    found = list(
        session.scalars(
            select(Evidence).where(Evidence.claim_id == claim.id, Evidence.source_id == source.id)
        )
    )
    if found:
        return found
    from claimtracker.services.evidence import add_evidence

    return [add_evidence(session, claim, source, _STANCE_FOR[label.normalised], actor=actor)]


@dataclass(frozen=True)
class VerifyResult:
    """The verdict proposed and whether it was published at once (no approval required)."""

    verdict: Verdict
    published: bool


def verify(
    session: Session,
    claim_id: int,
    *,
    rating: str,
    rationale: str,
    evidence: list[Source],
    actor: str,
    correction_reason: str | None = None,
) -> VerifyResult:
    """Propose a verdict for a claim in review; publish it now if no approval is required."""
    draft = draft_verdict(
        session,
        rating=rating,
        rationale=rationale,
        evidence=evidence,
        correction_reason=correction_reason,
    )
    return propose(session, claim_id, draft, actor=actor)


def propose(session: Session, claim_id: int, draft: VerdictDraft, *, actor: str) -> VerifyResult:
    """Propose ``draft`` as the verdict of a new or in-review claim (see :func:`verify`)."""
    claim = lock_claim(session, claim_id)
    require(claim, "verify", ReviewStatus.IN_REVIEW, ReviewStatus.NEW)
    label, text, correction_reason = draft.label, draft.rationale, draft.correction_reason
    check_rating_fits(claim, label)
    if claim.status == ReviewStatus.NEW:
        claim.assignee = claim.assignee or actor
        move(session, claim, ReviewStatus.IN_REVIEW, EventAction.CLAIM_STARTED, actor=actor)
    items: dict[int, Evidence] = {}
    for source in draft.evidence:
        for item in _evidence_for(session, claim, source, label, actor):
            items[item.id] = item
    superseded = verdicts.current(session, claim.id)
    if superseded is not None and not correction_reason:
        correction_reason = "correction"
    verdict = Verdict(
        public_id=str(uuid.uuid4()),
        claim_id=claim.id,
        label_id=label.id,
        rationale=text,
        state=VerdictState.PROPOSED,
        author=actor,
        login_role=session.info.get("login_role"),
        supersedes_id=superseded.id if superseded else None,
        supersede_reason=correction_reason if superseded else None,
    )
    session.add(verdict)
    session.flush()
    session.add_all(VerdictEvidence(verdict_id=verdict.id, evidence_id=i) for i in items)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.VERDICT_PROPOSED,
        record_type=RecordType.VERDICT,
        record_id=verdict.id,
        claim_id=claim.id,
        reason=verdict.supersede_reason,
        payload={
            "rating": label.label,
            "evidence": sorted(items),
            "supersedes": verdict.supersedes_id,
        },
    )
    move(
        session,
        claim,
        ReviewStatus.PENDING_APPROVAL,
        EventAction.CLAIM_VERIFIED,
        actor=actor,
        extra={"verdict": verdict.id},
    )
    if settings.get(session, "review.approvals") == 0:
        _publish(session, claim, verdict, actor=actor)
        return VerifyResult(verdict, published=True)
    return VerifyResult(verdict, published=False)


def _publish(session: Session, claim: Claim, verdict: Verdict, *, actor: str) -> None:
    verdict.state = VerdictState.PUBLISHED
    verdict.published_at = utcnow()
    verdict.published_precision = DatePrecision.INSTANT
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.VERDICT_PUBLISHED,
        record_type=RecordType.VERDICT,
        record_id=verdict.id,
        claim_id=claim.id,
        payload={"rating": verdict.label.label, "supersedes": verdict.supersedes_id},
    )
    move(
        session,
        claim,
        ReviewStatus.PUBLISHED,
        EventAction.CLAIM_PUBLISHED,
        actor=actor,
        extra={"verdict": verdict.id},
    )


@dataclass(frozen=True)
class ApproveResult:
    """The approval recorded, and whether it published the verdict."""

    verdict: Verdict
    approvals: int
    required: int
    published: bool


def approve(session: Session, claim_id: int, *, actor: str) -> ApproveResult:
    """Approve the proposed verdict; publish it once enough different people approved."""
    claim = lock_claim(session, claim_id)
    require(claim, "approve", ReviewStatus.PENDING_APPROVAL)
    verdict = verdicts.proposed(session, claim.id)
    if verdict is None:
        raise NotFound(f"claim #{claim.id} has no verdict awaiting approval")
    if same_user(verdict.author, actor):
        raise Conflict(
            f"{actor} wrote verdict #{verdict.id} of claim #{claim.id}; "
            "someone else must approve it"
        )
    if any(same_user(a.approver, actor) for a in verdict.approvals):
        raise Conflict(f"{actor} already approved verdict #{verdict.id}")
    approval = VerdictApproval(
        verdict_id=verdict.id, approver=actor, login_role=session.info.get("login_role")
    )
    session.add(approval)
    session.flush()
    # Different people: approvals by `carol` and `Carol` are one (stored before this rule).
    approvers = session.scalars(
        select(VerdictApproval.approver).where(VerdictApproval.verdict_id == verdict.id)
    )
    count = len({user_key(name) for name in approvers})
    required = max(1, settings.get(session, "review.approvals"))
    events.record(
        session,
        actor=actor,
        action=EventAction.VERDICT_APPROVED,
        record_type=RecordType.VERDICT,
        record_id=verdict.id,
        claim_id=claim.id,
        payload={"verdict": verdict.id, "approvals": count, "required": required},
    )
    if count >= required:
        _publish(session, claim, verdict, actor=actor)
    return ApproveResult(verdict, count, required, count >= required)


def send_back(session: Session, claim_id: int, *, reason: str, actor: str) -> Claim:
    """Return a claim awaiting approval to review; its proposed verdict is set aside."""
    claim = lock_claim(session, claim_id)
    require(claim, "send back", ReviewStatus.PENDING_APPROVAL)
    reason = clean_reason(reason)
    verdict = verdicts.proposed(session, claim.id)
    if verdict is not None:
        verdict.state = VerdictState.SENT_BACK
        session.flush()
        events.record(
            session,
            actor=actor,
            action=EventAction.VERDICT_SENT_BACK,
            record_type=RecordType.VERDICT,
            record_id=verdict.id,
            claim_id=claim.id,
            reason=reason,
        )
    move(
        session,
        claim,
        ReviewStatus.IN_REVIEW,
        EventAction.CLAIM_SENT_BACK,
        actor=actor,
        reason=reason,
    )
    return claim


def check_dismissal(reason: DismissalReason, duplicate_of: Claim | None) -> None:
    """Refuse a dismissal as a duplicate without the claim it duplicates, and the reverse."""
    if reason == DismissalReason.DUPLICATE and duplicate_of is None:
        raise InvalidInput(
            "dismissing as a duplicate needs the claim it duplicates", inputs=["duplicate_of"]
        )
    if reason != DismissalReason.DUPLICATE and duplicate_of is not None:
        raise InvalidInput(
            "the claim it duplicates is only given for a dismissal as a duplicate",
            inputs=["duplicate_of", "dismissal_reason"],
        )


def dismiss(
    session: Session,
    claim_id: int,
    *,
    reason: DismissalReason,
    actor: str,
    duplicate_of: Claim | None = None,
    note: str | None = None,
) -> Claim:
    """Close a new or in-review claim without a verdict (opinion, duplicate …)."""
    claim = lock_claim(session, claim_id)
    require(claim, "dismiss", ReviewStatus.NEW, ReviewStatus.IN_REVIEW)
    check_dismissal(reason, duplicate_of)
    if duplicate_of is not None:
        if duplicate_of.id == claim.id:
            raise InvalidInput(f"claim #{claim.id} cannot be a duplicate of itself")
        claim.duplicate_of_id = duplicate_of.id
        links.link_claims(
            session,
            claim,
            duplicate_of,
            LinkType.DUPLICATES,
            actor=actor,
            reason=note or "dismissed as a duplicate",
        )
    claim.dismissal_reason = reason
    move(
        session,
        claim,
        ReviewStatus.DISMISSED,
        EventAction.CLAIM_DISMISSED,
        actor=actor,
        reason=note or reason.value.replace("_", " "),
        extra={
            "dismissal_reason": reason.value,
            "duplicate_of": duplicate_of.id if duplicate_of else None,
        },
    )
    return claim


def reopen(session: Session, claim_id: int, *, reason: str, actor: str) -> Claim:
    """Reopen a published claim for a correction (back to review; the published verdict stays
    current until a new one is approved) or a dismissed claim (back to new)."""
    claim = lock_claim(session, claim_id)
    require(claim, "reopen", ReviewStatus.PUBLISHED, ReviewStatus.DISMISSED)
    reason = clean_reason(reason)
    if claim.status == ReviewStatus.DISMISSED:
        claim.dismissal_reason = None
        claim.duplicate_of_id = None
        move(
            session, claim, ReviewStatus.NEW, EventAction.CLAIM_REOPENED, actor=actor, reason=reason
        )
    else:
        claim.assignee = claim.assignee or actor
        move(
            session,
            claim,
            ReviewStatus.IN_REVIEW,
            EventAction.CLAIM_REOPENED,
            actor=actor,
            reason=reason,
        )
    return claim
