"""Sentence-embedding vectors of claims, for the optional semantic matcher."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.db.base import Base, utcnow


class ClaimEmbedding(Base):
    """One claim's vector under one model: float32 values, little-endian, as bytes.

    Bytes rather than a vector type so that both backends store it the same way with nothing
    to install (no pgvector, no sqlite-vec); the matcher reads the vectors it needs into
    numpy. ``input_hash`` is the SHA-256 of the text the vector was computed from, so that a
    claim whose text changed is found and embedded again. Keyed by model as well, so that
    switching models never mixes vectors of different spaces.
    """

    __tablename__ = "claim_embedding"
    # The matcher asks for the newest vector of a model on every query, to see whether the
    # vectors it holds in memory are current: one index seek.
    __table_args__ = (Index(None, "model", "created_at"),)

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    input_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
