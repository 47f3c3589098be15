"""Read schema.org ClaimReview from other fact-checkers into plain records. No database, no click.

Accepted inputs, told apart by their content rather than their file name:

* JSON-LD: a single ClaimReview object, an array of them, an ``@graph`` document, a schema.org
  ``DataFeed`` (``dataFeedElement``), or any JSON-LD tree with ClaimReview nodes nested inside
  (an Article whose ``mainEntity`` is the ClaimReview). Node references (``{"@id": "#org"}``)
  are resolved within the document; property names may be compact (``claimReviewed``) or
  prefixed (``schema:claimReviewed``, ``http://schema.org/claimReviewed``).
* HTML pages with ``<script type="application/ld+json">`` blocks, read with the standard
  library's parser; a review without ``url`` takes the page's canonical URL.
* Google Fact Check Tools API ``claims:search`` responses:
  ``{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher": {"name",
  "site"}, "url", "title", "reviewDate", "textualRating", "languageCode"}]}]}``.

Everything is checked here (texts, names, URLs, dates) so that applying the records to a
database fails only on a real conflict. A file that cannot be read at all raises
:class:`~claimtracker.errors.InvalidInput`; a single bad review is returned as a
:class:`Problem` naming the file and the review's index, so the caller decides whether one bad
review stops the import.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import time
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from claimtracker.dates import ParsedDate, parse_date
from claimtracker.enums import DatePrecision, EntityKind, SourceKind
from claimtracker.errors import ClaimtrackerError, InvalidInput
from claimtracker.text import clean_text
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = [
    "ParsedFile",
    "Party",
    "Problem",
    "RatingRecord",
    "ReviewRecord",
    "WorkRecord",
    "parse_bytes",
    "parse_text",
    "read_path",
]

MAX_NAME_LENGTH = 300
MAX_TITLE_LENGTH = 2000
MAX_RATING_LENGTH = 200
MAX_EXPLANATION_LENGTH = 50_000
MAX_LANGUAGE_LENGTH = 35
MAX_TAG_LENGTH = 100

_SCHEMA_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
_UUID_URN = re.compile(r"urn:uuid:([0-9a-fA-F-]{36})")
_LD_JSON = "application/ld+json"


# -- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A claimant or a reviewing organisation, as named in the input."""

    name: str
    kind: EntityKind = EntityKind.UNKNOWN
    url: str | None = None


@dataclass(frozen=True)
class WorkRecord:
    """A work a claim appeared in (``appearance`` / ``firstAppearance``)."""

    url: str | None
    title: str | None
    kind: SourceKind = SourceKind.OTHER
    published: ParsedDate | None = None
    author: str | None = None
    quote: str | None = None
    is_first: bool = False


@dataclass(frozen=True)
class RatingRecord:
    """A review's rating: the publisher's wording, and its number on their scale if given."""

    text: str | None
    value: float | None = None
    best: float | None = None
    worst: float | None = None
    explanation: str | None = None

    def describe(self) -> str:
        """The rating as a reader would quote it: the wording, else "value/best"."""
        if self.text:
            return self.text
        best = self.best if self.best is not None else 5
        return f"{_number_text(self.value)}/{_number_text(best)}"


@dataclass(frozen=True)
class ReviewRecord:
    """One ClaimReview, flattened: the claim, who made it, where, and the verdict on it."""

    where: str
    claim_text: str
    rating: RatingRecord
    claim_id: str | None = None
    claimant: Party | None = None
    claimed: ParsedDate | None = None
    claim_language: str | None = None
    tags: tuple[str, ...] = ()
    appearances: tuple[WorkRecord, ...] = ()
    review_id: str | None = None
    review_url: str | None = None
    review_title: str | None = None
    review_language: str | None = None
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    # When the review stopped being current: our own history exports mark superseded verdicts.
    expires: ParsedDate | None = None
    publisher: Party | None = None


@dataclass(frozen=True)
class Problem:
    """A review (or a block of a page) that cannot be imported, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ParsedFile:
    """What one input file holds: its shape, the reviews read and the ones refused."""

    name: str
    shape: str
    records: list[ReviewRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _ItemError(ClaimtrackerError):
    """Internal: why one review is refused; becomes a Problem."""


# -- entry points --------------------------------------------------------------------------------


def read_path(path: Path) -> ParsedFile:
    """Read one file (JSON, JSON-LD or HTML)."""
    return parse_bytes(path.read_bytes(), name=str(path))


def parse_bytes(data: bytes, *, name: str) -> ParsedFile:
    """Decode UTF-8 (a byte-order mark is allowed) and parse; ``name`` labels messages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return parse_text(text, name=name)


