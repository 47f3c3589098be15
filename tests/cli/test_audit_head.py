"""`claim audit head` and `claim audit verify --head`: an anchor for the end of the chain."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.models import Event
from claimtracker.services.events import event_hash
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids

if TYPE_CHECKING:
    from pathlib import Path


BOB_CLAIMS = (
    "Export controls cut chip sales to China by half",
    "The new model was trained for six million dollars",
    "The chatbot topped the App Store in forty countries",
)


@pytest.fixture(autouse=True)
def _no_audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain mode unless a test sets the key: a CLAIM_AUDIT_KEY of the caller's must not leak."""
    monkeypatch.delenv("CLAIM_AUDIT_KEY", raising=False)


def _busy_log(claim: Claim) -> None:
    """The seed dossier and some work by bob: a log of a few dozen events."""
    seed_ids(claim)
    for words in BOB_CLAIMS:
        assert claim("add", words, user="bob").exit_code == 0


def _head(claim: Claim) -> str:
    result = claim("audit", "head")
    assert result.exit_code == 0, result.output
    line: str = result.stdout.strip()
    return line


def _sql(claim: Claim, statement: str) -> None:
    engine = make_engine(resolve(claim.db))
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def test_head_prints_count_and_last_hash(claim: Claim) -> None:
    _busy_log(claim)
    result = claim("audit", "head")
    assert result.exit_code == 0
    count, digest = result.stdout.strip().split(":")
    assert len(digest) == 64
    assert f"audit head: {count} events" in result.stderr
    verified = claim("audit", "verify").stdout
    assert f"audit log intact: {count} events" in verified
    as_json = json.loads(claim("audit", "head", "--format", "json").stdout)
    assert as_json == {"events": int(count), "hash": digest, "head": f"{count}:{digest}"}


def test_head_of_an_empty_log(claim: Claim) -> None:
    assert claim("audit", "head").stdout.strip() == "0:"
    assert "contains head 0:" in claim("audit", "verify", "--head", "0:").stdout


def test_events_appended_after_the_head_still_pass(claim: Claim, tmp_path: Path) -> None:
    _busy_log(claim)
    head = _head(claim)
    saved = tmp_path / "head.txt"
    saved.write_text(head + "\n", encoding="utf-8")
    assert (
        claim(
            "add", "Shares of the chip maker fell seventeen percent in a day", user="bob"
        ).exit_code
        == 0
    )
    for value in (head, f"@{saved}"):
        result = claim("audit", "verify", "--head", value)
        assert result.exit_code == 0, result.output
        assert f"contains head {head}" in result.stdout


def test_deleting_the_last_events_is_caught_by_the_head(claim: Claim) -> None:
    _busy_log(claim)
    head = _head(claim)
    _sql(claim, "DELETE FROM event WHERE id IN (SELECT id FROM event ORDER BY id DESC LIMIT 5)")
    # What is left is still a chain that holds: plain verify cannot see that its end is gone.
    assert claim("audit", "verify").exit_code == 0
    count = int(head.split(":")[0])
    assert_one_line_error(
        claim("audit", "verify", "--head", head),
        f"does not contain head {head}",
        f"holds {count - 5} events, fewer than the head's {count}",
    )


def test_deleting_the_end_then_appending_is_caught_by_the_head(claim: Claim) -> None:
    _busy_log(claim)
    head = _head(claim)
    _sql(claim, "DELETE FROM event WHERE id IN (SELECT id FROM event ORDER BY id DESC LIMIT 1)")
    assert (
        claim("add", "The lab employs fewer than two hundred researchers", user="bob").exit_code
        == 0
    )
    assert claim("audit", "verify").exit_code == 0
    assert_one_line_error(
        claim("audit", "verify", "--head", head), "does not carry the head's hash"
    )


def test_a_chain_rewritten_with_recomputed_hashes_is_caught_by_the_head(claim: Claim) -> None:
    _busy_log(claim)
    head = _head(claim)
    _rewrite_chain(claim)
    # Every hash follows from its content: plain verify is fooled.
    assert claim("audit", "verify").exit_code == 0
    assert_one_line_error(
        claim("audit", "verify", "--head", head),
        f"does not contain head {head}",
        "chain was rewritten",
    )


