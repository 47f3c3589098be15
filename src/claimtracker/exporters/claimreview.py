"""Build schema.org ClaimReview JSON-LD from plain data. No database, no click.

What Google's fact-check documentation asks for, and where it comes from:

=========================  ===========  =====================================================
property                   Google       source
=========================  ===========  =====================================================
claimReviewed              required     the claim's text
reviewRating               required     a Rating: ``alternateName`` (required) and ``name``
                                        are the label's display name for our own verdicts,
                                        the publisher's wording (``original_rating``) for
                                        imported ones; ``ratingValue``, ``bestRating`` and
                                        ``worstRating`` are the publisher's own scale numbers
                                        when an imported verdict kept them, else the label's
                                        ClaimReview number and its scale's bounds (left out
                                        for labels off the numeric axis, such as
                                        *unproven*); ``ratingExplanation`` is the rationale
url                        required     the review page; see :func:`review_url`
author                     recommended  an imported review's own organisation (name, url,
                                        sameAs), never the publisher named on export; our
                                        own reviews' is that publisher, as an Organization
datePublished              recommended  when the verdict was published, as precisely as
                                        known (``2023-01-25`` is a day, not midnight UTC);
                                        left out when the publisher gave no date
dateModified               (optional)   the latest correction of the claim (``claim edit``)
                                        made after the review was published
itemReviewed               recommended  a Claim: ``author`` (the claimant, a Person or an
                                        Organization; no ``@type`` when its kind is unknown
                                        here; ``jobTitle``, the role it had when it made the
                                        claim, when known and it is not an organisation),
                                        ``datePublished`` (when it was said, as
                                        precisely as known: ``2025``, ``2025-01``,
                                        ``2025-01-27``), ``firstAppearance`` and
                                        ``appearance`` (CreativeWorks with url, name, date and
                                        the verbatim quote as a Quotation part)
=========================  ===========  =====================================================

Each review also carries ``@id`` ``urn:uuid:<verdict public id>`` and its claim
``urn:uuid:<claim public id>``: identifiers that survive a change of web address, which the
importer uses to recognise our own reviews and claims when they come back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from claimtracker.dates import ParsedDate
from claimtracker.enums import DatePrecision
from claimtracker.formats.schema_org import SCHEMA_CONTEXT, URN_UUID, Prop, Type

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from datetime import datetime

__all__ = [
    "DEFAULT_BASE_URL",
    "SCHEMA_CONTEXT",
    "PartyData",
    "ReviewData",
    "WorkData",
    "build_document",
    "claim_review",
    "document_text",
    "newest_date",
    "review_date",
    "review_url",
]

DEFAULT_BASE_URL = URN_UUID
"""Without a review page or ``--base-url``, a review's url is its ``urn:uuid:`` identifier:
valid and stable, but not a web page, so Google will not show it (see :func:`review_url`)."""


@dataclass(frozen=True)
class PartyData:
    """A claimant or a reviewing organisation."""

    name: str
    # "Person" or "Organization"; None when unknown, rather than publishing a guess.
    schema_type: str | None = Type.ORGANIZATION
    url: str | None = None
    # Other identifiers of the party (profiles, Wikidata pages): schema.org's sameAs.
    same_as: tuple[str, ...] = ()
    # A claimant's role when they made the claim (a Person's jobTitle); None when unknown.
    job_title: str | None = None


@dataclass(frozen=True)
class WorkData:
    """A work a claim appeared in."""

    url: str | None
    title: str | None
    schema_type: str = Type.CREATIVE_WORK
    published: str | None = None  # ISO 8601, cut to the precision known
    author: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class ReviewData:
    """One published verdict with what ClaimReview says about its claim."""

    review_id: str
    claim_id: str
    claim_text: str
    rating_text: str
    # None when an imported review's publisher gave no date: it stays unknown on the way out.
    published: datetime | None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    published_precision: DatePrecision = DatePrecision.INSTANT
    # Imported from another fact-checker: credited to its own author, never to the exporter.
    imported: bool = False
    explanation: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    author: PartyData | None = None
    claimant: PartyData | None = None
    claimed: str | None = None
    claim_language: str | None = None
    tags: tuple[str, ...] = ()
    first_appearance: WorkData | None = None
    appearances: tuple[WorkData, ...] = ()
    superseded_at: datetime | None = None
    # The latest correction of the claim made after the review was published: dateModified.
    modified: datetime | None = None


def iso_instant(value: datetime) -> str:
    """A UTC moment as ISO 8601 with a ``Z`` (microseconds only when there are some)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def review_date(review: ReviewData) -> str | None:
    """The review's ``datePublished``: an instant in UTC, or the day, month or year the
    publisher gave (``2023-01-25``, not ``2023-01-25T00:00:00Z``); None when unknown."""
    if review.published is None:
        return None
    if review.published_precision == DatePrecision.INSTANT:
        return iso_instant(review.published)
    return ParsedDate(review.published, review.published_precision).display()


