"""The audit log: append-only, each event chained to the previous one by a hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.db.base import Base, enum_type, utcnow
from claimtracker.enums import RecordType


class Event(Base):
    """Who did what to which record, when and why."""

    __tablename__ = "event"
    __table_args__ = (
        Index(None, "claim_id", "id"),
        Index(None, "record_type", "record_id"),
        Index(None, "occurred_at"),
        # The distinct actors, one seek each (services/users.py; migration 0014).
        Index(None, "actor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    # PostgreSQL: the login (session_user) that wrote the event, checked by a trigger
    # (migration 0015); an actor other than it is an admin acting for that user. NULL on
    # SQLite and before 0015: unknown.
    login_role: Mapped[str | None] = mapped_column(String(63))
    # A dotted verb such as "claim.created" or "verdict.approved"; the vocabulary grows with
    # features, so it is documented rather than constrained.
    action: Mapped[str] = mapped_column(String(60))
    record_type: Mapped[RecordType] = mapped_column(enum_type(RecordType, "record_type"))
    record_id: Mapped[int | None]
    # The claim the event concerns, if any, so a claim's history is one index range.
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    # Canonical JSON of what changed.
    payload: Mapped[str | None] = mapped_column(Text)
    # Unique: two events can never claim the same predecessor, so the chain cannot fork.
    prev_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
