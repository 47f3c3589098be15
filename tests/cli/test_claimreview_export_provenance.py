"""Imported reviews stay their publishers' on the way out (issue 13), on SQLite and PostgreSQL:
`claim export claimreview` exports our own verdicts unless --include-imported, an imported one
under its own organisation, date and rating words; entities keep their url and sameAs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.enums import DatePrecision, VerdictState
from claimtracker.models import Claim as ClaimRow
from claimtracker.models import Verdict
from tests.cli.test_claimreview import _publish
from tests.conftest import Claim

if TYPE_CHECKING:
    from click.testing import Result
    from sqlalchemy.engine import Engine

    from claimtracker.models import Entity

DATA = Path(__file__).resolve().parent.parent / "data" / "claimreview"


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _review(number: int, **extra: Any) -> dict[str, Any]:
    """A ClaimReview from another fact-checker, with what ``extra`` adds or replaces."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example.net/review/{number}",
        "claimReviewed": f"Claim number {number} from elsewhere.",
        "author": {"@type": "Organization", "name": "Elsewhere Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    review.update(extra)
    return review


def _import_json(claim: Claim, *reviews: dict[str, Any]) -> Result:
    return _ok(claim("import", "claimreview", "-", input=json.dumps(list(reviews))))


def _import_file(claim: Claim, name: str) -> Result:
    return _ok(claim("import", "claimreview", str(DATA / name)))


def _publish_own(claim: Claim, text: str, rating: str = "mostly-false") -> str:
    """A verdict published through this database's workflow, on a claim by "Some Pundit"."""
    _ok(claim("config", "set", "review.approvals", "0"))
    return _publish(claim, text, rating, "--by", "Some Pundit")


def _export(claim: Claim, *args: str) -> tuple[list[dict[str, Any]], str]:
    result = _ok(claim("export", "claimreview", *args))
    return json.loads(result.stdout), result.stderr


def _by_claim(reviews: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["claimReviewed"]: r for r in reviews}


def test_by_default_only_our_own_verdicts_are_exported(claim: Claim) -> None:
    _publish_own(claim, "Our own checked claim.")
    _import_file(claim, "single.json")
    _import_json(claim, _review(1))
    reviews, notes = _export(claim, "--publisher", "Example Checks")
    assert [r["claimReviewed"] for r in reviews] == ["Our own checked claim."]
    assert reviews[0]["author"]["name"] == "Example Checks"
    assert "left out 2 review(s) imported from other fact-checkers" in notes
    assert "--include-imported" in notes

    both, notes = _export(claim, "--publisher", "Example Checks", "--include-imported")
    authors = {text: r["author"]["name"] for text, r in _by_claim(both).items()}
    assert authors == {
        "Our own checked claim.": "Example Checks",
        "Wind turbines kill more birds every year than house cats.": "Example Fact Check",
        "Claim number 1 from elsewhere.": "Elsewhere Checks",
    }
    assert "left out" not in notes
    # Nothing imported: nothing to say about it.
    _, only_ours = _export(claim, "--claim", "1")
    assert "left out" not in only_ours


def test_an_imported_review_without_an_author_is_not_credited_to_the_publisher(
    claim: Claim,
) -> None:
    anonymous = _review(2)
    del anonymous["author"]
    _import_json(claim, anonymous)
    reviews, _ = _export(claim, "--publisher", "Example Checks", "--include-imported")
    # The import took the organisation from the review page's host (the review names no one).
    assert reviews[0]["author"]["name"] == "checks.example.net"
    assert "Example Checks" not in json.dumps(reviews)


def test_review_dates_stay_unknown_or_keep_their_precision(claim: Claim) -> None:
    _import_json(
        claim,
        _review(3),  # no datePublished
        _review(4, datePublished="2023-01-25"),
        _review(5, datePublished="2023-01"),
        _review(6, datePublished="2023-01-25T14:30:00+01:00"),
    )
    _publish_own(claim, "Our own checked claim.")
    reviews, _ = _export(claim, "--include-imported")
    dates = {text: r.get("datePublished") for text, r in _by_claim(reviews).items()}
    assert dates["Claim number 3 from elsewhere."] is None
    assert dates["Claim number 4 from elsewhere."] == "2023-01-25"
    assert dates["Claim number 5 from elsewhere."] == "2023-01"
    assert dates["Claim number 6 from elsewhere."] == "2023-01-25T13:30:00Z"
    assert str(dates["Our own checked claim."]).endswith("Z")
    # The undated review comes last on both backends, and --since never matches it.
    assert reviews[-1]["claimReviewed"] == "Claim number 3 from elsewhere."
    since, _ = _export(claim, "--include-imported", "--since", "2000-01-01")
    assert "Claim number 3 from elsewhere." not in _by_claim(since)
    assert len(since) == 4


def test_ratings_say_our_label_or_the_publishers_words_and_scale(claim: Claim) -> None:
    _publish_own(claim, "Our own checked claim.", "mostly-false")
    _import_file(claim, "single.json")  # "Pants on Fire!", 1 of 1..6
    _import_json(
        claim,
        # The publisher's wording is a label's name: still its words, on our scale.
        _review(7, reviewRating={"@type": "Rating", "alternateName": "Mostly false"}),
        _review(8, reviewRating={"@type": "Rating", "ratingValue": 4, "bestRating": 10}),
    )
    reviews = _by_claim(_export(claim, "--include-imported")[0])

    def rating(text: str) -> tuple[Any, ...]:
        r = reviews[text]["reviewRating"]
        return (r["alternateName"], r.get("ratingValue"), r.get("bestRating"), r.get("worstRating"))

    assert rating("Our own checked claim.") == ("Mostly false", 2, 5, 1)
    assert rating("Wind turbines kill more birds every year than house cats.") == (
        "Pants on Fire!",
        1,
        6,
        1,
    )
    assert rating("Claim number 7 from elsewhere.") == ("Mostly false", 2, 5, 1)
    assert rating("Claim number 8 from elsewhere.") == ("4/10", 4, 10, None)


def test_entities_keep_their_url_and_same_as(claim: Claim) -> None:
    wikidata = "https://www.wikidata.org/wiki/Q7210068"
    _import_json(
        claim,
        _review(
            9,
            author={
                "@type": "Organization",
                "name": "PolitiFact",
                "url": "https://www.politifact.com/",
                "sameAs": [wikidata, "https://twitter.com/PolitiFact"],
            },
            itemReviewed={
                "@type": "Claim",
                "author": {
                    "@type": "Person",
                    "name": "Jordan Example",
                    "sameAs": "https://social.example.com/jordan",
                },
            },
        ),
    )
    shown = json.loads(_ok(claim("entity", "show", "PolitiFact", "--format", "json")).stdout)
    assert shown["url"] == "https://www.politifact.com/"
    assert shown["same_as"] == [wikidata, "https://twitter.com/PolitiFact"]
    text = _ok(claim("entity", "show", "PolitiFact", "--format", "table")).stdout
    assert "https://www.politifact.com/" in text
    assert wikidata in text

    (review,) = _export(claim, "--include-imported")[0]
    assert review["author"] == {
        "@type": "Organization",
        "name": "PolitiFact",
        "url": "https://www.politifact.com/",
        "sameAs": [wikidata, "https://twitter.com/PolitiFact"],
    }
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Jordan Example",
        "sameAs": "https://social.example.com/jordan",
    }