def parse_text(text: str, *, name: str) -> ParsedFile:
    """Parse a document already decoded; see the module docstring for the shapes."""
    stripped = text.lstrip()
    if not stripped:
        raise InvalidInput(f"{name}: the file is empty")
    if stripped.startswith("<"):
        return _parse_html(text, name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name}: not JSON or HTML (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    if _is_fact_check_api(document):
        parsed = ParsedFile(name, "fact-check-api")
        _read_api(document, parsed)
    else:
        parsed = ParsedFile(name, "json-ld")
        _read_json_ld([document], parsed, page_url=None)
    return _require_reviews(parsed)


def _require_reviews(parsed: ParsedFile) -> ParsedFile:
    if not parsed.records and not parsed.problems:
        raise InvalidInput(
            f"{parsed.name}: no ClaimReview found (expected ClaimReview JSON-LD, an HTML page "
            "embedding it, or a Fact Check Tools claims:search response)"
        )
    return parsed


# -- HTML ----------------------------------------------------------------------------------------


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


# Wrappers some content systems put around script bodies for very old browsers.
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$")


def _parse_html(text: str, name: str) -> ParsedFile:
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    parsed = ParsedFile(name, "html")
    if not reader.blocks:
        raise InvalidInput(f'{name}: the HTML page has no <script type="{_LD_JSON}"> block')
    page_url = None
    for candidate in (reader.canonical, reader.og_url):
        if candidate:
            try:
                page_url = normalise_url(candidate)
                break
            except InvalidInput:
                continue
    documents = []
    for number, block in enumerate(reader.blocks, start=1):
        try:
            documents.append(json.loads(_WRAPPERS.sub("", block)))
        except json.JSONDecodeError as exc:
            # Broken blocks are common (breadcrumbs, tracking); only one that mentions a
            # ClaimReview is a review lost, and it must not hide the good ones either.
            if "ClaimReview" not in block:
                continue
            parsed.problems.append(
                Problem(
                    f"{name} script {number}",
                    f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg})",
                )
            )
    _read_json_ld(documents, parsed, page_url=page_url)
    return _require_reviews(parsed)


# -- JSON-LD -------------------------------------------------------------------------------------


def _read_json_ld(documents: list[Any], parsed: ParsedFile, *, page_url: str | None) -> None:
    ids: dict[str, dict[str, Any]] = {}
    for document in documents:
        _index(document, ids)
    index = 0
    for document in documents:
        for node in _find_reviews(document):
            index += 1
            where = f"{parsed.name} item {index}"
            try:
                parsed.records.append(_review(node, ids, where, page_url))
            except ClaimtrackerError as exc:
                parsed.problems.append(Problem(where, str(exc)))


def _index(value: Any, ids: dict[str, dict[str, Any]]) -> None:
    """Every node with an ``@id`` and some content, so bare references can be followed."""
    if isinstance(value, list):
        for item in value:
            _index(item, ids)
    elif isinstance(value, dict):
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 1:
            ids.setdefault(node_id, value)
        for key, item in value.items():
            if key != "@context":
                _index(item, ids)


def _find_reviews(value: Any) -> Iterator[dict[str, Any]]:
    """ClaimReview nodes in document order, at any depth (arrays, @graph, feeds, wrappers)."""
    if isinstance(value, list):
        for item in value:
            yield from _find_reviews(item)
    elif isinstance(value, dict):
        if "ClaimReview" in _types(value):
            yield value
            return
        for key, item in value.items():
            if key != "@context":
                yield from _find_reviews(item)


def _local(name: str) -> str:
    for prefix in _SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    return {_local(v) for v in values if isinstance(v, str)}


def _prop(node: dict[str, Any], name: str) -> Any:
    for key in (name, *(prefix + name for prefix in _SCHEMA_PREFIXES)):
        if key in node:
            return node[key]
    return None


def _all(value: Any) -> list[Any]:
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    values = _all(value)
    return values[0] if values else None


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(value["@id"], value)
    return value


