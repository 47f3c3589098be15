"""The JSON Lines dump is a backup: it keeps retracted claims with their retraction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from claimtracker.db.base import Base
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.services import search
from claimtracker.transfer import search_index
from tests.reports.test_summaries import assert_views_match_reference
from tests.transfer.test_dump import (
    TARGETS,
    _reports,
    _restore_file,
    build_rich_database,
    dump_text,
    ok,
)
from tests.transfer.test_dump import fresh_target as fresh_target  # a fixture, used by name

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from tests.conftest import Claim


def retract_some(claim: Claim, ids: dict[str, str]) -> list[str]:
    """Two claims retracted (one rebuts another), one retracted and restored, one tagged."""
    gone = [ids["community-note-psyop"], ids["tan-inference-demand"]]
    ok(claim("retract", *gone, "--reason", "captured by mistake"))
    ok(claim("retract", ids["andreessen-breakthrough"], "--reason", "wrong article"))
    ok(claim("restore", ids["andreessen-breakthrough"], "--reason", "right article after all"))
    ok(claim("tag", ids["khosla-psyop"], "--add", "state media", "--remove", "china"))
    return gone


@pytest.mark.parametrize("target_kind", TARGETS)
def test_dump_and_restore_keep_retracted_claims(
    claim: Claim, engine: Engine, fresh_target: Any, target_kind: str
) -> None:
    ids = build_rich_database(claim)
    gone = retract_some(claim, ids)
    original = dump_text(engine)
    assert original.count('"retraction_reason":"captured by mistake"') == len(gone)
    url = fresh_target(target_kind)
    report = _restore_file(url, original)
    assert report.search_documents == report.records["claim"] - len(gone)
    target = make_engine(resolve(url))
    try:
        assert dump_text(target) == original
        # Hidden in the restored database as in the original: search, reports.
        with Session(target) as session:
            hits = {h.claim_id for h in search.search(session, "aucune preuve psyop")}
        assert int(gone[0]) not in hits
        assert _reports(target) == _reports(engine)
        assert_views_match_reference(target, "after restoring retracted claims")
    finally:
        target.dispose()
    # And restorable there, back everywhere.
    restored = type(claim)(db=url, runner=claim.runner)
    ok(restored("restore", *gone))
    assert ok(restored("list", "--retracted", "--format", "json")).strip() == "[]"
    assert "intact" in ok(restored("audit", "verify"))


def test_rebuilt_search_leaves_retracted_claims_out(claim: Claim, engine: Engine) -> None:
    retract_some(claim, build_rich_database(claim))
    table = Base.metadata.tables["claim_search"]
    with Session(engine) as session:
        written_by_app = dict(session.execute(select(table.c.claim_id, table.c.document)).all())
    with Session(engine) as session, session.begin():
        assert search_index.rebuild_search(session) == len(written_by_app)
        rebuilt = dict(session.execute(select(table.c.claim_id, table.c.document)).all())
    assert rebuilt == written_by_app
