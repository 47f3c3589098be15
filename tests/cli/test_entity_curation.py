"""Correcting claimants: entity edit, aliases, a merge that asks first, and its undoing."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import claimtracker.cli.terminal as terminal_cli
from claimtracker.db.url import resolve
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids

# What a failed command must leave exactly as it was.
TABLES = {
    "entity": "SELECT * FROM entity ORDER BY id",
    "entity_alias": "SELECT entity_id, alias, alias_key FROM entity_alias ORDER BY entity_id, id",
    "claim": "SELECT id, claimant_id FROM claim ORDER BY id",
    "source": "SELECT * FROM source ORDER BY id",
    "verdict": "SELECT id, publisher_id FROM verdict ORDER BY id",
    "event": "SELECT id, hash FROM event ORDER BY id",
}


def snapshot(claim: Claim) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a curation command could touch."""
    engine = create_engine(resolve(claim.db).url)
    try:
        with engine.connect() as conn:
            return {
                name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in TABLES.items()
            }
    finally:
        engine.dispose()


def execute(claim: Claim, sql: str, **params: Any) -> Any:
    """Run SQL behind the tool's back (as someone with a SQL client would)."""
    engine = create_engine(resolve(claim.db).url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.output, result.stderr)
    out: str = result.stdout
    return out.strip()


def entity(claim: Claim, ref: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(claim("entity", "show", ref, "--format", "json")))
    return data


def history(claim: Claim, ref: str) -> list[str]:
    rows = json.loads(ok(claim("entity", "history", ref, "--format", "json")))
    return [row["description"] for row in rows]


def claimant_of(claim: Claim, claim_id: str) -> int | None:
    shown = json.loads(ok(claim("show", claim_id, "--format", "json")))
    who = shown["claimant"]
    return who["id"] if who else None


def assert_refused(result: Any, *fragments: str, exit_code: int = 1) -> None:
    """A user error (exit 1, one line) or a usage error (exit 2: click's usage lines, then
    the one line that says what was wrong); no traceback either way."""
    if exit_code == 1:
        assert_one_line_error(result, *fragments)
        return
    assert result.exit_code == 2, (result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])


def assert_chain_holds(claim: Claim) -> None:
    assert "hash chain verified" in ok(claim("audit", "verify"))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as if a person sat at a terminal: the merge asks, CliRunner's input answers."""
    monkeypatch.setattr(terminal_cli, "stdin_is_terminal", lambda: True)


def test_edit_tells_before_and_after_and_keeps_the_old_name(claim: Claim) -> None:
    seed_ids(claim)
    cid = ok(
        claim(
            "add", "DeepSeek opened a research office in Lyon", "--by", "Deepseek Labs", "--force"
        )
    )
    eid = str(claimant_of(claim, cid))
    edited = claim("entity", "edit", "Deepseek Labs", "--kind", "organisation", "--role", "AI lab")
    assert ok(edited) == eid
    assert "kind unknown → organisation" in edited.stderr
    assert "role (none) → 'AI lab'" in edited.stderr
    renamed = claim("entity", "edit", eid, "--name", "DeepSeek-AI", "--reason", "misspelt")
    assert "name 'Deepseek Labs' → 'DeepSeek-AI'" in renamed.stderr
    # The old name still finds the entity (it became an alias), so does the new one.
    assert entity(claim, "deepseek labs")["id"] == int(eid)
    shown = entity(claim, "DeepSeek-AI")
    assert (shown["kind"], shown["role"], shown["aliases"]) == (
        "organisation",
        "AI lab",
        ["Deepseek Labs"],
    )
    told = history(claim, eid)
    assert told[0] == "recorded entity 'Deepseek Labs' (unknown)"
    assert "kind unknown → organisation" in told[1]
    assert "name 'Deepseek Labs' → 'DeepSeek-AI'" in told[2]
    assert told[2].endswith(": misspelt")
    assert "edited the entity" in shown["history"][1]["description"]
    # A change of case only needs no alias; --no-keep-alias drops the old name.
    claim("entity", "edit", eid, "--name", "Deepseek-ai")
    assert entity(claim, eid)["aliases"] == ["Deepseek Labs"]
    ok(claim("entity", "edit", eid, "--name", "DeepSeek Research", "--no-keep-alias"))
    assert_one_line_error(claim("entity", "show", "Deepseek-ai"), "no entity called 'Deepseek-ai'")
    # Wikidata and URL are checked and stored in their canonical forms.
    ok(
        claim(
            "entity",
            "edit",
            eid,
            "--wikidata",
            "https://www.wikidata.org/wiki/q123",
            "--url",
            "HTTPS://www.DeepSeek.com",
        )
    )
    shown = entity(claim, eid)
    assert (shown["wikidata_id"], shown["url"]) == ("Q123", "https://www.deepseek.com/")
    again = claim("entity", "edit", eid, "--wikidata", "Q123")
    assert "nothing changed" in again.stderr
    ok(claim("entity", "edit", eid, "--role", "", "--url", ""))
    shown = entity(claim, eid)
    assert (shown["role"], shown["url"]) == (None, None)
    assert_chain_holds(claim)


