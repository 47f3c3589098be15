"""The claimtracker JSON Lines dump format, reading side. No database, no click.

The format is described in :mod:`claimtracker.formats.jsonl`. This module checks what can be
checked without a schema: every line is a JSON object of the right shape, the header comes
first and names this format and version, and the trailer closes the file with the number of
records of each table. Column names, types and table order are checked by the restore, which
knows the schema (``transfer.restore``); it reports its findings with the same ``FILE:LINE``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtracker.errors import DumpFormatError
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
    from collections.abc import Iterable, Iterator


@dataclass(frozen=True)
class DumpHeader:
    """What the first line of a dump says."""

    version: int
    schema_revision: str
    exported_at: str | None


@dataclass(frozen=True)
class DumpRecord:
    """One row of one table, with the line it was read from (for error messages)."""

    line: int
    table: str
    row: dict[str, Any]


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON, and no column of the schema could hold them.
    raise ValueError(f"{name} is not valid JSON")


# One decoder for every line: json.loads with options builds a new one per call, which shows
# when a dump has millions of lines.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _parse(raw: bytes, name: str, line: int) -> dict[str, Any]:
    try:
        value = _DECODER.decode(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DumpFormatError(name, line, f"not UTF-8 (byte {exc.start + 1})") from None
    except ValueError as exc:  # JSONDecodeError is a ValueError
        raise DumpFormatError(name, line, f"not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise DumpFormatError(name, line, f"expected a JSON object, got {type(value).__name__}")
    return value


def _header(value: dict[str, Any], name: str) -> DumpHeader:
    if value.get(FORMAT_KEY) != FORMAT_NAME:
        raise DumpFormatError(
            name, 1, f"not a claimtracker dump (the first line must be a {FORMAT_NAME} header)"
        )
    version = value.get(VERSION_KEY)
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise DumpFormatError(
            name,
            1,
            f"dump format version {version!r} is not supported (this claimtracker reads "
            f"version {FORMAT_VERSION})",
        )
    revision = value.get(REVISION_KEY)
    if not isinstance(revision, str) or not revision:
        raise DumpFormatError(name, 1, "the header has no schema_revision")
    exported_at = value.get(EXPORTED_AT_KEY)
    if exported_at is not None and not isinstance(exported_at, str):
        raise DumpFormatError(name, 1, "exported_at must be a string or null")
    return DumpHeader(version=version, schema_revision=revision, exported_at=exported_at)


def _trailer_counts(value: dict[str, Any], name: str, line: int) -> dict[str, int]:
    end = value[END_KEY]
    records = end.get(RECORDS_KEY) if isinstance(end, dict) else None
    if not isinstance(records, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in records.items()
    ):
        raise DumpFormatError(name, line, 'the trailer must be {"end": {"records": {TABLE: N}}}')
    return records


def _trailer_head(value: dict[str, Any], name: str, line: int) -> str | None:
    head = value[END_KEY].get(AUDIT_HEAD_KEY)
    if head is not None and not isinstance(head, str):
        raise DumpFormatError(name, line, f"the trailer's {AUDIT_HEAD_KEY} must be a string")
    return head


class DumpReader:
    """Reads a dump line by line: the header at once, then records lazily.

    ``lines`` are raw lines (bytes, as iterating over a file opened in binary mode gives
    them): only ``\\n`` ends a line, so a U+2028 inside a string never splits a record.
    """

    def __init__(self, lines: Iterable[bytes], name: str) -> None:
        self.name = name
        self._lines = iter(lines)
        self._line = 0
        self.header = self._read_header()
        # Known once records() has read the trailer: its line and its audit head (None in a
        # dump written before trailers carried one).
        self.trailer_line = 0
        self.audit_head: str | None = None

    def _read_header(self) -> DumpHeader:
        first = next(self._lines, None)
        self._line = 1
        if first is None or not first.strip():
            raise DumpFormatError(self.name, 1, "empty file, expected a claimtracker dump header")
        return _header(_parse(first, self.name, 1), self.name)

    @property
    def line(self) -> int:
        """The number of the last line read."""
        return self._line

    def records(self) -> Iterator[DumpRecord]:
        """Every record after the header, checked against the trailer at the end.

        Raises :class:`DumpFormatError` on the first bad line, when anything follows the
        trailer, when the trailer is missing (a truncated file) or when its counts differ from
        what was read.
        """
        name = self.name
        counts: dict[str, int] = {}
        expected: dict[str, int] | None = None
        end_line = 0
        for raw in self._lines:
            self._line += 1
            line = self._line
            if expected is not None:
                if raw.strip():
                    raise DumpFormatError(name, line, "text after the end of the dump")
                continue
            if not raw.strip():
                raise DumpFormatError(name, line, "empty line")
            value = _parse(raw, name, line)
            if END_KEY in value and len(value) == 1:
                expected = _trailer_counts(value, name, line)
                self.audit_head = _trailer_head(value, name, line)
                self.trailer_line = end_line = line
                continue
            table, row = value.get(TABLE_KEY), value.get(ROW_KEY)
            if len(value) != 2 or not isinstance(table, str) or not isinstance(row, dict):
                raise DumpFormatError(
                    name, line, 'expected {"table": NAME, "row": {COLUMN: VALUE, ...}}'
                )
            counts[table] = counts.get(table, 0) + 1
            yield DumpRecord(line, table, row)
        if expected is None:
            raise DumpFormatError(
                name, self._line, "the dump ends without its trailer line (truncated file?)"
            )
        found = {table: n for table, n in counts.items() if n}
        wanted = {table: n for table, n in expected.items() if n}
        if found != wanted:
            differences = ", ".join(
                f"{table} {found.get(table, 0)} of {wanted.get(table, 0)}"
                for table in sorted(found.keys() | wanted.keys())
                if found.get(table, 0) != wanted.get(table, 0)
            )
            raise DumpFormatError(
                name, end_line, f"records read differ from the trailer's counts: {differences}"
            )


__all__ = ["DumpFormatError", "DumpHeader", "DumpReader", "DumpRecord"]
