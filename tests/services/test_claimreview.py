"""Reading published verdicts for the ClaimReview export, on SQLite and PostgreSQL.

The export streams Core rows in batches; these tests hold it to what the ORM relationships
say about the same verdicts, whatever the batch size.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from claimtracker.enums import VerdictOrigin, VerdictState
from claimtracker.exporters.claimreview import newest_date
from claimtracker.models import Verdict
from claimtracker.services.claimreview import published_reviews

if TYPE_CHECKING:
    from click.testing import Result
    from sqlalchemy.engine import Engine

    from tests.conftest import Claim

DATA = Path(__file__).resolve().parent.parent / "data" / "claimreview"


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _fill(claim: Claim) -> None:
    """Imported reviews (publishers, pages, several appearances) and local ones (tags, a
    correction, a claim without claimant or source)."""
    files = ("single.json", "array.json", "graph.jsonld", "feed.json", "factcheck_api.json")
    _ok(claim("import", "claimreview", *(str(DATA / name) for name in files)))
    _ok(claim("config", "set", "review.approvals", "0"))
    captured = [
        ("The dam holds back half the river.", "--by", "A Mayor", "--tag", "water", "--tag", "dam"),
        ("Nobody was told about the closure.",),
        (
            "The tunnel cost twice the estimate.",
            "--source",
            "https://news.example.com/tunnel",
            "--quote",
            "twice the estimate",
            "--first",
            "--at",
            "2024-03",
        ),
    ]
    evidence = ("--evidence", "https://evidence.example.org/report")
    ids = []
    for text, *extra in captured:
        ids.append(_ok(claim("add", text, *extra)).stdout.strip())
        _ok(claim("verify", ids[-1], "--rating", "false", "--rationale", "Checked.", *evidence))
    _ok(claim("reopen", ids[0], "--reason", "new figures"))
    _ok(claim("verify", ids[0], "--rating", "misleading", "--rationale", "Partly.", *evidence))


def _expected(
    session: Session, *, all_versions: bool, include_imported: bool
) -> list[tuple[object, ...]]:
    """What each exported review says, read through the ORM relationships."""
    successor = aliased(Verdict)
    rows = session.execute(
        select(Verdict, successor.published_at)
        .outerjoin(
            successor,
            (successor.supersedes_id == Verdict.id) & (successor.state == VerdictState.PUBLISHED),
        )
        .where(Verdict.state == VerdictState.PUBLISHED)
        .where(True if all_versions else successor.id.is_(None))
        .where(True if include_imported else Verdict.origin == VerdictOrigin.WORKFLOW)
        .order_by(Verdict.published_at.is_(None), Verdict.published_at, Verdict.id)
    ).all()
    expected = []
    for verdict, superseded_at in rows:
        claim = verdict.claim
        first = [a.source.url for a in claim.appearances if a.is_first]
        others = [(a.source.url, a.quote) for a in claim.appearances if not a.is_first]
        imported = verdict.origin == VerdictOrigin.IMPORTED
        own_scale = imported and verdict.original_value is not None
        expected.append(
            (
                verdict.public_id,
                claim.public_id,
                claim.text,
                (verdict.original_rating if imported else None) or verdict.label.name,
                verdict.published_at,
                verdict.original_value if own_scale else verdict.label.claimreview_value,
                verdict.publisher.name if verdict.publisher else None,
                verdict.review_source.url if verdict.review_source else None,
                claim.claimant.name if claim.claimant else None,
                tuple(t.tag for t in claim.tags),
                first[0] if first else None,
                tuple(others),
                superseded_at,
            )
        )
    return expected


@pytest.mark.parametrize("batch_size", [1, 3, 1000])
def test_streamed_reviews_say_what_the_records_say(
    claim: Claim, engine: Engine, batch_size: int
) -> None:
    _fill(claim)
    with Session(engine) as session:
        for all_versions, include_imported in itertools.product((False, True), repeat=2):
            reviews = published_reviews(
                session,
                all_versions=all_versions,
                include_imported=include_imported,
                batch_size=batch_size,
            )
            got = [
                (
                    r.review_id,
                    r.claim_id,
                    r.claim_text,
                    r.rating_text,
                    r.published,
                    r.rating_value,
                    r.author.name if r.author else None,
                    r.url,
                    r.claimant.name if r.claimant else None,
                    r.tags,
                    r.first_appearance.url if r.first_appearance else None,
                    tuple((w.url, w.quote) for w in r.appearances),
                    r.superseded_at,
                )
                for r in reviews
            ]
            expected = _expected(
                session, all_versions=all_versions, include_imported=include_imported
            )
            assert got == expected
            # The fixture covers what the joins must get right: 9 imported, 3 of our own.
            assert len(expected) == (12 if include_imported else 3) + all_versions
            assert reviews.imported_left_out == (0 if include_imported else 9)
            assert any(row[9] for row in expected)
            assert any(row[11] for row in expected) == include_imported
            assert any(row[12] for row in expected) == all_versions
            assert reviews.newest == newest_date(list(reviews))


def test_streaming_leaves_the_session_usable(claim: Claim, engine: Engine) -> None:
    # Other queries run on the connection between batches (a server-side cursor on
    # PostgreSQL): reading a whole stream twice, then the session, must all work.
    _fill(claim)
    with Session(engine) as session:
        reviews = published_reviews(session, batch_size=2)
        first = [r.review_id for r in reviews]
        assert [r.review_id for r in reviews] == first
        assert session.scalar(select(Verdict.id).limit(1)) is not None