@pytest.mark.parametrize(
    ("args", "fragments", "exit_code"),
    [
        (["Neal Khosla", "--wikidata", "X42"], ["invalid Wikidata id 'X42'"], 1),
        (["Neal Khosla", "--wikidata", "Q62882"], ["#2 (Marc Andreessen)", "Q62882"], 1),
        (["Neal Khosla", "--url", "ftp://curai.com"], ["invalid URL", "http"], 1),
        (["Neal Khosla", "--name", "pmarca"], ["#2 (Marc Andreessen)", "--allow-same-name"], 1),
        (["Neal Khosla", "--name", "  "], ["empty"], 1),
        (["Nobody at all", "--kind", "person"], ["no entity called 'Nobody at all'"], 1),
        (["Neal Khosla", "--kind", "alien"], ["'alien' is not one of"], 2),
        (["Neal Khosla"], ["nothing to change", "--name"], 2),
    ],
)
def test_bad_edits_change_nothing(
    claim: Claim, args: list[str], fragments: list[str], exit_code: int
) -> None:
    seed_ids(claim)
    before = snapshot(claim)
    assert_refused(claim("entity", "edit", *args), *fragments, exit_code=exit_code)
    assert snapshot(claim) == before


def test_aliases_are_added_and_removed_and_never_shared(claim: Claim) -> None:
    seed_ids(claim)
    added = claim("entity", "alias", "add", "DeepSeek", "deepseek_ai", "DeepSeek AI", "深度求索")
    assert ok(added) == "3"
    assert "added alias 'deepseek_ai', 'DeepSeek AI'" in added.stderr
    assert entity(claim, "deepseek_ai")["aliases"] == ["深度求索", "deepseek_ai", "DeepSeek AI"]
    before = snapshot(claim)
    # An alias that names another entity is refused, naming it; the others are not added.
    refused = claim("entity", "alias", "add", "DeepSeek", "High-Flyer", "pmarca")
    assert_one_line_error(refused, "'pmarca' is already a name of entity #2 (Marc Andreessen)")
    missing = claim("entity", "alias", "remove", "DeepSeek", "deepseek_ai", "DS")
    assert_one_line_error(missing, "entity #3 has no alias 'DS'", "'deepseek_ai'")
    own_name = claim("entity", "alias", "remove", "DeepSeek", "deepseek")
    assert_one_line_error(own_name, "'deepseek' is the name of entity #3, not an alias")
    assert_refused(claim("entity", "alias", "add", "DeepSeek"), "Missing argument", exit_code=2)
    assert snapshot(claim) == before
    removed = claim("entity", "alias", "remove", "3", "DEEPSEEK_AI")
    assert "removed alias 'deepseek_ai'" in removed.stderr
    assert entity(claim, "3")["aliases"] == ["深度求索", "DeepSeek AI"]
    assert_one_line_error(claim("entity", "show", "deepseek_ai"), "no entity called")
    told = history(claim, "3")
    assert told[1:] == ["added alias 'deepseek_ai', 'DeepSeek AI'", "removed alias 'deepseek_ai'"]
    assert_chain_holds(claim)


