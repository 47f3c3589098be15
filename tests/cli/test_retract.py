"""Retracting claims captured by mistake, and restoring them, from the command line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from tests.conftest import Claim, assert_one_line_error
from tests.reports.test_summaries import assert_views_match_reference
from tests.reports.test_views import VIEWS, normalise
from tests.transfer.test_dump import PSYOP_POST, ok, seed_ids

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

REASON = "captured twice from the same article"
# Columns that say the claim was touched: retracting and restoring are changes to it.
TOUCHED = {
    "claim_overview": ("updated_at",),
    "review_queue": ("last_event_at", "last_event_action"),
}


def views(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every report view's rows, normalised and sorted, without the columns in TOUCHED."""
    found = {}
    with engine.connect() as conn:
        for view in VIEWS:
            result = conn.execute(text(f"SELECT * FROM {view}"))
            keep = [i for i, c in enumerate(result.keys()) if c not in TOUCHED.get(view, ())]
            rows = [tuple(normalise(row[i]) for i in keep) for row in result]
            found[view] = sorted(rows, key=repr)
    return found


def listed(claim: Claim, *args: str) -> set[int]:
    rows = json.loads(ok(claim("list", "--format", "json", "--limit", "1000", *args)))
    return {row["id"] for row in rows}


def queued(claim: Claim) -> set[int]:
    return {row["id"] for row in json.loads(ok(claim("queue", "--format", "json")))}


def found(claim: Claim, query: str) -> set[int]:
    return {row["id"] for row in json.loads(ok(claim("search", query, "--format", "json")))}


def history(claim: Claim, claim_id: str) -> list[str]:
    rows = json.loads(ok(claim("history", claim_id, "--format", "json")))
    return [row["description"] for row in rows]


def publish(claim: Claim, claim_id: str) -> None:
    ok(claim("assign", claim_id, "--to", "bob", user="ann"))
    ok(
        claim(
            "verify",
            claim_id,
            "--rating",
            "false",
            "--rationale",
            "Checked.",
            "--evidence",
            PSYOP_POST,
            user="bob",
        )
    )
    ok(claim("approve", claim_id, user="carol"))


def workflow(claim: Claim) -> dict[str, str]:
    """The seed dossier, a published verdict, and evidence on the claims to be retracted."""
    ids = seed_ids(claim)
    publish(claim, ids["khosla-psyop"])
    ok(claim("evidence", ids["community-note-psyop"], PSYOP_POST, "--mentions"))
    ok(claim("assign", ids["tan-inference-demand"], "--to", "dave"))
    return ids


def test_a_retracted_claim_leaves_every_listing_and_comes_back_on_restore(
    claim: Claim, engine: Engine
) -> None:
    ids = workflow(claim)
    note, tan = ids["community-note-psyop"], ids["tan-inference-demand"]
    gone = {int(note), int(tan)}
    before = views(engine)
    everything = listed(claim)
    assert gone <= everything
    assert gone <= queued(claim)
    assert int(note) in found(claim, "aucune preuve psyop")

    result = claim("retract", note, tan, "--reason", REASON)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [note, tan]

    assert listed(claim) == everything - gone
    assert listed(claim, "--retracted") == gone
    assert listed(claim, "--tag", "psyop") & gone == set()
    assert not gone & queued(claim)
    assert not gone & found(claim, "aucune preuve psyop opération psychologique")
    # The note's words are no longer "already checked": the same text goes in without --force.
    note_text = json.loads(ok(claim("show", note, "--format", "json")))["text"]
    added = claim("add", note_text, "--by", "Community Notes contributors")
    assert added.exit_code == 0, added.stderr
    assert f"#{note}" not in added.stderr
    graph = ok(claim("graph", ids["zschaepitz-market-threat"]))
    assert f"c{tan}" not in graph
    assert f"c{ids['tan-good-news-us-competitors']}" in graph
    after = views(engine)
    assert not [r for r in after["claim_overview"] if r[0] in gone]
    assert not [r for r in after["review_queue"] if r[0] in gone]
    assert not [r for r in after["rebuttal_map"] if r[0] in gone or r[4] in gone]
    with engine.connect() as conn:
        rebuttals = conn.execute(
            text("SELECT rebuttals FROM claim_overview WHERE claim_id = :id"),
            {"id": int(ids["khosla-psyop"])},
        ).scalar_one()
    assert rebuttals == 0, "the retracted note no longer counts as a rebuttal"
    assert after["evidence_sources"] != before["evidence_sources"]
    assert_views_match_reference(engine, "after the retraction")

    # Still in the database: show, history, the dump.
    shown = json.loads(ok(claim("show", note, "--format", "json")))
    assert shown["retraction"]["reason"] == REASON
    assert shown["retraction"]["by"] == "alice"
    assert shown["retraction"]["at"]
    table = ok(claim("show", note))
    assert "RETRACTED" in table
    assert REASON in table
    assert f"claim restore {note}" in table
    assert f"retracted the claim: {REASON}" in history(claim, note)
    dumped = [json.loads(line) for line in ok(claim("export", "jsonl")).splitlines()]
    rows = {r["row"]["id"]: r["row"] for r in dumped if r.get("table") == "claim"}
    assert rows[int(note)]["retraction_reason"] == REASON
    # A live claim's dossier marks the link to the retracted one.
    assert f"#{note} [retracted]" in ok(claim("show", ids["khosla-psyop"]))

    result = claim("restore", note, tan, "--reason", "they were not duplicates")
    assert result.exit_code == 0, result.stderr
    assert listed(claim) == everything | {int(added.stdout)}
    assert listed(claim, "--retracted") == set()
    assert gone <= queued(claim)
    assert int(note) in found(claim, "aucune preuve psyop")
    assert f"c{tan}" in ok(claim("graph", ids["zschaepitz-market-threat"]))
    restored = views(engine)
    new_claim = int(added.stdout)
    for view in ("claim_overview", "review_queue"):
        restored[view] = [r for r in restored[view] if r[0] != new_claim]
    assert restored["rebuttal_map"] == before["rebuttal_map"]
    assert restored["claim_overview"] == before["claim_overview"]
    assert restored["review_queue"] == before["review_queue"]
    assert restored["evidence_sources"] == before["evidence_sources"]
    assert_views_match_reference(engine, "after the restore")
    assert json.loads(ok(claim("show", note, "--format", "json")))["retraction"] is None
    assert history(claim, note)[-1] == "restored the retracted claim: they were not duplicates"
    assert "intact" in ok(claim("audit", "verify"))


