"""Migration 0009 on a database with data: stored language codes brought to BCP 47 canonical
form, a legacy value that is no code kept as it was, and downgrade changing nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

# id, language as stored before 0009, as stored after it.
CLAIMS = [(1, "EN", "en"), (2, "pt_BR", "pt-BR"), (3, "english", "english"), (4, None, None)]
SOURCES = [(1, "FR", "fr"), (2, "zh_hant_tw", "zh-Hant-TW"), (3, "xx-!!", "xx-!!")]


@pytest.fixture
def engine_0008(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(resolve(empty_db_url))
    migrate.upgrade(engine, "0008")
    with engine.begin() as conn:
        for cid, language, _ in CLAIMS:
            conn.execute(
                text(
                    "INSERT INTO claim (id, public_id, text, text_hash, language, kind, status, "
                    "created_at, created_by, updated_at, updated_by) VALUES (:id, :pid, :text, "
                    ":h, :language, 'factual', 'new', CURRENT_TIMESTAMP, 'ann', "
                    "CURRENT_TIMESTAMP, 'ann')"
                ),
                {
                    "id": cid,
                    "pid": f"p{cid}",
                    "text": f"Claim {cid}",
                    "h": f"{cid:064d}",
                    "language": language,
                },
            )
        for sid, language, _ in SOURCES:
            conn.execute(
                text(
                    "INSERT INTO source (id, url, title, kind, language, created_at, created_by) "
                    "VALUES (:id, :url, :title, 'other', :language, CURRENT_TIMESTAMP, 'ann')"
                ),
                {
                    "id": sid,
                    "url": f"https://example.org/{sid}",
                    "title": f"Source {sid}",
                    "language": language,
                },
            )
    yield engine
    engine.dispose()


def _languages(engine: Engine, table: str) -> list[tuple[int, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, language FROM {table} ORDER BY id"))
        return [(row[0], row[1]) for row in rows]


def test_upgrade_normalises_stored_codes_and_keeps_what_is_no_code(engine_0008: Engine) -> None:
    migrate.upgrade(engine_0008)
    assert _languages(engine_0008, "claim") == [(cid, after) for cid, _, after in CLAIMS]
    assert _languages(engine_0008, "source") == [(sid, after) for sid, _, after in SOURCES]


def test_downgrade_changes_nothing_and_upgrade_runs_again(engine_0008: Engine) -> None:
    migrate.upgrade(engine_0008)
    migrate.downgrade(engine_0008, "0008")
    assert _languages(engine_0008, "claim") == [(cid, after) for cid, _, after in CLAIMS]
    migrate.upgrade(engine_0008)
    assert _languages(engine_0008, "source") == [(sid, after) for sid, _, after in SOURCES]
