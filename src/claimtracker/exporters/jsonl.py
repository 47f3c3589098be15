"""The claimtracker JSON Lines dump format, written side. No database, no click.

The format (header, records, trailer) and the names it uses are described in
:mod:`claimtracker.formats.jsonl`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from claimtracker.formats.jsonl import (
    AUDIT_HEAD_KEY,
    END_KEY,
    EXPORTED_AT_KEY,
    FORMAT_KEY,
    FORMAT_NAME,
    FORMAT_VERSION,
    RECORDS_KEY,
    REVISION_KEY,
    ROW_KEY,
    TABLE_KEY,
    VERSION_KEY,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

# Compact and stable: no spaces, non-ASCII text kept readable. Keys keep the order they are
# given (the table's column order), which is stable for one schema revision.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
# Characters that JSON allows raw inside strings but that Python's str.splitlines() (and older
# JavaScript) treat as line ends: escaped, so every tool sees one record per line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _finish(encoded: str) -> str:
    for char, escape in _LINE_BREAKS.items():
        if char in encoded:
            encoded = encoded.replace(char, escape)
    return encoded + "\n"


def _encode(value: dict[str, Any]) -> str:
    return _finish(_ENCODER.encode(value))


def format_datetime(value: datetime) -> str:
    """``value`` as ISO 8601 in UTC with microseconds: ``2025-01-27T10:00:00.000000Z``."""
    if value.tzinfo is None:
        # The database layer always gives back aware datetimes; a naive one would be ambiguous.
        raise ValueError("naive datetime cannot be written to a dump")
    if value.utcoffset():
        value = value.astimezone(UTC)
    # isoformat is C code and several times faster than strftime; it ends in "+00:00" here.
    return value.isoformat(timespec="microseconds")[:-6] + "Z"


def encode_value(value: Any) -> Any:
    """One column value as the dump writes it (datetimes and enums become strings)."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _enum_value(value: Enum) -> Any:
    return value.value


class TableWriter:
    """Writes the record lines of one table, each column's conversion chosen once.

    ``columns`` names the columns in order with their kind: ``"datetime"``, ``"enum"``,
    ``"plain"`` (strings, numbers, booleans, null: written as they are) or a function that
    turns a non-null value into what is written. A dump of a million
    rows spends most of its time here, so the per-value type tests of :func:`record_line`
    are replaced by a list of the positions that need converting.
    """

    def __init__(
        self, table: str, columns: Sequence[tuple[str, str | Callable[[Any], Any]]]
    ) -> None:
        self.table = table
        self._names = [name for name, _kind in columns]
        # `{"table":"claim","row":`: each line is this, the row's object and a closing brace.
        key = _ENCODER.encode
        self._prefix = "{" + key(TABLE_KEY) + ":" + key(table) + "," + key(ROW_KEY) + ":"
        converters: dict[str, Callable[[Any], Any]] = {
            "datetime": format_datetime,
            "enum": _enum_value,
        }
        self._convert = [
            (position, kind if callable(kind) else converters[kind])
            for position, (_name, kind) in enumerate(columns)
            if callable(kind) or kind in converters
        ]

    def line(self, values: Sequence[Any]) -> str:
        """The record line for one row given as values in column order, newline included."""
        row = list(values)
        for position, convert in self._convert:
            value = row[position]
            if value is not None:
                row[position] = convert(value)
        return _finish(
            self._prefix + _ENCODER.encode(dict(zip(self._names, row, strict=True))) + "}"
        )


def header(schema_revision: str, exported_at: datetime | None) -> dict[str, Any]:
    """The header object of a dump of a database at ``schema_revision``."""
    return {
        FORMAT_KEY: FORMAT_NAME,
        VERSION_KEY: FORMAT_VERSION,
        REVISION_KEY: schema_revision,
        EXPORTED_AT_KEY: None if exported_at is None else format_datetime(exported_at),
    }


def header_line(schema_revision: str, exported_at: datetime | None) -> str:
    """The header line, newline included."""
    return _encode(header(schema_revision, exported_at))


def record_line(table: str, row: Mapping[str, Any]) -> str:
    """One record line, newline included; ``row`` maps column names to database values."""
    encoded = {name: encode_value(value) for name, value in row.items()}
    return _encode({TABLE_KEY: table, ROW_KEY: encoded})


def trailer_line(counts: Mapping[str, int], audit_head: str | None = None) -> str:
    """The closing line: how many records of each table the dump holds (and the audit
    chain's head, ``N:HASH``, when given)."""
    end: dict[str, Any] = {RECORDS_KEY: dict(counts)}
    if audit_head is not None:
        end[AUDIT_HEAD_KEY] = audit_head
    return _encode({END_KEY: end})


__all__ = [
    "TableWriter",
    "encode_value",
    "format_datetime",
    "header",
    "header_line",
    "record_line",
    "trailer_line",
]
