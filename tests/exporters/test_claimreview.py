"""The ClaimReview JSON-LD builder: Google's required and recommended properties, checked on the
compact output and, with a JSON-LD processor, after expansion against schema.org's context."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from claimtracker.enums import DatePrecision
from claimtracker.exporters.claimreview import (
    PartyData,
    ReviewData,
    WorkData,
    build_document,
    claim_review,
    document_text,
    iso_instant,
    newest_date,
    review_url,
)

SCHEMA = "http://schema.org/"
CONTEXT_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "claimreview" / "schemaorg-context.jsonld"
)

REVIEW = ReviewData(
    review_id="6f1c1c52-8a55-4c1e-9d0e-2b7f4f1f0a01",
    claim_id="0b9a3c1e-1d6e-4c53-a3de-6a3f5e0f8b22",
    claim_text="DeepSeek R1 was trained for only $5.6 million.",
    rating_text="Mostly false",
    published=datetime(2025, 1, 30, 9, 30, tzinfo=UTC),
    rating_value=2,
    best_rating=5,
    worst_rating=1,
    explanation="The figure covers the final training run only.",
    claimant=PartyData("Some Pundit", "Person"),
    claimed="2025-01",
    claim_language="en",
    tags=("ai", "deepseek"),
    first_appearance=WorkData(
        url="https://news.example.com/deepseek",
        title="DeepSeek's R1 stuns the industry",
        schema_type="NewsArticle",
        published="2025-01-27",
        author="A Reporter",
        quote="trained for only $5.6 million",
    ),
    appearances=(WorkData(url="https://social.example.com/p/1", title=None),),
)
PUBLISHER = PartyData("Example Checks", "Organization", "https://checks.example.org/")


# -- compact output ------------------------------------------------------------------------------


def test_required_and_recommended_properties() -> None:
    node = claim_review(REVIEW, publisher=PUBLISHER)
    assert node["@context"] == "https://schema.org"
    assert node["@type"] == "ClaimReview"
    assert node["@id"] == f"urn:uuid:{REVIEW.review_id}"
    assert node["claimReviewed"] == REVIEW.claim_text
    assert node["url"] == f"urn:uuid:{REVIEW.review_id}"
    assert node["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org/",
    }
    assert node["datePublished"] == "2025-01-30T09:30:00Z"
    assert node["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "name": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "The figure covers the final training run only.",
    }
    claim = node["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["@id"] == f"urn:uuid:{REVIEW.claim_id}"
    assert claim["author"] == {"@type": "Person", "name": "Some Pundit"}
    assert claim["datePublished"] == "2025-01"
    assert claim["keywords"] == ["ai", "deepseek"]
    assert claim["firstAppearance"] == {
        "@type": "NewsArticle",
        "url": "https://news.example.com/deepseek",
        "name": "DeepSeek's R1 stuns the industry",
        "datePublished": "2025-01-27",
        "author": {"@type": "Person", "name": "A Reporter"},
        "hasPart": {"@type": "Quotation", "text": "trained for only $5.6 million"},
    }
    assert claim["appearance"] == [
        {"@type": "CreativeWork", "url": "https://social.example.com/p/1"}
    ]
    assert "expires" not in node


def test_imported_review_keeps_its_page_author_and_wording() -> None:
    imported = ReviewData(
        **{
            **REVIEW.__dict__,
            "rating_text": "Pants on Fire",
            "url": "https://factcheck.example.org/r/1",
            "title": "No, it was not",
            "language": "en",
            "author": PartyData("Example Fact Check"),
        }
    )
    node = claim_review(imported, publisher=PUBLISHER, base_url="https://ignored.example/")
    assert node["url"] == "https://factcheck.example.org/r/1"
    assert node["name"] == "No, it was not"
    assert node["inLanguage"] == "en"
    assert node["author"]["name"] == "Example Fact Check"
    assert node["reviewRating"]["alternateName"] == "Pants on Fire"


IMPORTED = ReviewData(
    **{
        **REVIEW.__dict__,
        "imported": True,
        "rating_text": "Pants on Fire!",
        "rating_value": 1.0,
        "best_rating": 6.0,
        "worst_rating": 1.0,
        "published": datetime(2023, 1, 25, tzinfo=UTC),
        "published_precision": DatePrecision.DAY,
        "author": PartyData(
            "PolitiFact",
            url="https://www.politifact.com/",
            same_as=("https://www.wikidata.org/wiki/Q7210068",),
        ),
    }
)


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (25, DatePrecision.DAY, "2023-01-25"),
        (1, DatePrecision.MONTH, "2023-01"),
        (1, DatePrecision.YEAR, "2023"),
        (25, DatePrecision.INSTANT, "2023-01-25T00:00:00Z"),
    ],
)
def test_the_review_date_keeps_its_precision(
    day: int, precision: DatePrecision, expected: str
) -> None:
    review = ReviewData(
        **{
            **IMPORTED.__dict__,
            "published": datetime(2023, 1, day, tzinfo=UTC),
            "published_precision": precision,
        }
    )
    assert claim_review(review)["datePublished"] == expected


def test_an_unknown_review_date_is_left_out_not_filled_in() -> None:
    undated = ReviewData(**{**IMPORTED.__dict__, "published": None})
    node = claim_review(undated, publisher=PUBLISHER)
    assert "datePublished" not in node
    # A feed of undated reviews has no dateModified rather than an invented one.
    assert newest_date([undated]) is None
    assert "dateModified" not in build_document([undated], feed=True)


def test_an_imported_review_is_never_credited_to_the_publisher() -> None:
    node = claim_review(IMPORTED, publisher=PUBLISHER)
    assert node["author"] == {
        "@type": "Organization",
        "name": "PolitiFact",
        "url": "https://www.politifact.com/",
        "sameAs": "https://www.wikidata.org/wiki/Q7210068",
    }
    anonymous = ReviewData(**{**IMPORTED.__dict__, "author": None})
    assert "author" not in claim_review(anonymous, publisher=PUBLISHER)
    # Our own review without an author of its own is the publisher's.
    assert claim_review(REVIEW, publisher=PUBLISHER)["author"]["name"] == "Example Checks"


def test_an_imported_rating_keeps_the_publishers_words_and_scale() -> None:
    rating = claim_review(IMPORTED)["reviewRating"]
    assert rating["alternateName"] == "Pants on Fire!"
    # Written as the whole numbers they were given as, on the publisher's 1..6 scale.
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (1, 6, 1)
    assert isinstance(rating["ratingValue"], int)
    halves = ReviewData(**{**IMPORTED.__dict__, "rating_value": 2.5})
    assert claim_review(halves)["reviewRating"]["ratingValue"] == 2.5


def test_a_party_with_several_same_as_lists_them() -> None:
    party = PartyData("Someone", "Person", same_as=("https://a.example/", "https://b.example/"))
    node = claim_review(ReviewData(**{**REVIEW.__dict__, "claimant": party}))
    assert node["itemReviewed"]["author"]["sameAs"] == ["https://a.example/", "https://b.example/"]


def test_a_label_off_the_numeric_axis_has_no_numbers() -> None:
    unproven = ReviewData(**{**REVIEW.__dict__, "rating_text": "Unproven", "rating_value": None})
    rating = claim_review(unproven)["reviewRating"]
    assert rating["alternateName"] == "Unproven"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_without_publisher_or_claimant_those_are_left_out() -> None:
    bare = ReviewData(
        review_id=REVIEW.review_id,
        claim_id=REVIEW.claim_id,
        claim_text="x",
        rating_text="False",
        published=REVIEW.published,
    )
    node = claim_review(bare)
    assert "author" not in node
    assert set(node["itemReviewed"]) == {"@type", "@id"}


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("urn:uuid:", f"urn:uuid:{REVIEW.review_id}"),
        ("https://checks.example.org/v/", f"https://checks.example.org/v/{REVIEW.review_id}"),
        (
            "https://checks.example.org/v/{id}.html",
            f"https://checks.example.org/v/{REVIEW.review_id}.html",
        ),
    ],
)
def test_review_url_from_the_base(base: str, expected: str) -> None:
    assert review_url(REVIEW, base) == expected


def test_superseded_review_expires() -> None:
    old = ReviewData(**{**REVIEW.__dict__, "superseded_at": datetime(2025, 2, 1, tzinfo=UTC)})
    assert claim_review(old)["expires"] == "2025-02-01T00:00:00Z"


def test_iso_instant_keeps_microseconds_only_when_present() -> None:
    assert (
        iso_instant(datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "2025-01-02T03:04:05.000006Z"
    )
    assert iso_instant(datetime(2025, 1, 2, tzinfo=UTC)) == "2025-01-02T00:00:00Z"


def test_array_and_feed() -> None:
    later = ReviewData(
        **{**REVIEW.__dict__, "review_id": "x", "published": datetime(2025, 3, 1, tzinfo=UTC)}
    )
    array = build_document([REVIEW, later])
    assert isinstance(array, list)
    assert all(item["@context"] == "https://schema.org" for item in array)
    feed = build_document([REVIEW, later], feed=True, publisher=PUBLISHER)
    assert isinstance(feed, dict)
    assert feed["@type"] == "DataFeed"
    assert feed["dateModified"] == "2025-03-01T00:00:00Z"
    assert feed["author"]["name"] == "Example Checks"
    assert [e["@id"] for e in feed["dataFeedElement"]] == [
        f"urn:uuid:{REVIEW.review_id}",
        "urn:uuid:x",
    ]
    # The feed declares the context once.
    assert all("@context" not in e for e in feed["dataFeedElement"])
    assert build_document([], feed=True) == {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [],
    }


@pytest.mark.parametrize("feed", [False, True])
@pytest.mark.parametrize("publisher", [None, PUBLISHER])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_text_is_the_document_as_json_dumps_writes_it(
    feed: bool, publisher: PartyData | None, count: int
) -> None:
    # A quote with a line break, a tab and non-ASCII: the layout must not touch string values.
    quoted = WorkData(url=None, title="Titre « cité »", quote="line one\nline\ttwo — ok")
    reviews = [
        ReviewData(
            **{
                **REVIEW.__dict__,
                "review_id": f"id-{i}",
                "published": datetime(2025, 1, 30 - i, tzinfo=UTC),
                "superseded_at": datetime(2025, 5, 1, tzinfo=UTC) if i == 1 else None,
                "appearances": (quoted,) * i,
            }
        )
        for i in range(count)
    ]
    expected = build_document(reviews, feed=feed, publisher=publisher, base_url="urn:x:")
    text = "".join(
        document_text(
            iter(reviews),
            feed=feed,
            publisher=publisher,
            base_url="urn:x:",
            newest=newest_date(reviews),
        )
    )
    assert text == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


# -- JSON-LD processing --------------------------------------------------------------------------


def schema_context() -> dict[str, Any]:
    """schema.org's JSON-LD context, shipped with the tests (see tests/data/claimreview)."""
    context: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return context


