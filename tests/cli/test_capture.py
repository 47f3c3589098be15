"""The capture commands as a user types them, on both backends."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from claimtracker.app import default_user
from claimtracker.cli import cli
from tests.conftest import Claim, assert_one_line_error


def counts(claim: Claim) -> dict[str, int]:
    info = json.loads(claim("db", "info", "--format", "json").stdout)
    return {k: info[k] for k in ("claims", "entities", "sources", "events")}


def test_add_prints_the_id_and_show_tells_the_dossier(claim: Claim) -> None:
    result = claim(
        "add",
        "DeepSeek serait une « opération psychologique de l’État chinois »",
        "--by",
        "Neal Khosla",
        "--role",
        "CEO of Curai",
        "--at",
        "27 janvier 2025",
        "--source",
        "https://example.org/article?utm_medium=x",
        "--source-title",
        "L'article",
        "--quote",
        "opération psychologique",
        "--lang",
        "fr",
        "--tag",
        "psyop",
    )
    assert result.exit_code == 0, result.stderr
    claim_id = result.stdout.strip()
    assert claim_id.isdigit()
    note = claim(
        "add", "Aucune preuve n'étaye cette affirmation", "--by", "Community Notes contributors"
    ).stdout.strip()
    assert claim("link", note, "--rebuts", claim_id, "--reason", "no evidence").exit_code == 0
    shown = claim("show", claim_id).stdout
    assert "Neal Khosla (CEO of Curai), 2025-01-27" in shown
    assert "« opération psychologique »" in shown
    assert f"rebutted by #{note} — Community Notes contributors" in shown
    data = json.loads(claim("show", claim_id, "--format", "json").stdout)
    assert data["appearances"][0]["source"]["url"] == "https://example.org/article"
    assert data["claimed_precision"] == "day"


def test_text_from_stdin(claim: Claim) -> None:
    result = claim("add", "-", input="Le modèle R1 rivalise avec OpenAI\n")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(claim("show", result.stdout.strip(), "--format", "json").stdout)
    assert shown["text"] == "Le modèle R1 rivalise avec OpenAI"


def test_duplicate_is_named_and_force_links_it(claim: Claim) -> None:
    first = claim("add", "DeepSeek trained R1 for only $5.6 million").stdout.strip()
    again = claim("add", "deepseek trained R1 for only $5.6 million.")
    assert_one_line_error(again, f"looks like #{first}", "--force")
    forced = claim(
        "add", "deepseek trained R1 for only $5.6 million.", "--force", "--link-duplicate"
    )
    assert forced.exit_code == 0, forced.stderr
    assert f"linked as a duplicate of #{first}" in forced.stderr
    shown = claim("show", first).stdout
    assert f"duplicated by #{forced.stdout.strip()}" in shown


def test_list_in_every_format(claim: Claim) -> None:
    for text in ("Claim alpha about chips", "Claim beta about markets"):
        claim("add", text, "--by", "Ann", "--tag", "ai")
    as_json = json.loads(claim("list", "--format", "json").stdout)
    assert [r["text"] for r in as_json] == ["Claim beta about markets", "Claim alpha about chips"]
    assert as_json[0]["claimant"] == "Ann"
    lines = claim("list", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["status"] == "new"
    rows = list(csv.DictReader(io.StringIO(claim("list", "--format", "csv").stdout)))
    assert rows[1]["text"] == "Claim alpha about chips"
    tsv = claim("list", "--format", "tsv", "--by", "ann", "--limit", "1", "--page", "2").stdout
    assert tsv.splitlines()[1].split("\t")[-1] == "Claim alpha about chips"
    table = claim("list", "--format", "table").stdout
    assert "Claim beta about markets" in table
    assert "claimant" in table.splitlines()[0]


def test_search_shows_matching_words(claim: Claim) -> None:
    claim("add", "Le PDG de Curai parle d'une opération de l'État chinois")
    claim("add", "Garry Tan voit une bonne nouvelle")
    rows = json.loads(claim("search", "etat CHINOIS", "--format", "json").stdout)
    assert len(rows) == 1
    assert set(rows[0]["matched"]) == {"etat", "chinois"}


def test_sources_and_entities(claim: Claim) -> None:
    src = claim(
        "source",
        "add",
        "https://www.wsj.com/tech/ai/deepseek?mod=x#top",
        "--title",
        "WSJ on DeepSeek",
        "--publisher",
        "The Wall Street Journal",
        "--kind",
        "news_article",
        "--published",
        "January 2025",
    )
    assert src.exit_code == 0, src.stderr
    again = claim("source", "add", "https://WWW.WSJ.COM/tech/ai/deepseek?mod=x")
    assert_one_line_error(again, f"source #{src.stdout.strip()} already has URL")
    shown = json.loads(claim("source", "show", src.stdout.strip(), "--format", "json").stdout)
    assert shown["publisher"] == "The Wall Street Journal"
    assert shown["published"] == "2025-01"
    ev = claim("add", "Liang Wenfeng a parlé au Premier ministre")
    assert (
        claim(
            "evidence",
            ev.stdout.strip(),
            "https://www.wsj.com/tech/ai/deepseek?mod=x",
            "--supports",
            "--quote",
            "said",
        ).exit_code
        == 0
    )
    listed = json.loads(claim("source", "list", "--format", "json").stdout)
    assert listed[0]["evidence"] == 1
    keep = claim(
        "entity",
        "add",
        "Yann LeCun",
        "--kind",
        "person",
        "--role",
        "chief AI scientist at Meta",
        "--wikidata",
        "Q3571662",
    ).stdout.strip()
    other = claim("entity", "add", "Y. LeCun").stdout.strip()
    claim("add", "Open source is winning", "--by", "Y. LeCun")
    assert claim("entity", "merge", keep, other, "--yes").exit_code == 0
    entity = json.loads(claim("entity", "show", "y. lecun", "--format", "json").stdout)
    assert entity["id"] == int(keep)
    assert entity["aliases"] == ["Y. LeCun"]
    assert entity["claims"] == 1
    names = [r["name"] for r in json.loads(claim("entity", "list", "--format", "json").stdout)]
    assert "Yann LeCun" in names
    assert "Y. LeCun" not in names


def test_graph_as_mermaid_and_dot(claim: Claim) -> None:
    a = claim("add", "There is no evidence for the psyop claim").stdout.strip()
    b = claim("add", "DeepSeek is a state psyop").stdout.strip()
    claim("link", a, "--rebuts", b)
    mermaid = claim("graph", b).stdout
    assert mermaid.startswith("flowchart LR")
    assert f"c{a} -->|rebuts| c{b}" in mermaid
    dot = claim("graph", b, "--format", "dot").stdout
    assert f"c{a} -> c{b}" in dot


def test_seed_dossier_loads_idempotently_and_shows_the_rebuttal(claim: Claim) -> None:
    first = claim("seed", "load")
    assert first.exit_code == 0, first.stderr
    keys = dict(line.split("\t")[::-1] for line in first.stdout.splitlines())
    before = counts(claim)
    second = claim("seed", "load")
    assert second.exit_code == 0
    assert "created 0 entities, 0 sources, 0 claims, 0 appearances, 0 links" in second.stderr
    assert counts(claim) == before
    shown = claim("show", keys["khosla-psyop"]).stdout
    assert "Neal Khosla (CEO of Curai)" in shown
    assert f"rebutted by #{keys['community-note-psyop']} — Community Notes contributors" in shown
    cost = json.loads(claim("show", keys["deepseek-training-cost-5-6m"], "--format", "json").stdout)
    assert cost["kind"] == "factual"
    assert "5,6 millions" in cost["appearances"][0]["quote"]


# ---- bad input: one line, exit 1 (2 for usage), nothing written


@pytest.mark.parametrize(
    ("args", "stdin", "fragments"),
    [
        (["add", "   \n\t "], None, ["claim text is empty"]),
        (["add", "x" * 10_001], None, ["10,001 characters", "10,000"]),
        (["add", "bell\x07 here"], None, ["U+0007"]),
        (["add", "-"], b"caf\xe9 au lait", ["not UTF-8", "0xe9"]),
        (["add", "A claim", "--source", "notaurl"], None, ["invalid URL 'notaurl'"]),
        (["add", "A claim", "--source", "ftp://x.org/a"], None, ["invalid URL"]),
        (["add", "A claim", "--at", "next blursday"], None, ["cannot read date 'next blursday'"]),
        (["add", "A claim", "--quote", "q"], None, ["needs the source"]),
        (["show", "999"], None, ["no claim #999"]),
        (["show", "not-an-id"], None, ["no claim 'not-an-id'"]),
        (["entity", "show", "Nobody Known"], None, ["no entity called 'Nobody Known'"]),
        (["entity", "add", "X", "--wikidata", "42"], None, ["invalid Wikidata id"]),
        (["source", "show", "12345"], None, ["no source #12345"]),
        (["link", "999", "--rebuts", "1"], None, ["no claim #999"]),
    ],
)
def test_bad_input_changes_nothing(
    claim: Claim, args: list[str], stdin: bytes | None, fragments: list[str]
) -> None:
    claim("add", "Chips were banned in 2022", "--by", "Ann")
    before = counts(claim)
    result = claim.runner.invoke(
        __import__("claimtracker.cli").cli.cli, ["--db", claim.db, *args], input=stdin
    )
    assert_one_line_error(result, *fragments)
    assert counts(claim) == before


def test_self_link_and_duplicate_link_change_nothing(claim: Claim) -> None:
    a = claim("add", "Sanctions pushed startups towards efficiency").stdout.strip()
    b = claim("add", "The App Store ranks DeepSeek first").stdout.strip()
    assert claim("link", a, "--supports", b).exit_code == 0
    before = counts(claim)
    assert_one_line_error(claim("link", a, "--supports", a), "cannot be linked to itself")
    assert_one_line_error(claim("link", a, "--supports", b), f"#{a} already supports #{b}")
    assert counts(claim) == before


def test_sql_looking_text_is_stored_verbatim(claim: Claim) -> None:
    text = "Robert'); DROP TABLE claim;-- said the claim was true"
    claim_id = claim("add", text).stdout.strip()
    assert json.loads(claim("show", claim_id, "--format", "json").stdout)["text"] == text
    assert counts(claim)["claims"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["add", "A claim", "--kind", "rumour"],
        ["link", "1"],
        ["link", "1", "--rebuts", "2", "--supports", "3"],
        ["evidence", "1", "https://e.org"],
        ["list", "--limit", "0"],
    ],
)
def test_usage_errors_exit_2(claim: Claim, args: list[str]) -> None:
    result = claim(*args)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_a_search_without_a_word_is_a_usage_error(claim: Claim, query: str) -> None:
    result = claim("search", query)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "has no word to search for" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_global_options_work_after_the_command(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIM_DB", raising=False)
    runner = CliRunner()
    added = runner.invoke(cli, ["add", "Paris is the capital of France", "--db", db_url])
    assert added.exit_code == 0, added.stderr
    claim_id = added.stdout.strip()
    assigned = runner.invoke(
        cli, ["assign", claim_id, "--to", "bob", "--db", db_url, "--user", "ann"]
    )
    assert assigned.exit_code == 0, assigned.stderr
    story = runner.invoke(cli, ["history", claim_id, "--format", "json", "--db", db_url])
    # Without --user: the OS login on SQLite, the login role on PostgreSQL (the server says).
    first = default_user() if db_url.endswith(".db") else make_url(db_url).username
    assert [row["actor"] for row in json.loads(story.stdout)] == [first, "ann"]
    # Nested groups too.
    info = runner.invoke(cli, ["db", "current", "--db", db_url])
    assert info.exit_code == 0, info.stderr
    assert "--db" not in runner.invoke(cli, ["add", "--help"]).stdout
