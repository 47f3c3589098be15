"""`claim export claimreview`, `claim import claimreview` and `claim scale alias`, on SQLite and
PostgreSQL: wiring, output, exit codes, idempotent re-import, corrections and the round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimtracker.dates import ParsedDate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.models import Claim as ClaimRow
from claimtracker.models import Entity, Source, Verdict
from tests.conftest import Claim, assert_one_line_error
from tests.exporters.test_claimreview import (
    assert_google_properties,
    assert_schema_org_terms,
    expand,
)

if TYPE_CHECKING:
    from click.testing import Result
    from sqlalchemy.engine import Engine

DATA = Path(__file__).resolve().parent.parent / "data" / "claimreview"


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _publish(claim: Claim, text: str, rating: str, *extra: str) -> str:
    """Capture a claim and publish a verdict on it (approvals set to 0 by the caller)."""
    claim_id = _ok(claim("add", text, *extra)).stdout.strip()
    _ok(
        claim(
            "verify",
            claim_id,
            "--rating",
            rating,
            "--rationale",
            f"Checked: {text}",
            "--evidence",
            "https://evidence.example.org/report",
        )
    )
    return claim_id


def _export(claim: Claim, *args: str) -> Any:
    return json.loads(_ok(claim("export", "claimreview", *args)).stdout)


def _import(claim: Claim, *args: str, input: str | None = None) -> Result:
    return claim("import", "claimreview", *args, input=input)


# -- export --------------------------------------------------------------------------------------


def test_export_of_an_empty_database_is_an_empty_array(claim: Claim) -> None:
    result = _ok(claim("export", "claimreview"))
    assert json.loads(result.stdout) == []
    assert "exported 0 ClaimReview(s)" in result.stderr


def test_export_published_verdicts_with_what_google_asks_for(claim: Claim) -> None:
    _ok(claim("config", "set", "review.approvals", "0"))
    claim_id = _publish(
        claim,
        "DeepSeek R1 was trained for only $5.6 million.",
        "mostly-false",
        "--by",
        "Some Pundit",
        "--at",
        "January 2025",
        "--source",
        "https://news.example.com/deepseek",
        "--source-title",
        "DeepSeek stuns the industry",
        "--source-kind",
        "news_article",
        "--published",
        "2025-01-27",
        "--quote",
        "trained for only $5.6 million",
        "--first",
        "--lang",
        "en",
        "--tag",
        "ai",
    )
    _ok(claim("add", "An unpublished claim stays out of the export."))
    result = _ok(
        claim(
            "export",
            "claimreview",
            "--publisher",
            "Example Checks",
            "--publisher-url",
            "https://checks.example.org/",
            "--base-url",
            "https://checks.example.org/verdicts/{id}",
        )
    )
    document = json.loads(result.stdout)
    (review,) = document
    shown = json.loads(_ok(claim("show", claim_id, "--format", "json")).stdout)
    verdict_public_id = review["@id"].removeprefix("urn:uuid:")
    assert review["url"] == f"https://checks.example.org/verdicts/{verdict_public_id}"
    assert review["itemReviewed"]["@id"] == f"urn:uuid:{shown['public_id']}"
    assert review["claimReviewed"] == "DeepSeek R1 was trained for only $5.6 million."
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org/",
    }
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["reviewRating"]["ratingValue"] == 2
    assert (review["reviewRating"]["bestRating"], review["reviewRating"]["worstRating"]) == (5, 1)
    item = review["itemReviewed"]
    # Added with --by, the claimant's kind is unknown: no type is guessed.
    assert item["author"] == {"name": "Some Pundit"}
    assert item["datePublished"] == "2025-01"
    assert item["firstAppearance"]["@type"] == "NewsArticle"
    assert item["firstAppearance"]["datePublished"] == "2025-01-27"
    assert item["firstAppearance"]["hasPart"]["text"] == "trained for only $5.6 million"
    # Web pages and an author were given: the only note is about the claimant's kind.
    assert result.stderr.splitlines() == [
        "exported 1 ClaimReview(s)",
        "note: 1 claimant(s) are of unknown kind, so their author has no @type; Google "
        "recommends Person or Organization",
    ]
    assert_schema_org_terms(document)
    (expanded,) = expand(document)
    assert_google_properties(expanded)


def test_corrections_history_claim_and_since_filters_feed_and_file(
    claim: Claim, tmp_path: Path
) -> None:
    _ok(claim("config", "set", "review.approvals", "0"))
    first = _publish(claim, "The river flooded the whole town.", "false")
    second = _publish(claim, "The mayor doubled the budget.", "true")
    _ok(claim("reopen", first, "--reason", "new photos"))
    _ok(
        claim(
            "verify",
            first,
            "--rating",
            "misleading",
            "--rationale",
            "Only part of the town flooded.",
            "--evidence",
            "https://evidence.example.org/photos",
        )
    )
    current = _export(claim)
    assert [r["reviewRating"]["alternateName"] for r in current] == ["True", "Misleading"]
    assert all("expires" not in r for r in current)
    history = _export(claim, "--all-versions")
    assert [r["reviewRating"]["alternateName"] for r in history] == [
        "False",
        "True",
        "Misleading",
    ]
    assert history[0]["expires"] == history[2]["datePublished"]
    only = _export(claim, "--claim", second)
    assert [r["claimReviewed"] for r in only] == ["The mayor doubled the budget."]
    assert _export(claim, "--since", "2999-01-01") == []
    assert len(_export(claim, "--since", "2000")) == 2
    assert_one_line_error(claim("export", "claimreview", "--claim", "999"), "no claim #999")
    both = claim("export", "claimreview", "--claim", first, "--since", "2020")
    assert both.exit_code == 2
    assert "give --claim or --since, not both" in both.stderr
    bad_base = claim("export", "claimreview", "--base-url", "ftp://x/")
    assert bad_base.exit_code == 2

    out = tmp_path / "feed.jsonld"
    result = _ok(claim("export", "claimreview", "--feed", "--output", str(out)))
    assert result.stdout == ""
    assert "have no web page as url" in result.stderr
    assert "have no author" in result.stderr
    feed = json.loads(out.read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed"
    assert len(feed["dataFeedElement"]) == 2
    assert not list(tmp_path.glob(".*partial"))


# -- import --------------------------------------------------------------------------------------


def _verdicts(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.scalars(select(Verdict).order_by(Verdict.id)).all()
        return [
            {
                "claim": v.claim.text,
                "label": v.label.label,
                "original": v.original_rating,
                "state": v.state.value,
                "author": v.author,
                "publisher": v.publisher.name if v.publisher else None,
                "page": v.review_source.url if v.review_source else None,
                "page_title": v.review_source.title if v.review_source else None,
                "page_kind": v.review_source.kind.value if v.review_source else None,
                "published_at": v.published_at,
                "supersedes": v.supersedes_id,
                "claim_status": v.claim.status.value,
            }
            for v in rows
        ]


def test_import_each_shape_then_again_changes_nothing(claim: Claim, engine: Engine) -> None:
    files = [
        str(DATA / name)
        for name in (
            "single.json",
            "array.json",
            "graph.jsonld",
            "feed.json",
            "page.html",
            "factcheck_api.json",
        )
    ]
    first = _ok(_import(claim, *files))
    assert "claimreview: 10 inserted, 0 corrected, 0 unchanged, 0 rejected" in first.stderr
    assert "unmapped rating 'Distorts the facts' (1 review(s)) stored as unrated" in first.stderr
    assert "`claim scale alias add 'Distorts the facts' LABEL`" in first.stderr
    # Two publishers reviewed the bridge claim: one claim, two verdicts.
    assert len(first.stdout.split()) == 9
    verdicts = _verdicts(engine)
    by_original = {v["original"]: v for v in verdicts}
    pants = by_original["Pants on Fire!"]
    assert pants["label"] == "false"
    assert pants["state"] == "published"
    assert pants["author"] == pants["publisher"] == "Example Fact Check"
    assert pants["page_kind"] == "fact_check"
    assert pants["page_title"] == "No, wind turbines do not kill more birds than cats do"
    assert pants["claim_status"] == "published"
    assert {v["original"]: v["label"] for v in verdicts} == {
        "False": "false",
        "Pants on Fire!": "false",
        "Faux": "false",
        "FALSO": "false",
        "Größtenteils falsch": "mostly-false",
        "Panzana pazzesca": "false",
        "C’eri quasi": "mostly-true",
        "Falso": "false",
        "Distorts the facts": "unrated",
        "Exagéré": "misleading",
    }
    # The publisher's word is kept even when it is the label's own name.
    assert by_original["False"]["label"] == "false"
    with Session(engine) as session:
        wind = session.scalar(select(ClaimRow).where(ClaimRow.text.like("Wind turbines%")))
        assert wind is not None
        assert wind.claimant is not None
        assert (wind.claimant.name, wind.claimant.kind.value) == ("Jordan Example", "person")
        assert [(a.source.url, a.is_first) for a in wind.appearances] == [
            ("https://video.example.net/watch?v=abc123", True),
            ("https://social.example.com/jordan/status/1881", False),
            ("https://news.example.com/2025/01/22/senator-turbines", False),
        ]
    # The headline of the review is searchable.
    found = _ok(claim("search", "wind turbines cats", "--format", "json")).stdout
    assert wind.id in [row["id"] for row in json.loads(found)]

    again = _ok(_import(claim, *files))
    assert "claimreview: 0 inserted, 0 corrected, 10 unchanged, 0 rejected" in again.stderr
    assert again.stdout == ""
    assert len(_verdicts(engine)) == 10


def test_a_new_alias_turns_a_reimport_into_a_correction(claim: Claim, engine: Engine) -> None:
    api = str(DATA / "factcheck_api.json")
    _ok(_import(claim, api))
    _ok(claim("scale", "alias", "add", "Distorts the facts", "misleading"))
    result = _ok(_import(claim, api))
    assert "claimreview: 0 inserted, 1 corrected, 2 unchanged, 0 rejected" in result.stderr
    assert "unmapped" not in result.stderr
    distorts = [v for v in _verdicts(engine) if v["original"] == "Distorts the facts"]
    assert [v["label"] for v in distorts] == ["unrated", "misleading"]
    assert distorts[1]["supersedes"] is not None
    # The correction supersedes the first verdict: only it is exported by default.
    ratings = [r["reviewRating"]["alternateName"] for r in _export(claim, "--include-imported")]
    assert ratings.count("Distorts the facts") == 1
    assert len(_export(claim, "--all-versions", "--include-imported")) == 4


def test_bad_input_names_the_file_and_item_and_writes_nothing(claim: Claim, engine: Engine) -> None:
    not_json = DATA / "not_json.txt"
    assert_one_line_error(_import(claim, str(not_json)), f"{not_json}: not JSON or HTML")
    assert_one_line_error(_import(claim, str(DATA / "no_claimreview.json")), "no ClaimReview found")
    bad = DATA / "bad_missing_claim.json"
    # A good file first: the failure of the second file must undo nothing but write nothing.
    result = _import(claim, str(DATA / "single.json"), str(bad))
    assert_one_line_error(result, f"{bad} item 2: the review has no claimReviewed")
    with Session(engine) as session:
        assert session.scalar(select(func.count(ClaimRow.id))) == 0
        assert session.scalar(select(func.count(Source.id))) == 0
    skipped = _ok(_import(claim, str(bad), "--skip-invalid"))
    assert f"skipped {bad} item 2: the review has no claimReviewed" in skipped.stderr
    assert "claimreview: 1 inserted, 0 corrected, 0 unchanged, 1 rejected" in skipped.stderr
    missing = claim("import", "claimreview", str(DATA / "nope.json"))
    assert missing.exit_code == 2


def test_our_own_export_comes_back_unchanged_and_untouched(claim: Claim, engine: Engine) -> None:
    _ok(claim("config", "set", "review.approvals", "0"))
    _publish(claim, "The bridge is the longest in Europe.", "false", "--by", "A Mayor")

    def counts() -> tuple[int | None, ...]:
        with Session(engine) as session:
            return tuple(
                session.scalar(select(func.count()).select_from(model))
                for model in (ClaimRow, Source, Verdict, Entity)
            )

    before = counts()
    exported = _ok(
        claim(
            "export",
            "claimreview",
            "--publisher",
            "Example Checks",
            "--base-url",
            "https://checks.example.org/v/",
        )
    ).stdout
    result = _ok(_import(claim, "-", input=exported))
    assert "0 inserted, 0 corrected, 1 unchanged" in result.stderr
    # Neither the publisher nor the page named by the export was created for nothing.
    assert counts() == before
    tampered = exported.replace('"alternateName": "False"', '"alternateName": "True"')
    assert_one_line_error(
        _import(claim, "-", input=tampered), "<stdin> item 1: review urn:uuid:", "another rating"
    )
    assert counts() == before


def test_import_from_standard_input(claim: Claim) -> None:
    text = (DATA / "single.json").read_text(encoding="utf-8")
    result = _ok(_import(claim, "-", input=text))
    assert "1 inserted" in result.stderr
    assert_one_line_error(_import(claim, "-", input="{"), "<stdin>: not JSON or HTML")


def test_a_rating_given_only_as_a_number_maps_by_position_on_the_scale(claim: Claim) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://numbers.example.org/r/1",
        "claimReviewed": "Numbers only.",
        "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 10, "worstRating": 0},
    }
    claim_id = _ok(_import(claim, "-", input=json.dumps(review))).stdout.strip()
    shown = json.loads(_ok(claim("show", claim_id, "--format", "json")).stdout)
    # 4 on 0..10 is 2.6 on 1..5, so 3: "mixed" (the first label with that number).
    assert [(v["rating"], v["original_rating"]) for v in shown["verdicts"]] == [("mixed", "4/10")]


def test_an_imported_review_attaches_to_an_existing_new_claim(claim: Claim) -> None:
    existing = _ok(
        claim("add", "Wind turbines kill more birds every year than house cats.")
    ).stdout.strip()
    result = _ok(_import(claim, str(DATA / "single.json")))
    assert result.stdout.split() == [existing]
    shown = json.loads(_ok(claim("show", existing, "--format", "json")).stdout)
    assert shown["status"] == "published"
    assert [v["original_rating"] for v in shown["verdicts"]] == ["Pants on Fire!"]


# -- aliases -------------------------------------------------------------------------------------


def test_alias_add_list_remove(claim: Claim) -> None:
    seeded = json.loads(_ok(claim("scale", "alias", "list", "--format", "json")).stdout)
    keys = {row["alias"]: row["label"] for row in seeded}
    assert keys["pants on fire"] == "false"
    assert keys["faux"] == "false"
    assert keys["enganoso"] == "misleading"
    assert keys["unrated"] == "unrated"
    assert _ok(claim("scale", "alias", "add", "Spins the Facts!", "misleading")).stdout == (
        "spins the facts\n"
    )
    # Adding it again, however spelt, changes nothing.
    assert _ok(claim("scale", "alias", "add", "spins-the-facts", "misleading")).exit_code == 0
    assert_one_line_error(
        claim("scale", "alias", "add", "spins the facts", "false"),
        "already maps to 'misleading'",
        "--replace",
    )
    _ok(claim("scale", "alias", "add", "spins the facts", "false", "--replace"))
    mine = json.loads(
        _ok(claim("scale", "alias", "list", "--label", "false", "--format", "json")).stdout
    )
    assert "spins the facts" in [row["alias"] for row in mine]
    assert {row["label"] for row in mine} == {"false"}
    assert _ok(claim("scale", "alias", "remove", "Spins The Facts")).stdout == "spins the facts\n"
    assert_one_line_error(claim("scale", "alias", "remove", "spins the facts"), "no rating alias")
    assert_one_line_error(claim("scale", "alias", "add", "x", "nonsense"), "unknown rating")
    assert_one_line_error(claim("scale", "alias", "add", "?!", "false"), "no letters or digits")


# -- round trip ----------------------------------------------------------------------------------


def _snapshot(engine: Engine) -> dict[str, Any]:
    """What the round trip must keep: claims, claimants, appearances and verdicts."""
    with Session(engine) as session:
        out: dict[str, Any] = {}
        for c in session.scalars(select(ClaimRow).order_by(ClaimRow.public_id)):
            verdicts = session.scalars(
                select(Verdict).where(Verdict.claim_id == c.id).order_by(Verdict.published_at)
            ).all()
            public = {v.id: v.public_id for v in verdicts}
            out[c.public_id] = {
                "text": c.text,
                "language": c.language,
                "claimed": ParsedDate(c.claimed_at, c.claimed_precision).display()
                if c.claimed_at and c.claimed_precision
                else None,
                "claimant": (c.claimant.name, c.claimant.kind.value) if c.claimant else None,
                "tags": [t.tag for t in c.tags],
                "status": c.status.value,
                "appearances": sorted(
                    (
                        a.source.url or "",
                        a.source.title or "",
                        a.source.kind.value,
                        a.quote or "",
                        a.is_first,
                    )
                    for a in c.appearances
                ),
                "verdicts": [
                    {
                        "id": v.public_id,
                        "label": v.label.label,
                        # A verdict made here keeps no wording of its own; imported, the
                        # label's name it was exported with is the publisher's wording.
                        "original": v.original_rating or v.label.name,
                        "rationale": v.rationale,
                        "state": v.state.value,
                        "published_at": v.published_at,
                        "publisher": v.publisher.name if v.publisher else None,
                        "page": v.review_source.url if v.review_source else None,
                        "supersedes": public.get(v.supersedes_id) if v.supersedes_id else None,
                    }
                    for v in verdicts
                    if v.state.value == "published"
                ],
            }
        return out


def test_round_trip_reproduces_claims_claimants_appearances_and_verdicts(
    claim: Claim, engine: Engine, other_db: str
) -> None:
    _ok(claim("config", "set", "review.approvals", "0"))
    _publish(
        claim,
        "DeepSeek R1 was trained for only $5.6 million.",
        "mostly-false",
        "--by",
        "Some Pundit",
        "--at",
        "January 2025",
        "--source",
        "https://news.example.com/deepseek",
        "--source-title",
        "DeepSeek stuns the industry",
        "--source-kind",
        "news_article",
        "--published",
        "27 janvier 2025",
        "--quote",
        "trained for only $5.6 million",
        "--first",
        "--lang",
        "en",
        "--tag",
        "ai",
        "--tag",
        "deepseek",
    )
    corrected = _publish(
        claim,
        "The lab's app topped the App Store in 2025.",
        "unproven",
        "--by",
        "Curai",
        "--at",
        "2025",
        "--source",
        "https://social.example.com/posts/1",
        "--source-kind",
        "social_post",
    )
    _ok(claim("entity", "add", "Example Org", "--kind", "organisation"))
    _publish(claim, "Example Org says the dataset is public.", "true", "--by", "Example Org")
    _ok(claim("reopen", corrected, "--reason", "the charts came out"))
    _ok(
        claim(
            "verify",
            corrected,
            "--rating",
            "true",
            "--rationale",
            "The charts confirm it.",
            "--evidence",
            "https://charts.example.org/",
        )
    )
    # An imported review, with its publisher, page and original wording, comes back too.
    _ok(_import(claim, str(DATA / "single.json"), str(DATA / "array.json")))
    before = _snapshot(engine)

    exported = claim("export", "claimreview", "--all-versions", "--include-imported").stdout
    target = Claim(db=other_db, runner=CliRunner())
    imported = _ok(target("import", "claimreview", "-", input=exported))
    assert "7 inserted, 0 corrected, 0 unchanged, 0 rejected" in imported.stderr
    other = make_engine(resolve(other_db))
    try:
        after = _snapshot(other)
    finally:
        other.dispose()
    assert after == before
    # Our own export, imported again, is recognised by its identifiers.
    again = _ok(target("import", "claimreview", "-", input=exported))
    assert "0 inserted, 0 corrected, 7 unchanged" in again.stderr
