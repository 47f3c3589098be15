"""The review workflow from the command line, including real concurrent processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from claimtracker.db.url import resolve
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids


def test_seed_claim_through_the_whole_cycle(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    assert claim("assign", psyop, "--to", "bob", user="ann").exit_code == 0
    verify = claim(
        "verify",
        psyop,
        "--rating",
        "false",
        "--rationale",
        "No evidence of state involvement was produced.",
        "--evidence",
        "https://x.com/i/status/1883291525478129828",
        user="bob",
    )
    assert verify.exit_code == 0, verify.stderr
    assert "awaits approval" in verify.stderr
    assert_one_line_error(claim("approve", psyop, user="bob"), "someone else must approve")
    approved = claim("approve", psyop, user="carol")
    assert "published" in approved.stderr
    assert claim("reopen", psyop, "--reason", "new statement by Curai", user="dave").exit_code == 0
    shown = json.loads(claim("show", psyop, "--format", "json").stdout)
    assert shown["status"] == "in_review"
    assert [v["state"] for v in shown["verdicts"]] == ["published"]
    corrected = claim(
        "verify",
        psyop,
        "--rating",
        "unproven",
        "--rationale",
        "@/dev/stdin",
        "--evidence",
        "https://x.com/i/status/1883291525478129828",
        user="bob",
    )
    # @/dev/stdin is read as a file: here empty, so the rationale is refused.
    assert_one_line_error(corrected, "rationale is empty")
    corrected = claim(
        "verify",
        psyop,
        "--rating",
        "unproven",
        "--rationale",
        "Still no evidence either way.",
        "--evidence",
        "1",
        "--correction-reason",
        "the first rating overstated",
        user="bob",
    )
    assert corrected.exit_code == 0, corrected.stderr
    assert claim("approve", psyop, user="carol").exit_code == 0
    shown = json.loads(claim("show", psyop, "--format", "json").stdout)
    assert [(v["rating"], v["supersedes"]) for v in shown["verdicts"]] == [
        ("false", None),
        ("unproven", shown["verdicts"][0]["id"]),
    ]
    story = claim("history", psyop, "--format", "json").stdout
    told = [row["description"] for row in json.loads(story)]
    assert told[0] == "captured the claim"
    assert "assigned the claim to bob (new → in review)" in told
    assert "reopened the claim (published → in review): new statement by Curai" in told
    assert any(t.startswith("wrote a verdict: unproven, correcting #") for t in told)
    audit = claim("audit", "verify")
    assert audit.exit_code == 0
    assert "hash chain verified" in audit.stdout
    # A manual edit behind the tool's back is caught and named.
    engine = create_engine(resolve(claim.db).url)
    with engine.begin() as conn:
        victim = conn.execute(text("SELECT min(id) FROM event WHERE action = 'claim.published'"))
        event_id = victim.scalar()
        conn.execute(
            text("UPDATE event SET reason = 'nothing to see' WHERE id = :i"), {"i": event_id}
        )
    engine.dispose()
    assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}", "edited")


def test_queue_filters(claim: Claim) -> None:
    a = claim("add", "Claim one about sanctions on chips").stdout.strip()
    b = claim("add", "Claim two about the App Store ranking").stdout.strip()
    c = claim("add", "Claim three about training costs").stdout.strip()
    claim("start", a, user="bob")
    claim(
        "verify",
        b,
        "--rating",
        "true",
        "--rationale",
        "ok",
        "--evidence",
        "https://apps.apple.com/us/charts",
        user="bob",
    )
    rows = json.loads(claim("queue", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [int(a), int(b), int(c)]
    mine = json.loads(claim("queue", "--mine", "--format", "json", user="bob").stdout)
    assert [r["id"] for r in mine] == [int(a), int(b)]
    free = json.loads(claim("queue", "--unassigned", "--format", "json").stdout)
    assert [r["id"] for r in free] == [int(c)]
    waiting = json.loads(claim("queue", "--awaiting-approval", "--format", "json").stdout)
    assert [(r["id"], r["last_event"]) for r in waiting] == [(int(b), "claim.verified")]
    assert json.loads(claim("queue", "--stale", "3", "--format", "json").stdout) == []


def test_show_as_of_and_scale(claim: Claim) -> None:
    cid = claim("add", "A claim to rate").stdout.strip()
    claim("config", "set", "review.approvals", "0")
    claim(
        "verify",
        cid,
        "--rating",
        "mostly-false",
        "--rationale",
        "r",
        "--evidence",
        "https://e.org/x",
        user="solo",
    )
    past = json.loads(
        claim("show", cid, "--as-of", "2000-01-01", "--format", "json").stdout if False else "{}"
    )
    assert past == {}
    before = claim("show", cid, "--as-of", "2020-01-01")
    assert_one_line_error(before, "did not exist yet")
    now = json.loads(claim("show", cid, "--as-of", "today", "--format", "json").stdout)
    assert now["as_of"]["status"] == "published"
    assert now["as_of"]["verdict"] == "mostly-false"
    added = claim(
        "scale",
        "add-label",
        "pants-on-fire",
        "--claimreview-value",
        "1",
        "--normalised",
        "FALSE",
        "--after",
        "false",
    )
    assert added.exit_code == 0, added.stderr
    labels = json.loads(claim("scale", "show", "--format", "json").stdout)
    assert [x["label"] for x in labels][6:9] == ["false", "pants-on-fire", "unproven"]
    assert claim("config", "get", "review.approvals").stdout.strip() == "0"
    assert_one_line_error(claim("config", "set", "review.approvals", "lots"), "whole number")
    assert_one_line_error(claim("config", "set", "no.such", "1"), "unknown setting")


@pytest.mark.parametrize("second", ["approve", "send-back"])
def test_concurrent_processes_leave_exactly_one_outcome(claim: Claim, second: str) -> None:
    cid = claim("add", "DeepSeek's app is the most downloaded").stdout.strip()
    claim(
        "verify",
        cid,
        "--rating",
        "true",
        "--rationale",
        "App Store chart",
        "--evidence",
        "https://apps.apple.com/us/charts",
        user="bob",
    )
    env = {**os.environ, "CLAIM_DB": claim.db}
    commands = [
        [sys.executable, "-m", "claimtracker", "--user", "carol", "approve", cid],
        [sys.executable, "-m", "claimtracker", "--user", "dave", second, cid]
        + (["--reason", "needs a second source"] if second == "send-back" else []),
    ]
    for _ in range(3):
        procs = [
            subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for c in commands
        ]
        results = []
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            results.append((proc.returncode, err))
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        loser = next(err for code, err in results if code == 1)
        assert loser.startswith("Error: cannot ")
        assert "Traceback" not in loser
        status = json.loads(claim("show", cid, "--format", "json").stdout)["status"]
        assert status in ("published", "in_review")
        if status == "published":
            # Reset for the next round: correction cycle back to pending approval.
            claim("reopen", cid, "--reason", "again")
        claim(
            "verify", cid, "--rating", "true", "--rationale", "again", "--evidence", "1", user="bob"
        )
    assert claim("audit", "verify").exit_code == 0


def test_the_command_line_names_the_options_a_refusal_is_about(claim: Claim) -> None:
    """Services say what is missing in the domain's words; the command adds its own options."""
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    dismissed = claim("dismiss", psyop, "--reason", "duplicate")
    assert_one_line_error(dismissed, "needs the claim it duplicates (--of CLAIM_ID)")
    unverified = claim("verify", psyop, "--rating", "false", "--rationale", "No evidence.")
    assert_one_line_error(unverified, "repeat the check (--evidence SOURCE_ID or URL)")
    role_alone = claim("add", "A claim said by somebody unnamed", "--role", "CEO")
    assert_one_line_error(role_alone, "name the claimant too (--role, --by)")
    quote_alone = claim("add", "A claim quoted from nowhere", "--quote", "quoted")
    assert_one_line_error(quote_alone, "needs the source it appears in (--source)")
    # A command of a nested group (Neal Khosla is in the seed): its own option is named.
    same_name = claim("entity", "add", "Neal Khosla")
    assert_one_line_error(same_name, "add another of that name (--allow-same-name)")
