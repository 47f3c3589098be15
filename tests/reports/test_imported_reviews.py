"""Imported reviews in the reports, on SQLite and PostgreSQL: a review another fact-checker
published years before the claim was captured here was not reviewed here (it stays out of the
turnaround), and a review without a date counts in the month 'unknown', which a --since/--until
filter leaves out and says so."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from tests.conftest import Claim


def _review(url: str, text: str, rating: str, published: str | None) -> dict[str, Any]:
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": text,
        "author": {
            "@type": "Organization",
            "name": "PolitiFact",
            "url": "https://www.politifact.com/",
        },
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    if published is not None:
        review["datePublished"] = published
    return review


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _rows(claim: Claim, *args: str) -> tuple[list[dict[str, Any]], str]:
    result = _ok(claim("report", *args, "--format", "json"))
    return json.loads(result.stdout), result.stderr


def _load(claim: Claim, tmp_path: Path) -> None:
    """Two imported reviews (one from 2020, one undated) and one verdict published here."""
    reviews = [
        _review("https://www.politifact.com/a/", "Windmills cause cancer.", "False", "2020-03-02"),
        _review("https://www.politifact.com/b/", "The moon is hollow.", "Pants on Fire!", None),
    ]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(reviews), encoding="utf-8")
    _ok(claim("import", "claimreview", str(path)))
    _ok(claim("config", "set", "review.approvals", "0"))
    claim_id = _ok(claim("add", "Tap water in the city is unsafe to drink.")).stdout.strip()
    _ok(
        claim(
            "verify",
            claim_id,
            "--rating",
            "false",
            "--rationale",
            "Lab results.",
            "--evidence",
            "https://water.example.org/lab-2025.pdf",
        )
    )


def test_the_turnaround_counts_only_reviews_done_here(claim: Claim, tmp_path: Path) -> None:
    _load(claim, tmp_path)
    rows, _ = _rows(claim, "review-turnaround")
    assert sum(row["verdicts"] for row in rows) == 1
    assert all(row["month"] != "unknown" for row in rows)
    # Capture and verdict in the same test: no negative (or years-long) turnaround.
    assert all(0 <= float(row["min_days"]) < 1 for row in rows)


def test_an_undated_review_counts_in_month_unknown(claim: Claim, tmp_path: Path) -> None:
    _load(claim, tmp_path)
    rows, note = _rows(claim, "verdicts-by-month")
    months: dict[str, int] = {}
    for row in rows:
        months[row["month"]] = months.get(row["month"], 0) + row["verdicts"]
    assert months.pop("2020-03") == 1
    assert months.pop("unknown") == 1
    assert list(months.values()) == [1]  # the verdict published here, this month
    assert rows[-1]["month"] == "unknown"  # after every dated month
    assert "left out" not in note


def test_since_and_until_leave_undated_reviews_out_and_say_so(claim: Claim, tmp_path: Path) -> None:
    _load(claim, tmp_path)
    rows, note = _rows(claim, "verdicts-by-month", "--since", "2000-01")
    assert "unknown" not in {row["month"] for row in rows}
    assert "2020-03" in {row["month"] for row in rows}
    assert "left out 1 row(s) of month 'unknown'" in note
    rows, note = _rows(claim, "verdicts-by-month", "--until", "2020-12")
    assert [row["month"] for row in rows] == ["2020-03"]
    assert "left out 1 row(s)" in note
