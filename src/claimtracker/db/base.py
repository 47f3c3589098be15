"""The one declarative ``Base`` with its naming convention and column type helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Enum, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    import enum

    from sqlalchemy.engine import Dialect

# Deterministic constraint names make migrations reviewable and batch mode on SQLite possible.
# `column_0_N_name` (not `column_0_name`) so multi-column uniques get distinct names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends.

    SQLite has no time zone support: values are stored as naive UTC and given back aware, so
    code never compares naive and aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC datetime is required")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute as is
        datetime: UTCDateTime(),
        str: String(),
    }


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """A closed set stored by *value* as VARCHAR with a named CHECK constraint.

    Non-native on PostgreSQL too, so both backends have the same schema and adding a value is a
    constraint change rather than an ``ALTER TYPE``.
    """
    values: list[str] = [str(member.value) for member in enum_class]
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
        values_callable=lambda cls: [str(m.value) for m in cls],
        validate_strings=True,
    )


def long_text() -> Text:
    """Unbounded text (claim text, rationales, quotes)."""
    return Text()


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


__all__ = ["Base", "UTCDateTime", "enum_type", "long_text", "utcnow"]
