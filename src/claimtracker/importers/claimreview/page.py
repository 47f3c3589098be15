"""HTML pages that embed ClaimReview as ``<script type="application/ld+json">`` blocks.

Read with the standard library's parser, fed the page in one piece: a review page is small, and
only its script blocks are kept. A review without ``url`` takes the page's canonical URL (else
its ``og:url``). The blocks are read as one JSON-LD document set, so a reference in one block
finds its node in another.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from claimtracker.errors import InvalidInput
from claimtracker.formats.schema_org import Type
from claimtracker.importers.claimreview.json_ld import read_documents
from claimtracker.importers.claimreview.records import ParsedFile, Problem
from claimtracker.urls import normalise_url

__all__ = ["SHAPE", "read_page"]

SHAPE = "html"
_LD_JSON = "application/ld+json"

# Wrappers some content systems put around script bodies for very old browsers.
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$")


class _PageReader(HTMLParser):
    """Collects JSON-LD script blocks and the page's own URL (canonical link or og:url)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.canonical: str | None = None
        self.og_url: str | None = None
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "") for key, value in attrs}
        if tag == "script":
            # "application/ld+json; charset=utf-8" occurs in the wild; the media type decides.
            media_type = values.get("type", "").split(";")[0].strip().lower()
            if media_type == _LD_JSON:
                self._buffer = []
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "meta" and values.get("property", "").lower() == "og:url":
            self.og_url = self.og_url or values.get("content") or None

    def handle_data(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._buffer is not None:
            self.blocks.append("".join(self._buffer))
            self._buffer = None

    def page_url(self) -> str | None:
        """The first of the canonical link and og:url that is a valid address."""
        for candidate in (self.canonical, self.og_url):
            if candidate:
                try:
                    return normalise_url(candidate)
                except InvalidInput:
                    continue
        return None


def read_page(text: str, name: str) -> ParsedFile:
    """The reviews of an HTML page; a page without JSON-LD blocks is refused whole."""
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    if not reader.blocks:
        raise InvalidInput(f'{name}: the HTML page has no <script type="{_LD_JSON}"> block')
    parsed = ParsedFile(name, SHAPE)
    documents = _documents(reader.blocks, parsed)
    read_documents(documents, parsed, page_url=reader.page_url())
    return parsed


def _documents(blocks: list[str], parsed: ParsedFile) -> list[Any]:
    """The blocks parsed as JSON; a broken one is a problem only if it holds a review."""
    documents = []
    for number, block in enumerate(blocks, start=1):
        try:
            documents.append(json.loads(_WRAPPERS.sub("", block)))
        except json.JSONDecodeError as exc:
            # Broken blocks are common (breadcrumbs, tracking); only one that mentions a
            # ClaimReview is a review lost, and it must not hide the good ones either.
            if Type.CLAIM_REVIEW not in block:
                continue
            parsed.problems.append(
                Problem(
                    f"{parsed.name} script {number}",
                    f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg})",
                )
            )
    return documents
