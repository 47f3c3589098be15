"""Correcting sources (`claim source edit`) and the kind a well-known host gives a new one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.test_entity_curation import (
    assert_chain_holds,
    assert_refused,
    execute,
    ok,
    snapshot,
)
from tests.conftest import Claim, assert_one_line_error


def source(claim: Claim, ref: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(claim("source", "show", ref, "--format", "json")))
    return data


def test_edit_tells_before_and_after_and_the_history_keeps_it(claim: Claim) -> None:
    sid = ok(claim("source", "add", "https://api-docs.deepseek.com/news/news250120"))
    assert source(claim, sid)["kind"] == "other"
    edited = claim(
        "source",
        "edit",
        sid,
        "--title",
        "DeepSeek-R1 Release",
        "--publisher",
        "DeepSeek",
        "--kind",
        "official_statement",
        "--published",
        "20 Jan 2025",
        "--lang",
        "EN",
        "--archive-url",
        "https://web.archive.org/web/20250121/https://api-docs.deepseek.com/news/news250120",
        "--reason",
        "filled in from the page",
    )
    assert ok(edited) == sid
    assert "title (none) → 'DeepSeek-R1 Release'" in edited.stderr
    assert "kind other → official statement" in edited.stderr
    assert "published (none) → '2025-01-20'" in edited.stderr
    shown = source(claim, sid)
    assert (shown["title"], shown["publisher"], shown["kind"], shown["published"]) == (
        "DeepSeek-R1 Release",
        "DeepSeek",
        "official_statement",
        "2025-01-20",
    )
    assert shown["language"] == "en"
    assert shown["archive_url"].startswith("https://web.archive.org/web/20250121/")
    told = [h["description"] for h in shown["history"]]
    assert told[0] == "recorded the source (other)"
    assert told[-1].startswith("edited the source: title (none) → 'DeepSeek-R1 Release'; kind")
    assert "archive url (none) → 'https://web.archive" in told[-1]
    assert "publisher (none) → 'DeepSeek' (#" in told[-1]
    assert told[-1].endswith(": filled in from the page")
    # A changed URL is normalised; a month is kept at its precision; "" empties a field.
    moved = claim(
        "source", "edit", sid, "--url", "https://API-DOCS.deepseek.com/news/r1?utm_source=x"
    )
    assert "url 'https://api-docs.deepseek.com/news/news250120' → " in moved.stderr
    ok(claim("source", "edit", sid, "--published", "January 2025", "--archive-url", ""))
    shown = source(claim, "https://api-docs.deepseek.com/news/r1")
    assert (shown["published"], shown["archive_url"]) == ("2025-01", None)
    same = claim("source", "edit", sid, "--kind", "official_statement")
    assert "nothing changed" in same.stderr
    table = ok(claim("source", "show", sid, "--format", "table"))
    assert "history:\n  #" in table
    assert_chain_holds(claim)
    event_id = execute(claim, "SELECT max(id) FROM event WHERE action = 'source.edited'")
    execute(
        claim,
        "UPDATE event SET payload = replace(payload, '2025-01', '2024-12') WHERE id = :i",
        i=event_id,
    )
    assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}", "edited")


@pytest.mark.parametrize(
    ("args", "fragments", "exit_code"),
    [
        (["--url", "ftp://e.org/a"], ["invalid URL"], 1),
        (["--url", "https://e.org/taken"], ["already has URL https://e.org/taken"], 1),
        (["--archive-url", "archive.ph/x"], ["invalid URL"], 1),
        (["--published", "the day after never"], ["date"], 1),
        (["--title", ""], ["a source needs a URL or a title"], 1),
        (["--lang", "not a language"], ["--lang"], 2),
        (["--kind", "rumour"], ["'rumour' is not one of"], 2),
        ([], ["nothing to change", "--title"], 2),
    ],
)
def test_bad_edits_change_nothing(
    claim: Claim, args: list[str], fragments: list[str], exit_code: int
) -> None:
    ok(claim("source", "add", "https://e.org/taken"))
    sid = ok(claim("source", "add", "--title", "A report without a link"))
    before = snapshot(claim)
    assert_refused(claim("source", "edit", sid, *args), *fragments, exit_code=exit_code)
    assert snapshot(claim) == before
    assert_one_line_error(claim("source", "edit", "999", "--title", "x"), "no source #999")
    assert snapshot(claim) == before


FAMILIES = [
    ("https://x.com/deepseek_ai/status/1881318130334814301", "social_post"),
    ("https://bsky.app/profile/someone.bsky.social/post/3lgr6rbpbsk2o", "social_post"),
    ("https://mastodon.social/@Gargron/113858376839237405", "social_post"),
    ("https://youtu.be/dQw4w9WgXcQ", "video"),
    ("https://arxiv.org/abs/2501.12948", "paper"),
    ("https://x.com/i/birdwatch/n/1883332445357695214", "community_note"),
    ("https://web.archive.org/web/20250127/https://www.deepseek.com/", "archive"),
    ("https://www.wsj.com/tech/ai/deepseek", "other"),
]


@pytest.mark.parametrize(("url", "kind"), FAMILIES, ids=[k for _, k in FAMILIES])
def test_a_new_source_takes_its_kind_from_the_host(claim: Claim, url: str, kind: str) -> None:
    added = claim("source", "add", url)
    assert source(claim, ok(added))["kind"] == kind
    inferred = f"{kind.replace('_', ' ')} (inferred)"
    assert (inferred in added.stderr) == (kind != "other")
    # The same through `claim add --source`, which creates the source on the way.
    cid = ok(claim("add", f"A claim seen at {url}", "--source", url + "?x=1", "--force"))
    shown = json.loads(ok(claim("show", cid, "--format", "json")))
    assert shown["appearances"][0]["source"]["kind"] == kind
    history = [h["description"] for h in source(claim, url + "?x=1")["history"]]
    assert history == [
        f"recorded the source ({kind.replace('_', ' ')}"
        + (", inferred from its host)" if kind != "other" else ")")
    ]


def test_an_explicit_kind_wins_and_stored_sources_keep_theirs(claim: Claim) -> None:
    post = "https://x.com/pmarca/status/1883640142591853011"
    sid = ok(claim("source", "add", post, "--kind", "news_article"))
    assert source(claim, sid)["kind"] == "news_article"
    cid = ok(
        claim("add", "R1 is a gift", "--source", post + "9", "--source-kind", "other", "--force")
    )
    shown = json.loads(ok(claim("show", cid, "--format", "json")))
    assert shown["appearances"][0]["source"]["kind"] == "other"
    # Correcting another field does not re-apply the table to a stored source.
    ok(claim("source", "edit", sid, "--title", "Marc Andreessen on R1"))
    assert source(claim, sid)["kind"] == "news_article"
    # Evidence given by URL is a new source too.
    ok(claim("evidence", cid, "https://arxiv.org/abs/2501.12948", "--contextualizes"))
    assert source(claim, "https://arxiv.org/abs/2501.12948")["kind"] == "paper"
