"""The ClaimReview reader on hand-made samples of every input shape, malformed ones included."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from claimtracker.enums import DatePrecision, EntityKind, SourceKind
from claimtracker.errors import InvalidInput
from claimtracker.importers.claimreview import (
    ParsedFile,
    RatingRecord,
    parse_bytes,
    parse_text,
    read_path,
)
from claimtracker.services.rating_aliases import alias_key

if TYPE_CHECKING:
    from types import ModuleType

DATA = Path(__file__).resolve().parent.parent / "data" / "claimreview"
MIGRATION = (
    Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0003_rating_aliases.py"
)


def read(name: str) -> ParsedFile:
    return read_path(DATA / name)


def review(**fields: object) -> dict[str, object]:
    """A minimal valid ClaimReview, with ``fields`` replacing or adding properties."""
    node: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/review/1",
        "claimReviewed": "The moon is made of cheese.",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    node.update(fields)
    return {k: v for k, v in node.items() if v is not None}


def parse(document: object, name: str = "doc.json") -> ParsedFile:
    return parse_text(json.dumps(document), name=name)


# -- shapes ---------------------------------------------------------------------------------------


def test_single_object_with_claim_author_appearances_and_numbers() -> None:
    parsed = read("single.json")
    assert parsed.shape == "json-ld"
    assert parsed.problems == []
    (record,) = parsed.records
    assert record.claim_text == "Wind turbines kill more birds every year than house cats."
    assert record.rating == RatingRecord(
        "Pants on Fire!",
        1.0,
        6.0,
        1.0,
        "Estimates put cat predation in the billions of birds a year and turbines in the "
        "hundreds of thousands.",
    )
    assert record.review_url == "https://factcheck.example.org/2025/01/29/wind-turbines-birds/"
    assert record.review_title == "No, wind turbines do not kill more birds than cats do"
    assert record.publisher is not None
    assert (record.publisher.name, record.publisher.kind) == (
        "Example Fact Check",
        EntityKind.ORGANISATION,
    )
    assert record.claimant is not None
    assert (record.claimant.name, record.claimant.kind) == ("Jordan Example", EntityKind.PERSON)
    assert record.claimed is not None
    assert record.claimed.display() == "2025-01-20"
    assert record.published is not None
    assert record.published.value == datetime(2025, 1, 29, tzinfo=UTC)
    first, post, article = record.appearances
    assert (first.url, first.kind, first.is_first, first.title) == (
        "https://video.example.net/watch?v=abc123",
        SourceKind.VIDEO,
        True,
        "Town hall, 20 January",
    )
    assert (post.kind, post.is_first) == (SourceKind.SOCIAL_POST, False)
    assert post.published is not None
    assert post.published.display() == "2025-01-21"
    # A plain URL string is an appearance too.
    assert article.url == "https://news.example.com/2025/01/22/senator-turbines"


def test_array_in_french_and_spanish_with_the_older_creative_work_markup() -> None:
    parsed = read("array.json")
    faux, falso = parsed.records
    assert faux.rating.text == "Faux"
    assert faux.review_title == "Non, cette photo ne montre pas une manifestation à Paris en 2025"
    assert faux.claim_language == "fr"
    assert faux.claimed is not None
    assert faux.claimed.precision == DatePrecision.MONTH
    # "+01:00" is converted to UTC.
    assert faux.published is not None
    assert faux.published.value == datetime(2025, 2, 3, 8, 15, tzinfo=UTC)
    assert faux.publisher is not None
    assert faux.publisher.kind == EntityKind.OUTLET
    assert faux.claimant is not None
    assert faux.claimant.kind == EntityKind.ORGANISATION
    # The older markup reviewed a CreativeWork whose sameAs is where the claim was made.
    assert falso.rating.text == "FALSO"
    assert [a.url for a in falso.appearances] == ["https://videos.example.es/v/9876"]
    assert falso.claimant is not None
    assert falso.claimant.name == "Usuario Ejemplo"


def test_graph_follows_references_and_reads_a_language_node() -> None:
    (record,) = read("graph.jsonld").records
    assert record.publisher is not None
    assert record.publisher.name == "Beispiel Faktencheck"
    assert record.publisher.url == "https://checks.example.de/"
    assert record.review_language == "de"
    assert record.rating.text == "Größtenteils falsch"


def test_data_feed_items_wrapped_or_not() -> None:
    parsed = read("feed.json")
    assert [r.rating.text for r in parsed.records] == ["Panzana pazzesca", "C’eri quasi"]
    assert parsed.records[0].claimant is not None
    assert parsed.records[1].claimant is None


def test_html_page_json_ld_blocks_and_canonical_url() -> None:
    parsed = read("page.html")
    assert parsed.shape == "html"
    # The broken breadcrumb block says nothing about reviews: it is not a problem.
    assert parsed.problems == []
    (record,) = parsed.records
    assert record.claim_text == "Vacinas contêm chips de rastreamento 5G."
    # No url on the review: the page's canonical link, tracking parameters dropped.
    assert record.review_url == "https://checagem.example.com.br/2025/05/vacina-chip/"
    assert [a.kind for a in record.appearances] == [SourceKind.SOCIAL_POST]


def test_fact_check_tools_api_response() -> None:
    parsed = read("factcheck_api.json")
    assert parsed.shape == "fact-check-api"
    first, second, third = parsed.records
    assert first.claim_text == second.claim_text
    assert [r.rating.text for r in parsed.records] == ["False", "Distorts the facts", "Exagéré"]
    assert first.publisher is not None
    # "site" is a host, not an address: it is no url of the publisher's.
    assert (first.publisher.name, first.publisher.url) == ("Example Fact Check", None)
    assert first.review_title == "Bridge repaint did not cost $2 billion"
    # The API's midnight timestamps are days.
    assert first.claimed is not None
    assert first.claimed.precision == DatePrecision.DAY
    assert third.claim_language == "fr"
    assert [r.where for r in parsed.records] == [
        f"{DATA / 'factcheck_api.json'} item {n}" for n in (1, 2, 3)
    ]


def test_prefixed_property_names_and_uuid_identifiers() -> None:
    node = {
        "@context": {"schema": "http://schema.org/"},
        "@type": "schema:ClaimReview",
        "@id": "urn:uuid:0E6B7F7C-2D3B-4C7A-9B7E-3A4C5D6E7F80",
        "schema:url": "urn:uuid:0e6b7f7c-2d3b-4c7a-9b7e-3a4c5d6e7f80",
        "http://schema.org/claimReviewed": "Prefixed claim.",
        "schema:reviewRating": {"@type": "schema:Rating", "schema:alternateName": "True"},
        "schema:itemReviewed": {
            "@type": "schema:Claim",
            "@id": "urn:uuid:11111111-2222-3333-4444-555555555555",
        },
    }
    (record,) = parse(node).records
    assert record.claim_text == "Prefixed claim."
    assert record.review_id == "0e6b7f7c-2d3b-4c7a-9b7e-3a4c5d6e7f80"
    assert record.review_url is None
    assert record.claim_id == "11111111-2222-3333-4444-555555555555"


def test_numeric_rating_without_wording_is_described_by_its_numbers() -> None:
    rating = {"@type": "Rating", "ratingValue": "2,5", "bestRating": 5}
    (record,) = parse(review(reviewRating=rating)).records
    assert record.rating.text is None
    assert record.rating.value == 2.5
    assert record.rating.describe() == "2.5/5"


def test_keywords_become_tags() -> None:
    claim = {"@type": "Claim", "keywords": ["health", "covid"]}
    (record,) = parse(review(itemReviewed=claim)).records
    assert record.tags == ("health", "covid")
    claim = {"@type": "Claim", "keywords": "energy, wind ,energy"}
    (record,) = parse(review(itemReviewed=claim)).records
    assert record.tags == ("energy", "wind")


# -- malformed input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("not_json.txt", "not JSON or HTML (line 1 column 1"),
        ("no_claimreview.json", "no ClaimReview found"),
    ],
)
def test_unreadable_files_name_the_file(name: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        read(name)
    message = str(caught.value)
    assert message.startswith(str(DATA / name) + ": ")
    assert fragment in message
    assert "\n" not in message


def test_empty_and_non_utf8_files() -> None:
    with pytest.raises(InvalidInput, match=r"^x\.json: the file is empty$"):
        parse_bytes(b"  \n", name="x.json")
    with pytest.raises(InvalidInput, match=r"^x\.json: not UTF-8 text \(byte 0xe9 at offset 2\)"):
        parse_bytes(b'["\xe9"]', name="x.json")
    # A byte-order mark is fine.
    assert parse_bytes(b"\xef\xbb\xbf" + json.dumps(review()).encode(), name="x").records


def test_html_without_json_ld() -> None:
    with pytest.raises(InvalidInput, match="has no <script"):
        parse_text("<html><script>var a = 1;</script></html>", name="p.html")


def test_a_broken_block_that_mentions_a_review_is_a_problem() -> None:
    page = (
        '<html><script type="application/ld+json">{"@type": "ClaimReview",</script>'
        f'<script type="application/ld+json">{json.dumps(review())}</script></html>'
    )
    parsed = parse_text(page, name="p.html")
    assert len(parsed.records) == 1
    assert [str(p) for p in parsed.problems] == [
        "p.html script 1: not JSON (line 1 column 25: Expecting property name enclosed in "
        "double quotes)"
    ]


def test_one_bad_review_is_a_problem_with_its_index() -> None:
    parsed = read("bad_missing_claim.json")
    assert len(parsed.records) == 1
    (problem,) = parsed.problems
    assert problem.where == f"{DATA / 'bad_missing_claim.json'} item 2"
    assert "no claimReviewed" in problem.reason


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"reviewRating": None}, "no reviewRating"),
        ({"reviewRating": {"@type": "Rating", "bestRating": 5}}, "no alternateName"),
        ({"reviewRating": 3}, "neither a Rating nor a text"),
        ({"url": None}, "no url"),
        ({"url": "ftp://example.org/x"}, "url: invalid URL"),
        ({"datePublished": "someday"}, "datePublished: cannot read date 'someday'"),
        ({"claimReviewed": "  "}, "no claimReviewed"),
        ({"claimReviewed": "bad \x00 text"}, "control character"),
        (
            {"itemReviewed": {"@type": "Claim", "appearance": "not a url"}},
            "appearance: invalid URL",
        ),
    ],
)
def test_invalid_reviews(fields: dict[str, object], fragment: str) -> None:
    parsed = parse([review(), review(**fields)], name="in.json")
    assert len(parsed.records) == 1
    (problem,) = parsed.problems
    assert problem.where == "in.json item 2"
    assert fragment in problem.reason, problem.reason


def test_invalid_api_reviews() -> None:
    document = {
        "claims": [
            {"text": "A", "claimReview": [{"url": "https://a.example/1"}]},
            {"claimReview": [{"url": "https://a.example/2", "textualRating": "False"}]},
            {"text": "C"},
        ]
    }
    parsed = parse(document, name="api.json")
    assert parsed.records == []
    assert [str(p) for p in parsed.problems] == [
        "api.json item 1: the review has no textualRating",
        "api.json item 2: the claim has no text",
        "api.json item 3: the claim has no claimReview list",
    ]


# -- the seeded alias table ----------------------------------------------------------------------


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0003", MIGRATION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_keys_its_aliases_as_the_service_does() -> None:
    migration = _migration()
    for texts in migration.DEFAULT_ALIASES.values():
        for text in texts:
            assert migration.alias_key(text) == alias_key(text), text


def test_seeded_aliases_cover_the_claimskg_samples_and_other_languages() -> None:
    rows = _migration().seed_rows()
    expected = {
        "Pants on Fire": "false",
        "Partlyfalse": "mixed",
        "Missing Context": "missing-context",
        "Miscaptioned": "misleading",
        "Originated as Satire": "satire",
        "Decontextualized": "missing-context",
        "Other": "unrated",
        "Faux": "false",
        "Plutôt vrai": "mostly-true",
        "Engañoso": "misleading",
        "Falso": "false",
        "Verdadeiro": "true",
        "Größtenteils falsch": "mostly-false",
        "C'eri quasi": "mostly-true",
        "Nì": "mixed",
    }
    assert {text: rows[alias_key(text)] for text in expected} == expected
