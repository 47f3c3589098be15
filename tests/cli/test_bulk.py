"""Workflow and curation commands on several claims: all or nothing, stdin, --dry-run."""

from __future__ import annotations

import json

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
