"""`claim edit` on SQLite and PostgreSQL: what history, show --as-of, search and the ClaimReview
export say after a correction; the reason a published claim needs; the role per claim; the
audit chain; bad input refused with nothing written; two edits at once both kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text

from claimtracker.db.url import resolve
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import seed_ids

if TYPE_CHECKING:
    from click.testing import Result

COST = "deepseek-training-cost-5-6m"  # "DeepSeek a entraîné l’un de ses modèles pour …"
TYPO = "Deepseek a coûté seulement 5,6 millions de dollars à entraîner."
FIXED = "DeepSeek a coûté seulement 5,6 millions de dollars à entraîner."


def _ok(result: Result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    out: str = result.stdout
    return out


def _show(claim: Claim, claim_id: str, *args: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(_ok(claim("show", claim_id, "--format", "json", *args)))
    return shown


def _told(claim: Claim, claim_id: str) -> list[str]:
    rows = json.loads(_ok(claim("history", claim_id, "--format", "json")))
    return [row["description"] for row in rows]


def _state(claim: Claim, claim_id: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """What a refused edit must leave as it was: the dossier, the counts, the search index."""
    info = json.loads(_ok(claim("db", "info", "--format", "json")))
    counts = {k: info[k] for k in ("claims", "entities", "sources", "events")}
    found = _ok(claim("search", "coûté", "--format", "json"))
    return _show(claim, claim_id), counts, found


def _search(claim: Claim, query: str) -> list[int]:
    return [r["id"] for r in json.loads(_ok(claim("search", query, "--format", "json")))]


def _publish(claim: Claim, claim_id: str) -> None:
    _ok(claim("config", "set", "review.approvals", "0"))
    _ok(
        claim(
            "verify",
            claim_id,
            "--rating",
            "false",
            "--rationale",
            "The figure covers the final training run only.",
            "--evidence",
            "https://arxiv.org/abs/2412.19437",
        )
    )


def test_a_typo_fixed_is_told_before_and_after_and_found_by_its_new_words(claim: Claim) -> None:
    ids = seed_ids(claim)
    cost = ids[COST]
    _ok(claim("edit", cost, "--text", TYPO, "--kind", "opinion"))
    result = claim(
        "edit", cost, "--text", "-", "--kind", "factual", "--reason", "typo", input=FIXED
    )
    assert _ok(result).strip() == cost
    assert result.stderr.strip() == f"claim #{cost}: corrected text, kind"
    told = _told(claim, cost)
    assert told[0] == "captured the claim"
    assert told[-1] == (
        'edited the claim: text "Deepseek a coûté seulement…" → '
        '"DeepSeek a coûté seulement…"; kind opinion → factual: typo'
    )
    shown = _show(claim, cost)
    assert (shown["text"], shown["kind"]) == (FIXED, "factual")
    # The search index follows the text: the new words find it, the removed ones no more.
    found = json.loads(_ok(claim("search", "Deepseek coûté seulement", "--format", "json")))
    assert found[0]["id"] == int(cost)
    # Words a correction removes no longer find the claim (the seed's keep its quotes).
    dam = _ok(claim("add", "The dam upstream holds ten billion litres")).strip()
    _ok(claim("edit", dam, "--text", "The reservoir upstream holds ten billion litres"))
    assert _search(claim, "dam") == []
    assert _search(claim, "reservoir") == [int(dam)]
    assert _ok(claim("audit", "verify")).startswith("audit log intact")


def test_show_as_of_gives_the_text_claimant_role_and_kind_as_they_stood(claim: Claim) -> None:
    ids = seed_ids(claim)
    liang = ids["liang-us-restrictions-major-obstacle"]
    before = _show(claim, liang)
    time.sleep(1.1)  # the moment asked for is a whole second, after the load
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _ok(claim("edit", liang, "--by", "Neal Khosla", "--role", "CEO of Curai", "--kind", "factual"))
    _ok(claim("edit", liang, "--text", "Les restrictions américaines sont un frein."))

    then = _show(claim, liang, "--as-of", moment)["as_of"]
    assert then["text"] == before["text"]
    assert (then["claimant"], then["claimant_role"]) == (
        "Liang Wenfeng",
        "founder and CEO of DeepSeek",
    )
    assert then["kind"] == "opinion"
    now = _show(claim, liang, "--as-of", "2999-01-01")["as_of"]
    assert now["text"] == "Les restrictions américaines sont un frein."
    assert (now["claimant"], now["claimant_role"], now["kind"]) == (
        "Neal Khosla",
        "CEO of Curai",
        "factual",
    )
    table = _ok(claim("show", liang, "--as-of", moment))
    assert "claimant then: Liang Wenfeng (founder and CEO of DeepSeek) · kind then: opinion\n" in (
        table
    )
    assert "text then:\n        Les restrictions américaines restent un frein majeur" in table
    assert "claimant: as now · kind: as now\n      text: as now" in _ok(
        claim("show", liang, "--as-of", "2999-01-01")
    )
    told = _told(claim, liang)
    assert told[-2] == (
        f"edited the claim: claimant Liang Wenfeng (#{before['claimant']['id']}) → Neal Khosla "
        f"(#{now_claimant_id(claim, liang)}); role founder and CEO of DeepSeek → CEO of Curai; "
        "kind opinion → factual"
    )


def now_claimant_id(claim: Claim, claim_id: str) -> int:
    claimant_id: int = _show(claim, claim_id)["claimant"]["id"]
    return claimant_id


def test_a_published_claim_needs_a_reason_and_its_review_says_it_was_modified(
    claim: Claim,
) -> None:
    ids = seed_ids(claim)
    cost = ids[COST]
    # A correction made before the verdict's publication does not modify the review.
    _ok(claim("edit", cost, "--text", TYPO))
    _publish(claim, cost)
    (review,) = json.loads(_ok(claim("export", "claimreview")))
    assert "dateModified" not in review

    state = _state(claim, cost)
    refused = claim("edit", cost, "--text", FIXED)
    assert_one_line_error(refused, "has a published verdict", "(--reason)")
    assert _state(claim, cost) == state

    _ok(claim("edit", cost, "--text", FIXED, "--reason", "typo in the company's name"))
    edited_at = json.loads(_ok(claim("history", cost, "--format", "json")))[-1]["at"]
    (review,) = json.loads(_ok(claim("export", "claimreview")))
    assert review["claimReviewed"] == FIXED
    assert _instant(review["dateModified"]) == datetime.fromisoformat(edited_at)
    assert _instant(review["dateModified"]) > _instant(review["datePublished"])
    feed = json.loads(_ok(claim("export", "claimreview", "--feed")))
    assert feed["dateModified"] == review["dateModified"]
    assert _ok(claim("audit", "verify")).startswith("audit log intact")


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_the_role_is_kept_per_claim_and_the_entity_keeps_its_own(claim: Claim) -> None:
    _ok(claim("entity", "add", "Ann Lee", "--kind", "person", "--role", "mayor of Springfield"))
    first = _ok(
        claim("add", "The bridge will open in May", "--by", "Ann Lee", "--role", "candidate")
    )
    second = _ok(
        claim("add", "Crime fell by a third last year", "--by", "ann lee", "--role", "senator")
    ).strip()
    first = first.strip()
    unknown = _ok(claim("add", "Taxes will not rise", "--by", "Ann Lee")).strip()
    entity = json.loads(_ok(claim("entity", "show", "Ann Lee", "--format", "json")))
    assert entity["role"] == "mayor of Springfield"
    roles = {c: _show(claim, c)["claimant"]["role_when_claimed"] for c in (first, second, unknown)}
    assert roles == {first: "candidate", second: "senator", unknown: None}
    assert "Ann Lee (senator, when they said it; now mayor of Springfield)" in _ok(
        claim("show", second)
    )
    # Unknown then: the entity's role is shown as it is, never copied into the claim.
    assert "Ann Lee (mayor of Springfield)" in _ok(claim("show", unknown))

    _ok(claim("edit", first, "--role", "mayoral candidate"))
    assert _show(claim, first)["claimant"]["role_when_claimed"] == "mayoral candidate"
    assert _show(claim, second)["claimant"]["role_when_claimed"] == "senator"
    entity = json.loads(_ok(claim("entity", "show", "Ann Lee", "--format", "json")))
    assert entity["role"] == "mayor of Springfield"

    # A claimant created by the add starts with the role given; an edit may forget it.
    other = _ok(claim("add", "The river is clean again", "--by", "Bo Park", "--role", "ecologist"))
    assert json.loads(_ok(claim("entity", "show", "Bo Park", "--format", "json")))["role"] == (
        "ecologist"
    )
    _ok(claim("edit", other.strip(), "--role", ""))
    assert _show(claim, other.strip())["claimant"]["role_when_claimed"] is None

    dump = [json.loads(line) for line in _ok(claim("export", "jsonl")).splitlines()]
    stored = {r["row"]["id"]: r["row"]["claimant_role"] for r in dump if r.get("table") == "claim"}
    assert stored[int(second)] == "senator"
    assert stored[int(unknown)] is None

    _publish(claim, second)
    (review,) = json.loads(_ok(claim("export", "claimreview")))
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Ann Lee",
        "jobTitle": "senator",
    }


def test_the_seed_gives_each_claim_its_claimants_role_then(claim: Claim) -> None:
    ids = seed_ids(claim)
    tan = _show(claim, ids["tan-inference-demand"])["claimant"]
    assert (tan["name"], tan["role_when_claimed"]) == ("Garry Tan", "CEO of Y Combinator")
    # Organisations have no role at the time: what they are is the entity's description.
    assert _show(claim, ids[COST])["claimant"]["role_when_claimed"] is None
    # A second load changes nothing, a corrected role included.
    _ok(claim("edit", ids["tan-inference-demand"], "--role", "president of Y Combinator"))
    again = claim("seed", "load")
    assert "created 0 entities, 0 sources, 0 claims, 0 appearances, 0 links" in again.stderr
    tan = _show(claim, ids["tan-inference-demand"])["claimant"]
    assert tan["role_when_claimed"] == "president of Y Combinator"


def test_claimant_changed_taken_away_and_language_given(claim: Claim) -> None:
    claim_id = _ok(claim("add", "ఈ కలం చాలా బాగుంది", "--by", "Ravi", "--role", "vendor")).strip()
    assert _show(claim, claim_id)["language_inferred"] is True
    _ok(claim("edit", claim_id, "--lang", "TE"))
    shown = _show(claim, claim_id)
    assert (shown["language"], shown["language_inferred"]) == ("te", False)
    assert _told(claim, claim_id)[-1] == "edited the claim: language confirmed"

    # Another claimant does not inherit the role of the first.
    _ok(claim("edit", claim_id, "--by", "Sita"))
    claimant = _show(claim, claim_id)["claimant"]
    assert (claimant["name"], claimant["role_when_claimed"]) == ("Sita", None)
    _ok(claim("edit", claim_id, "--by", ""))
    assert _show(claim, claim_id)["claimant"] is None
    assert _told(claim, claim_id)[-1].startswith("edited the claim: claimant Sita (#")
    assert _ok(claim("audit", "verify")).startswith("audit log intact")


def test_audit_verify_fails_once_an_edit_event_is_altered(claim: Claim) -> None:
    claim_id = _ok(claim("add", "The dam holds ten billion litres")).strip()
    _ok(claim("edit", claim_id, "--kind", "prediction", "--at", "3 March 2024"))
    assert _told(claim, claim_id)[-1] == (
        "edited the claim: kind factual → prediction; date (none) → 2024-03-03"
    )
    assert _ok(claim("audit", "verify")).startswith("audit log intact")
    engine = create_engine(resolve(claim.db).url)
    try:
        with engine.begin() as conn:
            event_id = conn.execute(
                text("SELECT id FROM event WHERE action = 'claim.edited'")
            ).scalar_one()
            conn.execute(
                text(
                    "UPDATE event SET payload = replace(payload, 'prediction', 'opinion') "
                    "WHERE id = :i"
                ),
                {"i": event_id},
            )
    finally:
        engine.dispose()
    assert_one_line_error(claim("audit", "verify"), f"broken at event #{event_id}", "edited")


@pytest.mark.parametrize(
    ("args", "fragments", "exit_code"),
    [
        (["999", "--kind", "opinion"], ["no claim #999"], 1),
        (["{id}", "--kind", "sarcasm"], ["Invalid value for '--kind'"], 2),
        (["{id}", "--at", "the day after never"], ["the day after never"], 1),
        (["{id}", "--text", "   "], ["claim text is empty"], 1),
        (["{id}", "--lang", "klingonish"], ["Invalid value for '--lang'"], 2),
        (["{id}"], ["say what to correct: --text, --by"], 2),
        (["{id}", "--reason", "why not"], ["say what to correct"], 2),
        (["{id}", "--kind", "factual"], ["nothing to change: claim #{id} already says so"], 1),
        (["{id}", "--text", "The dam holds ten billion litres."], ["nothing to change"], 1),
        (["{id}", "--role", "engineer"], ["name the claimant too (--role, --by)"], 1),
        (["{id}", "--by", "#4242"], ["no entity #4242"], 1),
        (["{id}", "--by", "Ann", "--reason", ""], ["reason is empty"], 1),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    claim: Claim, args: list[str], fragments: list[str], exit_code: int
) -> None:
    claim_id = _ok(claim("add", "The dam holds ten billion litres.")).strip()
    state = _state(claim, claim_id)
    result = claim("edit", *(a.replace("{id}", claim_id) for a in args))
    if exit_code == 2:
        assert result.exit_code == 2, (result.stdout, result.stderr)
        assert result.stderr.splitlines()[-1].startswith("Error: ")
        assert "Traceback" not in result.stderr
        assert all(f in result.stderr for f in fragments)
    else:
        assert_one_line_error(result, *(f.replace("{id}", claim_id) for f in fragments))
    assert _state(claim, claim_id) == state


def test_two_edits_at_once_are_both_kept(claim: Claim) -> None:
    claim_id = _ok(claim("add", "The lab trained its model on 2,048 chips")).strip()
    env = {**os.environ, "CLAIM_DB": claim.db}
    base = [sys.executable, "-m", "claimtracker", "edit", claim_id]
    procs = [
        subprocess.Popen(
            [*base, *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for extra in (["--kind", "opinion"], ["--lang", "en"], ["--at", "January 2025"])
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    shown = _show(claim, claim_id)
    assert (shown["kind"], shown["language"], shown["claimed"]) == ("opinion", "en", "2025-01")
    assert sum(t.startswith("edited the claim") for t in _told(claim, claim_id)) == 3
    assert _ok(claim("audit", "verify")).startswith("audit log intact")
