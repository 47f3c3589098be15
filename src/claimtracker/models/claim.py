"""Claims and what hangs directly off them: tags, appearances, evidence and claim links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.db.base import Base, enum_type, utcnow
from claimtracker.enums import (
    ClaimKind,
    DatePrecision,
    DismissalReason,
    LinkType,
    ReviewStatus,
    Stance,
)
from claimtracker.models.entity import Entity
from claimtracker.models.source import Source

# Written out so that SQLite can match it against the partial indexes' WHERE clause (the same
# text as in claimtracker.db.partial and migration 0004).
OPEN_FILTER = "status IN ('new', 'in_review', 'pending_approval')"


class Claim(Base):
    """One assertion, as stated, in its language. A rebuttal is also a claim."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(
            "(claimed_at IS NULL) = (claimed_precision IS NULL)", name="claimed_precision"
        ),
        CheckConstraint(
            "(status = 'dismissed') = (dismissal_reason IS NOT NULL)", name="dismissal_reason"
        ),
        CheckConstraint("duplicate_of_id <> id", name="not_duplicate_of_itself"),
        # Retracted: when, by whom and why, all three or none (migration 0012).
        CheckConstraint(
            "(retracted_at IS NULL) = (retracted_by IS NULL) "
            "AND (retracted_at IS NULL) = (retraction_reason IS NULL)",
            name="retraction",
        ),
        # The review queue reads open claims oldest first.
        Index(None, "status", "created_at"),
        Index(None, "assignee", "status"),
        Index(None, "claimant_id"),
        Index(None, "text_hash"),
        Index(None, "created_at"),
        Index(None, "claimed_at"),
        # Open claims in queue order: partial indexes, made by migration 0004 only (see
        # claimtracker.db.partial for why the models do not declare them).
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the normalised text: exact-duplicate lookups without indexing long text.
    text_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(35))
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    # The claimant's role when they made the claim ("CEO of Curai"); None when unknown. The
    # entity's own role is its current one (migration 0011).
    claimant_role: Mapped[str | None] = mapped_column(String(300))
    claimed_at: Mapped[datetime | None]
    # True when the language was not given but read off the text's script (Telugu, Greek…).
    language_inferred: Mapped[bool] = mapped_column(default=False, server_default=false())
    claimed_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_type(DatePrecision, "claimed_precision_value")
    )
    kind: Mapped[ClaimKind] = mapped_column(
        enum_type(ClaimKind, "claim_kind"), default=ClaimKind.FACTUAL
    )
    status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus, "review_status"), default=ReviewStatus.NEW
    )
    assignee: Mapped[str | None] = mapped_column(String(100))
    dismissal_reason: Mapped[DismissalReason | None] = mapped_column(
        enum_type(DismissalReason, "dismissal_reason_value")
    )
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
    # A claim captured by mistake is retracted: hidden from every listing, search, queue,
    # report and export, kept with its history (services/retraction.py). Retracted claims
    # are few: ix_claim_retracted, a partial index made by migration 0012 only.
    retracted_at: Mapped[datetime | None]
    retracted_by: Mapped[str | None] = mapped_column(String(100))
    retraction_reason: Mapped[str | None] = mapped_column(Text)

    claimant: Mapped[Entity | None] = relationship()
    tags: Mapped[list[ClaimTag]] = relationship(
        cascade="all, delete-orphan", order_by="ClaimTag.tag"
    )
    appearances: Mapped[list[Appearance]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Appearance.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class ClaimTag(Base):
    """A free-form label on a claim ("ai", "deepseek")."""

    __tablename__ = "claim_tag"
    __table_args__ = (Index(None, "tag"),)

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)


class Appearance(Base):
    """Where a claim was made or repeated, with the verbatim quote."""

    __tablename__ = "appearance"
    __table_args__ = (
        UniqueConstraint("claim_id", "source_id"),
        CheckConstraint(
            "(appeared_at IS NULL) = (appeared_precision IS NULL)", name="appeared_precision"
        ),
        Index(None, "source_id"),
        # At most one first appearance per claim: uq_appearance_first_per_claim, a partial
        # index made by the migrations only (claimtracker.db.partial).
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    quote: Mapped[str | None] = mapped_column(Text)
    is_first: Mapped[bool] = mapped_column(default=False, server_default=false())
    appeared_at: Mapped[datetime | None]
    appeared_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_type(DatePrecision, "appeared_precision_value")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    claim: Mapped[Claim] = relationship(back_populates="appearances")
    source: Mapped[Source] = relationship()


class Evidence(Base):
    """A source used to check a claim, with its stance: one passage of it (a quote and where
    it is) or the whole source. A claim may cite several passages of one source."""

    __tablename__ = "evidence"
    __table_args__ = (
        # A claim's evidence, and the look-up of an exact repeat (services.evidence).
        Index(None, "claim_id", "source_id"),
        Index(None, "source_id"),
        # A bare citation (no quote, no locator) once per claim, source and stance:
        # uq_evidence_bare_citation, a partial index made by migration 0013 only
        # (claimtracker.db.partial).
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    stance: Mapped[Stance] = mapped_column(enum_type(Stance, "stance"))
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    # Where in the source the passage is: "p. 12", "§3.2", "#training-costs", "line 40".
    locator: Mapped[str | None] = mapped_column(String(200))

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    source: Mapped[Source] = relationship()


class ClaimLink(Base):
    """A typed, directed relation: ``from_claim`` *rebuts* (supports, …) ``to_claim``."""

    __tablename__ = "claim_link"
    __table_args__ = (
        UniqueConstraint("from_claim_id", "to_claim_id", "link_type"),
        CheckConstraint("from_claim_id <> to_claim_id", name="no_self_link"),
        # Lookups by the claim answered, in the rebuttal map's order (migration 0007).
        Index(None, "to_claim_id", "link_type", "from_claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    to_claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    link_type: Mapped[LinkType] = mapped_column(enum_type(LinkType, "link_type"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    from_claim: Mapped[Claim] = relationship(foreign_keys=[from_claim_id])
    to_claim: Mapped[Claim] = relationship(foreign_keys=[to_claim_id])


class ClaimSearch(Base):
    """The text a claim is found by: its words, its quotes and the headlines of its reviews.

    Folded (lower case, no accents) so both backends search accent-insensitively. Full-text
    indexes over it are backend-specific and live in the migration: an FTS5 table on SQLite,
    a generated tsvector column with a GIN index on PostgreSQL.
    """

    __tablename__ = "claim_search"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str] = mapped_column(Text)
