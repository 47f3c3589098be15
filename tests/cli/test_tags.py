"""Tagging claims after capture, several at once, from the command line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import text

from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import ok, seed_ids

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def tagged(claim: Claim, tag: str) -> set[int]:
    rows = json.loads(ok(claim("list", "--tag", tag, "--format", "json", "--limit", "1000")))
    return {row["id"] for row in rows}


def tags_of(claim: Claim, claim_id: str) -> list[str]:
    tags: list[str] = json.loads(ok(claim("show", claim_id, "--format", "json")))["tags"]
    return tags


def last_event(claim: Claim, claim_id: str) -> str:
    rows = json.loads(ok(claim("history", claim_id, "--format", "json")))
    description: str = rows[-1]["description"]
    return description


def test_tags_are_added_and_removed_in_bulk(claim: Claim) -> None:
    ids = seed_ids(claim)
    cost, psyop = ids["deepseek-training-cost-5-6m"], ids["khosla-psyop"]
    assert "psyop" in tags_of(claim, psyop)
    assert "psyop" not in tags_of(claim, cost)
    assert "china" in tags_of(claim, psyop)
    result = claim(
        "tag", cost, psyop, "--add", " Psyop ", "--add", "needs  Source", "--remove", "china"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [cost, psyop]
    # Nothing to do is said, not refused.
    assert f"claim #{psyop}: already tagged psyop" in result.stderr
    assert f"claim #{cost}: not tagged china" in result.stderr
    assert {int(cost), int(psyop)} <= tagged(claim, "psyop")
    assert tagged(claim, "needs source") == {int(cost), int(psyop)}
    assert "china" not in tags_of(claim, psyop)
    assert last_event(claim, cost) == "tagged: +needs source +psyop"
    assert last_event(claim, psyop) == "tagged: +needs source \u2212china"
    # The search finds a claim by its new tag.
    found = json.loads(ok(claim("search", "needs source", "--format", "json")))
    assert {row["id"] for row in found} >= {int(cost), int(psyop)}

    again = claim("tag", cost, "--add", "psyop", "--remove", "china")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == ""
    assert f"claim #{cost}: nothing to do (already tagged psyop; not tagged china)" in again.stderr
    assert last_event(claim, cost) == "tagged: +needs source +psyop"

    removed = claim("tag", "-", "--remove", "needs source", input=f"{cost}\n{psyop}\n")
    assert removed.exit_code == 0, removed.stderr
    assert tagged(claim, "needs source") == set()
    assert "intact" in ok(claim("audit", "verify"))


def test_tag_payload_says_before_and_after(claim: Claim, engine: Engine) -> None:
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    before = tags_of(claim, psyop)
    ok(claim("tag", psyop, "--add", "ai", "--add", "state media", "--remove", "psyop"))
    with engine.connect() as conn:
        payload = conn.execute(
            text("SELECT payload FROM event WHERE action = 'claim.tagged' AND claim_id = :id"),
            {"id": int(psyop)},
        ).scalar_one()
    recorded = json.loads(payload)
    assert recorded["added"] == ["state media"]
    assert recorded["removed"] == ["psyop"]
    assert recorded["changes"]["tags"]["before"] == before
    assert recorded["changes"]["tags"]["after"] == tags_of(claim, psyop)


def test_dry_run_changes_nothing(claim: Claim) -> None:
    ids = seed_ids(claim)
    cost, psyop = ids["deepseek-training-cost-5-6m"], ids["khosla-psyop"]
    result = claim("tag", cost, psyop, "--add", "psyop", "--remove", "ai", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"would tag #{cost}: +psyop \u2212ai",
        f"would tag #{psyop}: \u2212ai",
    ]
    assert "nothing was written" in result.stderr
    assert int(cost) not in tagged(claim, "psyop")
    assert int(psyop) in tagged(claim, "ai")


def test_bad_tag_commands_change_nothing(claim: Claim, engine: Engine) -> None:
    ids = seed_ids(claim)
    cost, psyop = ids["deepseek-training-cost-5-6m"], ids["khosla-psyop"]
    ok(claim("retract", psyop, "--reason", "captured by mistake"))
    with engine.connect() as conn:
        before = conn.execute(text("SELECT claim_id, tag FROM claim_tag ORDER BY 1, 2")).all()
        events = conn.execute(text("SELECT count(*) FROM event")).scalar_one()

    usage = claim("tag", cost)
    assert usage.exit_code == 2
    assert "give at least one --add TAG or --remove TAG" in usage.stderr
    assert_one_line_error(
        claim("tag", cost, "--add", "x", "--remove", "X"), "both added and removed"
    )
    assert_one_line_error(claim("tag", cost, "--add", "   "), "tag is empty")
    assert_one_line_error(
        claim("tag", cost, psyop, "424242", "--add", "new"),
        "nothing changed",
        "2 of 3",
        f"#{psyop}: claim #{psyop} is retracted",
        "#424242",
    )
    assert_one_line_error(claim("tag", "-", "--add", "new", input=""), "no claim id", exit_code=2)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT claim_id, tag FROM claim_tag ORDER BY 1, 2")).all() == (
            before
        )
        assert conn.execute(text("SELECT count(*) FROM event")).scalar_one() == events


def test_audit_verify_fails_when_a_tag_event_is_edited(claim: Claim, engine: Engine) -> None:
    ids = seed_ids(claim)
    ok(claim("tag", ids["khosla-psyop"], "--add", "reviewed"))
    assert "intact" in ok(claim("audit", "verify"))
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE event SET payload = replace(payload, 'reviewed', 'other') "
                "WHERE action = 'claim.tagged'"
            )
        )
    assert_one_line_error(claim("audit", "verify"), "does not match its hash")
