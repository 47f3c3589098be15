"""Entities: the people, organisations, outlets, accounts and collectives that make claims."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.db.base import Base, enum_type, utcnow
from claimtracker.enums import EntityKind


class Entity(Base):
    """A claimant, publisher or author. ``name_key`` is the accent- and case-folded name."""

    __tablename__ = "entity"
    # Portable on both backends; the service checks the full Q-number format.
    __table_args__ = (CheckConstraint("wikidata_id LIKE 'Q%'", name="wikidata_id_format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[EntityKind] = mapped_column(
        enum_type(EntityKind, "entity_kind"), default=EntityKind.UNKNOWN
    )
    role: Mapped[str | None] = mapped_column(String(300))
    wikidata_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    # Where the entity says who it is: its own site, and the other identifiers of schema.org's
    # sameAs (profiles, Wikidata pages) as a JSON array of URLs, as publishers give them.
    url: Mapped[str | None] = mapped_column(String(2048))
    same_as: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="EntityAlias.id"
    )


class EntityAlias(Base):
    """Another name an entity is known by (a handle, a spelling, a merged duplicate's name)."""

    __tablename__ = "entity_alias"
    __table_args__ = (
        UniqueConstraint("entity_id", "alias_key"),
        Index(None, "alias_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    alias_key: Mapped[str] = mapped_column(String(300))

    entity: Mapped[Entity] = relationship(back_populates="aliases")