def test_a_published_claim_is_corrected_not_retracted(claim: Claim) -> None:
    ids = seed_ids(claim)
    psyop = ids["khosla-psyop"]
    publish(claim, psyop)
    assert_one_line_error(
        claim("retract", psyop, "--reason", REASON),
        f"claim #{psyop} has a published verdict",
        f"claim reopen {psyop}",
        f"claim edit {psyop}",
    )
    # Reopened for a correction, its published verdict is still current: still refused.
    ok(claim("reopen", psyop, "--reason", "new statement", user="dave"))
    assert_one_line_error(claim("retract", psyop, "--reason", REASON), "published verdict")
    assert psyop not in [str(i) for i in listed(claim, "--retracted")]


def test_one_refused_claim_retracts_nothing_and_every_refusal_is_named(
    claim: Claim, engine: Engine
) -> None:
    ids = seed_ids(claim)
    psyop, note, cost = (
        ids["khosla-psyop"],
        ids["community-note-psyop"],
        ids["deepseek-training-cost-5-6m"],
    )
    publish(claim, cost)
    before = views(engine)
    events = len(history(claim, note))
    result = claim("retract", psyop, cost, note, "99999", "--reason", REASON)
    assert_one_line_error(
        result, "nothing changed", "2 of 4", f"#{cost}", "published verdict", "#99999"
    )
    assert listed(claim, "--retracted") == set()
    assert len(history(claim, note)) == events
    assert views(engine) == before
    assert "intact" in ok(claim("audit", "verify"))


def test_dry_run_and_standard_input(claim: Claim, engine: Engine) -> None:
    ids = seed_ids(claim)
    chosen = [ids["khosla-psyop"], ids["community-note-psyop"]]
    before = views(engine)
    result = claim("retract", "-", "--reason", REASON, "--dry-run", input="\n".join(chosen))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [f"would retract #{c}" for c in chosen]
    assert "nothing was written" in result.stderr
    assert listed(claim, "--retracted") == set()
    assert views(engine) == before
    result = claim("retract", "-", "--reason", REASON, input=" ".join(chosen) + "\n")
    assert result.exit_code == 0, result.stderr
    assert listed(claim, "--retracted") == {int(c) for c in chosen}
    result = claim("restore", "-", "--dry-run", input=chosen[0])
    assert result.stdout.strip() == f"would restore #{chosen[0]}"
    assert listed(claim, "--retracted") == {int(c) for c in chosen}
    ok(claim("restore", *chosen))
    assert views(engine) == before