def _scalar(value: Any) -> Any:
    value = _first(value)
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def _text(value: Any) -> str | None:
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    value = _scalar(value)
    if isinstance(value, bool):
        return None
    number: float | None = None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            # Decimal commas occur in European markup ("2,5").
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    # "NaN" and "Infinity" parse as floats but are no rating.
    return number if number is not None and math.isfinite(number) else None


def _number_text(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if value == int(value) else str(value)


def _uuid_of(value: str | None) -> str | None:
    if not value:
        return None
    match = _UUID_URN.fullmatch(value.strip())
    if match is None:
        return None
    try:
        return str(uuid.UUID(match.group(1)))
    except ValueError:
        return None


def _clean(value: str | None, what: str, max_length: int) -> str | None:
    if value is None:
        return None
    try:
        return clean_text(value, what=what, max_length=max_length)
    except InvalidInput as exc:
        raise _ItemError(str(exc)) from None


def _date(value: Any, what: str) -> ParsedDate | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return parse_date(text)
    except InvalidInput as exc:
        raise _ItemError(f"{what}: {exc}") from None


def _url(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return normalise_url(value)
    except InvalidInput as exc:
        raise _ItemError(f"{what}: {exc}") from None


def _language(value: Any, ids: dict[str, dict[str, Any]]) -> str | None:
    value = _resolve(_first(value), ids)
    if isinstance(value, dict) and "@value" not in value:
        # A schema.org Language node: its code is the alternateName ("en"), else its name.
        value = _prop(value, "alternateName") or _prop(value, "name")
    text = _text(value)
    return text[:MAX_LANGUAGE_LENGTH] if text else None


_PERSON_TYPES = {"Person", "Patient"}
_OUTLET_TYPES = {"NewsMediaOrganization"}


def _party(value: Any, ids: dict[str, dict[str, Any]], default: EntityKind) -> Party | None:
    value = _resolve(_first(value), ids)
    if isinstance(value, str):
        name = _clean(value, "author name", MAX_NAME_LENGTH) if value.strip() else None
        return Party(name, default) if name else None
    if not isinstance(value, dict):
        return None
    raw = _text(_prop(value, "name")) or _text(_prop(value, "legalName"))
    raw = raw or _text(_prop(value, "alternateName"))
    if raw is None:
        return None
    types = _types(value)
    if types & _PERSON_TYPES:
        kind = EntityKind.PERSON
    elif types & _OUTLET_TYPES:
        kind = EntityKind.OUTLET
    elif any(t.endswith("Organization") or t == "Organisation" for t in types):
        kind = EntityKind.ORGANISATION
    else:
        kind = default
    url = _text(_prop(value, "url"))
    return Party(_clean(raw, "author name", MAX_NAME_LENGTH) or raw, kind, url)


# schema.org types of the works claims appear in -> source kinds (the rest: OTHER).
_WORK_KINDS = {
    "NewsArticle": SourceKind.NEWS_ARTICLE,
    "ReportageNewsArticle": SourceKind.NEWS_ARTICLE,
    "AnalysisNewsArticle": SourceKind.NEWS_ARTICLE,
    "OpinionNewsArticle": SourceKind.NEWS_ARTICLE,
    "BackgroundNewsArticle": SourceKind.NEWS_ARTICLE,
    "SocialMediaPosting": SourceKind.SOCIAL_POST,
    "DiscussionForumPosting": SourceKind.SOCIAL_POST,
    "BlogPosting": SourceKind.SOCIAL_POST,
    "ScholarlyArticle": SourceKind.PAPER,
    "Dataset": SourceKind.DATASET,
    "VideoObject": SourceKind.VIDEO,
    "Clip": SourceKind.VIDEO,
    "ClaimReview": SourceKind.FACT_CHECK,
}


def _work(value: Any, ids: dict[str, dict[str, Any]], *, is_first: bool) -> WorkRecord | None:
    value = _resolve(value, ids)
    if isinstance(value, str):
        return WorkRecord(url=_url(value, "appearance"), title=None, is_first=is_first)
    if not isinstance(value, dict):
        return None
    raw_url = _text(_prop(value, "url"))
    node_id = value.get("@id")
    if raw_url is None and isinstance(node_id, str) and node_id.startswith(("http:", "https:")):
        raw_url = node_id
    title = _text(_prop(value, "name")) or _text(_prop(value, "headline"))
    if raw_url is None and title is None:
        return None  # nothing to find the work by: not worth a source
    kind = next(
        (_WORK_KINDS[t] for t in sorted(_types(value)) if t in _WORK_KINDS), SourceKind.OTHER
    )
    quote = None
    for part in _all(_prop(value, "hasPart")):
        part = _resolve(part, ids)
        if isinstance(part, dict) and "Quotation" in _types(part):
            quote = _text(_prop(part, "text"))
            break
    author = _party(_prop(value, "author"), ids, EntityKind.UNKNOWN)
    return WorkRecord(
        url=_url(raw_url, "appearance"),
        title=_clean(title, "appearance title", MAX_TITLE_LENGTH),
        kind=kind,
        published=_date(_prop(value, "datePublished"), "appearance datePublished"),
        author=author.name if author else None,
        quote=_clean(quote, "quote", 20_000),
        is_first=is_first,
    )


def _appearances(claim: dict[str, Any], ids: dict[str, dict[str, Any]]) -> list[WorkRecord]:
    works: list[WorkRecord] = []
    seen: set[str] = set()
    first = _work(_first(_prop(claim, "firstAppearance")), ids, is_first=True)
    others = [_work(v, ids, is_first=False) for v in _all(_prop(claim, "appearance"))]
    if not _types(claim) & {"Claim"}:
        # Older markup reviewed a CreativeWork whose url/sameAs was where the claim was made.
        for key in ("url", "sameAs"):
            others.extend(_work(v, ids, is_first=False) for v in _all(_prop(claim, key)))
    for work in [first, *others]:
        if work is None:
            continue
        key = work.url or f"title:{work.title}"
        if key in seen:
            continue  # firstAppearance is often repeated in appearance
        seen.add(key)
        works.append(work)
    return works


def _tags(value: Any) -> tuple[str, ...]:
    words: list[str] = []
    for item in _all(value):
        text = _text(item)
        if text:
            words.extend(part.strip() for part in text.split(","))
    return tuple(dict.fromkeys(w[:MAX_TAG_LENGTH] for w in words if w))


def _rating(node: dict[str, Any], ids: dict[str, dict[str, Any]]) -> RatingRecord:
    value = _resolve(_first(_prop(node, "reviewRating")), ids)
    if value is None:
        raise _ItemError("the review has no reviewRating")
    text: str | None
    if isinstance(value, str):
        text = value
        rating = RatingRecord(text=None)
    elif isinstance(value, dict):
        text = _text(_prop(value, "alternateName")) or _text(_prop(value, "name"))
        rating = RatingRecord(
            text=None,
            value=_number(_prop(value, "ratingValue")),
            best=_number(_prop(value, "bestRating")),
            worst=_number(_prop(value, "worstRating")),
            explanation=_clean(
                _text(_prop(value, "ratingExplanation")),
                "ratingExplanation",
                MAX_EXPLANATION_LENGTH,
            ),
        )
    else:
        raise _ItemError("reviewRating is neither a Rating nor a text")
    text = _clean(text, "textual rating", MAX_EXPLANATION_LENGTH) if text else None
    if text is None and rating.value is None:
        raise _ItemError("reviewRating has no alternateName, name or ratingValue")
    return RatingRecord(text, rating.value, rating.best, rating.worst, rating.explanation)


def _review(
    node: dict[str, Any], ids: dict[str, dict[str, Any]], where: str, page_url: str | None
) -> ReviewRecord:
    claim_text = _text(_prop(node, "claimReviewed"))
    if claim_text is None:
        raise _ItemError("the review has no claimReviewed (the text of the claim)")
    rating = _rating(node, ids)
    claim = _resolve(_first(_prop(node, "itemReviewed")), ids)
    claim = claim if isinstance(claim, dict) else {}

    node_id = node.get("@id") if isinstance(node.get("@id"), str) else None
    raw_url = _text(_prop(node, "url"))
    review_id = _uuid_of(node_id) or _uuid_of(raw_url)
    if raw_url is None or _uuid_of(raw_url):
        raw_url = node_id if node_id and node_id.startswith(("http:", "https:")) else None
    review_url = _url(raw_url, "url") if raw_url else page_url
    if review_url is None and review_id is None:
        raise _ItemError("the review has no url (the address of the review page)")

    claim_id = claim.get("@id") if isinstance(claim.get("@id"), str) else None
    return ReviewRecord(
        where=where,
        claim_text=_clean(claim_text, "claimReviewed", 10_000) or claim_text,
        rating=rating,
        claim_id=_uuid_of(claim_id),
        claimant=_party(_prop(claim, "author"), ids, EntityKind.UNKNOWN),
        claimed=_date(_prop(claim, "datePublished"), "itemReviewed datePublished"),
        claim_language=_language(_prop(claim, "inLanguage"), ids)
        or _language(_prop(node, "inLanguage"), ids),
        tags=_tags(_prop(claim, "keywords")),
        appearances=tuple(_appearances(claim, ids)),
        review_id=review_id,
        review_url=review_url,
        review_title=_clean(
            _text(_prop(node, "name")) or _text(_prop(node, "headline")),
            "review name",
            MAX_TITLE_LENGTH,
        ),
        review_language=_language(_prop(node, "inLanguage"), ids),
        published=_date(_prop(node, "datePublished"), "datePublished"),
        modified=_date(_prop(node, "dateModified"), "dateModified"),
        expires=_date(_prop(node, "expires"), "expires"),
        publisher=_party(_prop(node, "author"), ids, EntityKind.ORGANISATION),
    )


# -- Fact Check Tools API ------------------------------------------------------------------------


def _is_fact_check_api(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and isinstance(document.get("claims"), list)
        and "@context" not in document
        and "@type" not in document
    )


def _read_api(document: dict[str, Any], parsed: ParsedFile) -> None:
    index = 0
    for claim in document["claims"]:
        reviews = claim.get("claimReview") if isinstance(claim, dict) else None
        if not isinstance(reviews, list) or not reviews:
            index += 1
            parsed.problems.append(
                Problem(f"{parsed.name} item {index}", "the claim has no claimReview list")
            )
            continue
        for review in reviews:
            index += 1
            where = f"{parsed.name} item {index}"
            try:
                parsed.records.append(_api_review(claim, review, where))
            except ClaimtrackerError as exc:
                parsed.problems.append(Problem(where, str(exc)))


def _api_review(claim: dict[str, Any], review: Any, where: str) -> ReviewRecord:
    if not isinstance(review, dict):
        raise _ItemError("claimReview entry is not an object")
    text = _text(claim.get("text"))
    if text is None:
        raise _ItemError("the claim has no text")
    rating = _text(review.get("textualRating"))
    if rating is None:
        raise _ItemError("the review has no textualRating")
    url = _text(review.get("url"))
    if url is None:
        raise _ItemError("the review has no url")
    raw_publisher = review.get("publisher")
    publisher: dict[str, Any] = raw_publisher if isinstance(raw_publisher, dict) else {}
    publisher_name = _text(publisher.get("name")) or _text(publisher.get("site"))
    claimant = _text(claim.get("claimant"))
    language = _text(review.get("languageCode"))
    return ReviewRecord(
        where=where,
        claim_text=_clean(text, "claim text", 10_000) or text,
        rating=RatingRecord(_clean(rating, "textualRating", MAX_EXPLANATION_LENGTH)),
        claimant=Party(_clean(claimant, "claimant", MAX_NAME_LENGTH) or claimant)
        if claimant
        else None,
        claimed=_api_date(claim.get("claimDate"), "claimDate"),
        claim_language=language[:MAX_LANGUAGE_LENGTH] if language else None,
        review_url=_url(url, "url"),
        review_title=_clean(_text(review.get("title")), "review title", MAX_TITLE_LENGTH),
        review_language=language[:MAX_LANGUAGE_LENGTH] if language else None,
        published=_api_date(review.get("reviewDate"), "reviewDate"),
        publisher=Party(
            _clean(publisher_name, "publisher name", MAX_NAME_LENGTH) or publisher_name,
            EntityKind.ORGANISATION,
            _text(publisher.get("site")),
        )
        if publisher_name
        else None,
    )


def _api_date(value: Any, what: str) -> ParsedDate | None:
    """The API gives dates as timestamps at midnight UTC; those are days, not instants."""
    parsed = _date(value, what)
    if parsed is None or parsed.precision != DatePrecision.INSTANT:
        return parsed
    if parsed.value.time() == time(0) and parsed.value.tzinfo is not None:
        return ParsedDate(parsed.value, DatePrecision.DAY)
    return parsed