def review_url(review: ReviewData, base_url: str = DEFAULT_BASE_URL) -> str:
    """The review's ``url``: its review page when it has one, else built from ``base_url``.

    ``base_url`` is a prefix the verdict's public id is appended to
    (``https://checks.example.org/verdicts/`` gives ``…/verdicts/<id>``), or a template with
    ``{id}`` where the id goes. Google shows only reviews whose url is a page of the
    publisher's site; the default ``urn:uuid:`` makes a valid, stable identifier instead.
    """
    if review.url:
        return review.url
    if "{id}" in base_url:
        return base_url.replace("{id}", review.review_id)
    return base_url + review.review_id


def _party(party: PartyData) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": party.schema_type} if party.schema_type else {}
    node[Prop.NAME] = party.name
    if party.url:
        node[Prop.URL] = party.url
    if party.same_as:
        node[Prop.SAME_AS] = party.same_as[0] if len(party.same_as) == 1 else list(party.same_as)
    if party.job_title:
        node[Prop.JOB_TITLE] = party.job_title
    return node


def _work(work: WorkData) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": work.schema_type}
    if work.url:
        node[Prop.URL] = work.url
    if work.title:
        node[Prop.NAME] = work.title
    if work.published:
        node[Prop.DATE_PUBLISHED] = work.published
    if work.author:
        node[Prop.AUTHOR] = {"@type": Type.PERSON, Prop.NAME: work.author}
    if work.quote:
        # The verbatim words as a part of the work: schema.org has no "quote" property, and
        # "text" would claim to be the whole work.
        node[Prop.HAS_PART] = {"@type": Type.QUOTATION, Prop.TEXT: work.quote}
    return node


def claim_review(
    review: ReviewData,
    *,
    base_url: str = DEFAULT_BASE_URL,
    publisher: PartyData | None = None,
    context: bool = True,
) -> dict[str, Any]:
    """One ClaimReview object. ``publisher`` is the author of our own reviews without one;
    an imported review keeps its own author, or has none, rather than be credited to it.

    ``context`` adds ``@context`` (Google reads only JSON-LD that declares schema.org); a
    feed's elements leave it out because the feed declares it once.
    """
    node: dict[str, Any] = {}
    if context:
        node["@context"] = SCHEMA_CONTEXT
    node.update(
        {
            "@type": Type.CLAIM_REVIEW,
            "@id": URN_UUID + review.review_id,
            Prop.URL: review_url(review, base_url),
            Prop.CLAIM_REVIEWED: review.claim_text,
        }
    )
    if review.title:
        node[Prop.NAME] = review.title
    author = review.author if review.imported else review.author or publisher
    if author is not None:
        node[Prop.AUTHOR] = _party(author)
    published = review_date(review)
    if published is not None:
        node[Prop.DATE_PUBLISHED] = published
    if review.modified is not None:
        # The claim was corrected after the review was published (`claim edit`).
        node[Prop.DATE_MODIFIED] = iso_instant(review.modified)
    if review.superseded_at is not None:
        # A corrected verdict stays in the history export, marked as no longer current.
        node[Prop.EXPIRES] = iso_instant(review.superseded_at)
    if review.language:
        node[Prop.IN_LANGUAGE] = review.language
    node[Prop.REVIEW_RATING] = _rating(review)
    node[Prop.ITEM_REVIEWED] = _claim(review)
    return node


