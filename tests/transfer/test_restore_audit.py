"""A restore verifies the dump's audit chain before it commits; the trailer carries its head."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text

from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from tests.cli.test_jsonl import export, run
from tests.conftest import Claim, assert_one_line_error
from tests.transfer.test_dump import assert_still_empty, seed_ids

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def _no_audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain mode unless a test sets the key: a CLAIM_AUDIT_KEY of the caller's must not leak."""
    monkeypatch.delenv("CLAIM_AUDIT_KEY", raising=False)


def _event_lines(dump: str) -> list[tuple[int, dict[str, Any]]]:
    """The dump's event records with their line numbers."""
    found = []
    for number, line in enumerate(dump.splitlines(), start=1):
        value = json.loads(line)
        if value.get("table") == "event":
            found.append((number, value))
    return found


def _with_line(dump: str, number: int, value: dict[str, Any] | None) -> str:
    """``dump`` with line ``number`` replaced by ``value`` (removed when None)."""
    lines = dump.splitlines(keepends=True)
    lines[number - 1] = "" if value is None else json.dumps(value, ensure_ascii=False) + "\n"
    return "".join(lines)


def _trailer(dump: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(dump.splitlines()[-1])
    return value


def _with_trailer(dump: str, trailer: dict[str, Any]) -> str:
    lines = dump.splitlines(keepends=True)
    lines[-1] = json.dumps(trailer) + "\n"
    return "".join(lines)


def _edited_dump(claim: Claim, tmp_path: Path) -> tuple[Path, int, int]:
    """A dump of the seed dossier whose fifth event says another actor: the file, the event's
    id and its line."""
    seed_ids(claim)
    original = export(claim.db)
    number, record = _event_lines(original)[4]
    record["row"]["actor"] = "mallory"
    path = tmp_path / "dump.jsonl"
    path.write_text(_with_line(original, number, record), encoding="utf-8")
    return path, record["row"]["id"], number


def _events(url: str) -> list[Any]:
    engine = make_engine(resolve(url))
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(text("SELECT id, action, actor, payload FROM event ORDER BY id"))
            )
    finally:
        engine.dispose()


def test_the_trailer_carries_the_head_of_the_chain(claim: Claim) -> None:
    seed_ids(claim)
    head = claim("audit", "head").stdout.strip()
    assert _trailer(export(claim.db))["end"]["audit_head"] == head


def test_a_dump_with_an_edited_event_is_refused_naming_it(
    claim: Claim, other_db: str, tmp_path: Path
) -> None:
    # Before the restore checked the chain, this dump restored without a word.
    path, event_id, number = _edited_dump(claim, tmp_path)
    refused = run(other_db, "import", "jsonl", str(path))
    assert_one_line_error(
        refused,
        f"{path}:{number}: the audit chain is broken at event #{event_id}",
        "edited",
        "--accept-broken-audit",
    )
    assert_still_empty(other_db)


def test_accept_broken_audit_restores_and_records_it(
    claim: Claim, other_db: str, tmp_path: Path
) -> None:
    path, event_id, number = _edited_dump(claim, tmp_path)
    restored = run(other_db, "import", "jsonl", str(path), "--accept-broken-audit")
    assert restored.exit_code == 0, restored.stderr
    assert f"warning: {path}:{number}: the audit chain is broken at event #{event_id}" in (
        restored.stderr
    )
    last = _events(other_db)[-1]
    assert f"recorded as event #{last.id}" in restored.stderr
    assert (last.action, last.actor) == ("audit.accepted_broken", "alice")
    payload = json.loads(last.payload)
    assert (payload["file"], payload["line"], payload["event_id"]) == (str(path), number, event_id)
    # The log says it is broken, and where: the restore did not hide it.
    assert_one_line_error(run(other_db, "audit", "verify"), f"broken at event #{event_id}")


def test_events_cut_from_the_end_of_a_dump_are_refused(
    claim: Claim, other_db: str, tmp_path: Path
) -> None:
    seed_ids(claim)
    original = export(claim.db)
    number, _ = _event_lines(original)[-1]
    cut = _with_line(original, number, None)
    trailer = _trailer(cut)
    trailer["end"]["records"]["event"] -= 1
    path = tmp_path / "cut.jsonl"
    path.write_text(_with_trailer(cut, trailer), encoding="utf-8")
    refused = run(other_db, "import", "jsonl", str(path))
    trailer_line = len(cut.splitlines())
    assert_one_line_error(
        refused,
        f"{path}:{trailer_line}: the audit chain does not end at the trailer's head",
        trailer["end"]["audit_head"],
    )
    assert_still_empty(other_db)


def test_a_dump_without_a_head_in_its_trailer_still_restores(
    claim: Claim, other_db: str, tmp_path: Path
) -> None:
    seed_ids(claim)
    original = export(claim.db)
    trailer = _trailer(original)
    del trailer["end"]["audit_head"]
    path = tmp_path / "old.jsonl"
    path.write_text(_with_trailer(original, trailer), encoding="utf-8")
    assert run(other_db, "import", "jsonl", str(path)).exit_code == 0
    assert export(other_db) == original
    assert run(other_db, "audit", "verify").exit_code == 0


def test_a_trailer_head_that_is_not_text_is_refused(
    claim: Claim, other_db: str, tmp_path: Path
) -> None:
    seed_ids(claim)
    original = export(claim.db)
    trailer = _trailer(original)
    trailer["end"]["audit_head"] = 72
    path = tmp_path / "odd.jsonl"
    path.write_text(_with_trailer(original, trailer), encoding="utf-8")
    assert_one_line_error(run(other_db, "import", "jsonl", str(path)), "must be a string")
    assert_still_empty(other_db)


def test_a_keyed_dump_restores_under_its_key_and_is_refused_under_another(
    claim: Claim, other_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIM_AUDIT_KEY", "the newsroom's key")
    seed_ids(claim)
    original = export(claim.db)
    assert _trailer(original)["end"]["audit_head"].split(":")[1].startswith("k")
    path = tmp_path / "keyed.jsonl"
    path.write_text(original, encoding="utf-8")
    monkeypatch.setenv("CLAIM_AUDIT_KEY", "another key")
    refused = run(other_db, "import", "jsonl", str(path))
    assert_one_line_error(refused, "is not the key it was written with")
    assert_still_empty(other_db)
    monkeypatch.setenv("CLAIM_AUDIT_KEY", "the newsroom's key")
    assert run(other_db, "import", "jsonl", str(path)).exit_code == 0
    assert export(other_db) == original