def _offline_loader(url: str, options: object = None) -> dict[str, Any]:
    # Tests never touch the network: schema.org's context is the only remote document.
    if url.rstrip("/") in ("https://schema.org", "http://schema.org") or "schemaorgcontext" in url:
        return {"contextUrl": None, "documentUrl": url, "document": schema_context()}
    raise AssertionError(f"unexpected remote document {url}")


def expand(document: object) -> list[dict[str, Any]]:
    """Expand with pyld and schema.org's context, offline."""
    jsonld = pytest.importorskip("pyld.jsonld")
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": _offline_loader})
    return expanded


def _nodes(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _one(node: dict[str, Any], name: str) -> dict[str, Any]:
    values = _nodes(node.get(SCHEMA + name))
    assert values, f"{name} missing after expansion: {sorted(node)}"
    return values[0]


def assert_google_properties(review: dict[str, Any]) -> None:
    """An expanded ClaimReview has what Google requires, and what it recommends that we have."""
    assert SCHEMA + "ClaimReview" in review["@type"]
    assert _one(review, "claimReviewed")["@value"]
    assert _one(review, "url")["@id"]  # an IRI, not a string
    assert _one(review, "datePublished")["@value"]
    rating = _one(review, "reviewRating")
    assert rating["@type"] == [SCHEMA + "Rating"]
    assert _one(rating, "alternateName")["@value"]
    author = _one(review, "author")
    assert author["@type"][0] in (SCHEMA + "Organization", SCHEMA + "Person")
    assert _one(author, "name")["@value"]
    claim = _one(review, "itemReviewed")
    assert claim["@type"] == [SCHEMA + "Claim"]


def used_terms(value: Any) -> set[str]:
    """Every property name and type name a compact document uses."""
    terms: set[str] = set()
    if isinstance(value, list):
        for item in value:
            terms |= used_terms(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "@type":
                terms.add(item)
            elif not key.startswith("@"):
                terms.add(key)
                terms |= used_terms(item)
    return terms


def assert_schema_org_terms(document: object) -> None:
    """Every term is defined by schema.org (its @vocab would accept a misspelt one silently)."""
    defined = set(schema_context()["@context"])
    assert used_terms(document) - defined == set()


def test_expanded_array_has_every_property_google_asks_for() -> None:
    document = build_document([REVIEW], publisher=PUBLISHER)
    assert_schema_org_terms(document)
    (review,) = expand(document)
    assert_google_properties(review)
    assert _one(review, "url")["@id"] == f"urn:uuid:{REVIEW.review_id}"
    rating = _one(review, "reviewRating")
    assert _one(rating, "ratingValue")["@value"] == 2
    assert _one(rating, "bestRating")["@value"] == 5
    assert _one(rating, "worstRating")["@value"] == 1
    claim = _one(review, "itemReviewed")
    assert _one(_one(claim, "author"), "name")["@value"] == "Some Pundit"
    assert _one(claim, "datePublished")["@value"] == "2025-01"
    first = _one(claim, "firstAppearance")
    assert first["@type"] == [SCHEMA + "NewsArticle"]
    assert _one(first, "url")["@id"] == "https://news.example.com/deepseek"
    assert _one(_one(first, "hasPart"), "text")["@value"] == "trained for only $5.6 million"
    assert _one(_one(claim, "appearance"), "url")["@id"] == "https://social.example.com/p/1"


def test_expanded_feed_holds_the_reviews() -> None:
    document = build_document([REVIEW], feed=True, publisher=PUBLISHER)
    assert_schema_org_terms(document)
    (feed,) = expand(document)
    assert feed["@type"] == [SCHEMA + "DataFeed"]
    review = _one(feed, "dataFeedElement")
    assert_google_properties(review)