def _duplicate(claim: Claim) -> tuple[str, list[str]]:
    """A second DeepSeek, with two claims and a source it published."""
    dup = ok(
        claim(
            "entity",
            "add",
            "DeepSeek-AI",
            "--kind",
            "unknown",
            "--alias",
            "deepseek_ai",
            "--wikidata",
            "Q123456",
            "--role",
            "AI lab",
        )
    )
    claims = [
        ok(claim("add", "R1 matches o1 on reasoning benchmarks", "--by", "deepseek_ai", "--force")),
        ok(
            claim(
                "add",
                "R1 is released under the MIT licence",
                "--by",
                dup,
                "--source",
                "https://api-docs.deepseek.com/news/news250120",
                "--publisher",
                dup,
                "--force",
            )
        ),
    ]
    return dup, claims


def test_merge_shows_the_plan_and_asks(claim: Claim, terminal: None) -> None:
    seed_ids(claim)
    dup, claims = _duplicate(claim)
    before = snapshot(claim)
    declined = claim("entity", "merge", "DeepSeek", "DeepSeek-AI", input="n\n")
    assert declined.exit_code == 1
    plan = declined.stderr
    assert f"Merge #{dup} 'DeepSeek-AI' into #3 'DeepSeek':" in plan
    assert f"claims: 2 move to #3 (#{claims[0]}, #{claims[1]})" in plan
    assert "sources it published: 1 move to #3" in plan
    assert "names #3 gains as aliases: 'DeepSeek-AI', 'deepseek_ai'" in plan
    assert "kind: organisation kept" in plan
    assert (
        f"role: 'Chinese artificial intelligence company' kept; #{dup}'s 'AI lab' is dropped"
        in plan
    )
    assert f"wikidata id: 'Q123456', taken from #{dup}" in plan
    assert "Merge? [y/N]" in plan
    assert snapshot(claim) == before
    # Enter alone is no.
    assert claim("entity", "merge", "DeepSeek", dup, input="\n").exit_code == 1
    assert snapshot(claim) == before
    merged = claim("entity", "merge", "DeepSeek", dup, input="y\n")
    assert ok(merged) == "3"
    event_id = int(execute(claim, "SELECT max(id) FROM event WHERE action = 'entity.merged'"))
    assert f"(event #{event_id}; undo: claim entity unmerge {event_id})" in merged.stderr
    assert [claimant_of(claim, c) for c in claims] == [3, 3]
    survivor = entity(claim, "deepseek_ai")
    assert survivor["id"] == 3
    assert survivor["aliases"] == ["深度求索", "DeepSeek-AI", "deepseek_ai"]
    assert survivor["wikidata_id"] == "Q123456"
    assert survivor["merged"][0]["event_id"] == event_id
    table = ok(claim("entity", "show", "3", "--format", "table"))
    assert (
        f"merged #{dup} 'DeepSeek-AI' into this "
        f"(event #{event_id}: claim entity unmerge {event_id})" in table
    )
    assert_one_line_error(
        claim("entity", "show", dup), f"no entity #{dup}: it was merged into #3 (event #{event_id})"
    )
    assert (
        history(claim, "3")[-1]
        == f"merged #{dup} 'DeepSeek-AI' into #3 'DeepSeek' (2 claims moved)"
    )
    assert_chain_holds(claim)


def test_merge_without_a_terminal_needs_yes(claim: Claim) -> None:
    seed_ids(claim)
    dup, claims = _duplicate(claim)
    before = snapshot(claim)
    refused = claim("entity", "merge", "DeepSeek", "DeepSeek-AI", input="y\n")
    assert_one_line_error(refused, f"merging #{dup} into #3 needs a yes", "--yes")
    assert snapshot(claim) == before
    dry = claim("entity", "merge", "DeepSeek", "DeepSeek-AI", "--dry-run")
    assert "claims: 2 move to #3" in ok(dry)
    assert snapshot(claim) == before
    merged = claim("entity", "merge", "DeepSeek", "DeepSeek-AI", "--yes")
    assert ok(merged) == "3"
    assert "claims: 2 move to #3" in merged.stderr
    assert [claimant_of(claim, c) for c in claims] == [3, 3]


