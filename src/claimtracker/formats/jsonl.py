"""The claimtracker JSON Lines dump format: what its writer and its reader agree on.

A dump is UTF-8 text, one JSON object per line:

1. a header: ``{"format": "claimtracker-jsonl", "version": 1, "schema_revision": "0001",
   "exported_at": "2025-01-27T10:00:00.000000Z"}`` (``exported_at`` is null when the dump is
   written without a timestamp);
2. one line per record, ``{"table": "claim", "row": {...}}``, tables in dependency order
   (a row never refers to a row further down the file, except inside its own table), each
   table in primary-key order, every column present;
3. a trailer: ``{"end": {"records": {"claim": 12, ...}}}``, the number of records of every
   table. A file cut short (a full disk, an interrupted copy) has no trailer and is refused
   instead of being restored in part. The trailer also carries the head of the audit chain,
   ``"audit_head": "72:3f9a…"`` (the count of events and the last one's hash, as
   ``claim audit head`` prints it); a restore checks the restored chain ends there.

Values: datetimes are ISO 8601 in UTC with microseconds and a ``Z``; enums are their values;
booleans are JSON booleans; numbers are JSON integers. Text stays readable (no ``\\u``
escapes) except the characters some readers take for line ends (U+0085, U+2028, U+2029). The
same database always gives the same bytes except for ``exported_at``, so two dumps can be
compared with ``diff`` or a hash.

``exporters.jsonl`` writes it, ``importers.jsonl`` reads it; ``transfer`` knows the schema.
"""

from __future__ import annotations

FORMAT_NAME = "claimtracker-jsonl"
FORMAT_VERSION = 1

# The header's fields.
FORMAT_KEY = "format"
VERSION_KEY = "version"
REVISION_KEY = "schema_revision"
EXPORTED_AT_KEY = "exported_at"
# A record line: the table and the row (column name to value).
TABLE_KEY = "table"
ROW_KEY = "row"
# The trailer: {END_KEY: {RECORDS_KEY: {table: count}}}.
END_KEY = "end"
RECORDS_KEY = "records"
# The trailer's head of the audit chain, beside RECORDS_KEY: "N:HASH".
AUDIT_HEAD_KEY = "audit_head"

__all__ = [
    "AUDIT_HEAD_KEY",
    "END_KEY",
    "EXPORTED_AT_KEY",
    "FORMAT_KEY",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "RECORDS_KEY",
    "REVISION_KEY",
    "ROW_KEY",
    "TABLE_KEY",
    "VERSION_KEY",
]
