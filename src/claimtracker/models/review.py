"""Rating scales, verdicts and their approvals: the outcome of the review workflow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.db.base import Base, enum_type, utcnow
from claimtracker.enums import DatePrecision, Normalised, VerdictOrigin, VerdictState
from claimtracker.models.claim import Claim, Evidence
from claimtracker.models.entity import Entity
from claimtracker.models.source import Source


class RatingScale(Base):
    """An ordered set of rating labels; ``best_value``/``worst_value`` bound ClaimReview numbers."""

    __tablename__ = "rating_scale"
    __table_args__ = (
        CheckConstraint("best_value > worst_value", name="best_above_worst"),
        # At most one scale is the default one: uq_rating_scale_default, a partial index
        # made by the migrations only (claimtracker.db.partial).
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    best_value: Mapped[int]
    worst_value: Mapped[int]
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())

    labels: Mapped[list[RatingLabel]] = relationship(
        back_populates="scale", order_by="RatingLabel.position"
    )


class RatingLabel(Base):
    """One label of a scale, its place in the order and its mappings."""

    __tablename__ = "rating_label"
    __table_args__ = (
        UniqueConstraint("scale_id", "label"),
        UniqueConstraint("scale_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scale.id", ondelete="CASCADE"))
    # The slug typed on the command line ("mostly-false").
    label: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    # None for labels outside the numeric scale (opinion, unproven).
    claimreview_value: Mapped[int | None]
    normalised: Mapped[Normalised] = mapped_column(enum_type(Normalised, "normalised"))
    description: Mapped[str | None] = mapped_column(Text)

    scale: Mapped[RatingScale] = relationship(back_populates="labels")


class RatingAlias(Base):
    """A textual rating used elsewhere ("Pants on Fire", "Faux") and the label it maps to."""

    __tablename__ = "rating_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias_key: Mapped[str] = mapped_column(String(200), unique=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("rating_label.id", ondelete="CASCADE"))


class Verdict(Base):
    """A rating with rationale and evidence. Never edited: a correction supersedes it."""

    __tablename__ = "verdict"
    __table_args__ = (
        CheckConstraint("supersedes_id <> id", name="not_superseding_itself"),
        # Only a published verdict has a publication date, and every published verdict has
        # one, except a review imported from a publisher that gave none (migration 0008):
        # an unknown date stays unknown, never the time of the import.
        CheckConstraint("state = 'published' OR published_at IS NULL", name="published_at_set"),
        CheckConstraint(
            "state <> 'published' OR published_at IS NOT NULL OR origin = 'imported'",
            name="dated_unless_imported",
        ),
        CheckConstraint(
            "(published_at IS NULL) = (published_precision IS NULL)", name="published_precision"
        ),
        Index(None, "claim_id", "state", "published_at"),
        # A published verdict is corrected by at most one published verdict (proposals that
        # were sent back may have aimed at the same one): uq_verdict_published_correction, a
        # partial index made by the migrations only (claimtracker.db.partial).
        Index(None, "label_id"),
        Index(None, "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("rating_label.id"))
    # For verdicts imported from other fact-checkers: the rating as the publisher worded it
    # (kept on every imported verdict, even when it is a label's name), and the numbers of the
    # publisher's own scale (ratingValue, bestRating, worstRating) when it gave them.
    original_rating: Mapped[str | None] = mapped_column(String(200))
    original_value: Mapped[float | None] = mapped_column(Float)
    original_best: Mapped[float | None] = mapped_column(Float)
    original_worst: Mapped[float | None] = mapped_column(Float)
    rationale: Mapped[str] = mapped_column(Text)
    state: Mapped[VerdictState] = mapped_column(
        enum_type(VerdictState, "verdict_state"), default=VerdictState.PROPOSED
    )
    author: Mapped[str] = mapped_column(String(100))
    # PostgreSQL: the login that wrote the verdict (see Event.login_role).
    login_role: Mapped[str | None] = mapped_column(String(63))
    # Reviewed here (the workflow) or imported: reports of our own reviewing count the first.
    origin: Mapped[VerdictOrigin] = mapped_column(
        enum_type(VerdictOrigin, "verdict_origin"),
        default=VerdictOrigin.WORKFLOW,
        server_default=VerdictOrigin.WORKFLOW.value,
    )
    # The reviewing organisation, and the page where the review was published (imports).
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    review_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # How much of published_at the publisher gave ("2023-01-25" is a day); an instant for ours.
    published_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_type(DatePrecision, "published_precision_value")
    )
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("verdict.id"))
    supersede_reason: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship()
    label: Mapped[RatingLabel] = relationship()
    publisher: Mapped[Entity | None] = relationship()
    review_source: Mapped[Source | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(secondary="verdict_evidence")
    approvals: Mapped[list[VerdictApproval]] = relationship(
        back_populates="verdict", order_by="VerdictApproval.id"
    )


class VerdictEvidence(Base):
    """The evidence a verdict rests on."""

    __tablename__ = "verdict_evidence"
    __table_args__ = (Index(None, "evidence_id"),)

    verdict_id: Mapped[int] = mapped_column(
        ForeignKey("verdict.id", ondelete="CASCADE"), primary_key=True
    )
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)


class VerdictApproval(Base):
    """One person's approval of a proposed verdict; one per person per verdict."""

    __tablename__ = "verdict_approval"
    __table_args__ = (UniqueConstraint("verdict_id", "approver"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdict.id", ondelete="CASCADE"))
    approver: Mapped[str] = mapped_column(String(100))
    # PostgreSQL: the login that approved (see Event.login_role).
    login_role: Mapped[str | None] = mapped_column(String(63))
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)

    verdict: Mapped[Verdict] = relationship(back_populates="approvals")
