"""Google Fact Check Tools API ``claims:search`` responses: ClaimReview flattened by Google.

``{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher": {"name", "site"},
"url", "title", "reviewDate", "textualRating", "languageCode"}]}]}``: the API's own field names,
not schema.org's, so none of the JSON-LD vocabulary applies. Each review of each claim is one
record, numbered in order; a claim without reviews is one problem.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from claimtracker.dates import ParsedDate
from claimtracker.enums import DatePrecision, EntityKind
from claimtracker.errors import ClaimtrackerError, InvalidReview
from claimtracker.formats.schema_org import (
    MAX_EXPLANATION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TITLE_LENGTH,
)
from claimtracker.importers.claimreview.checks import checked_date, checked_text, checked_url
from claimtracker.importers.claimreview.nodes import text_value
from claimtracker.importers.claimreview.parties import host_name
from claimtracker.importers.claimreview.records import (
    ParsedFile,
    Party,
    Problem,
    RatingRecord,
    ReviewRecord,
)
from claimtracker.languages import normalise_language
from claimtracker.text import MAX_CLAIM_LENGTH

__all__ = ["SHAPE", "is_response", "read_response"]

SHAPE = "fact-check-api"


def is_response(document: Any) -> bool:
    """Whether a parsed JSON document is such a response rather than JSON-LD."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("claims"), list)
        and "@context" not in document
        and "@type" not in document
    )


def read_response(document: dict[str, Any], name: str) -> ParsedFile:
    """The reviews of a response (see :func:`is_response`); ``name`` labels messages."""
    parsed = ParsedFile(name, SHAPE)
    # The API pages its results: the rest of the answer is only one request away, so the
    # caller says so rather than let a page pass for the whole result.
    parsed.next_page_token = text_value(document.get("nextPageToken"))
    index = 0
    for claim in document["claims"]:
        reviews = claim.get("claimReview") if isinstance(claim, dict) else None
        if not isinstance(reviews, list) or not reviews:
            index += 1
            parsed.problems.append(
                Problem(f"{name} item {index}", "the claim has no claimReview list")
            )
            continue
        for review in reviews:
            index += 1
            where = f"{name} item {index}"
            try:
                parsed.records.append(_review(claim, review, where))
            except ClaimtrackerError as exc:
                parsed.problems.append(Problem(where, str(exc)))
    return parsed


def _review(claim: dict[str, Any], review: Any, where: str) -> ReviewRecord:
    if not isinstance(review, dict):
        raise InvalidReview("claimReview entry is not an object")
    text = text_value(claim.get("text"))
    if text is None:
        raise InvalidReview("the claim has no text")
    rating = text_value(review.get("textualRating"))
    if rating is None:
        raise InvalidReview("the review has no textualRating")
    url = text_value(review.get("url"))
    if url is None:
        raise InvalidReview("the review has no url")
    language = text_value(review.get("languageCode"))
    language = normalise_language(language, what="languageCode") if language else None
    return ReviewRecord(
        where=where,
        claim_text=checked_text(text, "claim text", MAX_CLAIM_LENGTH) or text,
        rating=RatingRecord(checked_text(rating, "textualRating", MAX_EXPLANATION_LENGTH)),
        claimant=_claimant(claim),
        claimed=_date(claim.get("claimDate"), "claimDate"),
        claim_language=language,
        review_url=checked_url(url, "url"),
        review_title=checked_text(
            text_value(review.get("title")), "review title", MAX_TITLE_LENGTH
        ),
        review_language=language,
        published=_date(review.get("reviewDate"), "reviewDate"),
        publisher=_publisher(review),
    )


def _claimant(claim: dict[str, Any]) -> Party | None:
    name = text_value(claim.get("claimant"))
    if not name:
        return None
    return Party(checked_text(name, "claimant", MAX_NAME_LENGTH) or name)


def _publisher(review: dict[str, Any]) -> Party | None:
    raw = review.get("publisher")
    publisher: dict[str, Any] = raw if isinstance(raw, dict) else {}
    # "site" is a host ("politifact.com"), not an address: it names the publisher when the
    # API gives no name, and is not stored as its url.
    given = text_value(publisher.get("name"))
    name = given or text_value(publisher.get("site"))
    if not name:
        host = host_name(text_value(review.get("url")))
        return Party(host, EntityKind.ORGANISATION, named=False) if host else None
    return Party(
        checked_text(name, "publisher name", MAX_NAME_LENGTH) or name,
        EntityKind.ORGANISATION,
        named=given is not None,
    )


def _date(value: Any, what: str) -> ParsedDate | None:
    """The API gives dates as timestamps at midnight UTC; those are days, not instants."""
    parsed = checked_date(value, what)
    if parsed is None or parsed.precision != DatePrecision.INSTANT:
        return parsed
    if parsed.value.time() == time(0) and parsed.value.tzinfo is not None:
        return ParsedDate(parsed.value, DatePrecision.DAY)
    return parsed
