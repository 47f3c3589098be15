"""`claim evidence`: passages of one source, exact repeats refused, edit and remove with their
history, conflicting stance and link flags, the audit log and the reports, on both backends."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text

from tests.conftest import assert_one_line_error
from tests.reports.test_summaries import assert_views_match_reference
from tests.transfer.test_dump import ok, seed_ids

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tests.conftest import Claim

REPORT = "https://arxiv.org/abs/2412.19437"
ABSTRACT = "DeepSeek-V3 requires only 2.788M H800 GPU hours for its full training."
EXCLUDED = (
    "Note that the aforementioned costs include only the official training of DeepSeek-V3, "
    "excluding the costs associated with prior research and ablation experiments on "
    "architectures, algorithms, or data."
)


def state(claim: Claim) -> dict[str, Any]:
    """What a failed command must leave as it was."""
    info = json.loads(ok(claim("db", "info", "--format", "json")))
    return {k: info[k] for k in ("claims", "sources", "events")}


def dossier(claim: Claim, claim_id: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(ok(claim("show", claim_id, "--format", "json")))
    return shown


def passages(claim: Claim, claim_id: str) -> list[tuple[str, int, str | None, str | None]]:
    """(stance, source id, locator, quote) of each piece of evidence, as `claim show` has it."""
    return [
        (stance, item["source"]["id"], item["locator"], item["quote"])
        for stance, items in dossier(claim, claim_id)["evidence"].items()
        for item in items
    ]


def history(claim: Claim, claim_id: str) -> list[str]:
    return [
        r["description"] for r in json.loads(ok(claim("history", claim_id, "--format", "json")))
    ]


@pytest.fixture
def cost(claim: Claim) -> str:
    """The seed dossier's "$5.6 million" claim, with the abstract of the DeepSeek-V3 report as
    its first passage (evidence #1, source #7)."""
    cost_id = seed_ids(claim)["deepseek-training-cost-5-6m"]
    added = claim(
        "evidence",
        cost_id,
        REPORT,
        "--contextualizes",
        "--title",
        "DeepSeek-V3 Technical Report",
        "--source-kind",
        "paper",
        "--locator",
        "Abstract",
        "--quote",
        ABSTRACT,
    )
    assert added.stdout == "1\n", added.stderr
    assert added.stderr == "evidence #1 (source #7: use --evidence 7 with claim verify)\n"
    return cost_id


def test_two_passages_of_one_source_are_kept_and_shown(claim: Claim, cost: str) -> None:
    second = claim(
        "evidence", cost, "7", "--contextualizes", "--locator", "§1", "--quote", EXCLUDED
    )
    assert second.stdout == "2\n", second.stderr
    assert "source #7" in second.stderr
    assert passages(claim, cost) == [
        ("contextualizes", 7, "Abstract", ABSTRACT),
        ("contextualizes", 7, "§1", EXCLUDED),
    ]
    shown = ok(claim("show", cost))
    assert "  - evidence #1: source #7 DeepSeek-V3 Technical Report <" in shown
    assert "  - evidence #2: source #7 DeepSeek-V3 Technical Report <" in shown
    assert f"at Abstract: « {ABSTRACT} »" in shown
    assert "at §1: « Note that the aforementioned costs" in shown
    # The whole source, without a passage, is one more piece of evidence; a locator alone too.
    assert ok(claim("evidence", cost, REPORT, "--contextualizes")) == "3\n"
    assert ok(claim("evidence", cost, REPORT, "--contextualizes", "--locator", "Table 1")) == "4\n"
    assert "    at Table 1\n" in ok(claim("show", cost))


@pytest.mark.parametrize(
    "repeat",
    [
        ["--locator", "Abstract", "--quote", ABSTRACT],
        ["--locator", "  Abstract ", "--quote", f" {ABSTRACT}\n"],
    ],
    ids=["same", "same once cleaned"],
)
def test_an_exact_repeat_is_refused_naming_the_evidence(
    claim: Claim, cost: str, repeat: list[str]
) -> None:
    before = state(claim)
    again = claim("evidence", cost, "7", "--contextualizes", *repeat)
    assert_one_line_error(again, "already has this passage of source #7", "(evidence #1)")
    assert state(claim) == before
    # Another stance, another quote or another locator is another piece of evidence.
    assert ok(claim("evidence", cost, "7", "--refutes", *repeat)) == "2\n"
    assert ok(claim("evidence", cost, "7", "--contextualizes", "--quote", ABSTRACT)) == "3\n"


def test_a_bare_citation_twice_is_refused(claim: Claim, cost: str) -> None:
    assert ok(claim("evidence", cost, REPORT, "--mentions")) == "2\n"
    before = state(claim)
    again = claim("evidence", cost, REPORT, "--mentions", "--note", "said again")
    assert_one_line_error(again, "already has this source #7 as evidence that mentions", "#2")
    assert state(claim) == before


def test_edit_shows_before_and_after_in_history_and_show(claim: Claim, cost: str) -> None:
    edited = claim(
        "evidence", "edit", "1", "--stance", "refutes", "--locator", "p. 1", "--reason", "misfiled"
    )
    assert edited.stdout == "1\n", edited.stderr
    assert "evidence #1: stance contextualizes → refutes" in edited.stderr
    assert passages(claim, cost) == [("refutes", 7, "p. 1", ABSTRACT)]
    assert history(claim, cost)[-1] == (
        "edited evidence #1 (source #7): stance contextualizes → refutes, "
        "locator Abstract → p. 1: misfiled"
    )
    ok(claim("evidence", "edit", "#1", "--quote", "", "--note", "The abstract only."))
    assert history(claim, cost)[-1] == (
        "edited evidence #1 (source #7): quote “DeepSeek-V3 requires only 2.788M H800 GPU hours "
        "for its ful…” → —, note — → “The abstract only.”"
    )
    item = dossier(claim, cost)["evidence"]["refutes"][0]
    assert (item["quote"], item["note"]) == (None, "The abstract only.")
    assert ok(claim("audit", "verify"))


def test_edit_refusals_leave_the_evidence_as_it_was(claim: Claim, cost: str) -> None:
    ok(claim("evidence", cost, "7", "--contextualizes", "--locator", "§1", "--quote", EXCLUDED))
    before = (state(claim), passages(claim, cost))
    assert_one_line_error(
        claim("evidence", "edit", "2", "--locator", "Abstract", "--quote", ABSTRACT),
        "already has this passage of source #7",
        "(evidence #1)",
    )
    assert_one_line_error(
        claim("evidence", "edit", "1", "--stance", "contextualizes"),
        "evidence #1 already says that",
    )
    assert_one_line_error(claim("evidence", "edit", "99", "--note", "x"), "no evidence #99")
    assert_one_line_error(claim("evidence", "edit", "one", "--note", "x"), "not an evidence id")
    nothing = claim("evidence", "edit", "1")
    assert nothing.exit_code == 2
    assert "give what to correct" in nothing.stderr
    assert (state(claim), passages(claim, cost)) == before


def test_remove_keeps_what_it_was_in_history(claim: Claim, cost: str) -> None:
    ok(claim("evidence", cost, "7", "--contextualizes", "--locator", "§1", "--quote", EXCLUDED))
    assert ok(claim("evidence", "remove", "1", "--reason", "quoted twice")) == "1\n"
    assert passages(claim, cost) == [("contextualizes", 7, "§1", EXCLUDED)]
    assert "evidence #1:" not in ok(claim("show", cost))
    assert history(claim, cost)[-1] == (
        "removed evidence #1 (source #7, contextualizes, at Abstract): quoted twice"
    )
    before = state(claim)
    assert_one_line_error(claim("evidence", "remove", "1"), "no evidence #1")
    assert state(claim) == before
    assert ok(claim("audit", "verify"))


def test_evidence_a_verdict_rests_on_is_not_removed(claim: Claim, cost: str) -> None:
    ok(claim("config", "set", "review.approvals", "0"))
    ok(
        claim(
            "verify",
            cost,
            "--rating",
            "misleading",
            "--rationale",
            "Training only.",
            "--evidence",
            "7",
        )
    )
    before = (state(claim), passages(claim, cost))
    refused = claim("evidence", "remove", "1")
    assert_one_line_error(refused, "evidence #1 is what verdict #1 of claim", "rests on")
    assert (state(claim), passages(claim, cost)) == before
    # It can still be corrected, with its history.
    ok(claim("evidence", "edit", "1", "--note", "The figure covers the final run only."))


@pytest.mark.parametrize(
    "flags",
    [["--supports", "--refutes"], ["--mentions", "--contextualizes", "--supports"]],
)
def test_conflicting_stance_flags_are_a_usage_error(
    claim: Claim, cost: str, flags: list[str]
) -> None:
    before = state(claim)
    result = claim("evidence", cost, REPORT, *flags, "--locator", "p. 2")
    assert result.exit_code == 2, result.output
    assert "conflicting stances" in result.stderr
    for flag in flags:
        assert flag in result.stderr
    assert state(claim) == before


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["link", "{a}", "--rebuts", "{b}", "--supports", "{b}"], ["--rebuts", "--supports"]),
        (["link", "{a}", "--rebuts", "{b}", "--supports", "{c}"], ["--rebuts", "--supports"]),
        (
            ["add", "Une rumeur de plus", "--rebuts", "{b}", "--duplicates", "#{b}"],
            ["--rebuts", "--duplicates"],
        ),
    ],
    ids=["link, same claim", "link, two claims", "add"],
)
def test_conflicting_link_flags_are_a_usage_error(
    claim: Claim, args: list[str], named: list[str]
) -> None:
    ids = seed_ids(claim)
    refs = {"a": ids["community-note-psyop"], "b": ids["khosla-psyop"], "c": "2"}
    before = state(claim)
    result = claim(*(arg.format(**refs) for arg in args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for flag in named:
        assert flag in result.stderr
    assert state(claim) == before


def test_links_that_do_not_contradict_are_recorded(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    added = claim("add", "Une rumeur de plus", "--rebuts", psyop, "--contextualizes", psyop)
    assert added.exit_code == 0, added.stderr
    assert "linked: rebuts" in added.stderr
    assert "linked: contextualizes" in added.stderr


def test_an_altered_evidence_event_breaks_the_audit_log(claim: Claim, cost: str) -> None:
    ok(claim("evidence", "edit", "1", "--stance", "refutes"))
    ok(claim("evidence", "remove", "1"))
    assert "hash chain verified" in ok(claim("audit", "verify"))
    from sqlalchemy import create_engine

    from claimtracker.db.url import resolve

    engine = create_engine(resolve(claim.db).url)
    with engine.begin() as conn:
        event_id = conn.execute(
            text("SELECT id FROM event WHERE action = 'evidence.edited'")
        ).scalar_one()
        conn.execute(
            text(
                "UPDATE event SET payload = replace(payload, 'refutes', 'supports') WHERE id = :i"
            ),
            {"i": event_id},
        )
    engine.dispose()
    assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}", "edited")


def _counts(engine: Engine, claim_id: str) -> tuple[Any, ...]:
    with engine.connect() as conn:
        per_claim = conn.execute(
            text(
                "SELECT evidence_supports, evidence_refutes, evidence_contextualizes, "
                "evidence_mentions FROM claim_overview WHERE claim_id = :c"
            ),
            {"c": int(claim_id)},
        ).one()
        by_source = conn.execute(
            text(
                "SELECT stance, evidence, claims FROM evidence_sources "
                "WHERE source_kind = 'paper' ORDER BY stance"
            )
        ).all()
    return tuple(per_claim), [tuple(row) for row in by_source]


def test_reports_count_each_passage(claim: Claim, cost: str, engine: Engine) -> None:
    ok(claim("evidence", cost, "7", "--contextualizes", "--locator", "§1", "--quote", EXCLUDED))
    assert _counts(engine, cost) == ((0, 0, 2, 0), [("contextualizes", 2, 1)])
    assert_views_match_reference(engine, "with two passages", allow_empty=True)
    ok(claim("evidence", "edit", "2", "--stance", "refutes"))
    assert _counts(engine, cost) == ((0, 1, 1, 0), [("contextualizes", 1, 1), ("refutes", 1, 1)])
    assert_views_match_reference(engine, "after a stance was edited", allow_empty=True)
    ok(claim("evidence", "remove", "1"))
    assert _counts(engine, cost) == ((0, 1, 0, 0), [("refutes", 1, 1)])
    assert_views_match_reference(engine, "after a passage was removed", allow_empty=True)


def test_a_dump_carries_the_locators_and_restores_them(
    claim: Claim, cost: str, other_db: str
) -> None:
    ok(claim("evidence", cost, "7", "--contextualizes", "--locator", "§1", "--quote", EXCLUDED))
    dumped = claim("export", "jsonl").stdout
    rows = [json.loads(line) for line in dumped.splitlines()]
    evidence = [r["row"] for r in rows if r.get("table") == "evidence"]
    assert [(e["id"], e["locator"]) for e in evidence] == [(1, "Abstract"), (2, "§1")]
    restored = type(claim)(db=other_db, runner=claim.runner)
    ok(restored("import", "jsonl", "-", input=dumped))
    assert passages(restored, cost) == passages(claim, cost)
    again = restored("export", "jsonl").stdout
    assert again.splitlines()[1:] == dumped.splitlines()[1:]
