"""Community Notes details kept beside the claim a note became."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.db.base import Base, enum_type
from claimtracker.enums import NoteClassification


class CommunityNote(Base):
    """A note from the public Community Notes data, attached to the claim it became.

    Ids are kept as digit strings: they are 19-digit numbers that must never pass through a float.
    """

    __tablename__ = "community_note"
    __table_args__ = (Index(None, "tweet_id"), Index(None, "current_status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), unique=True)
    note_id: Mapped[str] = mapped_column(String(32), unique=True)
    tweet_id: Mapped[str] = mapped_column(String(32))
    author_participant_id: Mapped[str | None] = mapped_column(String(100))
    classification: Mapped[NoteClassification] = mapped_column(
        enum_type(NoteClassification, "note_classification")
    )
    # Comma-separated reasons the author ticked (misleadingFactualError, …).
    reasons: Mapped[str | None] = mapped_column(Text)
    note_created_at: Mapped[datetime | None]
    # Free text: Community Notes adds statuses over time, and an unknown one must not be lost.
    current_status: Mapped[str | None] = mapped_column(String(60))
    status_changed_at: Mapped[datetime | None]
    helpful_count: Mapped[int] = mapped_column(default=0)
    somewhat_helpful_count: Mapped[int] = mapped_column(default=0)
    not_helpful_count: Mapped[int] = mapped_column(default=0)


class CommunityNoteStatus(Base):
    """One status a note held, as read from a noteStatusHistory file."""

    __tablename__ = "community_note_status"
    __table_args__ = (UniqueConstraint("community_note_id", "status", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_note_id: Mapped[int] = mapped_column(
        ForeignKey("community_note.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime | None]
    recorded_at: Mapped[datetime]
