"""Alembic environment: runs on the connection claimtracker hands over, or on CLAIM_DB."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import claimtracker.models  # noqa: F401 - registers every table on Base.metadata
from claimtracker.db.base import Base
from claimtracker.db.partial import PARTIAL_INDEXES

config = context.config
target_metadata = Base.metadata


# Full-text structures are created by hand in the migrations, differently per backend, and so
# are the report summaries (tables derived from the data by triggers, migration 0006); they
# have no model, so autogenerate and `alembic check` must not see them.
HAND_MADE = ("claim_fts", "search_vector", "ix_claim_search_search_vector", "report_")


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the hand-made full-text structures and the partial indexes out of comparison.

    The partial indexes are made by the migrations only (``claimtracker.db.partial`` says
    why); tests check that they exist.
    """
    if name is None:
        return True
    return not (name.startswith(HAND_MADE) or (type_ == "index" and name in PARTIAL_INDEXES))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the caller's connection; standalone `alembic` falls back to CLAIM_DB."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        # The caller owns the connection; commit what Alembic's transactions left open.
        if connection.in_transaction():
            connection.commit()
        return
    from claimtracker.db.engine import make_engine
    from claimtracker.db.url import resolve

    engine = make_engine(resolve(config.get_main_option("sqlalchemy.url") or None))
    with engine.connect() as conn:
        _run(conn)
        if conn.in_transaction():
            conn.commit()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
