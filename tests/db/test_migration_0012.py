"""Migration 0012 on a database with data: the retraction columns and their CHECK added without
losing a row, the summaries filled again, and a downgrade that refuses while a claim is
retracted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from tests.conftest import Claim
from tests.db.logins import forget_logins
from tests.reports.test_summaries import assert_views_match_reference
from tests.transfer.test_dump import build_rich_database, ok

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

COUNTED = ("claim", "claim_tag", "appearance", "evidence", "claim_link", "verdict", "event")


@pytest.fixture
def engine_0010(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(resolve(empty_db_url))
    migrate.upgrade(engine, "0010")
    yield engine
    engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in COUNTED}


def test_upgrade_keeps_every_row_and_downgrade_refuses_while_a_claim_is_retracted(
    engine_0010: Engine, empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIM_DB", raising=False)
    engine = engine_0010
    # The data is written at the head revision, then the schema goes back to 0010 with it.
    migrate.upgrade(engine)
    claim = Claim(db=empty_db_url, runner=CliRunner())
    ids = build_rich_database(claim)
    # Revision 0010 holds one passage of a source per claim and stance: the later 0013 refuses
    # to go back past itself with two, so the second passage goes first.
    with engine.connect() as conn:
        extra = conn.execute(text("SELECT id FROM evidence WHERE locator IS NOT NULL")).scalar_one()
    ok(claim("evidence", "remove", str(extra)))
    forget_logins(engine)
    migrate.downgrade(engine, "0010")
    before = _counts(engine)
    migrate.upgrade(engine)
    assert _counts(engine) == before
    assert_views_match_reference(engine, "after the upgrade filled the summaries")

    note = ids["community-note-psyop"]
    ok(claim("retract", note, "--reason", "captured by mistake"))
    forget_logins(engine)
    # The revisions after 0012 go back first; 0012 itself then refuses.
    migrate.downgrade(engine, "0012")
    with pytest.raises(RuntimeError, match="1 claims are retracted"):
        migrate.downgrade(engine, "0010")
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == "0012"
    # The CHECK: when, by whom and why, together.
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE claim SET retracted_by = NULL WHERE id = :id"), {"id": note})
    migrate.upgrade(engine)
    ok(claim("restore", note))
    forget_logins(engine)
    migrate.downgrade(engine, "0010")
    assert _counts(engine) == {**before, "event": before["event"] + 2}
    assert_views_match_reference(engine, "after the downgrade")
