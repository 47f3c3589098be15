"""Migration 0010 on a database with Telugu, Hindi and Russian rows folded the old way: keys and
search documents refolded, the SQLite index rebuilt to keep vowel signs in words, and back."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from claimtracker.db import migrate
from claimtracker.db.engine import make_engine
from claimtracker.db.url import resolve
from claimtracker.services.rating_aliases import alias_key
from claimtracker.services.search import search
from claimtracker.text import fold, text_hash

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from sqlalchemy.engine import Connection, Engine

PEN = "ఈ కలం చాలా బాగుంది"  # "this pen is very good"
TIME = "ఈ కాలం చాలా బాగుంది"  # "this time is very good"
KAMALA = "कमला हैरिस ने कहा"  # "Kamala Harris said"
CLAIMS = {1: PEN, 2: TIME, 3: KAMALA, 4: "The earth is flat"}
TAGS = {3: ["राजनीति"]}  # politics: a search document holds the tags too
ENTITIES = {1: "కాలం న్యూస్", 2: "Андрей Мой"}  # a Telugu outlet; a Russian name with й
RATING = "తప్పుదోవ పట్టించేది"  # Telugu for "misleading", as a publisher wrote it


def _migration() -> ModuleType:
    path = migrate.script_location() / "versions" / "0010_script_aware_folding.py"
    spec = importlib.util.spec_from_file_location("migration_0010", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OLD = _migration()


OLD_RATING_KEY = str(OLD.alias_key(OLD.old_fold, RATING))
NEW_RATING_KEY = str(OLD.alias_key(fold, RATING))
RATING_KEYS = {OLD_RATING_KEY, NEW_RATING_KEY}


def _old_hash(value: str) -> str:
    return str(OLD.claim_hash(OLD.old_fold, value))


@pytest.fixture
def engine_0009(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(resolve(empty_db_url))
    migrate.upgrade(engine, "0009")
    with engine.begin() as conn:
        _fill(conn)
    yield engine
    engine.dispose()


def _stamp(conn: Connection) -> str:
    value = "2025-01-29 10:00:00.000000"
    return value if conn.dialect.name == "sqlite" else value + "+00"


def _fill(conn: Connection) -> None:
    now = _stamp(conn)
    for cid, body in CLAIMS.items():
        conn.execute(
            text(
                "INSERT INTO claim (id, public_id, text, text_hash, kind, status, created_at, "
                "created_by, updated_at, updated_by) VALUES (:id, :pid, :body, :h, 'factual', "
                "'new', :t, 'ann', :t, 'ann')"
            ),
            {"id": cid, "pid": f"p{cid}", "body": body, "h": _old_hash(body), "t": now},
        )
        tags = TAGS.get(cid, [])
        for tag in tags:
            conn.execute(
                text("INSERT INTO claim_tag (claim_id, tag) VALUES (:id, :tag)"),
                {"id": cid, "tag": tag},
            )
        conn.execute(
            text("INSERT INTO claim_search (claim_id, document) VALUES (:id, :doc)"),
            {"id": cid, "doc": OLD.old_fold("\n".join([body, *tags]))},
        )
    for eid, name in ENTITIES.items():
        conn.execute(
            text(
                "INSERT INTO entity (id, name, name_key, kind, created_at, created_by) "
                "VALUES (:id, :name, :key, 'organisation', :t, 'ann')"
            ),
            {"id": eid, "name": name, "key": OLD.old_fold(name), "t": now},
        )
        conn.execute(
            text("INSERT INTO entity_alias (entity_id, alias, alias_key) VALUES (:id, :a, :k)"),
            {"id": eid, "a": name.upper(), "k": OLD.old_fold(name.upper())},
        )
    label = conn.execute(text("SELECT id FROM rating_label WHERE label = 'misleading'")).scalar()
    conn.execute(
        text("INSERT INTO rating_alias (alias_key, label_id) VALUES (:k, :label)"),
        {"k": OLD_RATING_KEY, "label": label},
    )
    conn.execute(
        text(
            "INSERT INTO verdict (id, public_id, claim_id, label_id, original_rating, rationale, "
            "state, author, created_at, origin) VALUES (1, 'v1', 1, :label, :rating, 'r', "
            "'proposed', 'ann', :t, 'imported')"
        ),
        {"label": label, "rating": RATING, "t": now},
    )


def _keys(conn: Connection) -> dict[str, object]:
    def column(sql: str) -> list[object]:
        return [row[0] for row in conn.execute(text(sql))]

    return {
        "hashes": column("SELECT text_hash FROM claim ORDER BY id"),
        "documents": column("SELECT document FROM claim_search ORDER BY claim_id"),
        "names": column("SELECT name_key FROM entity ORDER BY id"),
        "aliases": column("SELECT alias_key FROM entity_alias ORDER BY entity_id"),
        "ratings": [k for k in column("SELECT alias_key FROM rating_alias") if k in RATING_KEYS],
    }


def _found(engine: Engine, query: str) -> list[int]:
    with Session(engine) as session:
        return [hit.claim_id for hit in search(session, query)]


def test_upgrade_refolds_keys_and_documents_and_downgrade_restores_them(
    engine_0009: Engine,
) -> None:
    with engine_0009.connect() as conn:
        before = _keys(conn)
    # The old fold merged pen and time: one hash, one document, one word.
    assert before["hashes"][0] == before["hashes"][1]
    assert before["documents"][0] == before["documents"][1]

    migrate.upgrade(engine_0009)
    with engine_0009.connect() as conn:
        after = _keys(conn)
    assert after == {
        "hashes": [text_hash(body) for body in CLAIMS.values()],
        "documents": [fold("\n".join([b, *TAGS.get(i, [])])) for i, b in CLAIMS.items()],
        "names": [fold(name) for name in ENTITIES.values()],
        "aliases": [fold(name.upper()) for name in ENTITIES.values()],
        "ratings": [NEW_RATING_KEY],
    }
    assert after["hashes"][0] != after["hashes"][1]
    assert after["hashes"][3] == before["hashes"][3]  # ASCII keys are as they were
    # Words are whole on both backends: time is not pen, Kamala is not kamal (lotus).
    assert _found(engine_0009, "కాలం") == [2]
    assert _found(engine_0009, "కలం") == [1]
    assert _found(engine_0009, "कमल") == []
    assert _found(engine_0009, "कमला") == [3]
    assert _found(engine_0009, "राजनीति") == [3]

    # An alias the new fold tells apart from the entity's other alias: the old one cannot, so
    # the downgrade keeps the first of the two (the pair is unique for each entity).
    with engine_0009.begin() as conn:
        conn.execute(
            text("INSERT INTO entity_alias (entity_id, alias, alias_key) VALUES (1, :a, :k)"),
            {"a": "కలం న్యూస్", "k": fold("కలం న్యూస్")},
        )
    migrate.downgrade(engine_0009, "0009")
    with engine_0009.connect() as conn:
        assert _keys(conn) == before


def test_frozen_folds_match_the_code() -> None:
    samples = [PEN, TIME, KAMALA, *ENTITIES.values(), "Zoë Ça Señor", "Ёлка", "ＷＨＯ ﬁ"]
    for sample in samples:
        assert OLD.claim_hash(fold, sample) == text_hash(sample)
        assert OLD.alias_key(fold, sample) == alias_key(sample)
    # The old fold as it was: every nonspacing mark dropped.
    assert OLD.old_fold(TIME) == OLD.old_fold(PEN) == "ఈ కలం చల బగుంద"
    assert OLD.old_fold("Андрей") == "андреи"
