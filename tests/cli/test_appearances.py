"""`claim appearance`: the same claim seen again elsewhere, by URL or source id, the first
appearance moved, removals, refusals that change nothing, and the audit log, on both
backends."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text

from claimtracker.db.url import resolve
from tests.conftest import assert_one_line_error
from tests.transfer.test_dump import ok, seed_ids

if TYPE_CHECKING:
    from tests.conftest import Claim

# The Wall Street Journal report that the seed's article cites (source #2 of the seed).
WSJ = "2"
NEW_URL = "https://news.example.org/2025/01/deepseek-liang-wenfeng"


def state(claim: Claim) -> dict[str, Any]:
    """What a failed command must leave as it was."""
    info = json.loads(ok(claim("db", "info", "--format", "json")))
    return {k: info[k] for k in ("claims", "sources", "events")}


def appearances(claim: Claim, claim_id: str) -> list[tuple[int, int, bool, str | None]]:
    """(appearance id, source id, first, quote) as `claim show` has them."""
    shown = json.loads(ok(claim("show", claim_id, "--format", "json")))
    return [(a["id"], a["source"]["id"], a["first"], a["quote"]) for a in shown["appearances"]]


def history(claim: Claim, claim_id: str) -> list[str]:
    return [
        r["description"] for r in json.loads(ok(claim("history", claim_id, "--format", "json")))
    ]


@pytest.fixture
def liang(claim: Claim) -> str:
    """The seed's claim that Liang Wenfeng told the Premier of US restrictions (WSJ)."""
    return seed_ids(claim)["wsj-liang-told-premier"]


def test_add_by_source_id_as_the_first_appearance(claim: Claim, liang: str) -> None:
    [(article, _, was_first, _)] = appearances(claim, liang)
    added = claim("appearance", "add", liang, WSJ, "--first", "--at", "20 January 2025")
    assert added.exit_code == 0, added.stderr
    new_id = int(added.stdout)
    assert added.stderr == f"appearance #{new_id}: claim #{liang} in source #2, the first\n"
    assert [(a, s, f) for a, s, f, _ in appearances(claim, liang)] == [
        (article, 1, False),
        (new_id, 2, True),
    ]
    shown = ok(claim("show", liang))
    assert f"  - appearance #{new_id}, seen 2025-01-20: source #2 Wall Street Journal" in shown
    assert shown.count("[first appearance]") == 1
    expected = f"recorded an appearance in source #2 (appearance #{new_id}, now the first"
    expected += f" instead of #{article}" if was_first else ""
    assert history(claim, liang)[-1] == expected + ", 2025-01-20)"
    assert "hash chain verified" in ok(claim("audit", "verify"))


def test_add_by_url_creates_the_source_and_the_quote_is_searched(claim: Claim, liang: str) -> None:
    added = claim(
        "appearance",
        "add",
        liang,
        NEW_URL + "?utm_source=x",
        "--quote",
        "Liang Wenfeng a confié au Premier ministre Li Qiang que les restrictions pesaient",
        "--title",
        "DeepSeek : Liang Wenfeng",
        "--source-kind",
        "news_article",
    )
    assert added.exit_code == 0, added.stderr
    source = json.loads(ok(claim("source", "show", NEW_URL, "--format", "json")))
    assert source["kind"] == "news_article"
    assert [c.split()[0] for c in source["claims_appearing"]] == [f"#{liang}"]
    [*_, (_, source_id, first, quote)] = appearances(claim, liang)
    assert (source_id, first) == (source["id"], False)
    assert quote is not None
    assert quote.startswith("Liang Wenfeng a confié")
    found = json.loads(ok(claim("search", "confié Li Qiang", "--format", "json")))
    assert [hit["id"] for hit in found] == [int(liang)]
    # The same URL again is the same source: refused, as a second appearance in it.
    before = state(claim)
    again = claim("appearance", "add", liang, NEW_URL)
    assert_one_line_error(again, f"claim #{liang} already appears in source #{source['id']}")
    assert state(claim) == before


def test_first_moves_from_one_appearance_to_another(claim: Claim, liang: str) -> None:
    one = ok(claim("appearance", "add", liang, WSJ, "--first")).strip()
    two = ok(claim("appearance", "add", liang, "3", "--first")).strip()
    firsts = [a for a, _, first, _ in appearances(claim, liang) if first]
    assert firsts == [int(two)]
    assert history(claim, liang)[-1] == (
        f"recorded an appearance in source #3 (appearance #{two}, now the first instead of #{one})"
    )
    listed = json.loads(ok(claim("appearance", "list", liang, "--format", "json")))
    assert [(r["id"], r["first"]) for r in listed][-2:] == [(int(one), False), (int(two), True)]


def test_remove_keeps_what_it_was_in_history(claim: Claim, liang: str) -> None:
    added = ok(
        claim(
            "appearance", "add", liang, WSJ, "--first", "--quote", "met the premier in Zhongnanhai"
        )
    )
    appearance_id = added.strip()
    assert json.loads(ok(claim("search", "Zhongnanhai", "--format", "json")))
    removed = claim("appearance", "remove", appearance_id, "--reason", "wrong report")
    assert removed.stdout == f"{appearance_id}\n", removed.stderr
    assert int(appearance_id) not in [a for a, *_ in appearances(claim, liang)]
    assert f"appearance #{appearance_id}" not in ok(claim("show", liang))
    assert history(claim, liang)[-1] == (
        f"removed the appearance in source #2 (appearance #{appearance_id}, the first): "
        "wrong report"
    )
    assert ok(claim("search", "Zhongnanhai", "--format", "json")).strip() == "[]"
    assert "hash chain verified" in ok(claim("audit", "verify"))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "999", WSJ], "no claim #999"),
        (["add", "{claim}", "999"], "no source #999"),
        (["add", "{claim}", "1"], "already appears in source #1"),
        (["add", "{claim}", "not a url"], ""),
        (["add", "{claim}", WSJ, "--at", "someday"], "someday"),
        (["remove", "999"], "no appearance #999"),
        (["remove", "first"], "not an appearance id"),
        (["list", "999"], "no claim #999"),
    ],
    ids=[
        "unknown claim",
        "unknown source",
        "same source twice",
        "bad URL",
        "bad date",
        "unknown appearance",
        "not an id",
        "list unknown claim",
    ],
)
def test_refusals_change_nothing(claim: Claim, liang: str, args: list[str], words: str) -> None:
    before = (state(claim), appearances(claim, liang))
    result = claim("appearance", *(arg.format(claim=liang) for arg in args))
    assert_one_line_error(result, words)
    assert (state(claim), appearances(claim, liang)) == before


def test_an_altered_appearance_event_breaks_the_audit_log(claim: Claim, liang: str) -> None:
    appearance_id = ok(claim("appearance", "add", liang, WSJ, "--first")).strip()
    ok(claim("appearance", "remove", appearance_id))
    assert "hash chain verified" in ok(claim("audit", "verify"))
    engine = create_engine(resolve(claim.db).url)
    with engine.begin() as conn:
        event_id = conn.execute(
            text("SELECT id FROM event WHERE action = 'appearance.removed'")
        ).scalar_one()
        conn.execute(
            text("UPDATE event SET payload = replace(payload, 'true', 'false') WHERE id = :i"),
            {"i": event_id},
        )
    engine.dispose()
    assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}", "edited")