def test_a_bare_host_is_not_kept_as_an_organisations_url(claim: Claim) -> None:
    # The Fact Check Tools API gives its publisher's "site" as a host name, not a web address.
    _import_file(claim, "factcheck_api.json")
    shown = json.loads(_ok(claim("entity", "show", "Other Checkers", "--format", "json")).stdout)
    assert (shown["url"], shown["same_as"]) == (None, [])
    reviews = _export(claim, "--include-imported")[0]
    authors = [r["author"] for r in reviews if r["author"]["name"] == "Other Checkers"]
    assert authors == [{"@type": "Organization", "name": "Other Checkers"}]


def test_claim_show_says_whose_review_it_is_where_and_when(claim: Claim) -> None:
    dated = _import_file(claim, "single.json").stdout.strip()
    undated = _import_json(claim, _review(10)).stdout.strip()
    shown = json.loads(_ok(claim("show", dated, "--format", "json")).stdout)
    (verdict,) = shown["verdicts"]
    assert {k: verdict[k] for k in ("origin", "publisher", "review_url", "review_title")} == {
        "origin": "imported",
        "publisher": "Example Fact Check",
        "review_url": "https://factcheck.example.org/2025/01/29/wind-turbines-birds/",
        "review_title": "No, wind turbines do not kill more birds than cats do",
    }
    assert (verdict["published"], verdict["published_precision"]) == ("2025-01-29", "day")
    text = _ok(claim("show", dated)).stdout
    assert "published 2025-01-29 (day) by Example Fact Check" in text
    assert "imported review by Example Fact Check: “No, wind turbines" in text
    assert "<https://factcheck.example.org/2025/01/29/wind-turbines-birds/>" in text

    (unknown,) = json.loads(_ok(claim("show", undated, "--format", "json")).stdout)["verdicts"]
    assert (unknown["published_at"], unknown["published"], unknown["published_precision"]) == (
        None,
        None,
        None,
    )
    text = _ok(claim("show", undated)).stdout
    assert "published, date unknown, by Elsewhere Checks" in text
    # Not the day it was imported.
    assert unknown["created_at"][:10] not in text.split("Verdicts", 1)[1]

    own = _publish_own(claim, "Our own checked claim.")
    (mine,) = json.loads(_ok(claim("show", own, "--format", "json")).stdout)["verdicts"]
    assert (mine["origin"], mine["publisher"], mine["published_precision"]) == (
        "workflow",
        None,
        "instant",
    )
    assert "imported review" not in _ok(claim("show", own)).stdout


