"""Sources: documents where claims appear and against which they are checked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.db.base import Base, enum_type, utcnow
from claimtracker.enums import DatePrecision, SourceKind
from claimtracker.models.entity import Entity


class Source(Base):
    """A document, with or without a URL. ``url`` is normalised and unique when present."""

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(
            "(published_at IS NULL) = (published_precision IS NULL)", name="published_precision"
        ),
        CheckConstraint("url IS NOT NULL OR title IS NOT NULL", name="url_or_title"),
        Index(None, "publisher_id"),
        Index(None, "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    kind: Mapped[SourceKind] = mapped_column(
        enum_type(SourceKind, "source_kind"), default=SourceKind.OTHER
    )
    language: Mapped[str | None] = mapped_column(String(35))
    published_at: Mapped[datetime | None]
    published_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_type(DatePrecision, "published_precision_value")
    )
    retrieved_at: Mapped[datetime | None]
    archive_url: Mapped[str | None] = mapped_column(String(2048))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    publisher: Mapped[Entity | None] = relationship(foreign_keys=[publisher_id])
    author: Mapped[Entity | None] = relationship(foreign_keys=[author_id])
