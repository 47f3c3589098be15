"""Workflow and curation commands on several claims: all or nothing, stdin, --dry-run."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from claimtracker.db.url import resolve
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids


def _statuses(claim: Claim) -> dict[int, tuple[str, str | None]]:
    rows = json.loads(claim("list", "--format", "json", "--limit", "1000").stdout)
    shown = [json.loads(claim("show", str(row["id"]), "--format", "json").stdout) for row in rows]
    return {s["id"]: (s["status"], s["assignee"]) for s in shown}


def _events(claim: Claim, claim_id: str) -> int:
    return len(json.loads(claim("history", claim_id, "--format", "json").stdout))


def test_assign_several_claims_at_once(claim: Claim) -> None:
    ids = seed_ids(claim)
    chosen = [ids["khosla-psyop"], ids["deepseek-training-cost-5-6m"]]
    result = claim("assign", *chosen, "--to", "bob")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == chosen
    statuses = _statuses(claim)
    assert all(statuses[int(c)] == ("in_review", "bob") for c in chosen)


def test_assign_reads_ids_from_standard_input(claim: Claim) -> None:
    ids = seed_ids(claim)
    chosen = [ids["khosla-psyop"], ids["deepseek-training-cost-5-6m"]]
    result = claim("assign", "-", "--to", "bob", input="\n".join(chosen) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == chosen
    assert_one_line_error(claim("assign", "-", "--to", "bob", input=""), "no claim id", exit_code=2)
    assert_one_line_error(
        claim("assign", "-", ids["khosla-psyop"], "--to", "bob"), "- alone", exit_code=2
    )


def test_one_refused_claim_changes_nothing_and_every_refusal_is_named(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop, cost = ids["khosla-psyop"], ids["deepseek-training-cost-5-6m"]
    assert claim("dismiss", cost, "--reason", "opinion").exit_code == 0
    before = _statuses(claim)
    events = _events(claim, psyop)
    result = claim("assign", psyop, cost, "99999", "--to", "bob")
    assert_one_line_error(result, "nothing changed", "2 of 3", f"#{cost}", "dismissed", "#99999")
    assert _statuses(claim) == before
    assert _events(claim, psyop) == events
    assert "intact" in claim("audit", "verify").stdout


def test_dry_run_says_what_would_change_and_changes_nothing(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    before = _statuses(claim)
    result = claim("assign", psyop, "--to", "bob", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"would assign #{psyop} to bob (new → in review)"
    assert "nothing was written" in result.stderr
    assert _statuses(claim) == before


# --- every workflow command on several claims (issue 14) ---------------------------------

EVIDENCE = "https://x.com/i/status/1883291525478129828"


def _audit(claim: Claim) -> int:
    """The number of events, the audit log checked: every change a command makes adds one."""
    result = claim("audit", "verify")
    assert result.exit_code == 0, result.stderr
    assert "hash chain verified" in result.stdout
    return int(result.stdout.split(":")[1].split()[0])


def _snapshot(claim: Claim) -> tuple[str, int]:
    """What a refused or dry run must leave as it was: every claim's status and verdict, and
    the audit log (an assignee or a verdict cannot change without an event)."""
    return claim("list", "--format", "json", "--sort", "id").stdout, _audit(claim)


def _rationale(*claim_ids: str) -> list[str]:
    return ["verify", *claim_ids, "--rating", "false", "--rationale", "No.", "--evidence", EVIDENCE]


def _states(claim: Claim) -> dict[str, str]:
    """One claim in each state on the seed dossier, by name: their ids."""
    ids = seed_ids(claim)
    states = {
        "in_review": ids["r1-rivals-openai-benchmarks"],
        "pending": ids["deepseek-training-cost-5-6m"],
        "published": ids["khosla-psyop"],
        "new": ids["us-companies-spend-hundreds-of-millions"],
    }
    assert claim("assign", states["in_review"], "--to", "bob", user="ann").exit_code == 0
    assert claim(*_rationale(states["pending"], states["published"]), user="bob").exit_code == 0
    assert claim("approve", states["published"], user="carol").exit_code == 0
    return states


# (command, its options, the state it acts on, a state it refuses, who runs it)
STEPS = [
    ("start", [], "new", "published", "bob"),
    ("unassign", [], "in_review", "new", "bob"),
    (
        "verify",
        ["--rating", "false", "--rationale", "No.", "--evidence", EVIDENCE],
        "new",
        "published",
        "bob",
    ),
    ("approve", [], "pending", "new", "carol"),
    ("send-back", ["--reason", "a second source"], "pending", "in_review", "carol"),
    ("dismiss", ["--reason", "out-of-scope"], "new", "published", "ann"),
    ("reopen", ["--reason", "new evidence"], "published", "new", "ann"),
]


def test_every_workflow_command_takes_several_claims_and_stdin(claim: Claim) -> None:
    ids = seed_ids(claim)
    factual = [ids["deepseek-r1-open-release"], ids["r1-rivals-openai-benchmarks"]]
    more = [ids["deepseek-training-cost-5-6m"], ids["us-chip-sanctions"]]
    started = claim("start", *factual, *more, user="bob")
    assert started.stdout.split() == factual + more
    verified = claim(*_rationale(*factual), user="bob")
    assert verified.exit_code == 0, verified.stderr
    verdicts = verified.stdout.split()
    assert len(set(verdicts)) == 2
    assert verified.stderr.splitlines() == [
        f"claim #{c}: verdict #{v} awaits approval" for c, v in zip(factual, verdicts, strict=True)
    ]
    approved = claim("approve", "-", input="\n".join(factual) + "\n", user="carol")
    assert approved.stdout.split() == factual
    assert all(line.endswith("published") for line in approved.stderr.splitlines())
    # The ids a command prints are the next one's input.
    reopened = claim("reopen", "-", "--reason", "new evidence", input=approved.stdout)
    assert reopened.stdout.split() == factual
    assert claim(*_rationale(*more), user="bob").exit_code == 0
    sent = claim("send-back", *more, "--reason", "a second source", user="carol")
    assert sent.stdout.split() == more
    unassigned = claim("unassign", *more, user="bob")
    assert unassigned.stdout.split() == more
    assert unassigned.stderr == ""  # bob gave back his own claims
    opinions = [ids["andreessen-breakthrough"], ids["tan-good-news-us-competitors"]]
    dismissed = claim("dismiss", *opinions, "--reason", "opinion")
    assert dismissed.stdout.split() == opinions
    listed = {r["id"]: r["status"] for r in json.loads(claim("list", "--format", "json").stdout)}
    assert [listed[int(c)] for c in factual + more + opinions] == [
        "in_review",
        "in_review",
        "new",
        "new",
        "dismissed",
        "dismissed",
    ]
    _audit(claim)


@pytest.mark.parametrize(("command", "options", "good", "bad", "user"), STEPS)
def test_one_refused_claim_of_any_command_changes_nothing(
    claim: Claim, command: str, options: list[str], good: str, bad: str, user: str
) -> None:
    states = _states(claim)
    before = _snapshot(claim)
    result = claim(command, states[good], states[bad], "99999", *options, user=user)
    assert_one_line_error(
        result, "nothing changed", "2 of 3 claims refused", f"#{states[bad]}", "#99999"
    )
    assert f"#{states[good]}:" not in result.stderr
    assert _snapshot(claim) == before


@pytest.mark.parametrize(("command", "options", "good", "bad", "user"), STEPS)
def test_a_dry_run_of_any_command_says_what_it_would_do_and_changes_nothing(
    claim: Claim, command: str, options: list[str], good: str, bad: str, user: str
) -> None:
    states = _states(claim)
    before = _snapshot(claim)
    result = claim(command, states[good], *options, "--dry-run", user=user)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"would {command.replace('-', ' ')}")
    assert f"#{states[good]}" in result.stdout
    assert "nothing was written" in result.stderr
    assert _snapshot(claim) == before
    # What the dry run said is what the real run does.
    assert claim(command, states[good], *options, user=user).exit_code == 0
    assert _snapshot(claim) != before


def test_shared_option_values_are_checked_once(claim: Claim) -> None:
    ids = seed_ids(claim)
    three = [ids["khosla-psyop"], ids["deepseek-training-cost-5-6m"], ids["us-chip-sanctions"]]
    before = _snapshot(claim)
    assert_one_line_error(claim("assign", *three, "--to", "  "), "user name is empty")
    bad_rating = claim("verify", *three, "--rating", "flase", "--rationale", "x", "--evidence", "1")
    assert_one_line_error(bad_rating, "unknown rating 'flase'", "choose from")
    assert "nothing changed" not in bad_rating.stderr
    no_evidence = claim("verify", *three, "--rating", "false", "--rationale", "x")
    assert_one_line_error(no_evidence, "(--evidence SOURCE_ID or URL)")
    no_original = claim("dismiss", *three, "--reason", "duplicate")
    assert_one_line_error(no_original, "needs the claim it duplicates (--of CLAIM_ID)")
    assert_one_line_error(claim("reopen", *three, "--reason", " "), "reason is empty")
    assert _snapshot(claim) == before


def test_a_batch_of_duplicates_is_dismissed_as_copies_of_one(claim: Claim) -> None:
    ids = seed_ids(claim)
    original = ids["khosla-psyop"]
    copies = [
        claim("add", f"DeepSeek is a Chinese state psyop, copy {n}", "--force").stdout.strip()
        for n in (1, 2)
    ]
    result = claim("dismiss", *copies, "--reason", "duplicate", "--of", original)
    assert result.stdout.split() == copies
    for copy in copies:
        told = [
            r["description"] for r in json.loads(claim("history", copy, "--format", "json").stdout)
        ]
        assert (
            f"dismissed the claim as a duplicate of #{original} (new → dismissed): duplicate"
            in told
        )
    # The original among its copies is refused, and so nothing is dismissed.
    fresh = claim("add", "DeepSeek is a Chinese state psyop, copy 3", "--force").stdout.strip()
    refused = claim("dismiss", fresh, original, "--reason", "duplicate", "--of", original)
    assert_one_line_error(refused, "1 of 2", f"claim #{original} cannot be a duplicate of itself")


def test_start_refuses_a_claim_someone_else_reviews_unless_taken_over(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    assert claim("assign", psyop, "--to", "bob", user="ann").exit_code == 0
    before = _snapshot(claim)
    refused = claim("start", psyop, user="carol")
    assert_one_line_error(refused, f"claim #{psyop} is assigned to bob", "(--take-over)")
    assert _snapshot(claim) == before
    taken = claim("start", psyop, "--take-over", user="carol")
    assert taken.exit_code == 0, taken.stderr
    assert taken.stdout.strip() == psyop
    assert taken.stderr.strip() == f"claim #{psyop}: taken over from bob"
    shown = json.loads(claim("show", psyop, "--format", "json").stdout)
    assert (shown["status"], shown["assignee"]) == ("in_review", "carol")
    told = [
        r["description"] for r in json.loads(claim("history", psyop, "--format", "json").stdout)
    ]
    assert told[-1] == (
        "started reviewing (assigned to carol), taken over from bob (in review → in review)"
    )
    # Your own claim, or a free one, needs no --take-over.
    assert_one_line_error(claim("start", psyop, user="carol"), "already assigned to carol")
    free = ids["deepseek-training-cost-5-6m"]
    assert claim("start", free, user="carol").stderr == ""
    _audit(claim)
    # Whose claim was taken is part of the event's hash: rewriting it is caught.
    engine = create_engine(resolve(claim.db).url)
    with engine.begin() as conn:
        event_id = conn.execute(
            text("SELECT max(id) FROM event WHERE action = 'claim.started' AND claim_id = :c"),
            {"c": int(psyop)},
        ).scalar()
        payload = conn.execute(text("SELECT payload FROM event WHERE id = :i"), {"i": event_id})
        edited = payload.scalar().replace('"bob"', '"nobody"')
        conn.execute(
            text("UPDATE event SET payload = :p WHERE id = :i"), {"p": edited, "i": event_id}
        )
    engine.dispose()
    assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}")


def test_unassign_by_someone_else_says_whose_claim_it_was(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop, cost, chips = (
        ids["khosla-psyop"],
        ids["deepseek-training-cost-5-6m"],
        ids["us-chip-sanctions"],
    )
    assert claim("assign", psyop, cost, chips, "--to", "bob", user="ann").exit_code == 0
    # The reviewer and the one who assigned it give it back without a word.
    assert claim("unassign", psyop, user="bob").stderr == ""
    assert claim("unassign", cost, user="ann").stderr == ""
    other = claim("unassign", chips, "--reason", "bob is away", user="dave")
    assert other.exit_code == 0
    assert other.stdout.strip() == chips
    assert other.stderr.strip() == f"claim #{chips} was bob's (assigned by ann)"
    told = [
        r["description"] for r in json.loads(claim("history", chips, "--format", "json").stdout)
    ]
    assert told[-1] == "unassigned the claim from bob (in review → new): bob is away"
    # Someone who took the claim themselves: just whose it was.
    assert claim("start", chips, user="bob").exit_code == 0
    assert claim("unassign", chips, user="dave").stderr.strip() == f"claim #{chips} was bob's"
    _audit(claim)


def test_a_non_factual_claim_takes_no_truth_rating(claim: Claim) -> None:
    ids = seed_ids(claim)
    opinion, prediction = ids["andreessen-breakthrough"], ids["tan-inference-demand"]
    sources = len(json.loads(claim("source", "list", "--format", "json").stdout))
    before = _snapshot(claim)
    refused = claim(
        "verify",
        opinion,
        "--rating",
        "false",
        "--rationale",
        "No.",
        "--evidence",
        "https://example.org/new-source",
    )
    assert_one_line_error(
        refused,
        f"claim #{opinion} is an opinion: a truth rating (false) does not apply",
        f"claim dismiss {opinion} --reason opinion",
        f"claim edit {opinion} --kind factual",
        "unproven, satire, opinion",
    )
    mixed = claim(
        "verify", prediction, "--rating", "misleading", "--rationale", "x", "--evidence", EVIDENCE
    )
    assert_one_line_error(mixed, "is a prediction", "--reason not-checkable")
    assert _snapshot(claim) == before
    assert len(json.loads(claim("source", "list", "--format", "json").stdout)) == sources
    # A label that judges no truth is allowed.
    rated = claim(
        "verify",
        opinion,
        "--rating",
        "opinion",
        "--rationale",
        "A view.",
        "--evidence",
        EVIDENCE,
        user="bob",
    )
    assert rated.exit_code == 0, rated.stderr
    assert json.loads(claim("show", opinion, "--format", "json").stdout)["status"] == (
        "pending_approval"
    )
    _audit(claim)