def _rating(review: ReviewData) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "@type": Type.RATING,
        Prop.ALTERNATE_NAME: review.rating_text,
        Prop.NAME: review.rating_text,
    }
    if review.rating_value is not None:
        rating[Prop.RATING_VALUE] = _number(review.rating_value)
        if review.best_rating is not None:
            rating[Prop.BEST_RATING] = _number(review.best_rating)
        if review.worst_rating is not None:
            rating[Prop.WORST_RATING] = _number(review.worst_rating)
    if review.explanation:
        rating[Prop.RATING_EXPLANATION] = review.explanation
    return rating


def _number(value: float) -> int | float:
    # Stored as floats (a publisher may rate 2.5); 1.0 is written as the 1 it was given as.
    return int(value) if value == int(value) else value


def _claim(review: ReviewData) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": Type.CLAIM, "@id": URN_UUID + review.claim_id}
    if review.claimant is not None:
        claim[Prop.AUTHOR] = _party(review.claimant)
    if review.claimed:
        claim[Prop.DATE_PUBLISHED] = review.claimed
    if review.claim_language:
        claim[Prop.IN_LANGUAGE] = review.claim_language
    if review.tags:
        claim[Prop.KEYWORDS] = list(review.tags)
    if review.first_appearance is not None:
        claim[Prop.FIRST_APPEARANCE] = _work(review.first_appearance)
    if review.appearances:
        claim[Prop.APPEARANCE] = [_work(w) for w in review.appearances]
    return claim


def build_document(
    reviews: Sequence[ReviewData],
    *,
    feed: bool = False,
    base_url: str = DEFAULT_BASE_URL,
    publisher: PartyData | None = None,
) -> list[dict[str, Any]] | dict[str, Any]:
    """A JSON array of ClaimReview objects, or with ``feed`` one schema.org DataFeed.

    The feed's ``dateModified`` is its newest review's date (not the time of export), so
    exporting the same data twice gives the same bytes.
    """
    items = [
        claim_review(r, base_url=base_url, publisher=publisher, context=not feed) for r in reviews
    ]
    if not feed:
        return items
    document = _feed_head(publisher, newest_date(reviews))
    document[Prop.DATA_FEED_ELEMENT] = items
    return document


def newest_date(reviews: Iterable[ReviewData]) -> datetime | None:
    """The feed's ``dateModified``: the latest publication, correction or modification among
    ``reviews`` (undated reviews count by their correction or modification, if any)."""
    dates = (
        d for r in reviews for d in (r.published, r.superseded_at, r.modified) if d is not None
    )
    return max(dates, default=None)


def _feed_head(publisher: PartyData | None, newest: datetime | None) -> dict[str, Any]:
    document: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": Type.DATA_FEED}
    if publisher is not None:
        document[Prop.NAME] = f"Fact checks by {publisher.name}"
        document[Prop.AUTHOR] = _party(publisher)
    if newest is not None:
        document[Prop.DATE_MODIFIED] = iso_instant(newest)
    return document


def document_text(
    reviews: Iterable[ReviewData],
    *,
    feed: bool = False,
    base_url: str = DEFAULT_BASE_URL,
    publisher: PartyData | None = None,
    newest: datetime | None = None,
) -> Iterator[str]:
    """The JSON text of :func:`build_document`, one review at a time, then a line break.

    The same characters as ``json.dumps(build_document(…), indent=2, ensure_ascii=False)``
    (the tests compare them), without ever holding every review: an export of a whole
    database stays flat in memory. ``newest`` is the feed's ``dateModified``
    (:func:`newest_date` of the same reviews), needed before its first element.
    """
    indent = ""
    if feed:
        head = json.dumps(_feed_head(publisher, newest), indent=2, ensure_ascii=False)
        # The head always has keys, so its text ends with "\n}": reopen it for the elements.
        yield head.removesuffix("\n}") + f',\n  "{Prop.DATA_FEED_ELEMENT}": '
        indent = "  "
    inner = indent + "  "
    opening = "[\n"
    for review in reviews:
        node = claim_review(review, base_url=base_url, publisher=publisher, context=not feed)
        # json.dumps escapes line breaks inside strings: every one in its text is layout.
        text = json.dumps(node, indent=2, ensure_ascii=False).replace("\n", "\n" + inner)
        yield opening + inner + text
        opening = ",\n"
    yield "[]" if opening == "[\n" else f"\n{indent}]"
    yield "\n}\n" if feed else "\n"
