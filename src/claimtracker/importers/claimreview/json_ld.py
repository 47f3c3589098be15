"""ClaimReview in JSON-LD: the reviews of parsed documents, wherever in them they are.

A document is a single ClaimReview object, an array of them, an ``@graph`` document, a
schema.org ``DataFeed`` (``dataFeedElement``), or any JSON-LD tree with ClaimReview nodes nested
inside (an Article whose ``mainEntity`` is the ClaimReview). Node references
(``{"@id": "#org"}``) are followed within the documents read together (an HTML page's blocks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimtracker.enums import EntityKind
from claimtracker.errors import ClaimtrackerError, InvalidReview
from claimtracker.formats.schema_org import (
    MAX_EXPLANATION_LENGTH,
    MAX_TITLE_LENGTH,
    Prop,
    Type,
    source_kind,
)
from claimtracker.importers.claimreview.checks import checked_date, checked_text, checked_url
from claimtracker.importers.claimreview.nodes import (
    find_reviews,
    first,
    index_nodes,
    number_value,
    prop,
    resolve,
    text_value,
    types_of,
    uuid_of,
    values,
)
from claimtracker.importers.claimreview.parties import party, reviewer
from claimtracker.importers.claimreview.records import (
    Problem,
    RatingRecord,
    ReviewRecord,
    WorkRecord,
)
from claimtracker.languages import is_language_code, normalise_language
from claimtracker.text import MAX_CLAIM_LENGTH, MAX_QUOTE_LENGTH, MAX_TAG_LENGTH

if TYPE_CHECKING:
    from claimtracker.importers.claimreview.nodes import Ids
    from claimtracker.importers.claimreview.records import ParsedFile

__all__ = ["SHAPE", "read_documents"]

SHAPE = "json-ld"
_WEB = ("http:", "https:")


def read_documents(documents: list[Any], parsed: ParsedFile, *, page_url: str | None) -> None:
    """Add the reviews of ``documents`` to ``parsed``, numbered across them in order.

    ``page_url`` is the address of the page they were embedded in: a review without ``url``
    takes it.
    """
    ids: Ids = {}
    for document in documents:
        index_nodes(document, ids)
    index = 0
    for document in documents:
        for node in find_reviews(document):
            index += 1
            where = f"{parsed.name} item {index}"
            try:
                parsed.records.append(_review(node, ids, where, page_url))
            except ClaimtrackerError as exc:
                parsed.problems.append(Problem(where, str(exc)))


def _review(node: dict[str, Any], ids: Ids, where: str, page_url: str | None) -> ReviewRecord:
    claim_text = text_value(prop(node, Prop.CLAIM_REVIEWED))
    if claim_text is None:
        raise InvalidReview("the review has no claimReviewed (the text of the claim)")
    rating = _rating(node, ids)
    claim = resolve(first(prop(node, Prop.ITEM_REVIEWED)), ids)
    claim = claim if isinstance(claim, dict) else {}

    node_id = node.get("@id") if isinstance(node.get("@id"), str) else None
    raw_url = text_value(prop(node, Prop.URL))
    review_id = uuid_of(node_id) or uuid_of(raw_url)
    if raw_url is None or uuid_of(raw_url):
        raw_url = node_id if node_id and node_id.startswith(_WEB) else None
    review_url = checked_url(raw_url, "url") if raw_url else page_url
    if review_url is None and review_id is None:
        raise InvalidReview("the review has no url (the address of the review page)")

    claim_id = claim.get("@id") if isinstance(claim.get("@id"), str) else None
    return ReviewRecord(
        where=where,
        claim_text=checked_text(claim_text, "claimReviewed", MAX_CLAIM_LENGTH) or claim_text,
        rating=rating,
        claim_id=uuid_of(claim_id),
        claimant=party(prop(claim, Prop.AUTHOR), ids, EntityKind.UNKNOWN),
        claimed=checked_date(prop(claim, Prop.DATE_PUBLISHED), "itemReviewed datePublished"),
        claim_language=_language(prop(claim, Prop.IN_LANGUAGE), ids)
        or _language(prop(node, Prop.IN_LANGUAGE), ids),
        tags=_tags(prop(claim, Prop.KEYWORDS)),
        appearances=tuple(_appearances(claim, ids)),
        review_id=review_id,
        review_url=review_url,
        review_title=checked_text(
            text_value(prop(node, Prop.NAME)) or text_value(prop(node, Prop.HEADLINE)),
            "review name",
            MAX_TITLE_LENGTH,
        ),
        review_language=_language(prop(node, Prop.IN_LANGUAGE), ids),
        published=checked_date(prop(node, Prop.DATE_PUBLISHED), "datePublished"),
        modified=checked_date(prop(node, Prop.DATE_MODIFIED), "dateModified"),
        expires=checked_date(prop(node, Prop.EXPIRES), "expires"),
        publisher=reviewer(node, ids, review_url),
    )


def _rating(node: dict[str, Any], ids: Ids) -> RatingRecord:
    value = resolve(first(prop(node, Prop.REVIEW_RATING)), ids)
    if value is None:
        raise InvalidReview("the review has no reviewRating")
    text: str | None
    if isinstance(value, str):
        text = value
        rating = RatingRecord(text=None)
    elif isinstance(value, dict):
        text = text_value(prop(value, Prop.ALTERNATE_NAME)) or text_value(prop(value, Prop.NAME))
        rating = RatingRecord(
            text=None,
            value=number_value(prop(value, Prop.RATING_VALUE)),
            best=number_value(prop(value, Prop.BEST_RATING)),
            worst=number_value(prop(value, Prop.WORST_RATING)),
            explanation=checked_text(
                text_value(prop(value, Prop.RATING_EXPLANATION)),
                "ratingExplanation",
                MAX_EXPLANATION_LENGTH,
            ),
        )
    else:
        raise InvalidReview("reviewRating is neither a Rating nor a text")
    text = checked_text(text, "textual rating", MAX_EXPLANATION_LENGTH) if text else None
    if text is None and rating.value is None:
        raise InvalidReview("reviewRating has no alternateName, name or ratingValue")
    _check_range(rating)
    return RatingRecord(text, rating.value, rating.best, rating.worst, rating.explanation)


def _check_range(rating: RatingRecord) -> None:
    """A number off the publisher's own scale is a broken review, not a rating to map.

    schema.org's defaults (5 and 1) stand in for a bound not given. A scale that is no scale
    (best not above worst, seen in the wild with both empty or equal) says nothing to check
    against: its number is kept and maps to nothing.
    """
    if rating.value is None:
        return
    best = rating.best if rating.best is not None else 5
    worst = rating.worst if rating.worst is not None else 1
    if best > worst and not worst <= rating.value <= best:
        value, low, high = (_number(x) for x in (rating.value, worst, best))
        raise InvalidReview(f"ratingValue {value} is outside {low}–{high}")


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _language(value: Any, ids: Ids) -> str | None:
    """``inLanguage`` in BCP 47 canonical form; a code that is not one makes a bad review."""
    value = resolve(first(value), ids)
    if isinstance(value, dict) and "@value" not in value:
        # A schema.org Language node: its code is the alternateName ("en"). Its name may be a
        # code too; a name in words ("English") is not read (guessing is not normalising), and
        # the language is then left to the claim's script.
        code = text_value(prop(value, Prop.ALTERNATE_NAME))
        if code is None:
            name = text_value(prop(value, Prop.NAME))
            return normalise_language(name) if name and is_language_code(name) else None
        return normalise_language(code, what="inLanguage alternateName")
    text = text_value(value)
    return normalise_language(text, what="inLanguage") if text else None


def _work(value: Any, ids: Ids, *, is_first: bool) -> WorkRecord | None:
    value = resolve(value, ids)
    if isinstance(value, str):
        return WorkRecord(url=checked_url(value, "appearance"), title=None, is_first=is_first)
    if not isinstance(value, dict):
        return None
    raw_url = text_value(prop(value, Prop.URL))
    node_id = value.get("@id")
    if raw_url is None and isinstance(node_id, str) and node_id.startswith(_WEB):
        raw_url = node_id
    title = text_value(prop(value, Prop.NAME)) or text_value(prop(value, Prop.HEADLINE))
    if raw_url is None and title is None:
        return None  # nothing to find the work by: not worth a source
    quote = None
    for part in values(prop(value, Prop.HAS_PART)):
        part = resolve(part, ids)
        if isinstance(part, dict) and Type.QUOTATION in types_of(part):
            quote = text_value(prop(part, Prop.TEXT))
            break
    author = party(prop(value, Prop.AUTHOR), ids, EntityKind.UNKNOWN)
    return WorkRecord(
        url=checked_url(raw_url, "appearance"),
        title=checked_text(title, "appearance title", MAX_TITLE_LENGTH),
        kind=source_kind(types_of(value)),
        published=checked_date(prop(value, Prop.DATE_PUBLISHED), "appearance datePublished"),
        author=author.name if author else None,
        quote=checked_text(quote, "quote", MAX_QUOTE_LENGTH),
        is_first=is_first,
    )


def _appearances(claim: dict[str, Any], ids: Ids) -> list[WorkRecord]:
    works: list[WorkRecord] = []
    seen: set[str] = set()
    first_work = _work(first(prop(claim, Prop.FIRST_APPEARANCE)), ids, is_first=True)
    others = [_work(v, ids, is_first=False) for v in values(prop(claim, Prop.APPEARANCE))]
    if Type.CLAIM not in types_of(claim):
        # Older markup reviewed a CreativeWork whose url/sameAs was where the claim was made.
        for key in (Prop.URL, Prop.SAME_AS):
            others.extend(_work(v, ids, is_first=False) for v in values(prop(claim, key)))
    for work in [first_work, *others]:
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
    for item in values(value):
        text = text_value(item)
        if text:
            words.extend(part.strip() for part in text.split(","))
    return tuple(dict.fromkeys(w[:MAX_TAG_LENGTH] for w in words if w))
