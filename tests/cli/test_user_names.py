"""User names compared as people read them, look-alikes refused, settings changes recorded."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text

from claimtracker.users import look_alike, skeleton, user_key
from tests.conftest import Claim, assert_one_line_error

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

CYRILLIC_BOB = "b\u043eb"  # bоb: a Cyrillic о between Latin letters
TABLES = ("claim", "event", "verdict", "verdict_approval", "setting")


def counts(engine: Engine) -> dict[str, Any]:
    """Every row the refusals could have added or changed, table by table."""
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all() for t in TABLES}


def proposed_by_bob(claim: Claim) -> str:
    """A claim whose verdict bob proposed and which awaits approval."""
    cid = claim("add", "The bridge was closed for a week in May", user="bob").stdout.strip()
    verify = claim(
        "verify",
        cid,
        "--rating",
        "false",
        "--rationale",
        "The city's traffic log shows it open.",
        "--evidence",
        "https://example.org/traffic-log",
        user="bob",
    )
    assert verify.exit_code == 0, verify.stderr
    return cid


def shown(claim: Claim, cid: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(claim("show", cid, "--format", "json").stdout)
    return out


def test_the_key_and_the_skeleton() -> None:
    assert {user_key(n) for n in ("bob", "Bob", " bob ", "\uff22\uff2f\uff22")} == {"bob"}
    assert user_key("Ann  Marie") == user_key("ann marie")
    assert user_key(CYRILLIC_BOB) != "bob"
    assert skeleton(CYRILLIC_BOB) == skeleton("bob")
    assert look_alike("bob", ["Bob"]) is None  # the same user, not a look-alike
    assert look_alike("José", ["Jose"]) is None  # an accent is a different name
    assert look_alike("李 Wei", []) is None  # two scripts, nothing confusable
    why = look_alike(CYRILLIC_BOB, [])
    assert why is not None
    assert "a Cyrillic \u043e among Latin letters" in why


@pytest.mark.parametrize("approver", ["Bob", "bob ", "\uff22\uff2f\uff22"])
def test_the_author_under_another_spelling_cannot_approve(
    claim: Claim, engine: Engine, approver: str
) -> None:
    cid = proposed_by_bob(claim)
    before = counts(engine)
    result = claim("approve", cid, user=approver)
    assert_one_line_error(result, "someone else must approve")
    assert counts(engine) == before
    assert shown(claim, cid)["status"] == "pending_approval"


def test_a_look_alike_of_a_known_user_is_refused(claim: Claim, engine: Engine) -> None:
    cid = proposed_by_bob(claim)
    before = counts(engine)
    result = claim("approve", cid, user=CYRILLIC_BOB)
    assert_one_line_error(
        result,
        f"'{CYRILLIC_BOB}' looks like the user 'bob' (a Cyrillic \u043e): "
        "use the same name, or a different one",
    )
    assert counts(engine) == before
    # Read-only commands do not judge the name: nothing is written under it.
    assert claim("show", cid, user=CYRILLIC_BOB).exit_code == 0
    # Handing work to the look-alike is refused too, and changes nothing.
    other = claim("add", "The ferry ran twice a day all winter", user="ann").stdout.strip()
    before = counts(engine)
    assert_one_line_error(claim("assign", other, "--to", CYRILLIC_BOB, user="ann"), "looks like")
    assert counts(engine) == before


def test_a_mixed_script_name_is_refused_even_when_nobody_looks_like_it(
    claim: Claim, engine: Engine
) -> None:
    before = counts(engine)
    result = claim("add", "Some claim about the harbour", user="p\u0430ul")  # Cyrillic а
    assert_one_line_error(result, "mixes scripts", "a Cyrillic \u0430 among Latin letters")
    assert counts(engine) == before


def test_two_approvals_by_one_person_count_once(claim: Claim, engine: Engine) -> None:
    assert claim("config", "set", "review.approvals", "2", user="ann").exit_code == 0
    cid = proposed_by_bob(claim)
    first = claim("approve", cid, user="carol")
    assert first.exit_code == 0, first.stderr
    before = counts(engine)
    again = claim("approve", cid, user="Carol")
    assert_one_line_error(again, "Carol already approved")
    assert counts(engine) == before
    assert shown(claim, cid)["status"] == "pending_approval"
    assert claim("approve", cid, user="dave").exit_code == 0
    assert shown(claim, cid)["status"] == "published"


def test_an_approval_count_reads_stored_spellings_as_one_person(
    claim: Claim, engine: Engine
) -> None:
    # Approvals stored before the rule, by `carol` and `Carol`, are one person's.
    assert claim("config", "set", "review.approvals", "3", user="ann").exit_code == 0
    cid = proposed_by_bob(claim)
    assert claim("approve", cid, user="carol").exit_code == 0
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO verdict_approval (verdict_id, approver, approved_at) "
                "SELECT verdict_id, 'Carol', approved_at FROM verdict_approval"
            )
        )
    approved = claim("approve", cid, user="dave")
    assert approved.exit_code == 0, approved.stderr
    assert "2 of 3" in approved.stderr
    assert shown(claim, cid)["status"] == "pending_approval"


def test_assignees_are_compared_by_key(claim: Claim, engine: Engine) -> None:
    cid = claim("add", "The market opens at six", user="ann").stdout.strip()
    assert claim("assign", cid, "--to", "bob", user="ann").exit_code == 0
    mine = json.loads(claim("queue", "--mine", "--format", "json", user="Bob").stdout)
    assert [row["id"] for row in mine] == [int(cid)]
    listed = json.loads(claim("list", "--assignee", "BOB ", "--format", "json").stdout)
    assert [row["id"] for row in listed] == [int(cid)]
    before = counts(engine)
    # bob under another spelling already has it: nothing to take over, nothing to reassign.
    assert_one_line_error(claim("start", cid, user="Bob"), "already assigned")
    assert_one_line_error(claim("assign", cid, "--to", " BOB", user="ann"), "already assigned")
    assert counts(engine) == before
    # Someone else starting it must take it over.
    assert_one_line_error(claim("start", cid, user="carol"), "take it over")
    # bob giving it back under another spelling is not told whose claim it was.
    back = claim("unassign", cid, user="Bob")
    assert back.exit_code == 0, back.stderr
    assert "was bob's" not in back.stdout + back.stderr


def test_names_are_stored_as_typed(claim: Claim) -> None:
    cid = claim("add", "Trains ran late all of March", user="  Bob  ").stdout.strip()
    assert claim("start", cid, user="\uff22\uff2f\uff22").exit_code == 0  # ＢＯＢ
    history = json.loads(claim("history", cid, "--format", "json").stdout)
    assert [row["actor"] for row in history] == ["Bob", "BOB"]  # trimmed, NFKC
    assert shown(claim, cid)["assignee"] == "BOB"


def test_who_changed_a_setting_and_from_what(claim: Claim, engine: Engine) -> None:
    assert claim("config", "set", "review.approvals", "0", user="mallory").exit_code == 0
    assert claim("config", "set", "review.approvals", "1", user="ann").exit_code == 0
    story = json.loads(claim("config", "history", "--format", "json").stdout)
    assert [(row["actor"], row["description"]) for row in story] == [
        ("mallory", "set review.approvals: 1 → 0"),
        ("ann", "set review.approvals: 0 → 1"),
    ]
    assert json.loads(claim("config", "history", "review.approvals", "--format", "json").stdout)
    assert_one_line_error(claim("config", "history", "review.nope"), "unknown setting")
    assert "audit log intact: 2 events" in claim("audit", "verify").stdout
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE event SET actor = 'ann' WHERE action = 'setting.changed' AND id = 1")
        )
    assert_one_line_error(claim("audit", "verify"), "audit log broken at event #1")
