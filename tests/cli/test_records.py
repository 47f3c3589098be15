"""The keys of the JSON records, in order: the services' typed results are written field by field,
so a renamed or reordered field would change these outputs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.conftest import Claim

DOSSIER_KEYS = [
    "id",
    "public_id",
    "text",
    "language",
    "language_inferred",
    "kind",
    "claimant",
    "claimed",
    "claimed_precision",
    "status",
    "assignee",
    "dismissal_reason",
    "retraction",
    "tags",
    "created_at",
    "created_by",
    "appearances",
    "evidence",
    "links",
    "verdicts",
]
SOURCE_KEYS = ["id", "url", "title", "publisher", "kind", "published"]


def test_dossier_keys_keep_their_order(claim: Claim) -> None:
    first = claim(
        "add", "The first claim", "--by", "Ann", "--role", "mayor", "--source", "https://e.org/a"
    ).stdout.strip()
    other = claim("add", "A second, unrelated statement", "--force").stdout.strip()
    assert claim("link", other, "--rebuts", first).exit_code == 0
    assert claim("evidence", first, "https://e.org/b", "--refutes", "--note", "n").exit_code == 0
    claim("config", "set", "review.approvals", "0")
    verified = claim(
        "verify", first, "--rating", "false", "--rationale", "r", "--evidence", "https://e.org/b"
    )
    assert verified.exit_code == 0, verified.stderr
    data = json.loads(claim("show", first, "--as-of", "2999-01-01", "--format", "json").stdout)
    assert list(data) == [*DOSSIER_KEYS, "as_of"]
    assert list(data["claimant"]) == ["id", "name", "role", "role_when_claimed"]
    assert list(data["appearances"][0]) == ["id", "source", "quote", "first", "appeared"]
    assert list(data["appearances"][0]["source"]) == SOURCE_KEYS
    assert list(data["evidence"]) == ["supports", "refutes", "contextualizes", "mentions"]
    assert list(data["evidence"]["refutes"][0]) == ["id", "source", "quote", "note", "locator"]
    assert list(data["links"][0]) == [
        "id",
        "direction",
        "type",
        "words",
        "claim_id",
        "claim_text",
        "claimant",
        "reason",
        "claim_retracted",
    ]
    assert list(data["verdicts"][0]) == [
        "id",
        "rating",
        "rating_name",
        "original_rating",
        "state",
        "author",
        "rationale",
        "created_at",
        "published_at",
        "published",
        "published_precision",
        "origin",
        "publisher",
        "review_url",
        "review_title",
        "supersedes",
        "approvals",
    ]
    assert data["as_of"]["moment"] == "2999-01-01T23:59:59.999999+00:00"
    assert list(data["as_of"]) == [
        "moment",
        "status",
        "verdict_id",
        "verdict",
        "verdict_published_at",
        "text",
        "claimant",
        "claimant_role",
        "kind",
    ]
    assert "as_of" not in json.loads(claim("show", first, "--format", "json").stdout)


def test_entity_and_source_records_name_their_claims_in_one_line(claim: Claim) -> None:
    long_text = "A claim " + "with many words " * 8 + "at the end"
    claim_id = claim("add", long_text, "--by", "Bob", "--source", "https://e.org/c").stdout.strip()
    assert claim("evidence", claim_id, "https://e.org/c", "--mentions").exit_code == 0
    entity = json.loads(claim("entity", "show", "Bob", "--format", "json").stdout)
    assert list(entity) == [
        "id",
        "name",
        "kind",
        "role",
        "wikidata_id",
        "url",
        "same_as",
        "aliases",
        "description",
        "claims",
        "recent_claims",
        "created_at",
        "created_by",
        "merged",
        "history",
    ]
    assert entity["recent_claims"] == [f"#{claim_id} [new] {long_text[:70]}"]
    source = json.loads(claim("source", "show", "https://e.org/c", "--format", "json").stdout)
    assert list(source) == [
        "id",
        "url",
        "title",
        "kind",
        "publisher",
        "author",
        "language",
        "published",
        "archive_url",
        "content_hash",
        "created_at",
        "created_by",
        "claims_appearing",
        "evidence_for",
        "history",
    ]
    assert source["claims_appearing"] == [f"#{claim_id} {long_text[:69]}…"]
    assert source["evidence_for"] == [f"mentions #{claim_id}"]
