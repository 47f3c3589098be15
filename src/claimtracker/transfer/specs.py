"""What a restore knows of each table: how to check a record's values, and which of its
references must wait until the whole table is in.

A dump is input like any other: every value is checked against its column before it is
written, so a bad record is named by its line rather than by whatever the database (or,
on SQLite, nothing) says about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Enum, Integer, String

from claimtracker.languages import stored_language
from claimtracker.transfer.dump import is_datetime

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Column, Table

    from claimtracker.transfer.dump import Row


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 datetime string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 datetime") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone (dumps are in UTC)")
    return parsed.astimezone(UTC)


def _enum_converter(enum_class: type[Any]) -> Callable[[Any], Any]:
    members = {str(m.value): m for m in enum_class}
    allowed = ", ".join(members)

    def to_member(value: Any) -> Any:
        if not isinstance(value, str) or value not in members:
            raise ValueError(f"{value!r} is not one of {allowed}")
        return members[value]

    return to_member


def _to_bool(value: Any) -> Any:
    if value is not True and value is not False:
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _to_int(value: Any) -> Any:
    # `type(...) is` rather than isinstance: a JSON true must not pass as 1.
    if type(value) is not int:
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _string_converter(length: int | None) -> Callable[[Any], Any]:
    def to_str(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError(f"expected a string, got {type(value).__name__}")
        # PostgreSQL would refuse it too, but without naming the line; SQLite would not.
        if length is not None and len(value) > length:
            raise ValueError(f"longer than {length} characters")
        return value

    return to_str


def converter(column: Column[Any]) -> Callable[[Any], Any]:
    """A function that checks a JSON value for ``column`` and turns it into a Python value."""
    kind = column.type
    if is_datetime(column):
        return _parse_datetime
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return _enum_converter(kind.enum_class)
    if isinstance(kind, Boolean):
        return _to_bool
    if isinstance(kind, Integer):
        return _to_int
    if isinstance(kind, String) and column.name == "language":
        return _language_converter(_string_converter(kind.length))
    if isinstance(kind, String):
        return _string_converter(kind.length)
    return lambda value: value


def _language_converter(to_str: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A language code in BCP 47 canonical form when it can be, else as it was stored: a dump
    from before migration 0009, or one holding a legacy code it could not normalise, restores
    as that database held it (see claimtracker.languages)."""

    def to_language(value: Any) -> Any:
        return stored_language(to_str(value))

    return to_language


@dataclass(frozen=True)
class TableSpec:
    """What a restore needs to know about one table."""

    table: Table
    rank: int
    columns: tuple[tuple[str, Callable[[Any], Any], bool], ...]
    keys: frozenset[str]
    # Single-column foreign keys to the table itself (claim.duplicate_of_id …).
    self_refs: tuple[str, ...]
    pk: str | None

    @classmethod
    def of(cls, table: Table, rank: int) -> TableSpec:
        """The spec of ``table``, ``rank`` its place in the dependency order."""
        pk_columns = list(table.primary_key.columns)
        self_refs = tuple(
            fk.parent.name
            for fk in table.foreign_keys
            if fk.column.table is table
            and fk.constraint is not None
            and len(fk.constraint.columns) == 1
        )
        return cls(
            table=table,
            rank=rank,
            columns=tuple((c.name, converter(c), bool(c.nullable)) for c in table.columns),
            keys=frozenset(c.name for c in table.columns),
            self_refs=self_refs,
            pk=pk_columns[0].name if len(pk_columns) == 1 else None,
        )

    def convert(self, row: Row) -> Row:
        """The row with Python values; raises ValueError naming the column at fault."""
        if row.keys() != self.keys:
            missing = sorted(self.keys - row.keys())
            unknown = sorted(row.keys() - self.keys)
            parts = []
            if missing:
                parts.append("missing column " + ", ".join(missing))
            if unknown:
                parts.append(f"no column {', '.join(unknown)} in table {self.table.name}")
            raise ValueError("; ".join(parts))
        out: Row = {}
        name = ""
        try:
            for name, convert, nullable in self.columns:
                value = row[name]
                if value is not None:
                    out[name] = convert(value)
                elif nullable:
                    out[name] = None
                else:
                    raise ValueError("must not be null")
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        return out


__all__ = ["TableSpec", "converter"]