@pytest.mark.parametrize(
    ("keep", "other", "fragments"),
    [
        ("DeepSeek", "Sam Altman", ["several entities are called 'Sam Altman' (#", "give the id"]),
        ("Sam Altman", "DeepSeek", ["several entities are called 'Sam Altman' (#"]),
        ("DeepSeek", "Nobody", ["no entity called 'Nobody'"]),
        ("DeepSeek", "深度求索", ["cannot merge entity #3 with itself"]),
        ("DeepSeek", "999", ["no entity #999"]),
    ],
)
def test_merge_refusals_change_nothing(
    claim: Claim, keep: str, other: str, fragments: list[str]
) -> None:
    seed_ids(claim)
    first = ok(claim("entity", "add", "Sam Altman", "--kind", "person"))
    second = ok(claim("entity", "add", "Sam Altman", "--allow-same-name"))
    before = snapshot(claim)
    result = claim("entity", "merge", keep, other, "--yes")
    assert_one_line_error(result, *fragments)
    if "several" in fragments[0]:
        assert f"#{first}, #{second}" in result.stderr
    assert snapshot(claim) == before


def test_unmerge_puts_back_exactly_what_was_moved(claim: Claim) -> None:
    seed_ids(claim)
    dup, claims = _duplicate(claim)
    original = entity(claim, dup)
    survivor_before = entity(claim, "3")
    source = json.loads(
        ok(
            claim(
                "source",
                "show",
                "https://api-docs.deepseek.com/news/news250120",
                "--format",
                "json",
            )
        )
    )
    assert source["publisher"] == "DeepSeek-AI"
    ok(claim("entity", "merge", "DeepSeek", dup, "--yes"))
    merge_event = int(execute(claim, "SELECT max(id) FROM event WHERE action = 'entity.merged'"))
    # After the merge a claim is attributed to the survivor through the merged name: it stays.
    later = ok(claim("add", "DeepSeek hires 200 engineers", "--by", "DeepSeek-AI", "--force"))
    assert claimant_of(claim, later) == 3
    undone = claim("entity", "unmerge", str(merge_event))
    assert ok(undone) == dup
    assert f"restored #{dup} 'DeepSeek-AI' from #3: 2 claim(s) moved back" in undone.stderr
    assert [claimant_of(claim, c) for c in claims] == [int(dup), int(dup)]
    assert claimant_of(claim, later) == 3
    restored = entity(claim, dup)
    for key in ("id", "name", "kind", "role", "wikidata_id", "aliases", "created_at", "created_by"):
        assert restored[key] == original[key], key
    assert restored["claims"] == 2
    survivor = entity(claim, "3")
    for key in ("aliases", "wikidata_id", "role", "kind"):
        assert survivor[key] == survivor_before[key], key
    assert survivor["claims"] == survivor_before["claims"] + 1
    assert survivor["merged"][0]["undone_by"] is not None
    source = json.loads(
        ok(
            claim(
                "source",
                "show",
                "https://api-docs.deepseek.com/news/news250120",
                "--format",
                "json",
            )
        )
    )
    assert source["publisher"] == "DeepSeek-AI"
    told = history(claim, dup)
    assert told[-2].startswith(f"merged #{dup} 'DeepSeek-AI' into #3")
    assert told[-1] == (
        f"undid merge event #{merge_event}: 'DeepSeek-AI' taken back out of #3 "
        "(2 claims moved back)"
    )
    assert history(claim, "3")[-1] == told[-1]
    assert_chain_holds(claim)
    before = snapshot(claim)
    again = claim("entity", "unmerge", str(merge_event))
    assert_one_line_error(again, f"merge event #{merge_event} was already undone (event #")
    assert snapshot(claim) == before
    # The sequence of ids goes on after an entity came back under its own id.
    newer = ok(claim("entity", "add", "High-Flyer", "--kind", "organisation"))
    assert int(newer) > int(dup)
    # Merging again and undoing again works: each merge has its own event.
    ok(claim("entity", "merge", "3", dup, "--yes"))
    second = int(execute(claim, "SELECT max(id) FROM event WHERE action = 'entity.merged'"))
    assert ok(claim("entity", "unmerge", f"#{second}")) == dup
    assert_chain_holds(claim)