def test_history_tells_an_import_in_the_publishers_words(claim: Claim) -> None:
    politifact = {"@type": "Organization", "name": "PolitiFact"}
    first = _import_json(claim, _review(11, author=politifact)).stdout.strip()
    worded = _review(
        12,
        author=politifact,
        reviewRating={"@type": "Rating", "alternateName": "Pants on Fire!"},
    )
    second = _import_json(claim, worded).stdout.strip()
    rows = json.loads(_ok(claim("history", first, "--format", "json")).stdout)
    imported = [r["description"] for r in rows if r["action"] == "verdict.imported"]
    assert imported == ["imported PolitiFact's review: False"]
    text = _ok(claim("history", second)).stdout
    assert "imported PolitiFact's review: Pants on Fire!" in text


# -- round trip ----------------------------------------------------------------------------------


def _record(engine: Engine) -> dict[str, Any]:
    """What a round trip must keep, keyed by claim text: the claim, its claimant, and each
    published verdict's organisation, date at its precision, words and normalised rating."""

    def party(entity: Entity | None) -> tuple[Any, ...] | None:
        if entity is None:
            return None
        return (entity.name, entity.kind.value, entity.url, entity.same_as)

    out: dict[str, Any] = {}
    with Session(engine) as session:
        for c in session.scalars(select(ClaimRow)):
            verdicts = session.scalars(
                select(Verdict).where(
                    Verdict.claim_id == c.id, Verdict.state == VerdictState.PUBLISHED
                )
            )
            out[c.text] = {
                "claimant": party(c.claimant),
                "claimed": (c.claimed_at, c.claimed_precision),
                "language": c.language,
                "verdicts": sorted(
                    (
                        v.public_id,
                        party(v.publisher),
                        v.published_at,
                        v.published_precision,
                        # The words and numbers a reader sees: the publisher's, else our
                        # label's (an export gives a review without numbers ours).
                        v.original_rating or v.label.name,
                        _numbers(v),
                        v.label.label,
                        v.label.normalised.value,
                        v.review_source.url if v.review_source else None,
                    )
                    for v in verdicts
                ),
            }
    return out


def _numbers(v: Verdict) -> tuple[float | None, ...]:
    if v.original_value is not None:
        return (v.original_value, v.original_best, v.original_worst)
    if v.label.claimreview_value is None:
        return (None, None, None)
    return (v.label.claimreview_value, v.label.scale.best_value, v.label.scale.worst_value)


def test_round_trip_through_an_empty_database_and_back(
    claim: Claim, engine: Engine, other_db: str
) -> None:
    _import_file(claim, "single.json")  # PolitiFact-style "Pants on Fire!", 1 of 1..6
    _import_file(claim, "array.json")  # "Faux" and "FALSO", a month-precision claim date
    _import_file(claim, "factcheck_api.json")  # two publishers of one claim, an unmapped rating
    _import_json(
        claim,
        _review(13),  # no date
        _review(14, datePublished="2023-01"),
        _review(15, reviewRating={"@type": "Rating", "ratingValue": 4, "bestRating": 10}),
        _review(
            16,
            author={
                "@type": "Organization",
                "name": "PolitiFact",
                "url": "https://www.politifact.com/",
                "sameAs": ["https://www.wikidata.org/wiki/Q7210068"],
            },
        ),
    )
    _publish_own(claim, "Our own checked claim.")
    before = _record(engine)
    exported = _ok(
        claim("export", "claimreview", "--include-imported", "--publisher", "Example Checks")
    ).stdout

    target = Claim(db=other_db, runner=CliRunner())
    result = _ok(target("import", "claimreview", "-", input=exported))
    total = sum(len(c["verdicts"]) for c in before.values())
    assert f"{total} inserted, 0 corrected, 0 unchanged, 0 rejected" in result.stderr
    other = make_engine(resolve(other_db))
    try:
        after = _record(other)
    finally:
        other.dispose()
    # Our own verdict arrives as Example Checks' review; everything else as it was.
    ours = after["Our own checked claim."]["verdicts"][0]
    assert ours[1] == ("Example Checks", "organisation", None, None)
    after["Our own checked claim."]["verdicts"] = [(ours[0], None, *ours[2:])]
    (mine,) = before["Our own checked claim."]["verdicts"]
    assert after == before
    assert mine[3] == DatePrecision.INSTANT

    # The export imported back into the database it came from changes nothing.
    again = _ok(claim("import", "claimreview", "-", input=exported))
    assert f"0 inserted, 0 corrected, {total} unchanged, 0 rejected" in again.stderr
    assert _record(engine) == before