def test_an_edit_inside_the_chain_is_named_before_the_head(claim: Claim) -> None:
    _busy_log(claim)
    head = _head(claim)
    _sql(claim, "UPDATE event SET actor = 'carol' WHERE id = (SELECT min(id) FROM event)")
    assert_one_line_error(claim("audit", "verify", "--head", head), "broken at event #", "edited")


def test_a_malformed_head_is_a_usage_error(claim: Claim, tmp_path: Path) -> None:
    for value in ("72", "72:xyz", "abc:" + "0" * 64, "3:", "0:" + "a" * 64):
        assert_one_line_error(
            claim("audit", "verify", "--head", value), "is not an audit head", exit_code=2
        )
    missing = tmp_path / "nowhere.txt"
    assert_one_line_error(
        claim("audit", "verify", "--head", f"@{missing}"), "cannot read", exit_code=2
    )


def _rewrite_chain(claim: Claim, key: bytes | None = None) -> None:
    """Every event recomputed in order, bob's turned into carol's (as an attacker would)."""
    engine = make_engine(resolve(claim.db))
    try:
        with Session(engine) as session, session.begin():
            prev_hash = None
            for event in session.scalars(select(Event).order_by(Event.id)):
                if event.actor == "bob":
                    event.actor = "carol"
                event.prev_hash = prev_hash
                event.hash = event_hash(
                    prev_hash=prev_hash,
                    occurred_at=event.occurred_at,
                    actor=event.actor,
                    action=event.action,
                    record_type=str(event.record_type),
                    record_id=event.record_id,
                    claim_id=event.claim_id,
                    reason=event.reason,
                    payload=event.payload,
                    key=key,
                    login_role=event.login_role,
                )
                prev_hash = event.hash
                session.flush()
    finally:
        engine.dispose()


def test_key_mode_makes_hashes_hmacs_and_says_so(
    claim: Claim, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_ids(claim)
    plain = claim("audit", "verify")
    assert "plain mode" in plain.stderr
    monkeypatch.setenv("CLAIM_AUDIT_KEY", "a secret kept elsewhere")
    for words in BOB_CLAIMS:
        assert claim("add", words, user="bob").exit_code == 0
    head = _head(claim)
    assert head.split(":")[1].startswith("k")
    verified = claim("audit", "verify", "--head", head)
    assert verified.exit_code == 0, verified.output
    assert f"contains head {head}" in verified.stdout
    assert "key mode (CLAIM_AUDIT_KEY): 3 of" in verified.stderr
    # Without the key the links are still checked, the keyed contents are not.
    monkeypatch.delenv("CLAIM_AUDIT_KEY")
    unkeyed = claim("audit", "verify")
    assert unkeyed.exit_code == 0
    assert "3 keyed events linked but their content not checked" in unkeyed.stderr
    # The wrong key is refused at the first keyed event.
    monkeypatch.setenv("CLAIM_AUDIT_KEY", "a guess")
    assert_one_line_error(claim("audit", "verify"), "is not the key it was written with")


def test_key_mode_catches_a_chain_rewritten_without_the_key(
    claim: Claim, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_ids(claim)
    monkeypatch.setenv("CLAIM_AUDIT_KEY", "a secret kept elsewhere")
    for words in BOB_CLAIMS:
        assert claim("add", words, user="bob").exit_code == 0
    _rewrite_chain(claim)
    # Every plain hash follows from its content, but none is keyed any more: no head needed.
    assert_one_line_error(claim("audit", "verify"), "none of the", "is keyed")
    _rewrite_chain(claim, key=b"a guess")
    assert_one_line_error(claim("audit", "verify"), "is not the key it was written with")
    _rewrite_chain(claim, key=b"a secret kept elsewhere")
    # Whoever holds the key can rewrite the chain: only a head kept elsewhere shows it.
    assert claim("audit", "verify").exit_code == 0
