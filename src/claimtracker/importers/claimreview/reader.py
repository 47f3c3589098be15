"""Reading one input: decode it, tell its kind by its content, hand it to that kind's reader.

What streams and what cannot: a file is read whole (JSON has no streaming parser in the
standard library, and the dependencies add none), but each form is let go as soon as the next
exists: the bytes once decoded (when :func:`read_path` reads them), the text once parsed, so
the bytes, the text and the parsed tree are not all held at once. The parsed tree stays while
its reviews are read, because a review may refer to any node of it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from claimtracker.errors import InvalidInput
from claimtracker.importers.claimreview.fact_check_api import is_response, read_response
from claimtracker.importers.claimreview.json_ld import SHAPE as JSON_LD
from claimtracker.importers.claimreview.json_ld import read_documents
from claimtracker.importers.claimreview.page import read_page
from claimtracker.importers.claimreview.records import ParsedFile

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["parse_bytes", "parse_text", "read_path"]

# Found without copying the text, as str.lstrip() would: \s is what lstrip() removes.
_LEADING_SPACE = re.compile(r"\s*")


def read_path(path: Path) -> ParsedFile:
    """Read one file (JSON, JSON-LD or HTML)."""
    name = str(path)
    # The bytes are an argument only: gone once decoded.
    return _parse(_decode(path.read_bytes(), name), name)


def parse_bytes(data: bytes, *, name: str) -> ParsedFile:
    """Decode UTF-8 (a byte-order mark is allowed) and parse; ``name`` labels messages."""
    return _parse(_decode(data, name), name)


def parse_text(text: str, *, name: str) -> ParsedFile:
    """Parse a document already decoded: JSON-LD, an HTML page or a Fact Check Tools response."""
    return _parse(text, name)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _parse(text: str, name: str) -> ParsedFile:
    start = _content_start(text)
    if start == len(text):
        raise InvalidInput(f"{name}: the file is empty")
    if text.startswith("<", start):
        return _require_reviews(read_page(text, name))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name}: not JSON or HTML (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    # The tree is all that is needed from here on; the text may be as large again.
    del text
    if is_response(document):
        parsed = read_response(document, name)
    else:
        parsed = ParsedFile(name, JSON_LD)
        read_documents([document], parsed, page_url=None)
    return _require_reviews(parsed)


def _content_start(text: str) -> int:
    match = _LEADING_SPACE.match(text)
    return match.end() if match else 0


def _require_reviews(parsed: ParsedFile) -> ParsedFile:
    if not parsed.records and not parsed.problems:
        raise InvalidInput(
            f"{parsed.name}: no ClaimReview found (expected ClaimReview JSON-LD, an HTML page "
            "embedding it, or a Fact Check Tools claims:search response)"
        )
    return parsed
