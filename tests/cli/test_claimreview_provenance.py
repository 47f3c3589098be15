"""`claim import claimreview` keeps what the publisher said, on SQLite and PostgreSQL: real
markup from fact-checkers in Indic, Arabic and Chinese scripts, undated reviews, authors
known only by their address, homonyms, out-of-range ratings, corrections caused here, paged
Fact Check Tools responses and claim ids two databases agree on (issue 13)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.models import Claim as ClaimRow
from claimtracker.models import Entity, Verdict
from tests.conftest import Claim, assert_one_line_error

if TYPE_CHECKING:
    from click.testing import Result
    from sqlalchemy.engine import Engine

DATA = Path(__file__).resolve().parent.parent / "data" / "claimreview"
REAL = [
    "real_vishvas_news_hi.json",
    "real_boom_bn.json",
    "real_fact_crescendo_si.json",
    "real_fatabyyano_ar.json",
    "real_tfc_taiwan_zh.json",
    "real_india_today_undated.json",
]


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _import(claim: Claim, *args: str, input: str | None = None) -> Result:
    return claim("import", "claimreview", *args, input=input)


def _review(claim_text: str, rating: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/r/1",
        "claimReviewed": claim_text,
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2024-05-02",
        "reviewRating": {"@type": "Rating", **rating},
        **extra,
    }


def _by_claim(engine: Engine) -> dict[str, dict[str, Any]]:
    with Session(engine) as session:
        return {
            v.claim.text: {
                "publisher": v.publisher.name if v.publisher else None,
                "publisher_url": v.publisher.url if v.publisher else None,
                "author": v.author,
                "original": v.original_rating,
                "numbers": (v.original_value, v.original_best, v.original_worst),
                "label": v.label.label,
                "published_at": v.published_at,
                "claim_id": v.claim.public_id,
                "reason": v.supersede_reason,
            }
            for v in session.scalars(select(Verdict).order_by(Verdict.id))
        }


def test_real_markup_from_other_scripts_keeps_its_words_dates_and_publishers(
    claim: Claim, engine: Engine
) -> None:
    files = [str(DATA / name) for name in REAL]
    first = _ok(_import(claim, *files))
    assert "claimreview: 6 inserted, 0 corrected, 0 unchanged, 0 rejected" in first.stderr
    # Fact Crescendo (Sinhala) and India Today gave no datePublished.
    assert "2 review(s) had no date: stored as date unknown" in first.stderr
    got = _by_claim(engine)
    for name in REAL:
        review = json.loads((DATA / name).read_text(encoding="utf-8"))
        review = review[0] if isinstance(review, list) else review
        # The text is stored as the publisher wrote it, vowel signs and all, in Unicode's
        # composed form (clean_text: BOOM's Bengali "য়" is U+09DF, which NFC decomposes).
        text = unicodedata.normalize("NFC", review["claimReviewed"].strip())
        assert text in got, name
        assert got[text]["original"] == review["reviewRating"]["alternateName"], name
    rows = list(got.values())
    publishers = {row["publisher"] for row in rows}
    # BOOM names its writer as author and itself as publisher; Fact Crescendo gives only its
    # address. Nobody's review is credited to whoever ran the import.
    assert publishers == {
        "Vishvas News",
        "BOOM",
        "srilanka.factcrescendo.com",
        "Fatabyyano Platform",
        "台灣事實查核中心",
        "India Today",
    }
    assert all(row["author"] != "alice" for row in rows)
    sinhala = next(r for r in rows if r["publisher"] == "srilanka.factcrescendo.com")
    assert sinhala["publisher_url"] == "https://srilanka.factcrescendo.com/"
    assert sinhala["published_at"] is None
    assert {r["original"]: r["label"] for r in rows}["Mostly false"] == "mostly-false"
    vishvas = next(r for r in rows if r["publisher"] == "Vishvas News")
    assert vishvas["numbers"] == (1.0, 5.0, 1.0)
    with Session(engine) as session:
        boom = session.scalars(select(Entity).where(Entity.name == "BOOM")).one()
        assert "https://twitter.com/BOOMLiveBangla" in json.loads(boom.same_as or "[]")

    again = _ok(_import(claim, *files))
    assert "claimreview: 0 inserted, 0 corrected, 6 unchanged, 0 rejected" in again.stderr
    assert "had no date" not in again.stderr


def test_a_fact_check_tools_page_says_it_is_one_page(claim: Claim, engine: Engine) -> None:
    page = DATA / "real_fact_check_api_page.json"
    result = _ok(_import(claim, str(page)))
    assert "10 inserted" in result.stderr
    assert f"note: {page} is one page of a longer Fact Check Tools result" in result.stderr
    assert "pageToken=CAo" in result.stderr
    got = _by_claim(engine)
    # The publisher's words, even where they are a label's name in another case.
    assert got["Crocodile In Waterlogged Street Of Assam"]["original"] == "false"
    assert got["Recent video of a bridge getting collapsed in Assam due to rains"]["original"] == (
        "FALSE"
    )


def test_a_rating_off_the_publishers_scale_is_refused(claim: Claim, engine: Engine) -> None:
    reviews = [
        _review("First claim.", {"ratingValue": 2, "bestRating": 5, "worstRating": 1}),
        _review("Second claim.", {"ratingValue": 0, "alternateName": "False"}),
        _review("Third claim.", {"ratingValue": 7, "bestRating": 5, "worstRating": 1}),
    ]
    for index, review in enumerate(reviews):
        review["url"] = f"https://checks.example.org/r/{index}"
    result = _import(claim, "-", input=json.dumps(reviews))
    assert_one_line_error(result, "<stdin> item 2: ratingValue 0 is outside 1–5", "1 more")
    with Session(engine) as session:
        assert session.scalar(select(func.count(ClaimRow.id))) == 0


def test_a_correction_caused_by_our_alias_table_says_so(claim: Claim, engine: Engine) -> None:
    review = json.dumps(_review("The moon is cheese.", {"alternateName": "Mostly Fib"}))
    _ok(_import(claim, "-", input=review))
    _ok(claim("scale", "alias", "add", "Mostly Fib", "mostly-false"))
    result = _ok(_import(claim, "-", input=review))
    assert "1 corrected" in result.stderr
    (row,) = [r for r in _by_claim(engine).values() if r["reason"]]
    assert row["reason"] == "the local rating alias for 'Mostly Fib' changed"
    changed = _review("The moon is cheese.", {"alternateName": "False"})
    _ok(_import(claim, "-", input=json.dumps(changed)))
    with Session(engine) as session:
        newest = session.scalars(select(Verdict).order_by(Verdict.id.desc())).first()
        assert newest is not None
        assert newest.supersede_reason == "the publisher changed its rating"


def test_homonymous_publishers_do_not_stop_an_import(claim: Claim, engine: Engine) -> None:
    _ok(claim("entity", "add", "Example Checks", "--kind", "organisation"))
    _ok(claim("entity", "add", "Example Checks", "--allow-same-name"))
    result = _ok(_import(claim, "-", input=json.dumps(_review("A claim.", {"alternateName": "x"}))))
    assert "note: 2 entities are called 'Example Checks'" in result.stderr
    # Credited to the oldest, and from then on to the one that published imported reviews.
    with Session(engine) as session:
        ids = session.scalars(select(Entity.id).order_by(Entity.id)).all()
        assert session.scalar(select(Verdict.publisher_id)) == ids[0]
    same_as = {"sameAs": ["https://x.example.org/checks"]}
    author = {"@type": "Organization", "name": "Example Checks", **same_as}
    second = _review("Another claim.", {"alternateName": "x"}, author=author)
    second["url"] = "https://checks.example.org/r/2"
    _ok(_import(claim, "-", input=json.dumps(second)))
    # A nameless author pointing at that sameAs is recognised by it.
    third = _review("A third.", {"alternateName": "x"}, author={"sameAs": same_as["sameAs"]})
    third["url"] = "https://other.example.net/r/3"
    _ok(_import(claim, "-", input=json.dumps(third)))
    with Session(engine) as session:
        publishers = session.scalars(select(Verdict.publisher_id).order_by(Verdict.id)).all()
        assert publishers == [ids[0]] * 3


def test_numbers_only_and_claim_ids_agree_across_databases(
    claim: Claim,
    engine: Engine,
    other_db: str,
) -> None:
    politifact = _review("Six-point claim.", {"ratingValue": 1, "bestRating": 6, "worstRating": 1})
    text = json.dumps(politifact)
    _ok(_import(claim, "-", input=text))
    again = _ok(_import(claim, "-", input=text))
    assert "0 inserted, 0 corrected, 1 unchanged" in again.stderr
    exported = _ok(claim("export", "claimreview", "--all-versions", "--include-imported")).stdout
    assert "0 inserted, 0 corrected, 1 unchanged" in _ok(_import(claim, "-", input=exported)).stderr
    target = Claim(db=other_db, runner=CliRunner())
    _ok(target("import", "claimreview", "-", input=text))
    other = make_engine(resolve(other_db))
    try:
        theirs = _by_claim(other)["Six-point claim."]
    finally:
        other.dispose()
    ours = _by_claim(engine)["Six-point claim."]
    assert ours["label"] == theirs["label"] == "false"
    assert ours["numbers"] == (1.0, 6.0, 1.0)
    # The claim's public id is derived from the review, so both databases agree.
    assert ours["claim_id"] == theirs["claim_id"]