def test_unmerge_refusals_change_nothing(claim: Claim) -> None:
    seed_ids(claim)
    dup, _ = _duplicate(claim)
    ok(claim("entity", "merge", "DeepSeek", dup, "--yes"))
    merge_event = int(execute(claim, "SELECT max(id) FROM event WHERE action = 'entity.merged'"))
    created = int(execute(claim, "SELECT min(id) FROM event WHERE action = 'claim.created'"))
    # The merged-away id taken again (SQLite reuses the highest id of a deleted row).
    execute(
        claim,
        "INSERT INTO entity (id, name, name_key, kind, created_at, created_by) "
        "VALUES (:id, 'Someone else', 'someone else', 'person', CURRENT_TIMESTAMP, 'x')",
        id=int(dup),
    )
    before = snapshot(claim)
    assert_one_line_error(
        claim("entity", "unmerge", str(merge_event)),
        f"entity #{dup} exists again (Someone else)",
    )
    assert_one_line_error(
        claim("entity", "unmerge", str(created)), f"event #{created} is not an entity merge"
    )
    assert_one_line_error(claim("entity", "unmerge", "99999"), "no event #99999")
    assert_refused(claim("entity", "unmerge", "last"), "not an event id", exit_code=2)
    assert snapshot(claim) == before


def test_altering_a_curation_event_breaks_the_chain(claim: Claim) -> None:
    seed_ids(claim)
    dup, _ = _duplicate(claim)
    ok(claim("entity", "edit", dup, "--kind", "organisation"))
    ok(claim("entity", "alias", "add", dup, "DS-AI"))
    ok(claim("entity", "alias", "remove", dup, "DS-AI"))
    ok(claim("entity", "merge", "DeepSeek", dup, "--yes"))
    merge_event = execute(claim, "SELECT max(id) FROM event WHERE action = 'entity.merged'")
    ok(claim("entity", "unmerge", str(merge_event)))
    assert_chain_holds(claim)
    for action in (
        "entity.edited",
        "entity.alias_added",
        "entity.alias_removed",
        "entity.merged",
        "entity.unmerged",
    ):
        event_id = execute(claim, "SELECT max(id) FROM event WHERE action = :a", a=action)
        payload = execute(claim, "SELECT payload FROM event WHERE id = :i", i=event_id)
        execute(
            claim,
            "UPDATE event SET payload = :p WHERE id = :i",
            p=payload.replace("DeepSeek", "DeepFake") if "DeepSeek" in payload else payload + " ",
            i=event_id,
        )
        assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}", "edited")
        execute(claim, "UPDATE event SET payload = :p WHERE id = :i", p=payload, i=event_id)
        assert_chain_holds(claim)


def _now() -> str:
    """A moment after everything done so far, to the second as --as-of reads it (cut to the
    second, it would fall before what was done in this second: so a second passes first)."""
    from datetime import UTC, datetime

    time.sleep(1.1)
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _claimant_then(claim: Claim, claim_id: str, moment: str) -> str | None:
    shown = json.loads(ok(claim("show", claim_id, "--as-of", moment, "--format", "json")))
    name: str | None = shown["as_of"]["claimant"]
    return name


def test_show_as_of_gives_the_claimant_before_a_merge_and_after_an_unmerge(claim: Claim) -> None:
    seed_ids(claim)
    dup, claims = _duplicate(claim)
    before_merge = _now()
    ok(claim("entity", "merge", "DeepSeek", dup, "--yes"))
    merged = _now()
    merge_event = execute(claim, "SELECT max(id) FROM event WHERE action = 'entity.merged'")
    ok(claim("entity", "unmerge", str(merge_event)))
    assert _claimant_then(claim, claims[0], before_merge) == "DeepSeek-AI"
    assert _claimant_then(claim, claims[0], merged) == "DeepSeek"
    assert _claimant_then(claim, claims[0], _now()) == "DeepSeek-AI"


def test_a_merge_is_in_the_history_of_the_claims_it_moved(claim: Claim) -> None:
    seed_ids(claim)
    dup, claims = _duplicate(claim)
    ok(claim("entity", "merge", "DeepSeek", dup, "--yes"))
    told = [
        row["description"]
        for row in json.loads(ok(claim("history", claims[0], "--format", "json")))
    ]
    assert told[-1] == f"merged #{dup} 'DeepSeek-AI' into #3 'DeepSeek' (2 claims moved)"
    # A claim the merge did not move does not mention it.
    other = json.loads(ok(claim("history", "1", "--format", "json")))
    assert not any("merged" in row["description"] for row in other)
