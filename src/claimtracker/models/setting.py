"""Per-database settings (``review.approvals`` …)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.db.base import Base, utcnow


class TeamRole(Base):
    """PostgreSQL: one of this database's team roles ("editor" → its role's name); none
    until ``claim db grant`` sets a team up (services/team.py)."""

    __tablename__ = "team_role"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    role_name: Mapped[str] = mapped_column(String(63), unique=True)


class Setting(Base):
    """A key and its JSON-encoded value."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