def test_a_retracted_claim_refuses_every_step_until_restored(claim: Claim, engine: Engine) -> None:
    ids = seed_ids(claim)
    psyop, note = ids["khosla-psyop"], ids["community-note-psyop"]
    ok(claim("retract", psyop, "--reason", REASON))
    before = views(engine)
    events = len(history(claim, psyop))
    refused = f"claim #{psyop} is retracted (claim restore {psyop})"
    for args in (
        ("assign", psyop, "--to", "bob"),
        ("start", psyop),
        ("verify", psyop, "--rating", "false", "--rationale", "r", "--evidence", PSYOP_POST),
        ("dismiss", psyop, "--reason", "opinion"),
        ("dismiss", note, "--reason", "duplicate", "--of", psyop),
        ("link", note, "--supports", psyop),
        ("unlink", note, "--rebuts", psyop),
        ("evidence", psyop, PSYOP_POST, "--refutes"),
        ("tag", psyop, "--add", "mistake"),
        ("add", "A new claim that rebuts the retracted one.", "--rebuts", psyop),
    ):
        assert_one_line_error(claim(*args), refused)
    assert_one_line_error(claim("retract", psyop, "--reason", "again"), "already retracted")
    assert_one_line_error(claim("restore", note), f"claim #{note} is not retracted")
    assert_one_line_error(claim("retract", note, "--reason", "  "), "reason is empty")
    assert claim("retract", note).exit_code == 2  # --reason is required
    assert len(history(claim, psyop)) == events
    assert views(engine) == before
    # Reading it still works.
    assert ok(claim("show", psyop))
    assert ok(claim("graph", psyop))
    ok(claim("restore", psyop))
    ok(claim("assign", psyop, "--to", "bob"))


def test_audit_verify_fails_when_a_retraction_is_edited(claim: Claim, engine: Engine) -> None:
    ids = seed_ids(claim)
    ok(claim("retract", ids["khosla-psyop"], "--reason", REASON))
    ok(claim("restore", ids["khosla-psyop"]))
    assert "intact" in ok(claim("audit", "verify"))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE event SET reason = 'nothing to see' WHERE action = 'claim.retracted'")
        )
    assert_one_line_error(claim("audit", "verify"), "does not match its hash")


def test_a_claim_retracted_behind_the_tool_leaves_the_export_and_the_reports(
    claim: Claim, engine: Engine
) -> None:
    # The tool refuses to retract a published claim; SQL can (the CHECK only wants the three
    # columns together), and every reader must still leave it out.
    ids = seed_ids(claim)
    psyop, cost = ids["khosla-psyop"], ids["deepseek-training-cost-5-6m"]
    publish(claim, psyop)
    publish(claim, cost)
    assert len(json.loads(ok(claim("export", "claimreview")))) == 2
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE claim SET retracted_at = updated_at, retracted_by = 'dba', "
                "retraction_reason = 'by hand' WHERE id = :id"
            ),
            {"id": int(psyop)},
        )
    exported = json.loads(ok(claim("export", "claimreview")))
    assert [r["claimReviewed"] for r in exported] == [
        json.loads(ok(claim("show", cost, "--format", "json")))["text"]
    ]
    assert json.loads(ok(claim("export", "claimreview", "--claim", psyop))) == []
    assert_views_match_reference(engine, "after a retraction in SQL")
    by_month = views(engine)["verdicts_by_month"]
    assert sum(row[-1] for row in by_month) == 1


def test_sqlite_reads_the_queue_and_the_retracted_claims_by_their_partial_indexes(
    claim: Claim, engine: Engine
) -> None:
    # PostgreSQL picks its plan by statistics (the same plans, measured at 50,000 claims with
    # and without the retraction filter); SQLite needs the queries written for its indexes.
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from claimtracker.services.claims import ClaimFilter, list_claims

    seed_ids(claim)
    statements: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with Session(engine) as session:
            list_claims(session, ClaimFilter(retracted=True))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    with engine.connect() as conn:
        queue_plan = " ".join(
            row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT * FROM review_queue")
        )
        assert "ix_claim_open_by_age" in queue_plan
        statement, parameters = next(
            (sql, params) for sql, params in statements if "retracted_at IS NOT NULL" in sql
        )
        listed_plan = " ".join(
            row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        )
        assert "ix_claim_retracted" in listed_plan


def test_a_retracted_claim_leaves_its_claimant_and_source_pages(claim: Claim) -> None:
    ids = seed_ids(claim)
    tan = ids["tan-inference-demand"]

    def page(kind: str, ref: str) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(claim(kind, "show", ref, "--format", "json").stdout)
        return shown

    claimant = json.loads(claim("show", tan, "--format", "json").stdout)["claimant"]["id"]
    before = page("entity", str(claimant))
    assert claim("retract", tan, "--reason", REASON).exit_code == 0
    after = page("entity", str(claimant))
    assert after["claims"] == before["claims"] - 1
    assert not any(line.startswith(f"#{tan} ") for line in after["recent_claims"])
    assert any(line.startswith(f"#{tan} ") for line in before["recent_claims"])
    assert claim("restore", tan).exit_code == 0
    assert page("entity", str(claimant))["claims"] == before["claims"]
