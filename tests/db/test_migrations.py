"""The four standard migration checks, on SQLite and PostgreSQL, plus an interrupted upgrade."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import inspect, text

from claimtracker.db import migrate
from claimtracker.db.base import Base
from claimtracker.db.engine import make_engine
from claimtracker.db.partial import PARTIAL_INDEXES
from claimtracker.db.revision import HEAD_REVISION, KNOWN_REVISIONS
from claimtracker.db.url import resolve
from claimtracker.services import database
from tests.transfer.test_dump import ok

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from tests.conftest import Claim


@pytest.fixture
def empty_engine(empty_db_url: str) -> Engine:
    eng = make_engine(resolve(empty_db_url))
    yield eng  # type: ignore[misc]
    eng.dispose()


def test_single_head_and_known_revisions_match_the_scripts() -> None:
    scripts = migrate.script_directory()
    assert scripts.get_heads() == [HEAD_REVISION]
    chain = [rev.revision for rev in scripts.walk_revisions("base", "heads")]
    assert tuple(reversed(chain)) == KNOWN_REVISIONS


def test_upgrade_from_empty_creates_every_model_table(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert database.schema_state(empty_engine).is_current


def test_models_match_migrated_schema(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.check(empty_engine)  # raises if autogenerate would find a difference


def test_downgrade_to_empty_and_up_again(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    with empty_engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    assert database.schema_state(empty_engine).is_empty
    migrate.upgrade(empty_engine)
    assert database.schema_state(empty_engine).is_current


def test_default_rating_scale_and_settings_are_seeded(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        labels = conn.execute(
            text(
                "SELECT l.label, l.claimreview_value, l.normalised FROM rating_label l "
                "JOIN rating_scale s ON s.id = l.scale_id WHERE s.is_default "
                "ORDER BY l.position"
            )
        ).all()
        approvals = conn.execute(
            text("SELECT value FROM setting WHERE key = 'review.approvals'")
        ).scalar_one()
    assert labels[0] == ("true", 5, "TRUE")
    assert ("false", 1, "FALSE") in labels
    assert ("opinion", None, "OTHER") in labels
    assert approvals == "1"


FAILING_REVISION = '''
"""A revision that fails half-way, to prove an interrupted upgrade changes nothing."""
import sqlalchemy as sa
from alembic import op

revision = "9998"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO setting (key, value, updated_at, updated_by) "
               "VALUES ('half', '1', CURRENT_TIMESTAMP, 'test')")
    raise RuntimeError("power cut")


def downgrade():
    op.drop_table("half_done")
'''


def test_interrupted_upgrade_leaves_the_old_revision_working(
    empty_engine: Engine, tmp_path: Path
) -> None:
    migrate.upgrade(empty_engine)
    location = tmp_path / "migrations"
    shutil.copytree(migrate.script_location(), location)
    (location / "versions" / "9998_fails.py").write_text(
        FAILING_REVISION.format(head=HEAD_REVISION)
    )
    with pytest.raises(RuntimeError, match="power cut"):
        migrate.upgrade(empty_engine, "head", location=location)
    with empty_engine.connect() as conn:
        assert "half_done" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM setting WHERE key = 'half'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM claim")).scalar() == 0
    assert database.schema_state(empty_engine).revision == HEAD_REVISION


def _index_definition(engine: Engine, name: str) -> str | None:
    query = (
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
        if engine.dialect.name == "sqlite"
        else "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
    )
    with engine.connect() as conn:
        found: str | None = conn.execute(text(query), {"name": name}).scalar()
    return found


def test_partial_indexes_exist_with_their_where(empty_engine: Engine) -> None:
    # The models do not declare them (claimtracker.db.partial), so `alembic check` cannot
    # notice one going missing: this test does.
    migrate.upgrade(empty_engine)
    for name, index in PARTIAL_INDEXES.items():
        definition = _index_definition(empty_engine, name)
        assert definition is not None, name
        head, _, where = definition.partition(" WHERE ")
        assert where, (name, definition)
        assert ("UNIQUE" in head.upper()) is index.unique, (name, definition)
        assert f" ON {index.table}" in head or f" ON public.{index.table}" in head
        for column in index.columns:
            assert column in head, (name, column, definition)
        # PostgreSQL rewrites the predicate (casts, `= ANY (ARRAY[...])`): compare its words.
        for word in re.findall(r"'?[a-z_]+'?", index.where):
            if word.upper() not in {"IN"}:
                assert word in where, (name, word, definition)


def test_downgrade_past_0015_is_refused_while_events_record_their_login(
    claim: Claim, engine: Engine
) -> None:
    ok(claim("add", "Une affirmation à vérifier", "--by", "Quelqu'un"))
    if engine.dialect.name == "sqlite":
        # A SQLite file has no logins: nothing is lost going back.
        migrate.downgrade(engine, "0014")
        return
    with pytest.raises(RuntimeError, match="events record the login role"):
        migrate.downgrade(engine, "0014")
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == "0015"
